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
		Summary: "Measure the submission's own speedup against the reference's, side by side, and check it reaches a fraction of it",
		Detail: `PROGRAM is run with the -seq arguments (its sequential mode) and the -par
arguments (its parallel mode; in both, $VARIABLES are expanded), for the submission and for the reference, in
rounds: after a warm-up, each round runs the four in a shuffled order. Times
are observed wall and CPU times. The submission's own speedup (its seq wall
time over its par wall time) is compared, round by round, with the
reference's, the yardstick of what this machine can show now: a slower
algorithm than the reference's, used in both modes, costs nothing, and
only earns a note. Rounds go on (up to -rounds, default 8) until the
confidence interval of that share is clearly above or below the fraction
(-fraction, default the assignment's, else 0.75), and while the reference
shows no speedup, since other tenants of a shared machine come and go,
until it has shown none in 5 rounds.

A padded sequential mode is caught by the kernel's accounting: it fails
when its wall time is well above its CPU time (a sleep: under 0.8 of it
on the CPU) or its CPU time well above the whole parallel run's (extra
work: over 1.25 times), whatever the share.

It passes above the fraction, fails clearly below it (after at least 5
rounds) while the reference did show speedup, naming the likely cause
from the parallel runs (not parallel, fewer workers than asked, uneven
shares, overhead, waiting), and is inconclusive — never failed — when
other programs kept the machine busy while it measured, when the
reference itself shows no speedup on this machine now (too few CPUs
available, a CPU quota), when the noise never settles below the fraction,
or when the times look good but the submission's parallel runs were
observed not parallel. Under load (other programs keeping more than 0.3
cores busy) it passes when the yardstick's interval reaches 1.1 and the
submission's own speedup is above 1; otherwise the rounds go on to the
bound, or stop once the submission's parallel runs were observed not
parallel in most of the bound's rounds, since no round to come could then
make it pass. The feedback gives every figure.`,
		Run: cmdSpeedup,
	})
}

