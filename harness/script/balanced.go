package script

import (
	"strconv"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/rogpeppe/go-internal/testscript"
)

// DefaultImbalance is the largest ratio between the busiest and the least
// busy worker's CPU time that balanced accepts by default. A split into
// many small chunks gives about 1.05; cutting [0, N) into W equal pieces
// gives about 1.7 for two workers, since testing a large number costs more.
const DefaultImbalance = 1.35

// BalanceMaxOtherLoad is the most cores other programs may keep busy for
// an uneven share to fail the check: on a loaded machine a worker that
// shares its core's caches with another program needs more CPU time for
// the same work, and the shares say more about the machine than the split.
const BalanceMaxOtherLoad = 0.3

func init() {
	register(&Command{
		Name:    "balanced",
		Args:    "NAME [MAXRATIO]",
		Summary: "Check that the workers of run NAME shared the CPU work evenly",
		Detail: `The CPU time of each worker is observed; the busiest may have used at most
MAXRATIO (default 1.35) times the CPU of the least busy. Uneven shares mean
the parallel run waits for the slowest worker. With !, the shares must be
uneven. A run with fewer than two workers fails: there is nothing to
share. CPU used after a process's last sample is not seen, so each share
is known within the time to the next sample: the check fails only when the
shares are uneven even at their most even, passes when they are even at
their most uneven, and is inconclusive in between — and whenever other
programs kept the machine busy, since CPU shares then mislead.`,
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
	limit := DefaultImbalance
	if len(args) == 2 {
		v, err := strconv.ParseFloat(args[1], 64)
		if err != nil || v < 1 {
			st.Error = true
			ts.Fatalf("balanced: MAXRATIO must be a number of at least 1, not %q", args[1])
		}
		limit = v
	}
	r := st.run(ts, args[0])
	shares := workerShares(r)
	if len(shares) < 2 {
		st.fail(ts, msg.New(msgFewWorkers, args[0], len(shares)))
	}
	low, high, most, least := shareRatios(shares)
	switch {
	case r.Analysis.OtherLoad > BalanceMaxOtherLoad:
		st.inconclusive(ts, msg.New(msgUnbalancedBusy, args[0], most/least, r.Analysis.OtherLoad))
	case low > limit && !neg:
		st.fail(ts, msg.New(msgUnbalanced, args[0], most, least, low, limit))
	case high <= limit && neg:
		st.fail(ts, msg.New(msgBalancedUnwant, args[0], high))
	case low <= limit && high > limit:
		st.inconclusive(ts, msg.New(msgBalanceUnsure, args[0], low, high, limit))
	}
}

// A share is a worker's CPU time as sampled (lower) and the most it can
// have been (upper): CPU used after a process's last sample is not seen,
// and it can have run at most the time until the next sample, at one core.
type share struct{ lower, upper float64 }

// workerShares returns the CPU shares of run r's workers.
func workerShares(r *grade.Run) []share {
	o := r.Observation
	var out []share
	for i, p := range o.Processes {
		if r.Analysis.Roles[i].Role != "worker" {
			continue
		}
		gap := o.IntervalSeconds
		for _, smp := range o.Samples {
			if smp.T > p.LastSeen {
				gap = smp.T - p.LastSeen
				break
			}
		}
		out = append(out, share{lower: p.CPUSeconds(), upper: p.CPUSeconds() + gap})
	}
	return out
}

// shareRatios bounds the ratio of the busiest worker's CPU to the least
// busy one's: low is the least it can be, high the most; most and least
// are the sampled extremes.
func shareRatios(shares []share) (low, high, most, least float64) {
	maxLower, minUpper, maxUpper, minLower := 0.0, -1.0, 0.0, -1.0
	for _, s := range shares {
		maxLower, maxUpper = max(maxLower, s.lower), max(maxUpper, s.upper)
		if minUpper < 0 || s.upper < minUpper {
			minUpper = s.upper
		}
		if minLower < 0 || s.lower < minLower {
			minLower = s.lower
		}
	}
	return maxLower / minUpper, maxUpper / max(minLower, 1e-9), maxLower, max(minLower, 1e-9)
}
