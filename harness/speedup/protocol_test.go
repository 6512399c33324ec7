package speedup

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeRunner returns times from a table, with a per-call noise pattern.
type fakeRunner struct {
	base [4]float64
	// cpu is each program's CPU time, scaled by the same noise as its
	// wall time; zero means not known.
	cpu   [4]float64
	noise []float64 // multiplies successive calls, cycling
	calls int
	fail  map[Program]error
	// subPar, when set, gives the submission's parallel time call by call.
	subPar []float64
	nSub   int
	load   float64 // cores other programs keep busy
	// notParallel marks the submission's parallel runs as observed not
	// parallel.
	notParallel bool
}

func (f *fakeRunner) Run(_ context.Context, p Program) (Measurement, error) {
	if err := f.fail[p]; err != nil {
		return Measurement{}, err
	}
	if p == SubPar && len(f.subPar) > 0 {
		t := f.subPar[f.nSub%len(f.subPar)]
		f.nSub++
		return Measurement{Wall: t, OtherLoad: f.load, NotParallel: f.notParallel}, nil
	}
	k := 1.0
	if len(f.noise) > 0 {
		k = f.noise[f.calls%len(f.noise)]
	}
	f.calls++
	return Measurement{Wall: f.base[p] * k, CPU: f.cpu[p] * k, OtherLoad: f.load, NotParallel: f.notParallel && p == SubPar}, nil
}

func TestCorrectSubmissionPasses(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.55, 1.0, 0.56}, noise: []float64{1, 1.03, 0.98, 1.01, 0.99}}
	out, err := Measure(context.Background(), r, Config{Warmup: true})
	require.NoError(t, err)
	assert.Equal(t, Pass, out.Verdict)
	assert.Equal(t, MinRounds, len(out.Rounds), "a clear answer stops early")
	assert.InDelta(t, 1.82, out.Speedup.Reference.Median, 0.1)
	assert.Equal(t, 16, r.calls, "warm-up and three rounds of four runs")
}

func TestSequentialInDisguiseFails(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.55, 1.0, 1.05}, cpu: [4]float64{0.97, 1.05, 0.97, 1.0},
		noise: []float64{1, 1.05, 0.95, 1.02}}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Fail, out.Verdict)
	assert.Equal(t, WhyShort, out.Why)
	assert.Less(t, out.Speedup.Ratio.High, DefaultFraction)
	assert.Equal(t, MinRoundsToFail, len(out.Rounds), "a fail needs more rounds than a pass")
}

// A parallel run observed not parallel cannot pass, however its times came
// out.
func TestFastButObservedNotParallelDoesNotPass(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.55, 1.0, 0.55}, notParallel: true}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Inconclusive, out.Verdict)
	assert.Equal(t, WhyContradicted, out.Why)
}

// The same slow parallel run on a machine loaded by others is not failed.
func TestShortOnLoadedMachineIsInconclusive(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.55, 1.0, 1.05}, load: 0.8}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Inconclusive, out.Verdict)
	assert.Equal(t, WhyBusy, out.Why)
	assert.InDelta(t, 0.8, out.OtherLoad(), 1e-9)
	assert.Len(t, out.Rounds, DefaultMaxRounds, "under load the rounds go on to the bound")
}

// A correct program whose sequential algorithm is three times slower
// than the reference's, in both modes: its own speedup is as good as the
// reference's, and it passes, with the slower algorithm only noted. Its
// parallel time against the reference's sequential time would fail it.
func TestSlowerAlgorithmPasses(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.55, 3.0, 1.6}, cpu: [4]float64{0.97, 1.05, 2.9, 3.05},
		noise: []float64{1, 1.03, 0.98, 1.01, 0.99}}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Pass, out.Verdict, "%+v", out.Speedup)
	assert.Less(t, out.Speedup.Honest.Median/out.Speedup.Reference.Median, DefaultFraction,
		"against the reference's sequential time it would fall short")
	assert.True(t, out.SlowerThanReference())
	assert.InDelta(t, 3.0, out.Speedup.WorkOverReference, 0.1, "the runs' noise differs")

	r.cpu[SubSeq], r.cpu[SubPar], r.base[SubSeq], r.base[SubPar] = 1.1, 1.2, 1.1, 0.62
	out, err = Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Pass, out.Verdict)
	assert.False(t, out.SlowerThanReference(), "a tenth slower is not worth a note")
}