var (
	msgSpeedupFigures = msg.Define("script.speedup_figures",
		"your own speedup (your sequential time over your parallel time) %.2f [%.2f, %.2f]; the yardstick's (the grader's program doing the same CPU work) on this machine now %.2f [%.2f, %.2f]; your share of it %.2f [%.2f, %.2f] (%.0f%% confidence, %d rounds, %s required)",
		"tu propia aceleración (tu tiempo secuencial entre tu tiempo paralelo) %.2f [%.2f, %.2f]; la de la vara de medir (el programa del corrector que hace el mismo trabajo de CPU) en esta máquina ahora %.2f [%.2f, %.2f]; tu fracción de ella %.2f [%.2f, %.2f] (%.0f%% de confianza, %d rondas, se exige %s)")
	msgSpeedupShort = msg.Define("script.speedup_short",
		"your own speedup is clearly below the yardstick's: %s. %s",
		"tu propia aceleración está claramente por debajo de la de la vara de medir: %s. %s")
	msgShortNotParallel = msg.Define("script.speedup_short_not_parallel",
		"Your parallel runs were observed not to run in parallel: %s",
		"Se observó que tus ejecuciones paralelas no corrieron en paralelo: %s")
	msgShortFewWorkers = msg.Define("script.speedup_short_few_workers",
		"Only %d of the %d workers asked for did CPU work in your parallel run, which kept %.2f cores busy on average: start one worker per --workers and give each a share of the numbers",
		"Solo %d de los %d trabajadores pedidos hicieron trabajo de CPU en tu ejecución paralela, que mantuvo ocupados %.2f núcleos de media: inicia un trabajador por cada --workers y da a cada uno una parte de los números")
	msgShortUnbalanced = msg.Define("script.speedup_short_unbalanced",
		"Your workers' CPU times were uneven — the busiest used %.2f s, the least busy %.2f s — so the parallel run waits for the slowest: testing a large number costs more than a small one; deal out many small chunks",
		"Los tiempos de CPU de tus trabajadores fueron desiguales — el más ocupado usó %.2f s, el menos %.2f s — así que la ejecución paralela espera al más lento: probar un número grande cuesta más que uno pequeño; reparte muchos trozos pequeños")
	msgShortOverhead = msg.Define("script.speedup_short_overhead",
		"Your parallel run used %.2f s of CPU for the work your sequential run did in %.2f s: the extra is overhead — many processes, tiny tasks or much data passed between them",
		"Tu ejecución paralela usó %.2f s de CPU para el trabajo que tu ejecución secuencial hizo en %.2f s: lo que sobra es coste añadido — muchos procesos, tareas diminutas o muchos datos pasados entre ellos")
	msgShortWaiting = msg.Define("script.speedup_short_waiting",
		"Your parallel run kept %.2f cores busy on average, against the yardstick's %.2f: its processes spent time waiting. Are all workers started before any is joined, and is all the work handed out before the results are awaited?",
		"Tu ejecución paralela mantuvo ocupados %.2f núcleos de media, frente a %.2f de la vara de medir: sus procesos pasaron tiempo esperando. ¿Se inician todos los trabajadores antes de hacer join, y se reparte todo el trabajo antes de esperar los resultados?")
	msgSpeedupSeqSleeps = msg.Define("script.speedup_seq_sleeps",
		"your sequential run took %.2f s but spent only %.2f s of it on the CPU (%.0f%%; a sequential count of primes spends at least %.0f%%): it waited for the rest, and a padded sequential time inflates your own speedup: %s. Remove the wait from the sequential mode",
		"tu ejecución secuencial tardó %.2f s pero solo pasó %.2f s en la CPU (%.0f%%; un conteo secuencial de primos pasa al menos el %.0f%%): esperó el resto, y un tiempo secuencial inflado infla tu propia aceleración: %s. Quita la espera del modo secuencial")
	msgSpeedupSeqExtraWork = msg.Define("script.speedup_seq_extra_work",
		"your sequential run used %.2f s of CPU, %.2f times the %.2f s of your whole parallel run (at most %.2f expected): it does work your parallel mode does not — a repeated pass, or a slower algorithm in one mode only — and that inflates your own speedup: %s. Make both modes do the same work",
		"tu ejecución secuencial usó %.2f s de CPU, %.2f veces los %.2f s de toda tu ejecución paralela (se esperaba como mucho %.2f): hace trabajo que tu modo paralelo no hace — una pasada repetida, o un algoritmo más lento en un solo modo — y eso infla tu propia aceleración: %s. Haz que ambos modos hagan el mismo trabajo")
	msgSpeedupSlower = msg.Define("script.speedup_slower",
		"%s. Note: your sequential run used %.2f times the yardstick's CPU (%.2f s against %.2f s, for the same count), so your algorithm is slower; that is not a fault of parallelism and costs nothing here, but every run of yours takes longer",
		"%s. Nota: tu ejecución secuencial usó %.2f veces la CPU de la vara de medir (%.2f s frente a %.2f s, para el mismo conteo), así que tu algoritmo es más lento; no es un fallo de paralelismo y aquí no cuesta nada, pero cada ejecución tuya tarda más")
	msgSpeedupFlat = msg.Define("script.speedup_flat",
		"the yardstick (the grader's program doing the same CPU work) itself showed no speedup on this machine now, so yours cannot be judged: %s. Run it where 2 or more CPUs are free",
		"la propia vara de medir (el programa del corrector que hace el mismo trabajo de CPU) no mostró aceleración en esta máquina ahora, así que la tuya no se puede juzgar: %s. Ejecútalo donde haya 2 o más CPU libres")
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
	msgSpeedupCPUBound = msg.Define("script.speedup_cpu_bound",
		"%s. Whatever the load, the split of your work allows a speedup of %.2f: your sequential run's CPU time over that of your parallel run's main process and busiest worker together",
		"%s. Sea cual sea la carga, el reparto de tu trabajo permite una aceleración de %.2f: el tiempo de CPU de tu ejecución secuencial entre el del proceso principal y el trabajador más ocupado de tu ejecución paralela juntos")
	msgSpeedupPassedBusy = msg.Define("script.speedup_passed_busy",
		"%s. Other programs kept %.2f cores busy, which slowed both programs; the yardstick, run side by side, showed what that load left, and your share of it was clear",
		"%s. Otros programas ocuparon %.2f núcleos, lo que frenó a ambos programas; la vara de medir, ejecutada a la par, mostró lo que esa carga dejaba, y tu parte de ello fue clara")
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
	return speedup.Measurement{Wall: o.WallSeconds, CPU: o.CPU.Seconds(), OtherLoad: run.Analysis.OtherLoad,
		NotParallel: run.Analysis.Verdict == judge.NotParallel, CriticalCPU: judge.CriticalCPU(o, &run.Analysis)}, nil
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
		s.Submission.Median, s.Submission.Low, s.Submission.High,
		s.Reference.Median, s.Reference.Low, s.Reference.High,
		s.Ratio.Median, s.Ratio.Low, s.Ratio.High, 100*s.Ratio.Confidence, s.Rounds, strconv.FormatFloat(s.Required, 'g', 3, 64))
	seq, par := out.Median(speedup.SubSeq), out.Median(speedup.SubPar)
	switch out.Why {
	case speedup.WhySubmissionFailed:
		st.fail(ts, msg.New(msgSpeedupFailed, strings.TrimPrefix(out.Err.Error(), errRunFailed.Error()+": ")))
	case speedup.WhySeqSleeps:
		st.fail(ts, msg.New(msgSpeedupSeqSleeps, seq.Wall, seq.CPU, 100*s.SeqCPUShare, 100*speedup.SeqMinCPUShare, figures))
	case speedup.WhySeqExtraWork:
		st.fail(ts, msg.New(msgSpeedupSeqExtraWork, seq.CPU, s.SeqWork, par.CPU, speedup.SeqMaxWork, figures))
	case speedup.WhyShort:
		st.fail(ts, msg.New(msgSpeedupShort, figures, shortCause(r.last[speedup.SubPar], s.Workers, out)))
	case speedup.WhyBusy:
		st.inconclusive(ts, withCPUBound(msg.New(msgSpeedupBusy, out.OtherLoad(), figures), s))
	case speedup.WhyReachedBusy:
		st.note(ts, msg.New(msgSpeedupPassedBusy, slowerNote(figures, out), out.OtherLoad()))
	case speedup.WhyContradicted:
		st.inconclusive(ts, msg.New(msgSpeedupContradicted, figures))
	case speedup.WhyReferenceFlat:
		st.inconclusive(ts, withCPUBound(msg.New(msgSpeedupFlat, figures), s))
	case speedup.WhyNoisy:
		if out.Verdict == speedup.Pass {
			st.note(ts, slowerNote(figures, out))
			return
		}
		st.inconclusive(ts, withCPUBound(msg.New(msgSpeedupNoisy, figures), s))
	default:
		st.note(ts, slowerNote(figures, out))
	}
}

