package script

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/harness/speedup"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	register(&Command{
		Name:    "speedup",
		Args:    "[-fraction F] [-rounds MAX] -seq 'ARGS' -par 'ARGS' PROGRAM",
		Summary: "Measure the submission's parallel speedup against the reference's, side by side, and check it reaches a fraction of it",
		Detail: `PROGRAM is run with the -seq arguments (its sequential mode) and the -par
arguments (its parallel mode; in both, $VARIABLES are expanded), for the submission and for the reference, in
rounds: after a warm-up, each round runs the four in a shuffled order. Times
are observed wall times. The submission's parallel time is compared with the
reference's sequential time, so a slowed-down sequential mode gains nothing;
per round, the ratio of the two parallel times says what share of the
reference's speedup the submission reached. Rounds go on (up to -rounds,
default 8) until the confidence interval of that share is clearly above or
below the fraction (-fraction, default the assignment's, else 0.75), and
while the reference shows no speedup, since other tenants of a shared
machine come and go, until it has shown none in 5 rounds.

It passes above the fraction, fails clearly below it (after at least 5
rounds) while the reference did show speedup, and is inconclusive — never
failed — when other programs kept the machine busy while it measured, when
the reference itself shows no speedup on this machine now (too few CPUs
available, a CPU quota), when the noise never settles below the fraction,
or when the times look good but the submission's parallel runs were
observed not parallel. The feedback gives every figure.`,
		Run: cmdSpeedup,
	})
}

var (
	msgSpeedupFigures = msg.Define("script.speedup_figures",
		"reference speedup %.2f [%.2f, %.2f]; your own speedup %.2f; your parallel time against the reference's sequential time %.2f [%.2f, %.2f]; share of the reference's speedup %.2f [%.2f, %.2f] (%.0f%% confidence, %d rounds, %s required)",
		"aceleración de la referencia %.2f [%.2f, %.2f]; tu propia aceleración %.2f; tu tiempo paralelo frente al secuencial de la referencia %.2f [%.2f, %.2f]; fracción de la aceleración de la referencia %.2f [%.2f, %.2f] (%.0f%% de confianza, %d rondas, se exige %s)")
	msgSpeedupShort = msg.Define("script.speedup_short",
		"your parallel version is clearly slower than it should be: %s. Are all workers started before any is joined, and is the work split evenly?",
		"tu versión paralela es claramente más lenta de lo que debería: %s. ¿Se inician todos los trabajadores antes de hacer join, y el trabajo está repartido por igual?")
	msgSpeedupFlat = msg.Define("script.speedup_flat",
		"the reference solution itself showed no speedup on this machine now, so yours cannot be judged: %s. Run it where 2 or more CPUs are free",
		"la propia solución de referencia no mostró aceleración en esta máquina ahora, así que la tuya no se puede juzgar: %s. Ejecútalo donde haya 2 o más CPU libres")
	msgSpeedupNoisy = msg.Define("script.speedup_noisy",
		"the machine was too noisy to tell: %s",
		"la máquina tenía demasiado ruido para saberlo: %s")
	msgSpeedupBusy = msg.Define("script.speedup_busy",
		"other programs kept %.2f cores of this machine busy while it was measured, so the times say more about them than about your program: %s. Run it again when the machine is quieter",
		"otros programas ocuparon %.2f núcleos de esta máquina mientras se medía, así que los tiempos dicen más de ellos que de tu programa: %s. Vuelve a ejecutarlo cuando la máquina esté más libre")
	msgSpeedupContradicted = msg.Define("script.speedup_contradicted",
		"the times came out good, but your parallel runs were observed not to run in parallel, so the times are noise, not speed: %s. See the parallel check",
		"los tiempos salieron buenos, pero se observó que tus ejecuciones paralelas no corrieron en paralelo, así que los tiempos son ruido, no velocidad: %s. Mira la comprobación de paralelismo")
	msgSpeedupFewCPUs = msg.Define("script.speedup_few_cpus",
		"this machine lets programs use only %.2g CPUs, so no speedup can show here and none was measured; run it where 2 or more CPUs are available",
		"esta máquina deja usar a los programas solo %.2g CPU, así que aquí no puede verse ninguna aceleración y no se midió; ejecútalo donde haya 2 o más CPU disponibles")
	msgSpeedupFailed = msg.Define("script.speedup_failed",
		"a run of your program failed while measuring the speedup: %s",
		"una ejecución de tu programa falló al medir la aceleración: %s")
)

// speedupRunner runs the four programs under observation.
type speedupRunner struct {
	ts   *testscript.TestScript
	st   *State
	argv [4][]string
	dir  [4]string
	last [4]*grade.Run
}

