package speedup

import (
	"context"
	"math/rand"

	"github.com/mpgrade/mpgrade/harness/grade"
)

// A Program is one of the four programs a round runs.
type Program int

const (
	RefSeq Program = iota // the reference, sequential mode
	RefPar                // the reference, parallel mode
	SubSeq                // the submission, sequential mode
	SubPar                // the submission, parallel mode
)

var programNames = [...]string{"reference seq", "reference par", "submission seq", "submission par"}

func (p Program) String() string { return programNames[p] }

// A Runner runs one program once. An error means the program could not be
// measured (it crashed, or broke a limit).
type Runner interface {
	Run(ctx context.Context, p Program) (Measurement, error)
}

// A Measurement is one observed run.
type Measurement struct {
	// Wall is the observed wall time, in seconds.
	Wall float64
	// CPU is the CPU time of the whole process tree, in seconds, from the
	// kernel's exact accounting; 0 when it is not known.
	CPU float64
	// OtherLoad is how many cores other programs on the machine kept busy,
	// on average, during the run.
	OtherLoad float64
	// NotParallel is set when the observation of the run judged it not
	// parallel (processes one at a time, threads, one busy process).
	NotParallel bool
	// CriticalCPU is, for a parallel run, the CPU time of the work that
	// could not have run beside the rest: its main process's plus its
	// busiest other process's (judge.CriticalCPU); 0 when not known.
	CriticalCPU float64
}

// The protocol's settings. Each says why it has its value.
const (
	// DefaultFraction is the share of the reference's speedup a submission
	// must reach: a correct solution gets close to 1; a quarter less
	// leaves room for a different but reasonable split of the work.
	DefaultFraction = 0.75
	// MinRounds is the fewest rounds before deciding: with 3 paired
	// ratios the median is already robust to one disturbed round.
	MinRounds = 3
	// DefaultMaxRounds bounds the rounds when the answer stays unclear:
	// 8 rounds of about 3 s each keeps a grading within a minute.
	DefaultMaxRounds = 8
	// Confidence is the level asked of the ratio's interval.
	Confidence = 0.95
	// MinRoundsToFail is the fewest rounds before a fail: with five
	// paired ratios the interval [min, max] has 94% confidence, and one
	// round disturbed by another program cannot fail a student.
	MinRoundsToFail = 5
	// MaxOtherLoad is the most cores other programs may keep busy, in the
	// median round, for a verdict to stand: above it the machine, not the
	// programs, sets the times — a third of a core on a 2-core machine
	// already moves a ratio by more than the margin between a good and a
	// poor submission — and the verdict is inconclusive.
	MaxOtherLoad = 0.3
	// MinReferenceSpeedup is the speedup the reference must show for the
	// comparison to mean anything: below it, the machine (too few CPUs
	// free, too loaded) is what is measured, and the verdict is
	// inconclusive.
	MinReferenceSpeedup = 1.25
	// LoadedMinReferenceSpeedup is the least the reference's speedup
	// interval must reach when other programs keep more than
	// MaxOtherLoad cores busy, for a pass to be given under load: the
	// yardstick, run side by side, then shows that the load left the
	// program a second core often enough to gain from it (one core kept
	// busy on a 2-core machine leaves about 1.3 of the 1.8), and a share
	// of what it shows is a fair bar. Under load only a pass is given;
	// a short, noisy or padded-looking outcome is inconclusive, since the
	// load may be its cause.
	LoadedMinReferenceSpeedup = 1.1
	// LoadedMinOwnSpeedup is what the low end of the submission's own
	// speedup interval must exceed for a pass under load: a share of a
	// yardstick weakened by the load could otherwise be reached by a
	// program that gains nothing.
	LoadedMinOwnSpeedup = 1.0
	// SeqMinCPUShare is the least share of its wall time a sequential run
	// must spend on the CPU. Counting primes never waits: one process
	// keeps one core busy from start to end, and start-up, output and the
	// little a loaded machine (at most MaxOtherLoad cores) takes from it
	// cost a few hundredths, so an honest run shows 0.9 or more. Below
	// 0.8 it waited for a fifth of its time or more — a sleep — and its
	// wall time, the numerator of the submission's own speedup, is
	// padded. Padding under the bar gains at most a quarter (1/0.8).
	SeqMinCPUShare = 0.8
	// SeqMaxWork is the most CPU a sequential run may use against the
	// whole parallel run's. The parallel run does the same work plus
	// starting processes and passing results, and a core shared with a
	// busy sibling works slower, so an honest sequential run uses at most
	// about as much CPU as the parallel one. A quarter more is work the
	// parallel run did not do — a repeated pass, a slower algorithm in
	// one mode only — which pads the submission's own speedup. Padding
	// under the bar gains at most a quarter, as under SeqMinCPUShare.
	SeqMaxWork = 1.25
	// SlowerNote is how much more CPU than the reference's the
	// submission's sequential run must use for the feedback to note a
	// slower algorithm: a different but comparable way of trial division
	// costs within a fifth either way; half again as much is a slower
	// helper, which is not a fault of parallelism and never fails, but
	// is worth knowing.
	SlowerNote = 1.5
	// ParMaxOverhead is the most CPU a parallel run may use against its
	// sequential run before the feedback of a short speedup names
	// overhead as the cause: starting a worker costs a few hundredths of
	// a second of CPU and passing a count nothing, so a third more is
	// processes, tasks or data by the thousand. It words the feedback
	// only; it decides nothing.
	ParMaxOverhead = 1.3
)

