package script

import (
	"testing"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/harness/speedup"
	"github.com/stretchr/testify/assert"
)

// rounds of the four programs with the given wall and CPU times, the same
// in every round.
func sameRounds(n int, wall, cpu [4]float64) speedup.Outcome {
	var r speedup.Round
	for p := range r {
		r[p] = speedup.Measurement{Wall: wall[p], CPU: cpu[p]}
	}
	rounds := make([]speedup.Round, n)
	for i := range rounds {
		rounds[i] = r
	}
	return speedup.Decide(rounds, speedup.DefaultFraction)
}

func parRun(a judge.Analysis) *grade.Run {
	return &grade.Run{Name: "submission par", Observation: &observe.Observation{}, Analysis: a}
}

// A short speedup's feedback names the cause the parallel run shows.
func TestShortCauseNamesTheCause(t *testing.T) {
	short := sameRounds(5, [4]float64{1, 0.55, 1, 1.02}, [4]float64{0.97, 1.05, 0.97, 1.0})
	assert.Equal(t, speedup.WhyShort, short.Why)

	oneAtATime := msg.New("judge.one_at_a_time", 2)
	got := shortCause(parRun(judge.Analysis{Verdict: judge.NotParallel, Reasons: []msg.Message{oneAtATime}}), 2, short)
	assert.Equal(t, msgShortNotParallel, got.Key)

	got = shortCause(parRun(judge.Analysis{Verdict: judge.Parallel, Workers: 1}), 2, short)
	assert.Equal(t, msgShortFewWorkers, got.Key)

	got = shortCause(parRun(judge.Analysis{Verdict: judge.Parallel, Workers: 2}), 2, short)
	assert.Equal(t, msgShortWaiting, got.Key, "%s", got)

	overhead := sameRounds(5, [4]float64{1, 0.55, 1, 1.02}, [4]float64{0.97, 1.05, 0.97, 1.6})
	got = shortCause(parRun(judge.Analysis{Verdict: judge.Parallel, Workers: 2}), 2, overhead)
	assert.Equal(t, msgShortOverhead, got.Key)
}

// A slower algorithm than the yardstick's is noted on a pass, with its
// figures; one about as fast is not.
func TestSlowerAlgorithmIsOnlyNoted(t *testing.T) {
	slow := sameRounds(3, [4]float64{1, 0.55, 3, 1.6}, [4]float64{0.97, 1.05, 2.9, 3.05})
	assert.Equal(t, speedup.Pass, slow.Verdict)
	figures := msg.New(msgSpeedupFigures)
	assert.Equal(t, msgSpeedupSlower, slowerNote(figures, slow).Key)
	assert.Contains(t, slowerNote(figures, slow).In(msg.EN), "2.99 times the yardstick's CPU")

	same := sameRounds(3, [4]float64{1, 0.55, 1.05, 0.58}, [4]float64{0.97, 1.05, 1.0, 1.08})
	assert.Equal(t, figures, slowerNote(figures, same))
}
