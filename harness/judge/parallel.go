package judge

import (
	"slices"
	"strings"

	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
)

// helperMarks are pieces of the command lines of Python's own helper
// processes, which are listed but never counted as workers.
var helperMarks = []string{
	"multiprocessing.resource_tracker",
	"multiprocessing.semaphore_tracker",
	"multiprocessing.forkserver",
}

// isHelperCmdline reports whether a command line is one of Python's own
// helper processes. A process forked by the fork server inherits its
// command line, so the caller also looks at the parent.
func isHelperCmdline(cmdline []string) bool {
	joined := strings.Join(cmdline, " ")
	for _, m := range helperMarks {
		if strings.Contains(joined, m) {
			return true
		}
	}
	return false
}

// Analyze judges an observation.
func Analyze(o *observe.Observation) Analysis {
	a := Analysis{
		Processes:     len(o.Processes),
		CPUsAvailable: o.CPUs.Available,
		WallSeconds:   o.WallSeconds,
		CPUSeconds:    o.CPU.Seconds(),
	}
	if o.WallSeconds > 0 {
		a.Parallelism = a.CPUSeconds / o.WallSeconds
		a.OtherLoad = max(0, (o.MachineBusySeconds-a.CPUSeconds)/o.WallSeconds)
	}
	sc := scaleOf(o)
	counted := assignRoles(o, &a, sc)
	ws := buildWindows(o, counted, sc)
	a.PeakBusy = peakBusy(ws)
	a.CoresUsed = coresUsed(ws)
	best, candidate := findPhases(ws)
	a.Phase = best
	decide(o, &a, sc, best, candidate)
	return a
}

// assignRoles fills a.Roles, a.Workers and a.Tasks and returns the pids
// whose busyness counts, with the start-up CPU to leave out of each: the
// main process and the workers, and on the fine scale the small tasks.
func assignRoles(o *observe.Observation, a *Analysis, sc scale) map[int]float64 {
	counted := map[int]float64{}
	marked := map[int]bool{}
	for _, p := range o.Processes {
		marked[p.PID] = isHelperCmdline(p.Cmdline)
	}
	for i, p := range o.Processes {
		role := RoleIdle
		work := sc.work(o, i)
		switch {
		case i == 0:
			role = RoleMain
		case marked[p.PID] && !marked[p.PPID]: // a worker forked by the fork server has a marked parent
			role = RoleHelper
		case work >= sc.workerMin:
			role = RoleWorker
			a.Workers++
		case sc.fine && work >= TaskMinCPU:
			a.Tasks++
			counted[p.PID] = sc.startup[i]
		}
		if role == RoleWorker || (role == RoleMain && work >= sc.workerMin) {
			counted[p.PID] = sc.startup[i]
		}
		a.Roles = append(a.Roles, ProcessRole{PID: p.PID, Role: role, CPUSeconds: p.TotalCPUSeconds()})
	}
	return counted
}

// A window is a stretch of the run and what the counted processes did in
// it.
type window struct {
	start, end float64
	cpu        float64     // CPU seconds of counted processes
	busy       map[int]int // busy pid -> CPU it last ran on
}

func (w window) seconds() float64 { return w.end - w.start }

// buildWindows cuts the samples into windows of at least the scale's
// window. A counted process's CPU is taken beyond its start-up cost.
func buildWindows(o *observe.Observation, counted map[int]float64, sc scale) []window {
	last := map[int]float64{} // cumulative CPU at the latest sample
	where := map[int]int{}    // CPU last run on, at a sample where it had run
	atStart := map[int]float64{}
	seen, runnable := map[int]int{}, map[int]int{} // samples in this window
	var ws []window
	start := 0.0
	for _, s := range o.Samples {
		for _, ps := range s.Procs {
			startup, ok := counted[ps.PID]
			if !ok {
				continue
			}
			cpu := max(0, ps.CPU-startup)
			if cpu > last[ps.PID] {
				where[ps.PID] = ps.Processor
			}
			last[ps.PID] = cpu
			seen[ps.PID]++
			if ps.State == "R" {
				runnable[ps.PID]++
			}
		}
		if s.T-start < sc.window {
			continue
		}
		w := window{start: start, end: s.T, busy: map[int]int{}}
		for pid, cpu := range last {
			d := cpu - atStart[pid]
			w.cpu += d
			rate := d / w.seconds()
			ready := seen[pid] >= sc.runnableMinSamples && float64(runnable[pid]) >= RunnableShare*float64(seen[pid])
			if rate >= BusyRate || (ready && rate >= MinRunnableRate) {
				w.busy[pid] = where[pid]
			}
			atStart[pid] = cpu
		}
		clear(seen)
		clear(runnable)
		ws = append(ws, w)
		start = s.T
	}
	return ws
}