// A Verdict is the outcome of the protocol.
type Verdict string

const (
	Pass         Verdict = "pass"
	Fail         Verdict = "fail"
	Inconclusive Verdict = "inconclusive"
)

// Why says why a verdict was reached.
type Why string

const (
	WhyReached          Why = "reached"           // the submission reached the fraction
	WhyReachedBusy      Why = "reached_busy"      // reached it while other programs loaded the machine
	WhyShort            Why = "short"             // clearly below it
	WhySeqSleeps        Why = "seq_sleeps"        // its seq run waited, its wall well above its CPU
	WhySeqExtraWork     Why = "seq_extra_work"    // its seq run used well more CPU than its par run
	WhyReferenceFlat    Why = "reference_flat"    // the reference showed no speedup
	WhyNoisy            Why = "noisy"             // the interval straddles the fraction
	WhyBusy             Why = "busy"              // other programs loaded the machine
	WhyContradicted     Why = "contradicted"      // fast, but its parallel runs were observed not parallel
	WhySubmissionFailed Why = "submission_failed" // a submission run failed
)

// A Round is the four measurements of one round.
type Round [4]Measurement

// Outcome is what the protocol found.
type Outcome struct {
	Verdict Verdict
	Why     Why
	// Speedup holds the estimates, as the grading result stores them.
	Speedup grade.Speedup
	// Rounds are the measured rounds, warm-up excluded.
	Rounds []Round
	// Outliers is how many rounds were left out as outliers.
	Outliers int
	// Err is the error of a failed run, for WhySubmissionFailed.
	Err error
}

// Config sets up a measurement.
type Config struct {
	// Fraction is the share of the reference's speedup required; zero
	// means DefaultFraction.
	Fraction float64
	// MaxRounds bounds the rounds; zero means DefaultMaxRounds.
	MaxRounds int
	// Rand shuffles each round's order; nil means a fixed seed.
	Rand *rand.Rand
	// Warmup runs each program once before the rounds.
	Warmup bool
}

// Measure runs the protocol.
func Measure(ctx context.Context, r Runner, cfg Config) (Outcome, error) {
	if cfg.Fraction <= 0 {
		cfg.Fraction = DefaultFraction
	}
	if cfg.MaxRounds < MinRounds {
		cfg.MaxRounds = DefaultMaxRounds
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.New(rand.NewSource(1))
	}
	var out Outcome
	if cfg.Warmup {
		for _, p := range []Program{RefSeq, RefPar, SubSeq, SubPar} {
			if _, err := r.Run(ctx, p); err != nil {
				return failed(out, p, err)
			}
		}
	}
	var rounds []Round
	for len(rounds) < cfg.MaxRounds {
		var round Round
		for _, i := range cfg.Rand.Perm(4) {
			m, err := r.Run(ctx, Program(i))
			if err != nil {
				out.Rounds = rounds
				return failed(out, Program(i), err)
			}
			round[i] = m
		}
		rounds = append(rounds, round)
		if len(rounds) < MinRounds {
			continue
		}
		out = Decide(rounds, cfg.Fraction)
		if settled(out, cfg.MaxRounds) {
			break
		}
	}
	return out, nil
}

// settled says whether an outcome is clear enough to stop measuring.
// Noise that straddles the fraction is not. Nor is a reference that showed
// no speedup, until it has shown none in every one of MinRoundsToFail
// rounds: the other tenants of a shared machine come and go within
// seconds, and the rounds that follow may find its cores free. Anything
// short of a pass needs MinRoundsToFail rounds. Under load, where only a
// pass is given, the rounds go on to maxRounds unless no pass can come of
// them.
func settled(out Outcome, maxRounds int) bool {
	n := len(out.Rounds)
	switch {
	case out.Why == WhyNoisy:
		return false
	case out.Why == WhyReferenceFlat:
		return n >= MinRoundsToFail && out.Speedup.Reference.High < MinReferenceSpeedup
	case out.Why == WhyBusy:
		// Each round more narrows the interval a pass needs.
		return passOutOfReach(out.Rounds, maxRounds)
	case out.Verdict != Pass:
		return n >= MinRoundsToFail
	}
	return true
}

