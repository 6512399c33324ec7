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
honest split — and is inconclusive in between. Uneven shares fail only when
the program does it again: the run is made afresh up to
judge.BalanceConfirmRuns more times, the check fails when every run is
uneven and passes (saying so) when one is even, since one run's CPU figures
can be skewed by a machine whose load the samples do not show. When
other programs kept the machine busy, shares that are even still pass (a
loaded core makes a worker need more CPU, not less), but uneven ones are
inconclusive, since the load may be what made them so.`,
		Run: cmdBalanced,
	})
}

var (
	msgUnbalanced     = msg.Define("script.unbalanced", "run %s: the busiest worker used %.2f s of CPU and the least busy %.2f s (%.2f times as much; at most %.2f expected), and as uneven in each of %d runs: the work is not split evenly — testing a large number costs more than a small one, so equal ranges are not equal work; deal out many small chunks instead", "ejecución %s: el trabajador más ocupado usó %.2f s de CPU y el menos ocupado %.2f s (%.2f veces más; se esperaba como mucho %.2f), y tan desigual en cada una de %d ejecuciones: el trabajo no está repartido por igual — probar un número grande cuesta más que uno pequeño, así que rangos iguales no son trabajo igual; reparte muchos trozos pequeños")
	msgBalancedUnwant = msg.Define("script.balanced_unwanted", "run %s: the workers' CPU shares were even (ratio %.2f)", "ejecución %s: el reparto de CPU entre trabajadores fue parejo (razón %.2f)")
	msgUnbalancedBusy = msg.Define("script.unbalanced_busy", "run %s: the workers' CPU shares (ratio %.2f) cannot be trusted: other programs kept %.2f cores busy, which skews CPU times; run it again when the machine is quieter", "ejecución %s: el reparto de CPU entre trabajadores (razón %.2f) no es fiable: otros programas ocuparon %.2f núcleos, lo que distorsiona los tiempos de CPU; vuelve a ejecutarlo cuando la máquina esté más libre")
	msgBalanceUnsure  = msg.Define("script.balance_unsure", "run %s: the workers' CPU shares differ by between %.2f and %.2f times, across the %.2f allowed: the last moments of a process are not sampled, so this run cannot tell; a larger N makes them matter less", "ejecución %s: el reparto de CPU entre trabajadores difiere entre %.2f y %.2f veces, a ambos lados del %.2f permitido: los últimos instantes de un proceso no se muestrean, así que esta ejecución no permite saberlo; un N mayor los hace pesar menos")
	msgBalanceAgain   = msg.Define("script.balance_again", "run %s: the workers' CPU shares differed by %.2f times, but run again (run %d) by at most %.2f: a split that is uneven is uneven every time, so the first run's figures were the machine's doing", "ejecución %s: el reparto de CPU entre trabajadores difirió %.2f veces, pero al repetirla (ejecución %d) como mucho %.2f: un reparto desigual lo es siempre, así que las cifras de la primera ejecución fueron cosa de la máquina")
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
	b := judge.BalanceOf(r.Observation, &r.Analysis, limit)
	if b.Workers < 2 {
		st.fail(ts, msg.New(msgFewWorkers, args[0], b.Workers))
	}
	if neg {
		if b.Even {
			st.fail(ts, msg.New(msgBalancedUnwant, args[0], b.Spread.High))
		}
		if m, ok := undecided(args[0], b, r.Analysis.OtherLoad, limit); ok {
			st.inconclusive(ts, m)
		}
		return
	}
	first := b
	for n := 1; ; n++ {
		switch {
		case b.Even && n > 1:
			// Uneven once, even when made again: the first run's figures
			// were the machine's doing, not the split's.
			st.note(ts, msg.New(msgBalanceAgain, args[0], first.Spread.Low, n, b.Spread.High))
			return
		case b.Even:
			return
		}
		if m, ok := undecided(args[0], b, r.Analysis.OtherLoad, limit); ok {
			st.inconclusive(ts, m)
		}
		if n > judge.BalanceConfirmRuns {
			st.fail(ts, msg.New(msgUnbalanced, args[0], first.Spread.Most, first.Spread.Least, first.Spread.Low, limit, n))
		}
		r = st.again(ts, args[0], n)
		b = judge.BalanceOf(r.Observation, &r.Analysis, limit)
		if b.Workers < 2 {
			// All the work went to fewer than two workers this time:
			// as uneven as a split can be.
			b.Uneven = true
		}
	}
}

// undecided is the message of shares that are not even, of run name, that
// the run cannot judge uneven: other programs' load (otherLoad cores) may
// have skewed them, or they lie on both sides of limit. ok is false when
// the shares are even or surely uneven.
func undecided(name string, b judge.Balance, otherLoad, limit float64) (m msg.Message, ok bool) {
	switch {
	case b.Even:
		return m, false
	case b.Loaded:
		return msg.New(msgUnbalancedBusy, name, b.Spread.Most/b.Spread.Least, otherLoad), true
	case !b.Uneven:
		return msg.New(msgBalanceUnsure, name, b.Spread.Low, b.Spread.High, limit), true
	}
	return m, false
}
