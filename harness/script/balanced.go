package script

import (
	"strconv"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	register(&Command{
		Name:    "balanced",
		Args:    "NAME [MAXRATIO]",
		Summary: "Check that the workers of run NAME shared the CPU work evenly",
		Detail: `The CPU time of each worker is observed; the busiest may have used at most
MAXRATIO (default 1.35) times the CPU of the least busy. Uneven shares mean
the parallel run waits for the slowest worker. With !, the shares must be
uneven. A run with fewer than two workers fails: there is nothing to
share. Each worker's CPU time is its whole life's, as the kernel told it
(when it ended as a zombie, or was reaped alone between two samples), to
the clock tick; otherwise the CPU it used after its last sample is not
seen, and its share is known within the time to the next sample. The check
passes when the shares are even at their most uneven, fails only when they
are uneven even at their most even — by the kernel's final figures and by
the samples alone, so that a final figure credited wrongly cannot fail an
honest split — and is inconclusive in between. When
other programs kept the machine busy, shares that are even still pass (a
loaded core makes a worker need more CPU, not less), but uneven ones are
inconclusive, since the load may be what made them so.`,
		Run: cmdBalanced,
	})
}

var (
	msgUnbalanced     = msg.Define("script.unbalanced", "run %s: the busiest worker used %.2f s of CPU and the least busy %.2f s (%.2f times as much; at most %.2f expected): the work is not split evenly — testing a large number costs more than a small one, so equal ranges are not equal work; deal out many small chunks instead", "ejecución %s: el trabajador más ocupado usó %.2f s de CPU y el menos ocupado %.2f s (%.2f veces más; se esperaba como mucho %.2f): el trabajo no está repartido por igual — probar un número grande cuesta más que uno pequeño, así que rangos iguales no son trabajo igual; reparte muchos trozos pequeños")
	msgBalancedUnwant = msg.Define("script.balanced_unwanted", "run %s: the workers' CPU shares were even (ratio %.2f)", "ejecución %s: el reparto de CPU entre trabajadores fue parejo (razón %.2f)")
	msgUnbalancedBusy = msg.Define("script.unbalanced_busy", "run %s: the workers' CPU shares (ratio %.2f) cannot be trusted: other programs kept %.2f cores busy, which skews CPU times; run it again when the machine is quieter", "ejecución %s: el reparto de CPU entre trabajadores (razón %.2f) no es fiable: otros programas ocuparon %.2f núcleos, lo que distorsiona los tiempos de CPU; vuelve a ejecutarlo cuando la máquina esté más libre")
	msgBalanceUnsure  = msg.Define("script.balance_unsure", "run %s: the workers' CPU shares differ by between %.2f and %.2f times, across the %.2f allowed: the last moments of a process are not sampled, so this run cannot tell; a larger N makes them matter less", "ejecución %s: el reparto de CPU entre trabajadores difiere entre %.2f y %.2f veces, a ambos lados del %.2f permitido: los últimos instantes de un proceso no se muestrean, así que esta ejecución no permite saberlo; un N mayor los hace pesar menos")
	msgFewWorkers     = msg.Define("script.few_workers", "run %s had %d worker processes doing CPU work: there is no sharing to judge", "la ejecución %s tuvo %d procesos trabajadores haciendo trabajo de CPU: no hay reparto que juzgar")
)

func cmdBalanced(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) < 1 || len(args) > 2 {
		st.Error = true
		usage(ts, "balanced")
	}
	limit := judge.DefaultImbalance
	if len(args) == 2 {
		v, err := strconv.ParseFloat(args[1], 64)
		if err != nil || v < 1 {
			st.Error = true
			ts.Fatalf("balanced: MAXRATIO must be a number of at least 1, not %q", args[1])
		}
		limit = v
	}
	r := st.run(ts, args[0])
	shares := judge.WorkerShares(r.Observation, &r.Analysis)
	if len(shares) < 2 {
		st.fail(ts, msg.New(msgFewWorkers, args[0], len(shares)))
	}
	sp := judge.SpreadOf(shares)
	low, high, most, least := sp.Low, sp.High, sp.Most, sp.Least
	// Uneven only when the samples alone say so too: a share the kernel
	// told exactly passes the even, but a worker's final CPU attributed
	// wrongly must not fail an honest split.
	low = min(low, judge.SpreadOf(judge.SampledShares(r.Observation, &r.Analysis)).Low)
	switch {
	case high <= limit && !neg:
		// Even at their most uneven: load on the machine only makes
		// shares look less even, never more, so this holds however busy
		// it was.
	case r.Analysis.OtherLoad > judge.BalanceMaxOtherLoad:
		st.inconclusive(ts, msg.New(msgUnbalancedBusy, args[0], most/least, r.Analysis.OtherLoad))
	case low > limit && !neg:
		st.fail(ts, msg.New(msgUnbalanced, args[0], most, least, low, limit))
	case high <= limit && neg:
		st.fail(ts, msg.New(msgBalancedUnwant, args[0], high))
	case low <= limit && high > limit:
		st.inconclusive(ts, msg.New(msgBalanceUnsure, args[0], low, high, limit))
	}
}
