package observe

import "golang.org/x/sys/unix"

// reaperNice is the helper's scheduling priority when it may raise it
// (as root). The helper sleeps almost all the time; when it wakes, it must
// win the CPU from the tree it watches: a fork bomb of 80 busy processes on
// 2 cores leaves a helper at nice 0 about 2% of a core, seconds per walk
// of the tree, and at nice -10 about a fifth.
const reaperNice = -10

// currentNice returns this thread's nice value.
func currentNice() int {
	// The system call returns 20 - nice, to keep clear of -1 (error).
	prio, err := unix.Getpriority(unix.PRIO_PROCESS, 0)
	if err != nil {
		return 0
	}
	return 20 - prio
}

// raisePriority gives every thread of this process the nice value nice.
// Linux keeps a nice value per thread, and threads made later inherit it
// from the thread that makes them.
func raisePriority(nice int) {
	for _, tid := range numbered("/proc/self/task") {
		unix.Setpriority(unix.PRIO_PROCESS, tid, nice)
	}
}
