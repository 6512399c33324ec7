package observe

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// settleCase is a run of a main process (pid 10, reaped by the helper,
// pid 1) and its children, sampled four times.
func settleCase() *Observation {
	ps := func(pid int, cpu, reaped float64, state string) ProcSample {
		return ProcSample{PID: pid, CPU: cpu, ReapedCPU: reaped, State: state, Threads: 1}
	}
	return &Observation{
		WallSeconds: 0.05, CPUResolutionSeconds: 1e-9,
		Processes: []Process{
			{PID: 10, PPID: 1, FirstSeen: 0.01},
			{PID: 11, PPID: 10, FirstSeen: 0.01},
			{PID: 12, PPID: 10, FirstSeen: 0.01},
		},
		Samples: []Sample{
			{T: 0.01, Procs: []ProcSample{ps(10, 0.05, 0, "S"), ps(11, 0.100, 0, "R"), ps(12, 0.100, 0, "R")}},
			// 11 ended after 0.01 and was reaped: main's ReapedCPU grew by
			// its final 0.108 (to the tick: 0.10).
			{T: 0.02, Procs: []ProcSample{ps(10, 0.05, 0.10, "S"), ps(12, 0.110, 0, "R")}},
			// 12 is a zombie: its final CPU is known.
			{T: 0.03, Procs: []ProcSample{ps(10, 0.05, 0.10, "S"), ps(12, 0.115, 0, "Z")}},
			{T: 0.04, Procs: []ProcSample{ps(10, 0.055, 0.21, "S")}},
		},
		// main's final 0.06 and what it reaped, 0.223 exactly (0.108 +
		// 0.115), 0.21 to the tick.
		CPU: CPUTotals{UserSeconds: 0.283},
	}
}

func TestSettleCreditsEachProcessWithItsFinalCPU(t *testing.T) {
	o := settleCase()
	o.SettleCPU()
	p := o.Processes
	assert.Equal(t, FinalCPUReaped, p[1].FinalCPUFrom)
	assert.InDelta(t, 0.10, p[1].TotalCPUSeconds(), 1e-9, "the growth of its parent's ReapedCPU, never below its last sample")
	assert.Equal(t, FinalCPUZombie, p[2].FinalCPUFrom)
	assert.InDelta(t, 0.115, p[2].TotalCPUSeconds(), 1e-9)
	assert.Equal(t, FinalCPUReaped, p[0].FinalCPUFrom)
	assert.InDelta(t, 0.06, p[0].TotalCPUSeconds(), 2*reapedTick, "the exact total less what it had reaped, to two ticks")
	assertWithinTotal(t, o)
	again := settleCase()
	again.SettleCPU()
	again.SettleCPU()
	assert.Equal(t, o.Processes, again.Processes, "settling twice changes nothing")
}

func TestSettleLeavesTwoVanishedAtOnceUnattributed(t *testing.T) {
	o := settleCase()
	// 12 vanishes with 11, not a zombie: the growth is theirs together.
	o.Samples[1].Procs = o.Samples[1].Procs[:1]
	o.Samples[2].Procs = o.Samples[2].Procs[:1]
	o.Samples[2].Procs[0].ReapedCPU = 0.21
	o.Samples[1].Procs[0].ReapedCPU = 0.21
	o.SettleCPU()
	assert.Equal(t, FinalCPULastSample, o.Processes[1].FinalCPUFrom)
	assert.Equal(t, FinalCPULastSample, o.Processes[2].FinalCPUFrom)
	assert.InDelta(t, 0.100, o.Processes[1].TotalCPUSeconds(), 1e-9)
	assert.Greater(t, o.UnattributedCPUSeconds, 0.0)
	assertWithinTotal(t, o)
}

func TestSettleDoesNotBelieveMoreThanAProcessCouldUse(t *testing.T) {
	o := settleCase()
	// main's ReapedCPU grows by a second in 10 ms: a process never seen
	// was reaped too.
	for k := 1; k < len(o.Samples); k++ {
		o.Samples[k].Procs[0].ReapedCPU += 1
	}
	o.CPU.UserSeconds += 1
	o.SettleCPU()
	assert.Equal(t, FinalCPULastSample, o.Processes[1].FinalCPUFrom)
	assertWithinTotal(t, o)
}

func TestSettleKeepsTheSumWithinTheExactTotal(t *testing.T) {
	o := settleCase()
	// Tick rounding makes the credited parts pass the exact total.
	o.CPU.UserSeconds = 0.27
	o.SettleCPU()
	assertWithinTotal(t, o)
	assert.Zero(t, o.UnattributedCPUSeconds)
}

func TestSettleLeavesOldRecordingsAlone(t *testing.T) {
	o := settleCase()
	o.CPUResolutionSeconds = 0
	o.SettleCPU()
	for _, p := range o.Processes {
		assert.Empty(t, p.FinalCPUFrom)
	}
	assert.Zero(t, o.UnattributedCPUSeconds)
}

// assertWithinTotal checks that the processes' totals and the
// unattributed CPU add up to no more than the run's exact total.
func assertWithinTotal(t *testing.T, o *Observation) {
	t.Helper()
	sum := 0.0
	for _, p := range o.Processes {
		assert.GreaterOrEqual(t, p.TotalCPUSeconds(), p.CPUSeconds())
		sum += p.TotalCPUSeconds()
	}
	assert.LessOrEqual(t, sum, o.CPU.Seconds()+1e-9, "the processes' totals pass the exact total")
	assert.InDelta(t, o.CPU.Seconds(), sum+o.UnattributedCPUSeconds, 1e-9)
}