var errRunFailed = errors.New("run failed")

func (r *speedupRunner) Run(ctx context.Context, p speedup.Program) (speedup.Measurement, error) {
	user := r.st.User
	if p == speedup.RefSeq || p == speedup.RefPar {
		user = "" // the reference is trusted, and reads its own folder
	}
	run := observeRunAs(r.ts, r.st, p.String(), r.argv[p], r.dir[p], r.st.Limits, user)
	r.st.Runs = r.st.Runs[:len(r.st.Runs)-1] // only the last round is kept, below
	r.last[p] = run
	o := run.Observation
	if o.ExitCode != 0 || o.Limit != "" {
		return speedup.Measurement{}, fmt.Errorf("%w: %s", errRunFailed, explainFailure(run).In(r.st.Lang))
	}
	return speedup.Measurement{Wall: o.WallSeconds, OtherLoad: run.Analysis.OtherLoad,
		NotParallel: run.Analysis.Verdict == judge.NotParallel}, nil
}

func cmdSpeedup(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	fs := flag.NewFlagSet("speedup", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fraction := fs.Float64("fraction", st.SpeedupFraction, "")
	rounds := fs.Int("rounds", st.MaxRounds, "")
	seqArgs := fs.String("seq", "", "")
	parArgs := fs.String("par", "", "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 || *seqArgs == "" || *parArgs == "" || neg {
		st.Error = true
		usage(ts, "speedup")
	}
	if st.Reference == "" {
		st.Error = true
		ts.Fatalf("speedup: this grading has no reference solution")
	}
	if cpus := observe.AvailableCPUs(); cpus.Available < judge.MinCPUs {
		st.inconclusive(ts, msg.New(msgSpeedupFewCPUs, cpus.Available))
	}
	program := fs.Arg(0)
	r := &speedupRunner{ts: ts, st: st}
	for p, spec := range map[speedup.Program]struct{ dir, extra string }{
		speedup.RefSeq: {st.Reference, *seqArgs}, speedup.RefPar: {st.Reference, *parArgs},
		speedup.SubSeq: {ts.MkAbs("."), *seqArgs}, speedup.SubPar: {ts.MkAbs("."), *parArgs},
	} {
		argv := append([]string{filepath.Join(spec.dir, program)}, strings.Fields(os.Expand(spec.extra, ts.Getenv))...)
		if strings.HasSuffix(program, ".py") {
			argv = append([]string{st.Python}, argv...)
		}
		r.argv[p], r.dir[p] = argv, spec.dir
	}
	out, err := speedup.Measure(context.Background(), r, speedup.Config{
		Fraction: *fraction, MaxRounds: *rounds, Warmup: true,
		Rand: rand.New(rand.NewSource(time.Now().UnixNano())),
	})
	for _, run := range r.last {
		if run != nil {
			st.Runs = append(st.Runs, *run)
		}
	}
	if err != nil {
		st.Error = true
		ts.Fatalf("speedup: the reference solution failed: %v", err)
	}
	out = speedup.Settle(out)
	s := out.Speedup
	s.N, _ = strconv.Atoi(ts.Getenv("N"))
	s.Workers, _ = strconv.Atoi(ts.Getenv("WORKERS"))
	st.Speedup = &s
	figures := msg.New(msgSpeedupFigures,
		s.Reference.Median, s.Reference.Low, s.Reference.High, s.Submission.Median,
		s.Honest.Median, s.Honest.Low, s.Honest.High,
		s.Ratio.Median, s.Ratio.Low, s.Ratio.High, 100*s.Ratio.Confidence, s.Rounds, strconv.FormatFloat(s.Required, 'g', 3, 64))
	switch out.Why {
	case speedup.WhySubmissionFailed:
		st.fail(ts, msg.New(msgSpeedupFailed, strings.TrimPrefix(out.Err.Error(), errRunFailed.Error()+": ")))
	case speedup.WhyShort:
		st.fail(ts, msg.New(msgSpeedupShort, figures))
	case speedup.WhyBusy:
		st.inconclusive(ts, msg.New(msgSpeedupBusy, out.OtherLoad(), figures))
	case speedup.WhyContradicted:
		st.inconclusive(ts, msg.New(msgSpeedupContradicted, figures))
	case speedup.WhyReferenceFlat:
		st.inconclusive(ts, msg.New(msgSpeedupFlat, figures))
	case speedup.WhyNoisy:
		if out.Verdict == speedup.Pass {
			st.note(ts, figures)
			return
		}
		st.inconclusive(ts, msg.New(msgSpeedupNoisy, figures))
	default:
		st.note(ts, figures)
	}
}