func failed(out Outcome, p Program, err error) (Outcome, error) {
	if p == SubSeq || p == SubPar {
		out.Verdict, out.Why, out.Err = Fail, WhySubmissionFailed, err
		return out, nil
	}
	return out, err
}

// Decide turns measured rounds into an outcome; it is pure.
//
// The submission is judged on its own work: its speedup is its sequential
// time over its parallel time, and the share is that speedup over the
// reference's, round by round, so a slower algorithm than the
// reference's, used in both modes, costs nothing. A sequential mode
// padded to inflate that speedup shows in the kernel's accounting: a
// sleep puts its wall time well above its CPU time (SeqMinCPUShare),
// extra work puts its CPU well above the whole parallel run's
// (SeqMaxWork). Either fails, with its figures, whatever the share.
func Decide(rounds []Round, fraction float64) Outcome {
	out := Outcome{Rounds: rounds}
	refSpeedup, ownSpeedup, honest, ratio := perRound(rounds)
	drop := Outliers(ratio)
	out.Outliers = len(drop)
	s := grade.Speedup{
		Reference:  estimate(Without(refSpeedup, drop)),
		Submission: estimate(Without(ownSpeedup, drop)),
		Honest:     estimate(Without(honest, drop)),
		Ratio:      estimate(Without(ratio, drop)),
		Required:   fraction,
		Rounds:     len(rounds),
	}
	s.SeqCPUShare, s.SeqWork, s.WorkOverReference, s.CPUBound = work(rounds)
	out.Speedup = s
	loaded := otherLoad(rounds) > MaxOtherLoad
	padded := looksPadded(s)
	switch {
	case loaded && s.Reference.Low < LoadedMinReferenceSpeedup:
		out.Verdict, out.Why = Inconclusive, WhyBusy
	case !loaded && s.Reference.Median < MinReferenceSpeedup:
		out.Verdict, out.Why = Inconclusive, WhyReferenceFlat
	case loaded && padded:
		// The load, not a sleep or extra work, may be what kept the
		// sequential run off the CPU or made it need more: never a pass,
		// and no fail either.
		out.Verdict, out.Why = Inconclusive, WhyBusy
	case sleeps(s):
		out.Verdict, out.Why = Fail, WhySeqSleeps
	case s.SeqWork > SeqMaxWork:
		out.Verdict, out.Why = Fail, WhySeqExtraWork
	case s.Ratio.Low >= fraction && notParallel(rounds):
		out.Verdict, out.Why = Inconclusive, WhyContradicted
	case s.Ratio.Low >= fraction && !loaded:
		out.Verdict, out.Why = Pass, WhyReached
	case s.Ratio.Low >= fraction && s.Submission.Low > LoadedMinOwnSpeedup:
		out.Verdict, out.Why = Pass, WhyReachedBusy
	case loaded:
		// Short or noisy under load fails no one: the load may be what
		// took the speedup.
		out.Verdict, out.Why = Inconclusive, WhyBusy
	case s.Ratio.High < fraction:
		out.Verdict, out.Why = Fail, WhyShort
	default:
		out.Verdict, out.Why = Inconclusive, WhyNoisy
	}
	return out
}

// Settle gives the benefit of the doubt once no more rounds can be run:
// a noisy outcome whose median reaches the fraction passes; one below it
// stays inconclusive, never failed. Under load the same holds of the
// medians, when the yardstick's and the submission's own median speedups
// still reach LoadedMinReferenceSpeedup and the sequential runs do not
// look padded: a machine shared with another program disturbs single
// rounds (a round whose parallel run lost a core to it shows no speedup),
// which widens the interval, while the medians keep what the machine
// showed most of the time.
func Settle(out Outcome) Outcome {
	s := out.Speedup
	if out.Why == WhyNoisy && s.Ratio.Median >= s.Required && !notParallel(out.Rounds) {
		out.Verdict = Pass
	}
	if out.Why == WhyBusy && !looksPadded(s) && s.Reference.Median >= LoadedMinReferenceSpeedup &&
		s.Submission.Median >= LoadedMinReferenceSpeedup && s.Ratio.Median >= s.Required && !notParallel(out.Rounds) {
		out.Verdict, out.Why = Pass, WhyReachedBusy
	}
	return out
}

