package judge

import (
	"testing"

	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/stretchr/testify/assert"
)

// A proc describes one synthetic process: when it was busy and how much of
// a core it got then, and on which CPU.
type proc struct {
	cmd       string
	start     float64
	end       float64
	busyFrom  float64
	busyTo    float64
	rate      float64 // share of a core while busy
	cpu       int
	threads   int
	runnable  bool // state R while busy (even when getting little CPU)
	parentIdx int
}

// synth builds an observation sampled every 50 ms from procs; the first
// proc is the main process.
func synth(wall float64, cpus float64, procs ...proc) *observe.Observation {
	const dt = 0.05
	o := &observe.Observation{WallSeconds: wall, IntervalSeconds: dt,
		CPUs: observe.CPUBudget{Available: cpus, Online: int(cpus + 0.5)}}
	cum := make([]float64, len(procs))
	for i, p := range procs {
		ppid := 1
		if i > 0 {
			ppid = 100 + p.parentIdx
		}
		if p.threads == 0 {
			procs[i].threads = 1
		}
		o.Processes = append(o.Processes, observe.Process{PID: 100 + i, PPID: ppid, Cmdline: []string{"python3", p.cmd},
			StartSeconds: p.start, FirstSeen: p.start, MaxThreads: procs[i].threads})
	}
	for t := dt; t <= wall+1e-9; t += dt {
		s := observe.Sample{T: t}
		for i, p := range procs {
			if t < p.start || t > p.end+dt {
				continue
			}
			busy := t > p.busyFrom && t <= p.busyTo+1e-9
			if busy {
				cum[i] += p.rate * dt
			}
			state := "S"
			if busy && (p.runnable || p.rate > 0.5) {
				state = "R"
			}
			s.Procs = append(s.Procs, observe.ProcSample{PID: 100 + i, CPU: cum[i], Processor: p.cpu, Threads: procs[i].threads, State: state})
			pr := &o.Processes[i]
			pr.LastSeen = t
			pr.UserSeconds = cum[i]
			if busy && len(pr.CPUs) == 0 {
				pr.CPUs = []int{p.cpu}
			}
		}
		o.Samples = append(o.Samples, s)
	}
	for _, c := range cum {
		o.CPU.UserSeconds += c
	}
	o.MachineBusySeconds = o.CPU.Seconds()
	return o
}

func worker(start, end float64, cpu int) proc {
	return proc{cmd: "w", start: start, end: end, busyFrom: start, busyTo: end, rate: 1, cpu: cpu}
}

func main0(wall float64) proc { return proc{cmd: "main", start: 0, end: wall} }

func TestParallelWorkers(t *testing.T) {
	a := Analyze(synth(2, 2, main0(2), worker(0.1, 1.9, 0), worker(0.1, 1.9, 1)))
	assert.Equal(t, Parallel, a.Verdict)
	assert.Equal(t, 2, a.Workers)
	assert.Equal(t, 2, a.PeakBusy)
	assert.Equal(t, []int{0, 1}, a.CoresUsed)
	if assert.NotNil(t, a.Phase) {
		assert.InDelta(t, 2.0, a.Phase.Parallelism, 0.15)
	}
}

func TestOversubscribedWorkersAreStillParallel(t *testing.T) {
	ws := []proc{main0(2)}
	for i := 0; i < 4; i++ {
		w := worker(0.1, 1.9, i%2)
		w.rate = 0.5
		ws = append(ws, w)
	}
	a := Analyze(synth(2, 2, ws...))
	assert.Equal(t, Parallel, a.Verdict)
	assert.Equal(t, 4, a.PeakBusy)
}

func TestOneAtATime(t *testing.T) {
	a := Analyze(synth(3, 2, main0(3), worker(0, 1, 0), worker(1, 2, 1), worker(2, 3, 0)))
	assert.Equal(t, NotParallel, a.Verdict)
	assert.Equal(t, CauseOneAtATime, a.Cause)
	assert.Equal(t, 1, a.PeakBusy, "hand-overs put two in one window only")
}

func TestThreads(t *testing.T) {
	m := proc{cmd: "main", start: 0, end: 2, busyFrom: 0, busyTo: 2, rate: 1, threads: 5}
	a := Analyze(synth(2, 2, m))
	assert.Equal(t, NotParallel, a.Verdict)
	assert.Equal(t, CauseThreads, a.Cause)
}

func TestOneBusyProcess(t *testing.T) {
	m := proc{cmd: "main", start: 0, end: 2, busyFrom: 0, busyTo: 2, rate: 1}
	a := Analyze(synth(2, 2, m))
	assert.Equal(t, CauseOneProcess, a.Cause)
}

func TestChildrenOnlySleep(t *testing.T) {
	sleeper := proc{cmd: "w", start: 0.1, end: 1.9}
	m := proc{cmd: "main", start: 0, end: 2, busyFrom: 0, busyTo: 2, rate: 1}
	a := Analyze(synth(2, 2, m, sleeper, sleeper, sleeper))
	assert.Equal(t, NotParallel, a.Verdict)
	assert.Equal(t, CauseChildrenIdle, a.Cause)
}

