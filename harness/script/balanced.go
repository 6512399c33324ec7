package script

import (
	"strconv"

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
share. While other programs kept the machine busy the shares cannot be
trusted, and the check is inconclusive.`,
		Run: cmdBalanced,
	})
}

var (
	msgUnbalanced     = msg.Define("script.unbalanced", "run %s: the busiest worker used %.2f s of CPU and the least busy %.2f s (%.2f times as much; at most %.2f expected): the work is not split evenly — testing a large number costs more than a small one, so equal ranges are not equal work; deal out many small chunks instead", "ejecución %s: el trabajador más ocupado usó %.2f s de CPU y el menos ocupado %.2f s (%.2f veces más; se esperaba como mucho %.2f): el trabajo no está repartido por igual — probar un número grande cuesta más que uno pequeño, así que rangos iguales no son trabajo igual; reparte muchos trozos pequeños")
	msgBalancedUnwant = msg.Define("script.balanced_unwanted", "run %s: the workers' CPU shares were even (ratio %.2f)", "ejecución %s: el reparto de CPU entre trabajadores fue parejo (razón %.2f)")
	msgUnbalancedBusy = msg.Define("script.unbalanced_busy", "run %s: the workers' CPU shares (ratio %.2f) cannot be trusted: other programs kept %.2f cores busy, which skews CPU times; run it again when the machine is quieter", "ejecución %s: el reparto de CPU entre trabajadores (razón %.2f) no es fiable: otros programas ocuparon %.2f núcleos, lo que distorsiona los tiempos de CPU; vuelve a ejecutarlo cuando la máquina esté más libre")
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
	most, least, n := 0.0, -1.0, 0
	for _, role := range r.Analysis.Roles {
		if role.Role != "worker" {
			continue
		}
		n++
		most = max(most, role.CPUSeconds)
		if least < 0 || role.CPUSeconds < least {
			least = role.CPUSeconds
		}
	}
	if n < 2 {
		st.fail(ts, msg.New(msgFewWorkers, args[0], n))
	}
	ratio := most / least
	switch {
	case r.Analysis.OtherLoad > BalanceMaxOtherLoad:
		st.inconclusive(ts, msg.New(msgUnbalancedBusy, args[0], ratio, r.Analysis.OtherLoad))
	case ratio > limit && !neg:
		st.fail(ts, msg.New(msgUnbalanced, args[0], most, least, ratio, limit))
	case ratio <= limit && neg:
		st.fail(ts, msg.New(msgBalancedUnwant, args[0], ratio))
	}
}
