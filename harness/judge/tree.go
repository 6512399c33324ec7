package judge

import (
	"strings"

	"github.com/mpgrade/mpgrade/harness/observe"
)

// ChildOfMain reports whether the main process started p: its parent when
// first seen is the main process, or a fork server that the main process
// started (the forkserver start method forks children from there). When
// it did not, parent is the process that did.
func ChildOfMain(o *observe.Observation, p observe.Process) (parent int, ok bool) {
	main := o.MainPID()
	if p.FirstPPID == main {
		return main, true
	}
	server, found := o.Process(p.FirstPPID)
	if found && server.FirstPPID == main && strings.Contains(strings.Join(server.Cmdline, " "), "forkserver") {
		return main, true
	}
	return p.FirstPPID, false
}

// PlausiblePid reports whether pid, a pid as the program saw it which no
// sample found, is close (within PidNeighbourhood) to a pid the run was
// observed to have: the pid of a process too short-lived to be sampled,
// rather than a made-up one. In a pid namespace of the run's own, where
// pids are handed out from 1 and the run's processes all come after its
// main process, a pid below the main process's is none of theirs.
func PlausiblePid(o *observe.Observation, pid int) bool {
	if len(o.Processes) > 0 && o.Processes[0].OwnPID != 0 && pid <= o.Processes[0].OwnPID {
		return false
	}
	for _, p := range o.Processes {
		if d := pid - p.PIDInRun(); d != 0 && d <= PidNeighbourhood && -d <= PidNeighbourhood {
			return true
		}
	}
	return false
}

// LongestZombie finds the child seen as a zombie (state Z) over the
// longest span while the main process was alive and not a zombie itself.
func LongestZombie(o *observe.Observation) (pid int, span float64) {
	main := o.MainPID()
	first := map[int]float64{}
	for _, s := range o.Samples {
		mainRunning := false
		for _, ps := range s.Procs {
			if ps.PID == main && ps.State != "Z" {
				mainRunning = true
			}
		}
		if !mainRunning {
			continue
		}
		for _, ps := range s.Procs {
			if ps.PID == main || ps.State != "Z" {
				continue
			}
			t0, ok := first[ps.PID]
			if !ok {
				first[ps.PID] = s.T
				t0 = s.T
			}
			if s.T-t0 > span {
				pid, span = ps.PID, s.T-t0
			}
		}
	}
	return pid, span
}

// WorkersOf lists the processes of o that a gave the role of worker, in
// the order of the observation.
func WorkersOf(o *observe.Observation, a *Analysis) []observe.Process {
	var out []observe.Process
	for i, p := range o.Processes {
		if i < len(a.Roles) && a.Roles[i].Role == RoleWorker {
			out = append(out, p)
		}
	}
	return out
}