// Hundreds of processes, each doing a few milliseconds, push CPU/wall near
// 2 but are not parallel work.
func TestTinyProcesses(t *testing.T) {
	ps := []proc{main0(2)}
	for i := 0; i < 100; i++ {
		start := float64(i/2) * 0.04
		ps = append(ps, proc{cmd: "w", start: start, end: start + 0.04, busyFrom: start, busyTo: start + 0.04, rate: 1, cpu: i % 2})
	}
	a := Analyze(synth(2, 2, ps...))
	assert.Greater(t, a.Parallelism, 1.5, "the trap: CPU/wall looks parallel")
	assert.Equal(t, NotParallel, a.Verdict)
	assert.Equal(t, CauseTinyProcesses, a.Cause)
	assert.Equal(t, 0, a.Workers)
}

// A short parallel phase inside a long sequential program is found and
// reported, with its share of the run.
func TestShortParallelPhase(t *testing.T) {
	m := proc{cmd: "main", start: 0, end: 5, busyFrom: 0, busyTo: 4, rate: 1}
	a := Analyze(synth(5, 2, m, worker(4, 5, 0), worker(4, 5, 1)))
	assert.Equal(t, Parallel, a.Verdict)
	if assert.NotNil(t, a.Phase) {
		assert.InDelta(t, 4.0, a.Phase.Start, 0.25)
		assert.InDelta(t, 5.0, a.Phase.End, WindowSeconds)
	}
	assert.Len(t, a.Reasons, 2, "the phase's share of the run is reported")
}

func TestTooShort(t *testing.T) {
	a := Analyze(synth(0.3, 2, main0(0.3), worker(0, 0.3, 0), worker(0, 0.3, 1)))
	assert.Equal(t, Inconclusive, a.Verdict)
	assert.Equal(t, CauseTooShort, a.Cause)
}

// Workers started together that lived side by side for less than three
// windows may fill only one whole window: too short to judge, not one
// after the other.
func TestWorkersTogetherTooBriefly(t *testing.T) {
	a := Analyze(synth(1.2, 2, main0(1.2), worker(0.57, 0.77, 0), worker(0.57, 0.77, 1)))
	assert.Equal(t, Inconclusive, a.Verdict, "%v", a.Reasons)
	assert.Equal(t, CauseTooShort, a.Cause)
	assert.Equal(t, "judge.overlap_too_short", string(a.Reasons[0].Key))

	// Taking turns for longer is still one at a time.
	a = Analyze(synth(3, 2, main0(3), worker(0.57, 0.77, 0), worker(0.8, 1.0, 1)))
	assert.Equal(t, CauseOneAtATime, a.Cause)
}

func TestFewCPUsIsInconclusive(t *testing.T) {
	w1, w2 := worker(0.1, 1.9, 0), worker(0.1, 1.9, 0)
	w1.rate, w2.rate = 0.25, 0.25
	a := Analyze(synth(2, 0.5, main0(2), w1, w2))
	assert.Equal(t, Inconclusive, a.Verdict)
	assert.Equal(t, CauseFewCPUs, a.Cause)
}

// Workers that are ready to run but get half a core together, because
// other programs hold the machine, make the verdict inconclusive.
func TestLoadedMachineIsInconclusive(t *testing.T) {
	w1, w2 := worker(0.1, 1.9, 0), worker(0.1, 1.9, 1)
	w1.rate, w2.rate, w1.runnable, w2.runnable = 0.2, 0.2, true, true
	o := synth(2, 2, main0(2), w1, w2)
	o.MachineBusySeconds = o.CPU.Seconds() + 2*1.5 // others kept 1.5 cores busy
	a := Analyze(o)
	assert.Equal(t, Inconclusive, a.Verdict)
	assert.Equal(t, CauseMachineBusy, a.Cause)
}

// On a quiet machine, processes busy together on one core took turns.
func TestSharedOneCore(t *testing.T) {
	w1, w2 := worker(0.1, 1.9, 0), worker(0.1, 1.9, 0)
	w1.rate, w2.rate, w1.runnable, w2.runnable = 0.5, 0.5, true, true
	a := Analyze(synth(2, 2, main0(2), w1, w2))
	assert.Equal(t, NotParallel, a.Verdict)
	assert.Equal(t, CauseSharedOneCore, a.Cause)
}

// Python's helpers are listed as helpers; a process forked by the fork
// server is a worker.
func TestHelpersAndForkServerWorkers(t *testing.T) {
	fs := proc{cmd: "-c from multiprocessing.forkserver import main", start: 0, end: 2}
	w1 := worker(0.1, 1.9, 0)
	w1.cmd, w1.parentIdx = fs.cmd, 1
	w2 := w1
	w2.cpu = 1
	rt := proc{cmd: "-c from multiprocessing.resource_tracker import main", start: 0, end: 2}
	a := Analyze(synth(2, 2, main0(2), fs, w1, w2, rt))
	assert.Equal(t, RoleHelper, a.RoleOf(101))
	assert.Equal(t, RoleWorker, a.RoleOf(102))
	assert.Equal(t, RoleHelper, a.RoleOf(104))
	assert.Equal(t, 2, a.Workers)
	assert.Equal(t, Parallel, a.Verdict)
}