// sleeps says whether the submission's sequential runs waited for a
// share of their wall time that counting primes never waits.
func sleeps(s grade.Speedup) bool { return s.SeqCPUShare > 0 && s.SeqCPUShare < SeqMinCPUShare }

// looksPadded says whether the submission's sequential runs look padded,
// with sleeps or with extra work.
func looksPadded(s grade.Speedup) bool { return sleeps(s) || s.SeqWork > SeqMaxWork }

// SlowerThanReference reports whether the submission's sequential run
// used SlowerNote times the reference's CPU or more: a slower algorithm,
// worth a note, never a fault.
func (o Outcome) SlowerThanReference() bool {
	return o.Speedup.WorkOverReference >= SlowerNote
}

// Median returns the median, over the rounds, of program p's wall and CPU
// times.
func (o Outcome) Median(p Program) Measurement {
	var wall, cpu []float64
	for _, r := range o.Rounds {
		wall, cpu = append(wall, r[p].Wall), append(cpu, r[p].CPU)
	}
	return Measurement{Wall: Median(wall), CPU: Median(cpu)}
}

// perRound computes, for each round, the reference's speedup, the
// submission's own, the honest one (reference seq over submission par) and
// the ratio of the submission's own speedup to the reference's.
func perRound(rounds []Round) (ref, own, honest, ratio []float64) {
	for _, r := range rounds {
		ref = append(ref, r[RefSeq].Wall/r[RefPar].Wall)
		own = append(own, r[SubSeq].Wall/r[SubPar].Wall)
		honest = append(honest, r[RefSeq].Wall/r[SubPar].Wall)
		ratio = append(ratio, own[len(own)-1]/ref[len(ref)-1])
	}
	return
}

// work returns, as medians over the rounds, what the kernel's accounting
// shows of the submission's sequential run: its CPU over its wall time,
// its CPU over the whole parallel run's, its CPU over the reference's
// sequential run's, and its CPU over the parallel run's critical CPU (the
// speedup its own accounting allows, whatever the load). Each is 0 when a
// CPU time it needs is not known.
func work(rounds []Round) (cpuShare, overPar, overRef, bound float64) {
	var share, par, ref, crit []float64
	for _, r := range rounds {
		seq := r[SubSeq].CPU
		if seq <= 0 {
			continue
		}
		share = append(share, seq/r[SubSeq].Wall)
		if r[SubPar].CPU > 0 {
			par = append(par, seq/r[SubPar].CPU)
		}
		if r[RefSeq].CPU > 0 {
			ref = append(ref, seq/r[RefSeq].CPU)
		}
		if r[SubPar].CriticalCPU > 0 {
			crit = append(crit, seq/r[SubPar].CriticalCPU)
		}
	}
	return Median(share), Median(par), Median(ref), Median(crit)
}

// notParallel reports whether the submission's parallel run was observed
// not parallel in most rounds: then a good ratio is the machine's noise,
// not the submission's speed.
func notParallel(rounds []Round) bool { return 2*notParallelRounds(rounds) > len(rounds) }

// notParallelRounds counts the rounds whose submission's parallel run was
// observed not parallel.
func notParallelRounds(rounds []Round) int {
	n := 0
	for _, r := range rounds {
		if r[SubPar].NotParallel {
			n++
		}
	}
	return n
}

// passOutOfReach reports whether the submission's parallel run was
// observed not parallel in so many rounds that, were it parallel in every
// round still to run up to maxRounds, it would be in most of them: no
// pass can then come of those rounds (a pass needs !notParallel), so a
// program that never ran in parallel (threads, start and join in one
// loop) is not measured to the bound for nothing.
func passOutOfReach(rounds []Round, maxRounds int) bool {
	return 2*notParallelRounds(rounds) > maxRounds
}

// otherLoad is the median, over rounds, of the most cores other programs
// kept busy during any of the round's runs.
func otherLoad(rounds []Round) float64 {
	var worst []float64
	for _, r := range rounds {
		w := 0.0
		for _, m := range r {
			w = max(w, m.OtherLoad)
		}
		worst = append(worst, w)
	}
	return Median(worst)
}

// OtherLoad is the load other programs put on the machine during the
// rounds, as Decide judges it.
func (o Outcome) OtherLoad() float64 { return otherLoad(o.Rounds) }

func estimate(xs []float64) grade.Estimate {
	lo, hi, c := MedianCI(xs, Confidence)
	return grade.Estimate{Median: Median(xs), Low: lo, High: hi, Confidence: c}
}
