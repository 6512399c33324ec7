package judge

import (
	"testing"

	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/stretchr/testify/assert"
)

// twoWorkers is a run whose main process (10) starts a worker (11) at
// 0.05 s and, through a fork server (12), another (13); 11 ends early and
// stays a zombie from 0.4 s to 1.0 s.
func twoWorkers() *observe.Observation {
	o := &observe.Observation{WallSeconds: 1.2, IntervalSeconds: 0.1, Processes: []observe.Process{
		{PID: 10, PPID: 1, FirstPPID: 1, Cmdline: []string{"python3", "w.py"}, LastSeen: 1.2},
		{PID: 11, PPID: 10, FirstPPID: 10, StartSeconds: 0.05, LastSeen: 1.0, UserSeconds: 0.3},
		{PID: 12, PPID: 10, FirstPPID: 10, Cmdline: []string{"python3", "-c", "from multiprocessing.forkserver import main; main(3)"}, StartSeconds: 0.05, LastSeen: 1.2},
		{PID: 13, PPID: 12, FirstPPID: 12, Cmdline: []string{"python3", "-c", "from multiprocessing.forkserver import main; main(3)"}, StartSeconds: 0.1, LastSeen: 1.15, UserSeconds: 0.6},
		{PID: 14, PPID: 13, FirstPPID: 13, StartSeconds: 0.2, LastSeen: 0.3},
	}}
	for i := 1; i <= 12; i++ {
		t := 0.1 * float64(i)
		s := observe.Sample{T: t, Procs: []observe.ProcSample{{PID: 10, State: "S"}}}
		if t <= 1.0 {
			state := "R"
			if t >= 0.4 {
				state = "Z"
			}
			s.Procs = append(s.Procs, observe.ProcSample{PID: 11, CPU: min(t, 0.3), State: state})
		}
		if t <= 1.15 {
			s.Procs = append(s.Procs, observe.ProcSample{PID: 13, CPU: 0.6 * t / 1.1, State: "R"})
		}
		o.Samples = append(o.Samples, s)
	}
	return o
}

func TestChildOfMain(t *testing.T) {
	o := twoWorkers()
	for pid, want := range map[int]bool{11: true, 12: true, 13: true, 14: false} {
		p, _ := o.Process(pid)
		parent, ok := ChildOfMain(o, p)
		assert.Equal(t, want, ok, "pid %d", pid)
		if !want {
			assert.Equal(t, 13, parent, "the process that started it")
		}
	}
}

func TestPlausiblePid(t *testing.T) {
	o := twoWorkers()
	assert.True(t, PlausiblePid(o, 20), "close to the run's pids")
	assert.False(t, PlausiblePid(o, 10+PidNeighbourhood+5), "too far")
	assert.False(t, PlausiblePid(o, 12345))

	isolated := &observe.Observation{Processes: []observe.Process{{PID: 5000, OwnPID: 9}, {PID: 5001, OwnPID: 10}}}
	assert.True(t, PlausiblePid(isolated, 12), "after the run's own pids, in its namespace")
	assert.False(t, PlausiblePid(isolated, 4), "before the main process in the run's namespace: none of its processes")
}

func TestLongestZombie(t *testing.T) {
	pid, span := LongestZombie(twoWorkers())
	assert.Equal(t, 11, pid)
	assert.InDelta(t, 0.6, span, 1e-9)
}

func TestMostAliveAndBusyTogether(t *testing.T) {
	o := twoWorkers()
	w11, _ := o.Process(11)
	w13, _ := o.Process(13)
	w14, _ := o.Process(14)
	assert.Equal(t, 2, MostAlive([]observe.Process{w11, w13}))
	late := w14
	late.StartSeconds, late.LastSeen = 1.16, 1.2
	assert.Equal(t, 1, MostAlive([]observe.Process{w13, late}), "one started after the other ended")

	most, longest := BusyTogether(o, []observe.Process{w11, w13}, 2)
	assert.Equal(t, 2, most)
	assert.Equal(t, 2, longest, "11 stopped gaining CPU at 0.3 s: together in the windows up to 0.4 s only")
	_, alone := BusyTogether(o, []observe.Process{w13}, 1)
	assert.Equal(t, 6, alone, "13 gained CPU in every window of the run")
}

func TestCanShowTogether(t *testing.T) {
	assert.True(t, CanShowTogether(2, 0.1))
	assert.False(t, CanShowTogether(2, 1), "one core taken by other programs")
	assert.False(t, CanShowTogether(1, 0), "one CPU")
}

func TestWorkerSharesAndSpread(t *testing.T) {
	o := twoWorkers()
	a := Analyze(o)
	shares := WorkerShares(o, &a)
	if assert.Len(t, shares, 2) {
		assert.Equal(t, 11, shares[0].PID)
		assert.InDelta(t, 0.3, shares[0].Lower, 1e-9)
		assert.InDelta(t, 0.4, shares[0].Upper, 1e-9, "up to the next sample after its last one")
		assert.InDelta(t, 0.6*1.1/1.1, shares[1].Lower, 0.06)
	}
	sp := SpreadOf([]Share{{Lower: 1, Upper: 1.1}, {Lower: 2, Upper: 2.1}})
	assert.InDelta(t, 2/1.1, sp.Low, 1e-9)
	assert.InDelta(t, 2.1, sp.High, 1e-9)
	assert.Equal(t, 2.0, sp.Most)
	assert.Equal(t, 1.0, sp.Least)
}

func TestWorkingTime(t *testing.T) {
	o := twoWorkers()
	a := Analyze(o)
	// The workers' span: from 0.05 to 1.15, less one interval.
	assert.InDelta(t, 1.0, WorkingTime(o, &a), 1e-9)
	alone := &observe.Observation{WallSeconds: 2, IntervalSeconds: 0.1, Processes: []observe.Process{{PID: 1, UserSeconds: 1.65, LastSeen: 2}}}
	for i := 1; i <= 20; i++ {
		alone.Samples = append(alone.Samples, observe.Sample{T: 0.1 * float64(i), Procs: []observe.ProcSample{{PID: 1, CPU: 0.0825 * float64(i)}}})
	}
	b := Analyze(alone)
	assert.InDelta(t, 1.7, WorkingTime(alone, &b), 1e-9, "from the sample where the start-up was used (0.2 s), to the end, less an interval")
}

// A worker whose final CPU the kernel told is known to the clock tick,
// whenever its last sample was.
func TestExactShares(t *testing.T) {
	o := twoWorkers()
	o.Processes[1].FinalCPUSeconds, o.Processes[1].FinalCPUFrom = 0.34, observe.FinalCPUReaped
	a := Analyze(o)
	shares := WorkerShares(o, &a)
	if assert.Len(t, shares, 2) {
		assert.InDelta(t, 0.34-ExactCPUTolerance, shares[0].Lower, 1e-9)
		assert.InDelta(t, 0.34+ExactCPUTolerance, shares[0].Upper, 1e-9)
		assert.Greater(t, shares[1].Upper-shares[1].Lower, 0.05, "known at its last sample only: up to the next one")
	}
}
