package judge

import (
	"testing"

	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/stretchr/testify/assert"
)

// A fineProc is one synthetic process of an observation with exact CPU
// times sampled every 10 ms: it lives from start to end, first spends
// startup seconds of CPU at a whole core, then works at rate from busyFrom
// to busyTo.
type fineProc struct {
	start, end       float64
	startup          float64
	busyFrom, busyTo float64
	rate             float64
	cpu              int
	forked           bool // same command line as its parent (the main process)
}

const fineDT = 0.01

// fineCosts are the start-up costs of the synthetic observations.
var fineCosts = &observe.StartupCosts{Interpreter: "python3", InterpreterSeconds: 0.05, ForkSeconds: 0.002}

// synthFine builds an observation with exact CPU times, sampled every
// 10 ms; the first proc is the main process.
func synthFine(wall float64, procs ...fineProc) *observe.Observation {
	o := &observe.Observation{WallSeconds: wall, IntervalSeconds: 0.05, FastIntervalSeconds: fineDT,
		CPUResolutionSeconds: 1e-9, Startup: fineCosts,
		CPUs: observe.CPUBudget{Available: 2, Online: 2}}
	for i, p := range procs {
		cmd := []string{"python3", "prog.py"}
		if i > 0 && !p.forked {
			cmd = []string{"python3", "-c", "from multiprocessing.spawn import spawn_main; spawn_main()", "--multiprocessing-fork"}
		}
		ppid := 1
		if i > 0 {
			ppid = 100
		}
		o.Processes = append(o.Processes, observe.Process{PID: 100 + i, PPID: ppid, FirstPPID: ppid, Cmdline: cmd,
			StartSeconds: p.start, FirstSeen: p.start, MaxThreads: 1})
	}
	cpuAt := func(p fineProc, t float64) float64 {
		c := min(p.startup, max(0, t-p.start))
		if t > p.busyFrom {
			c += p.rate * (min(t, p.busyTo) - p.busyFrom)
		}
		return c
	}
	for k := 1; float64(k)*fineDT <= wall+1e-9; k++ {
		t := float64(k) * fineDT
		s := observe.Sample{T: t}
		for i, p := range procs {
			if t < p.start || t > p.end {
				continue
			}
			state := "S"
			if t > p.busyFrom && t <= p.busyTo {
				state = "R"
			}
			c := cpuAt(p, t)
			s.Procs = append(s.Procs, observe.ProcSample{PID: 100 + i, CPU: c, Processor: p.cpu, Threads: 1, State: state})
			pr := &o.Processes[i]
			pr.LastSeen, pr.FinalCPUSeconds, pr.FinalCPUFrom = t, c, observe.FinalCPULastSample
		}
		o.Samples = append(o.Samples, s)
	}
	for _, p := range o.Processes {
		o.CPU.UserSeconds += p.FinalCPUSeconds
	}
	o.MachineBusySeconds = o.CPU.Seconds()
	return o
}

func fineMain(wall float64) fineProc {
	return fineProc{start: 0, end: wall, startup: 0.05, busyFrom: wall, busyTo: wall}
}

func fineWorker(from, to float64, cpu int) fineProc {
	return fineProc{start: from, end: to, startup: 0.002, busyFrom: from + 0.002, busyTo: to, rate: 1, cpu: cpu, forked: true}
}

// A whole run of 0.2 s with two workers busy together gets a verdict.
func TestFineWholeRunOfAFifthOfASecond(t *testing.T) {
	a := Analyze(synthFine(0.2, fineMain(0.2), fineWorker(0.05, 0.19, 0), fineWorker(0.05, 0.19, 1)))
	assert.Equal(t, Parallel, a.Verdict, "%+v", a.Reasons)
	assert.Equal(t, 2, a.Workers)
}

// The same run judged on the tick scale is too short, as before.
func TestTickScaleKeepsItsMinimum(t *testing.T) {
	o := synthFine(0.2, fineMain(0.2), fineWorker(0.05, 0.19, 0), fineWorker(0.05, 0.19, 1))
	o.CPUResolutionSeconds = 0
	a := Analyze(o)
	assert.Equal(t, Inconclusive, a.Verdict, "%+v", a.Reasons)
}

// A parallel phase of 0.15 s inside a 2 s sequential program is seen.
func TestFineShortPhaseInsideALongRun(t *testing.T) {
	main := fineMain(2.2)
	main.busyFrom, main.busyTo, main.rate = 0.05, 1.0, 1
	a := Analyze(synthFine(2.2, main, fineWorker(1.0, 1.15, 0), fineWorker(1.0, 1.15, 1)))
	assert.Equal(t, Parallel, a.Verdict, "%+v", a.Reasons)
	if assert.NotNil(t, a.Phase) {
		assert.InDelta(t, 0.15, a.Phase.Seconds(), 0.06)
	}
}

// Workers run one after another in a 0.3 s run are told apart.
func TestFineOneAfterAnotherInAShortRun(t *testing.T) {
	a := Analyze(synthFine(0.32, fineMain(0.32), fineWorker(0.02, 0.12, 0), fineWorker(0.12, 0.22, 1), fineWorker(0.22, 0.32, 0)))
	assert.Equal(t, NotParallel, a.Verdict, "%+v", a.Reasons)
	assert.Equal(t, CauseOneAtATime, a.Cause)
}

// A hundred processes that each do 30 ms of work, two at a time, keep
// both cores busy: parallel, although none is a worker.
func TestFineManySmallTasksAreWork(t *testing.T) {
	ps := []fineProc{fineMain(1.6)}
	for i := 0; i < 100; i++ {
		from := 0.05 + float64(i/2)*0.031
		ps = append(ps, fineWorker(from, from+0.031, i%2))
	}
	a := Analyze(synthFine(1.6, ps...))
	assert.Equal(t, Parallel, a.Verdict, "%+v", a.Reasons)
	assert.Zero(t, a.Workers)
	assert.GreaterOrEqual(t, a.Tasks, 90, "a task that ends between samples may be seen short of its work")
}

// Two hundred spawned processes that only start up, four at a time, use
// CPU on both cores, but none beyond its start-up: tiny processes.
func TestFineProcessesThatOnlyStartAreTiny(t *testing.T) {
	ps := []fineProc{fineMain(2.6)}
	for i := 0; i < 200; i++ {
		from := 0.05 + float64(i/4)*0.05
		ps = append(ps, fineProc{start: from, end: from + 0.05, startup: 0.05, busyFrom: 9, busyTo: 9, cpu: i % 2})
	}
	a := Analyze(synthFine(2.6, ps...))
	assert.Equal(t, NotParallel, a.Verdict, "%+v", a.Reasons)
	assert.Equal(t, CauseTinyProcesses, a.Cause)
	assert.Zero(t, a.Tasks)
}

// A run that does a little work beyond its start-up is too little work,
// and says how much its start-up took.
func TestFineTooLittleWorkBeyondStartup(t *testing.T) {
	main := fineMain(0.3)
	main.busyFrom, main.busyTo, main.rate = 0.05, 0.09, 1
	a := Analyze(synthFine(0.3, main))
	assert.Equal(t, Inconclusive, a.Verdict, "%+v", a.Reasons)
	assert.Equal(t, CauseTooLittleWork, a.Cause)
}