// A sequential mode padded with a sleep: its wall time is twice its CPU
// time. Its own speedup would pass; the sleep fails it, whatever its
// parallel mode does.
func TestSleepPaddedSequentialFails(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.55, 2.0, 0.56}, cpu: [4]float64{0.97, 1.05, 0.97, 1.06}}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Fail, out.Verdict)
	assert.Equal(t, WhySeqSleeps, out.Why)
	assert.Greater(t, out.Speedup.Ratio.Low, DefaultFraction, "its own speedup looks good")
	assert.InDelta(t, 0.485, out.Speedup.SeqCPUShare, 0.01)
	assert.Equal(t, MinRoundsToFail, len(out.Rounds), "a fail needs more rounds than a pass")
}

// A sequential mode padded with extra work: its CPU time is three times
// the whole parallel run's.
func TestWorkPaddedSequentialFails(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.55, 3.0, 0.56}, cpu: [4]float64{0.97, 1.05, 2.95, 1.06}}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Fail, out.Verdict)
	assert.Equal(t, WhySeqExtraWork, out.Why)
	assert.InDelta(t, 2.78, out.Speedup.SeqWork, 0.01)
	assert.InDelta(t, 3.0, out.Speedup.WorkOverReference, 0.05)
}

// Honest runs close to the bars are not called padded: a sequential run
// that spent 0.85 of its time on the CPU, or used a tenth more CPU than
// its parallel run, passes.
func TestHonestSequentialNearTheBarsPasses(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.55, 1.0, 0.56}, cpu: [4]float64{0.97, 1.05, 0.85, 0.78}}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Pass, out.Verdict, "%+v", out.Speedup)
	assert.Less(t, out.Speedup.SeqCPUShare, 0.9)
	assert.Greater(t, out.Speedup.SeqWork, 1.05)
}

// On a machine loaded by others, a correct program passes when the
// yardstick, run side by side, still shows a clear speedup: the share of
// it is judged as when idle, and the outcome says the machine was busy.
func TestCorrectOnLoadedMachinePassesWhenYardstickClear(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.82, 1.0, 0.8}, cpu: [4]float64{0.97, 1.05, 0.97, 1.06},
		noise: []float64{1, 1.04, 0.97, 1.02, 0.99}, load: 0.9}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Pass, out.Verdict, "%+v", out.Speedup)
	assert.Equal(t, WhyReachedBusy, out.Why)
	assert.Less(t, out.Speedup.Reference.Median, MinReferenceSpeedup, "a yardstick an idle machine would call flat")
}

// Under load, rounds disturbed by the other program (a parallel run that
// lost a core to it) widen the interval past the fraction; once the rounds
// are spent, the medians decide, as for noise on an idle machine.
func TestDisturbedRoundsUnderLoadSettleOnMedians(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.72, 1.0, 0.76}, cpu: [4]float64{0.97, 1.05, 0.97, 1.06},
		subPar: []float64{0.76, 1.02, 0.99, 0.77, 1.0, 0.75, 0.98, 0.78}, load: 0.9}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, WhyBusy, out.Why, "%+v", out.Speedup)
	assert.Len(t, out.Rounds, DefaultMaxRounds)
	out = Settle(out)
	assert.Equal(t, Pass, out.Verdict, "%+v", out.Speedup)
	assert.Equal(t, WhyReachedBusy, out.Why)

	// A padded-looking sequential run, or no gain of its own, does not.
	r = &fakeRunner{base: [4]float64{1.0, 0.72, 1.0, 1.0}, cpu: [4]float64{0.97, 1.05, 0.97, 1.0},
		noise: []float64{1, 1.2, 0.9, 1.1, 0.8}, load: 0.9}
	out, err = Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.NotEqual(t, Pass, Settle(out).Verdict, "%+v", out.Speedup)
}

// Under load, a program that gains nothing does not pass on a share of a
// yardstick the load has weakened, nor is it failed: the load may be
// what took its speedup.
func TestNoGainOnLoadedMachineDoesNotPass(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.82, 1.0, 1.0}, cpu: [4]float64{0.97, 1.0, 0.97, 1.0}, load: 0.9}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, out.Speedup.Ratio.Low, DefaultFraction, "its share alone would pass")
	assert.Equal(t, Inconclusive, out.Verdict)
	assert.Equal(t, WhyBusy, out.Why)
}

// A padded sequential mode on a machine loaded by others is not failed:
// the load, not a sleep, may keep a run off the CPU.
func TestPaddedOnLoadedMachineIsInconclusive(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.55, 2.0, 0.56}, cpu: [4]float64{0.97, 1.05, 0.97, 1.06}, load: 0.8}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Inconclusive, out.Verdict)
	assert.Equal(t, WhyBusy, out.Why)
}

func TestFlatReferenceIsInconclusive(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.98, 1.0, 1.0}}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Inconclusive, out.Verdict)
	assert.Equal(t, WhyReferenceFlat, out.Why)
	assert.Equal(t, MinRoundsToFail, len(out.Rounds), "a reference flat in every round stops at %d rounds", MinRoundsToFail)
}