// withCPUBound adds to the message of a speedup the machine could not
// judge the speedup the submission's own CPU accounting allows, which the
// load does not change, when it was measured.
func withCPUBound(m msg.Message, s grade.Speedup) msg.Message {
	if s.CPUBound <= 0 {
		return m
	}
	return msg.New(msgSpeedupCPUBound, m, s.CPUBound)
}

// slowerNote adds to a passing speedup's figures a note that the
// submission's sequential algorithm is slower than the reference's, when
// it is.
func slowerNote(figures msg.Message, out speedup.Outcome) msg.Message {
	if !out.SlowerThanReference() {
		return figures
	}
	seq, ref := out.Median(speedup.SubSeq), out.Median(speedup.RefSeq)
	return msg.New(msgSpeedupSlower, figures, out.Speedup.WorkOverReference, seq.CPU, ref.CPU)
}

// shortCause names what most likely kept the submission's own speedup
// short, from its last parallel run and the rounds' medians: a run not
// parallel, fewer workers than asked, uneven shares, overhead, or else
// processes that waited.
func shortCause(run *grade.Run, workers int, out speedup.Outcome) msg.Message {
	seq, par, ref := out.Median(speedup.SubSeq), out.Median(speedup.SubPar), out.Median(speedup.RefPar)
	cores := func(m speedup.Measurement) float64 { return m.CPU / max(m.Wall, 1e-9) }
	if run != nil {
		a := run.Analysis
		switch shares := judge.WorkerShares(run.Observation, &a); {
		case a.Verdict == judge.NotParallel && len(a.Reasons) > 0:
			return msg.New(msgShortNotParallel, a.Reasons[0])
		case workers > 0 && a.Workers < workers:
			return msg.New(msgShortFewWorkers, a.Workers, workers, cores(par))
		case len(shares) >= 2:
			if sp := judge.SpreadOf(shares); sp.Low > judge.DefaultImbalance {
				return msg.New(msgShortUnbalanced, sp.Most, sp.Least)
			}
		}
	}
	if seq.CPU > 0 && par.CPU > speedup.ParMaxOverhead*seq.CPU {
		return msg.New(msgShortOverhead, par.CPU, seq.CPU)
	}
	return msg.New(msgShortWaiting, cores(par), cores(ref))
}
