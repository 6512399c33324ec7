package observe_test

import (
	"context"
	"testing"

	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// settleProgram starts workers that end one at a time, with a pause
// between, and ends itself after a steady second of sleep: each worker is
// reaped alone, and the run has a young part and a steady one.
const settleProgram = `
import multiprocessing as mp, time
def spin(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
if __name__ == "__main__":
    ps = [mp.Process(target=spin, args=(0.05 * (i + 1),)) for i in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    time.sleep(1.2)
`

// youngPart is how long from its start a run is sampled fast.
const youngPart = 0.3

// The processes' totals, final CPU included, never pass the run's exact
// total; the samples' CPU times are exact where the kernel keeps
// schedstat; and a young run is sampled faster than a steady one.
func TestObservedTotalsAndSchedule(t *testing.T) {
	testenv.Linux(t)
	py := testenv.Python(t)
	unlock := observe.LockMachine()
	obs, err := observe.Local{}.Observe(context.Background(), observe.Spec{Args: []string{py, "-c", settleProgram}})
	unlock()
	require.NoError(t, err)
	require.Equal(t, 0, obs.ExitCode)
	sum := 0.0
	credited := 0
	for _, p := range obs.Processes {
		assert.GreaterOrEqual(t, p.TotalCPUSeconds(), p.CPUSeconds(), "pid %d", p.PID)
		sum += p.TotalCPUSeconds()
		if p.FinalCPUFrom == observe.FinalCPUReaped || p.FinalCPUFrom == observe.FinalCPUZombie {
			credited++
		}
	}
	assert.LessOrEqual(t, sum, obs.CPU.Seconds()+1e-9, "processes %.4f s, exact total %.4f s", sum, obs.CPU.Seconds())
	assert.InDelta(t, obs.CPU.Seconds(), sum+obs.UnattributedCPUSeconds, 1e-6)
	assert.Positive(t, credited, "the final CPU of some process is known: %+v", obs.Processes)
	assert.Contains(t, []float64{1e-9, 0.01}, obs.CPUResolutionSeconds, "nanoseconds from schedstat, or clock ticks")
	young, steady := 0, 0
	for _, s := range obs.Samples {
		switch {
		case s.T < youngPart:
			young++
		case s.T >= obs.WallSeconds-youngPart:
			steady++
		}
	}
	assert.Greater(t, young, 2*steady, "samples in the first %.1f s: %d; in the last, steady: %d", youngPart, young, steady)
}