// A machine whose cores were taken by another tenant for the first rounds
// and then freed: the rounds go on past the flat start, and the correct
// submission passes once most rounds show the reference's speedup.
func TestFlatStartGoesOn(t *testing.T) {
	// The four runs of each of the first 3 rounds: the parallel runs are
	// as slow as the sequential ones; later, they take 0.55.
	r := &flatStart{flat: 3 * 4}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Pass, out.Verdict, "%+v", out.Speedup)
	assert.Greater(t, len(out.Rounds), MinRounds)
	assert.GreaterOrEqual(t, out.Speedup.Reference.Median, MinReferenceSpeedup)

	// A sequential submission on the same machine is never passed.
	r = &flatStart{flat: 3 * 4, sequential: true}
	out, err = Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.NotEqual(t, Pass, Settle(out).Verdict, "%+v", out.Speedup)
}

// flatStart is a machine whose parallel runs gain nothing for its first
// flat runs.
type flatStart struct {
	flat, calls int
	sequential  bool
}

func (f *flatStart) Run(_ context.Context, p Program) (Measurement, error) {
	f.calls++
	par := 0.55
	if f.calls <= f.flat {
		par = 1.0
	}
	switch {
	case p == RefSeq || p == SubSeq || (p == SubPar && f.sequential):
		return Measurement{Wall: 1.0, NotParallel: p == SubPar}, nil
	}
	return Measurement{Wall: par}, nil
}

// Noise that keeps the interval across the fraction runs to the bound,
// and then the benefit of the doubt goes to the student.
func TestNoiseRunsToTheBound(t *testing.T) {
	// Ratios alternate 0.55/0.6 = 0.92 and 0.55/0.85 = 0.65 around 0.75.
	r := &fakeRunner{base: [4]float64{1.0, 0.55, 1.0, 0}, subPar: []float64{0.6, 0.85}}
	out, err := Measure(context.Background(), r, Config{MaxRounds: 6})
	require.NoError(t, err)
	assert.Equal(t, WhyNoisy, out.Why)
	assert.Equal(t, Inconclusive, out.Verdict)
	assert.Equal(t, 6, len(out.Rounds), "an unclear answer goes on to the bound")
	assert.Less(t, out.Speedup.Ratio.Low, DefaultFraction)
	assert.Greater(t, out.Speedup.Ratio.High, DefaultFraction)
	assert.Equal(t, Pass, Settle(out).Verdict, "its median %.2f reaches the fraction", out.Speedup.Ratio.Median)

	r = &fakeRunner{base: [4]float64{1.0, 0.55, 1.0, 0}, subPar: []float64{0.6, 0.85, 0.85}}
	out, err = Measure(context.Background(), r, Config{MaxRounds: 6})
	require.NoError(t, err)
	if out.Why == WhyNoisy {
		assert.Equal(t, Inconclusive, Settle(out).Verdict, "a median below the fraction is never failed for noise")
	}
}

func TestFailedRuns(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1, 0.5, 1, 0.5}, fail: map[Program]error{SubPar: errors.New("crashed")}}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Fail, out.Verdict)
	assert.Equal(t, WhySubmissionFailed, out.Why)

	r = &fakeRunner{base: [4]float64{1, 0.5, 1, 0.5}, fail: map[Program]error{RefSeq: errors.New("broken")}}
	_, err = Measure(context.Background(), r, Config{})
	assert.Error(t, err, "a failing reference is the grader's error")
}

// Under load a submission whose parallel run was never observed parallel
// cannot pass, so the rounds stop once it was not parallel in most of the
// bound's rounds, whatever the rounds left would show.
func TestNeverParallelUnderLoadStopsEarly(t *testing.T) {
	r := &fakeRunner{base: [4]float64{1.0, 0.8, 1.0, 1.1}, notParallel: true, load: 0.9}
	out, err := Measure(context.Background(), r, Config{})
	require.NoError(t, err)
	assert.Equal(t, Inconclusive, out.Verdict)
	assert.Equal(t, WhyBusy, out.Why)
	assert.Len(t, out.Rounds, DefaultMaxRounds/2+1, "not parallel in most of the bound's rounds")
	assert.Equal(t, Inconclusive, Settle(out).Verdict, "the medians do not pass it either")

	// Parallel in one round of the first five: the sixth decides.
	assert.False(t, passOutOfReach(make([]Round, 4), DefaultMaxRounds))
	rounds := make([]Round, 6)
	for i := 1; i < 6; i++ {
		rounds[i][SubPar].NotParallel = true
	}
	assert.True(t, passOutOfReach(rounds, DefaultMaxRounds))
	assert.False(t, passOutOfReach(rounds[:5], DefaultMaxRounds))
}