// peakBusy is the most counted processes busy in each of MinPhaseWindows
// consecutive windows.
func peakBusy(ws []window) int {
	peak := 0
	if len(ws) < MinPhaseWindows {
		for _, w := range ws {
			peak = max(peak, len(w.busy))
		}
		return peak
	}
	for i := 0; i+MinPhaseWindows <= len(ws); i++ {
		least := len(ws[i].busy)
		for _, w := range ws[i+1 : i+MinPhaseWindows] {
			least = min(least, len(w.busy))
		}
		peak = max(peak, least)
	}
	return peak
}

func coresUsed(ws []window) []int {
	var cores []int
	for _, w := range ws {
		for _, c := range w.busy {
			if !slices.Contains(cores, c) {
				cores = append(cores, c)
			}
		}
	}
	slices.Sort(cores)
	return cores
}

// findPhases returns the longest stretch of MinPhaseWindows or more
// windows with two or more processes busy that also used two or more cores
// and at least MinPhaseParallelism cores together (best), and the longest
// such stretch whatever its cores (candidate).
func findPhases(ws []window) (best, candidate *Phase) {
	for i := 0; i < len(ws); {
		if len(ws[i].busy) < 2 {
			i++
			continue
		}
		j := i
		for j < len(ws) && len(ws[j].busy) >= 2 {
			j++
		}
		if j-i >= MinPhaseWindows {
			p := phaseOf(ws[i:j])
			if candidate == nil || p.Seconds() > candidate.Seconds() {
				candidate = &p
			}
			if p.Parallelism >= MinPhaseParallelism && len(p.Cores) >= 2 && (best == nil || p.Seconds() > best.Seconds()) {
				best = &p
			}
		}
		i = j
	}
	return best, candidate
}

func phaseOf(ws []window) Phase {
	p := Phase{Start: ws[0].start, End: ws[len(ws)-1].end}
	cpu := 0.0
	for _, w := range ws {
		cpu += w.cpu
		p.Busy = max(p.Busy, len(w.busy))
		for _, c := range w.busy {
			if !slices.Contains(p.Cores, c) {
				p.Cores = append(p.Cores, c)
			}
		}
	}
	slices.Sort(p.Cores)
	p.Parallelism = cpu / p.Seconds()
	return p
}

// decide sets the verdict, cause and reasons.
func decide(o *observe.Observation, a *Analysis, sc scale, best, candidate *Phase) {
	set := func(v Verdict, c Cause, m msg.Message) {
		a.Verdict, a.Cause = v, c
		a.Reasons = append(a.Reasons, m)
	}
	if o.CPUs.Available < MinCPUs {
		// Checked first: with less than two CPUs no run, however long,
		// could show parallelism, so this is the reason whatever else
		// the run lacks.
		set(Inconclusive, CauseFewCPUs, msg.New(msgFewCPUs, o.CPUs.Available, o.CPUs.Affinity, o.CPUs.Quota))
		if o.WallSeconds >= sc.minWall {
			if _, _, m := structure(o, a, sc); m != nil {
				a.Reasons = append(a.Reasons, *m)
			}
		}
		return
	}
	if o.WallSeconds < sc.minWall {
		// Say what is missing: CPU work, or only time to see it in.
		if m := sc.tooLittleWork(o, a); m != nil {
			set(Inconclusive, CauseTooLittleWork, *m)
		} else {
			set(Inconclusive, CauseTooShort, msg.New(msgTooShort, o.WallSeconds, sc.minWall))
		}
		return
	}
	if best != nil {
		set(Parallel, CauseParallel, msg.New(msgParallel, best.Busy, len(best.Cores), best.Seconds(), best.Start, best.End, best.Parallelism))
		if share := best.Seconds() / o.WallSeconds; share < 0.5 {
			a.Reasons = append(a.Reasons, msg.New(msgPhaseShare, 100*share))
		}
		return
	}
	overlap := workersOverlap(o, a)
	if overlap > 0 && overlap < sc.minOverlap {
		// Workers started together that lived side by side too briefly to
		// fill two whole windows: no phase could be seen, and the windows
		// they only partly filled dilute their cores; but they did not
		// take turns.
		set(Inconclusive, CauseTooShort, msg.New(msgOverlapTooShort, overlap, sc.minOverlap))
		return
	}
	// Workers started together and busy together on less than
	// MinPhaseParallelism cores shared a core, or a loaded machine,
	// however short their phase in a long run; otherwise a stretch that
	// short is the hand-over between workers run one after another.
	startedTogether := sc.fine && overlap > 0
	if candidate != nil && sideBySide(o, a, sc) && (candidate.Seconds() >= SharedMinShare*o.WallSeconds || startedTogether) {
		// The machine was full: the program and the others together used
		// nearly every CPU, so what it got says nothing of what it could do.
		if candidate.Parallelism+a.OtherLoad >= o.CPUs.Available-SaturationMargin {
			set(Inconclusive, CauseMachineBusy, msg.New(msgMachineBusy, candidate.Busy, candidate.Parallelism, a.OtherLoad))
			return
		}
		set(NotParallel, CauseSharedOneCore, msg.New(msgSharedOneCore, candidate.Busy, candidate.Parallelism))
		return
	}
	v, c, m := structure(o, a, sc)
	set(v, c, *m)
}

