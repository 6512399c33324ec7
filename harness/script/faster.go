package script

import (
	"strconv"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	register(&Command{
		Name:    "faster",
		Args:    "SLOW FAST RATIO",
		Summary: "Check that run FAST took at most 1/RATIO of the wall time of run SLOW, both as observed",
		Detail: `The two runs do the same work in two ways (threads and processes, say);
their observed wall times are compared, not the times they printed. When a
run had fewer than 2 CPUs available, or other programs left it less than
1.5 of them, the check is inconclusive rather than failed: the machine
cannot show the difference now. It is inconclusive too when FAST was judged
parallel and SLOW not (see parallel), yet the times do not show it: the
program is built right and the machine's noise (other programs starting,
a slow start-up) hid the gain. With !, FAST must not be RATIO times as
fast.`,
		Run: cmdFaster,
	})
}

var (
	msgNotFaster     = msg.Define("script.not_faster", "run %s took %.2f s and run %s %.2f s: %.2f times as fast, at least %s expected: the work in %s did not run in parallel", "la ejecución %s tardó %.2f s y la ejecución %s %.2f s: %.2f veces más rápida, se esperaba al menos %s: el trabajo de %s no corrió en paralelo")
	msgFasterUnclear = msg.Define("script.faster_unclear", "run %s took %.2f s and run %s %.2f s (%.2f times as fast), but this machine could not show a speedup now: %.1f CPUs available, %.1f of them kept busy by other programs", "la ejecución %s tardó %.2f s y la ejecución %s %.2f s (%.2f veces más rápida), pero esta máquina no pudo mostrar aceleración ahora: %.1f CPUs disponibles, %.1f de ellas ocupadas por otros programas")
	msgFasterNoisy   = msg.Define("script.faster_noisy", "run %s took %.2f s and run %s %.2f s (%.2f times as fast): %s ran in parallel and %s did not, yet the times do not show it now; run the check again on a quieter machine", "la ejecución %s tardó %.2f s y la ejecución %s %.2f s (%.2f veces más rápida): %s corrió en paralelo y %s no, pero los tiempos no lo muestran ahora; repite la comprobación en una máquina más tranquila")
	msgFasterUnwant  = msg.Define("script.faster_unwanted", "run %s was %.2f times as fast as run %s", "la ejecución %s fue %.2f veces más rápida que la ejecución %s")
)

func cmdFaster(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) != 3 {
		st.Error = true
		usage(ts, "faster")
	}
	want, err := strconv.ParseFloat(args[2], 64)
	if err != nil || want <= 0 {
		st.Error = true
		ts.Fatalf("faster: RATIO must be a positive number, not %q", args[2])
	}
	slow, fast := st.run(ts, args[0]), st.run(ts, args[1])
	ts1, tf := slow.Observation.WallSeconds, fast.Observation.WallSeconds
	ratio := ts1 / max(tf, 1e-9)
	switch {
	case ratio >= want && neg:
		st.fail(ts, msg.New(msgFasterUnwant, args[1], ratio, args[0]))
	case ratio >= want || neg:
		return
	}
	cpus, other := fast.Observation.CPUs.Available, max(slow.Analysis.OtherLoad, fast.Analysis.OtherLoad)
	if !judge.CanShowTogether(cpus, other) {
		st.inconclusive(ts, msg.New(msgFasterUnclear, args[0], ts1, args[1], tf, ratio, cpus, other))
	}
	if fast.Analysis.Verdict == judge.Parallel && slow.Analysis.Verdict == judge.NotParallel {
		st.inconclusive(ts, msg.New(msgFasterNoisy, args[0], ts1, args[1], tf, ratio, args[1], args[0]))
	}
	st.fail(ts, msg.New(msgNotFaster, args[0], ts1, args[1], tf, ratio, args[2], args[1]))
}
