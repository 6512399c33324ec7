package judge

import "github.com/mpgrade/mpgrade/harness/observe"

// A WorkShare says how the work of a program was shared among the
// processes of its parallel run: the work is the CPU its sequential run
// used on the same input, which no decoy can inflate.
type WorkShare struct {
	// Work is the CPU seconds of the sequential run: the work to share.
	Work float64 `json:"work_seconds"`
	// Busiest is the process of the parallel run that used the most CPU,
	// with its role, and Share its CPU over Work.
	Busiest ProcessRole `json:"busiest"`
	Share   float64     `json:"share"`
	// Others is the CPU seconds every other process of the parallel run
	// used, the helpers' left out.
	Others float64 `json:"others_seconds"`
	// Alone is set when the busiest process did nearly all the work
	// (Share of at least AloneWorkShare) while others used CPU beside it,
	// and no other process shared it: the busiest was the main process
	// (children spinning as decoys while it counts), or the only child
	// that did a share of the work (SharerWorkShare; beside a main process
	// that busy-polls, or a child handed only the even numbers), or it used
	// the whole work's CPU itself (AloneWholeShare). A child that did
	// nearly all, beside other children that did shares of the work too,
	// is an uneven split, not work done alone. A main process that did
	// most of the work (MostWorkShare) beside two children or more that
	// burned CPU did not share it either, nor did a child that did most of
	// the work and ChildMostShare of the children's CPU together. Equal
	// ranges of numbers give the busier of two about 0.63 of the work, and
	// a busy machine, which makes a process need more CPU for the same
	// work, has been seen to take that to 0.86.
	Alone bool `json:"alone"`
	// Judged is false when the sequential run did too little CPU work
	// (below MinWorkCPU) for shares of it to mean anything.
	Judged bool `json:"judged"`
}

// ShareOfWork compares each process of the parallel run par, whose
// analysis is a, with the work, the exact CPU total of the program's
// sequential run on the same input.
func ShareOfWork(par *observe.Observation, a Analysis, work float64) WorkShare {
	ws := WorkShare{Work: work, Judged: work >= MinWorkCPU}
	childWorkers, childrenCPU, total := 0, 0.0, 0.0
	var main ProcessRole
	for i, p := range par.Processes {
		if i >= len(a.Roles) || a.Roles[i].Role == RoleHelper {
			continue
		}
		cpu := p.TotalCPUSeconds()
		total += cpu
		if a.Roles[i].Role == RoleMain {
			main = a.Roles[i]
		} else {
			childrenCPU += cpu
			if cpu >= max(WorkerMinCPU, SharerWorkShare*work) {
				childWorkers++
			}
		}
		if cpu > ws.Busiest.CPUSeconds {
			ws.Others += ws.Busiest.CPUSeconds
			ws.Busiest = a.Roles[i]
		} else {
			ws.Others += cpu
		}
	}
	if ws.Judged {
		ws.Share = ws.Busiest.CPUSeconds / work
		nobodyShared := ws.Busiest.Role == RoleMain || childWorkers <= 1
		ws.Alone = ws.Share >= AloneWorkShare && ws.Others >= WorkerMinCPU && (nobodyShared || ws.Share >= AloneWholeShare)
		// A main process that did most of the work beside two or more
		// children that burned CPU too: no split among three processes
		// or more leaves one of them that much.
		if !ws.Alone && childWorkers >= 2 && main.CPUSeconds >= MostWorkShare*work {
			// The main process, busiest or not (a decoy on a faster core
			// can use more CPU than it), did most of the work.
			ws.Busiest, ws.Share, ws.Others, ws.Alone = main, main.CPUSeconds/work, total-main.CPUSeconds, true
		}
		// A child that did most of the work and nearly all of what the
		// children did together, measured in the same run (so that a
		// sequential run that happened to be slower cannot hide it): a
		// worker beside it handed only the cheap numbers did not share.
		ws.Alone = ws.Alone || ws.Busiest.Role != RoleMain && ws.Others >= WorkerMinCPU &&
			ws.Share >= MostWorkShare && ws.Busiest.CPUSeconds >= ChildMostShare*childrenCPU
	}
	return ws
}

// CriticalCPU is the CPU time, in seconds, of the part of run o's work
// that could not have run beside the rest, whose analysis is a: its main
// process's (what it did itself cannot overlap the work it waits for)
// plus its busiest other process's, Python's own helpers left out. The
// sequential run's CPU over it bounds the speedup the split of the work
// allows, however loaded the machine: two equal workers and an idle main
// process allow about 2.
func CriticalCPU(o *observe.Observation, a *Analysis) float64 {
	if len(o.Processes) == 0 {
		return 0
	}
	busiest := 0.0
	for i, p := range o.Processes[1:] {
		if i+1 < len(a.Roles) && a.Roles[i+1].Role == RoleHelper {
			continue
		}
		busiest = max(busiest, p.TotalCPUSeconds())
	}
	return o.Processes[0].TotalCPUSeconds() + busiest
}