// structure says why a program with no parallel phase was not parallel.
func structure(o *observe.Observation, a *Analysis, sc scale) (Verdict, Cause, *msg.Message) {
	children, lasting, busiestChild, tinyCPU := 0, 0, 0.0, 0.0
	for i, p := range o.Processes {
		if i == 0 || a.Roles[i].Role == RoleHelper {
			continue
		}
		children++
		if p.LastSeen-p.StartSeconds >= WindowSeconds {
			lasting++ // a child that stayed, not a passing helper such as a shell in a wrapper script
		}
		busiestChild = max(busiestChild, p.TotalCPUSeconds())
		if a.Roles[i].Role == RoleIdle {
			tinyCPU += p.TotalCPUSeconds()
		}
	}
	doers := doers(o, a, sc)
	little := sc.tooLittleWork(o, a)
	m := func(k msg.Key, args ...any) *msg.Message { x := msg.New(k, args...); return &x }
	switch {
	case a.Workers == 0 && (children >= ManyProcesses || (children > 0 && tinyCPU >= sc.minWork)):
		return NotParallel, CauseTinyProcesses, m(msgTinyProcesses, children, tinyCPU)
	case a.Workers == 0 && lasting > 0:
		return NotParallel, CauseChildrenIdle, m(msgChildrenIdle, lasting, busiestChild)
	case little != nil:
		return Inconclusive, CauseTooLittleWork, little
	case len(doers) == 0:
		return Inconclusive, CauseTooLittleWork, m(msgTooLittleWork, a.CPUSeconds, sc.minWork)
	case len(doers) == 1:
		p := o.Processes[doers[0]]
		if p.MaxThreads >= 2 {
			return NotParallel, CauseThreads, m(msgThreads, p.PID, p.MaxThreads, p.TotalCPUSeconds()/o.WallSeconds)
		}
		return NotParallel, CauseOneProcess, m(msgOneProcess, p.PID, p.TotalCPUSeconds(), o.WallSeconds)
	}
	return NotParallel, CauseOneAtATime, m(msgOneAtATime, len(doers))
}

// sideBySide reports whether two of the processes that did the work (the
// workers, and the main process when it did a worker's share) lived at
// the same time. Workers started and joined one after another never did,
// however much of a short run the windows of their hand-overs (one
// exiting, the next starting) fill: they cannot have taken turns on one
// core.
func sideBySide(o *observe.Observation, a *Analysis, sc scale) bool {
	ds := doers(o, a, sc)
	for k, i := range ds {
		for _, j := range ds[k+1:] {
			p, q := o.Processes[i], o.Processes[j]
			if min(p.LastSeen, q.LastSeen) > max(p.StartSeconds, q.StartSeconds) {
				return true
			}
		}
	}
	return false
}

// doers are the indexes of the processes that did the work: the workers,
// and the main process when it did a worker's share.
func doers(o *observe.Observation, a *Analysis, sc scale) []int {
	var ds []int
	for i, r := range a.Roles {
		if r.Role == RoleWorker || (r.Role == RoleMain && sc.work(o, i) >= sc.workerMin) {
			ds = append(ds, i)
		}
	}
	return ds
}

// workersOverlap is the longest time two workers lived side by side, when
// that is most of the shorter one's life (they were started together, not
// one after the other); otherwise 0.
func workersOverlap(o *observe.Observation, a *Analysis) float64 {
	var workers []observe.Process
	for i, r := range a.Roles {
		if r.Role == RoleWorker {
			workers = append(workers, o.Processes[i])
		}
	}
	longest := 0.0
	for i, p := range workers {
		for _, q := range workers[i+1:] {
			together := min(p.LastSeen, q.LastSeen) - max(p.StartSeconds, q.StartSeconds)
			shorter := min(p.LastSeen-p.StartSeconds, q.LastSeen-q.StartSeconds)
			if together > 0 && together >= shorter/2 {
				longest = max(longest, together)
			}
		}
	}
	return longest
}
