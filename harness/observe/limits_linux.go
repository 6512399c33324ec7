package observe

import (
	"math"
	"strconv"

	"golang.org/x/sys/unix"
)

// nprocSlack is room above Limits.Processes in RLIMIT_NPROC for the other
// processes of the same user that start while the program runs: the
// limit counts every process and thread of the user, not the tree's.
const nprocSlack = 16

// An rlimit is one resource limit the exec stage sets before it becomes
// the program.
type rlimit struct {
	Resource int    `json:"resource"`
	Cur      uint64 `json:"cur"`
	Max      uint64 `json:"max"`
}

// How a limit was enforced, as Observation.Enforced says it.
const (
	byCgroup   = "cgroup"
	byRlimit   = "rlimit"
	byWatch    = "watch"
	byHelper   = "helper"
	byObserver = "observer"
)

// planLimits decides how each limit of lim is enforced for a program run
// by uid, given the run's cgroup (nil for none), and returns the resource
// limits to set and what enforces each limit. tasks counts what a user
// already runs (tasksOfUser).
func planLimits(lim Limits, cg *runCgroup, uid int, tasks func(uid int) int) ([]rlimit, map[string]string) {
	// No core dumps: a memory hog's core would fill the work folder.
	rls := []rlimit{{Resource: unix.RLIMIT_CORE}}
	how := map[string]string{}
	if lim.Wall > 0 {
		how[LimitWall] = byHelper
	}
	if lim.Output > 0 || lim.OutputTotal > 0 {
		how[LimitOutput] = byObserver
	}
	if lim.CPU > 0 {
		// The per-process backstop, in whole seconds; the watch keeps
		// the total.
		secs := uint64(math.Ceil(lim.CPU.Seconds()))
		rls = append(rls, rlimit{Resource: unix.RLIMIT_CPU, Cur: secs, Max: secs + 1})
		how[LimitCPU] = byWatch
		if cg.enforces(LimitCPU) {
			how[LimitCPU] = byCgroup
		}
	}
	if lim.Memory > 0 {
		if cg.enforces(LimitMemory) {
			how[LimitMemory] = byCgroup
		} else {
			m := uint64(lim.Memory)
			rls = append(rls, rlimit{Resource: unix.RLIMIT_DATA, Cur: m, Max: m})
			how[LimitMemory] = byRlimit
		}
	}
	if lim.Processes > 0 {
		switch {
		case cg.enforces(LimitProcesses):
			how[LimitProcesses] = byCgroup
		case uid != 0: // root ignores RLIMIT_NPROC
			n := uint64(tasks(uid) + lim.Processes + nprocSlack)
			rls = append(rls, rlimit{Resource: unix.RLIMIT_NPROC, Cur: n, Max: n})
			how[LimitProcesses] = byRlimit
		default:
			how[LimitProcesses] = byWatch
		}
	}
	if lim.FileSize > 0 {
		f := uint64(lim.FileSize)
		rls = append(rls, rlimit{Resource: unix.RLIMIT_FSIZE, Cur: f, Max: f})
		how[LimitFileSize] = byRlimit
	}
	return rls, how
}

// tasksOfUser counts the processes and threads owned by uid, as
// RLIMIT_NPROC counts them.
func tasksOfUser(uid int) int {
	r := newProcReader()
	n := 0
	for _, pid := range numbered("/proc") {
		var st unix.Stat_t
		if unix.Stat("/proc/"+strconv.Itoa(pid), &st) != nil || int(st.Uid) != uid {
			continue
		}
		if s, err := r.stat(pid); err == nil {
			n += max(1, s.threads)
		}
	}
	return n
}
