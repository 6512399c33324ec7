package judge

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
)

// A scale is the windows and thresholds one observation is judged with.
// An observation with CPU times exact to the nanosecond, sampled fast
// while its tree is young or changing, is judged on the fine scale: short
// windows, and each process's CPU taken beyond what its start-up costs.
// A recording with CPU times in clock ticks keeps the thresholds it was
// made for, and is judged as it always was.
type scale struct {
	fine bool
	// window, minWall, minOverlap, workerMin and minWork stand for
	// WindowSeconds, MinWallSeconds, MinOverlapSeconds, WorkerMinCPU and
	// MinWorkCPU, or their fine counterparts.
	window, minWall, minOverlap, workerMin, minWork float64
	// runnableMinSamples is the fewest samples of a window that must
	// find a process for it to count as busy by being ready to run
	// (RunnableShare): 1, or FineRunnableMinSamples.
	runnableMinSamples int
	// startup is, for each process of the observation, the CPU its
	// start-up cost it: not work (0 on the tick scale).
	startup []float64
}

func scaleOf(o *observe.Observation) scale {
	if o.CPUResolutionSeconds <= 0 || o.CPUResolutionSeconds >= TickSeconds {
		return scale{window: WindowSeconds, minWall: MinWallSeconds, minOverlap: MinOverlapSeconds,
			workerMin: WorkerMinCPU, minWork: MinWorkCPU, runnableMinSamples: 1, startup: make([]float64, len(o.Processes))}
	}
	fast := o.FastIntervalSeconds
	if fast <= 0 {
		fast = o.IntervalSeconds
	}
	window := max(FineWindowSeconds, fast)
	return scale{fine: true, window: window,
		minWall:    MinPhaseWindows * window,
		minOverlap: (MinPhaseWindows + 1) * window,
		workerMin:  FineWorkerMinCPU, minWork: FineMinWorkCPU, runnableMinSamples: FineRunnableMinSamples,
		startup: startupCPU(o)}
}

// startupCPU is what starting each process cost, as far as its own CPU
// goes: a new interpreter (the main process, a child that exec'd Python:
// spawn, the fork server, subprocess) costs the measured interpreter
// start-up, a forked child the measured fork. Where the observation has
// no measurement, FallbackInterpreterStartupCPU and FallbackForkStartupCPU
// stand in.
func startupCPU(o *observe.Observation) []float64 {
	interp, fork := FallbackInterpreterStartupCPU, FallbackForkStartupCPU
	if st := o.Startup; st != nil && st.InterpreterSeconds > 0 {
		interp, fork = st.InterpreterSeconds, st.ForkSeconds
	}
	out := make([]float64, len(o.Processes))
	for i, p := range o.Processes {
		cost := fork
		if isPython(p.Cmdline) && (i == 0 || execed(o, p)) {
			cost = interp
		}
		out[i] = min(cost, p.TotalCPUSeconds())
	}
	return out
}

// execed reports whether p runs another program than the parent that
// started it: a forked child keeps its parent's command line.
func execed(o *observe.Observation, p observe.Process) bool {
	parent, ok := o.Process(p.FirstPPID)
	return !ok || !slices.Equal(p.Cmdline, parent.Cmdline)
}

func isPython(cmdline []string) bool {
	return len(cmdline) > 0 && strings.HasPrefix(filepath.Base(cmdline[0]), "python")
}

// work is the CPU process i used beyond its start-up.
func (sc scale) work(o *observe.Observation, i int) float64 {
	return max(0, o.Processes[i].TotalCPUSeconds()-sc.startup[i])
}

// tooLittleWork says why the program's CPU work is too little to judge,
// or nil when it is enough. On the fine scale the work is the CPU beyond
// every process's start-up, so that a program that only starts processes
// has none.
func (sc scale) tooLittleWork(o *observe.Observation, a *Analysis) *msg.Message {
	if !sc.fine {
		if a.CPUSeconds >= sc.minWork {
			return nil
		}
		m := msg.New(msgTooLittleWork, a.CPUSeconds, sc.minWork)
		return &m
	}
	startup := 0.0
	for _, s := range sc.startup {
		startup += s
	}
	work := max(0, a.CPUSeconds-startup)
	if work >= sc.minWork {
		return nil
	}
	m := msg.New(msgTooLittleWorkBeyondStartup, work, a.CPUSeconds, sc.minWork)
	return &m
}

var msgTooLittleWorkBeyondStartup = msg.Define("judge.too_little_work_beyond_startup",
	"the program used only %.2f s of CPU beyond what starting its processes costs (%.2f s of CPU in all), too little CPU-bound work to judge (at least %.2f s are needed)",
	"el programa usó solo %.2f s de CPU además de lo que cuesta iniciar sus procesos (%.2f s de CPU en total), muy poco trabajo de CPU para juzgar (hacen falta al menos %.2f s)")
