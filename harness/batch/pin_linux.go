package batch

import (
	"runtime"
	"syscall"

	"golang.org/x/sys/unix"
)

// pinThread locks the calling goroutine to its thread for good and
// restricts the thread to cpus; processes it starts inherit them. The
// thread is never unlocked: it ends with the goroutine, affinity and all.
func pinThread(cpus []int) error {
	runtime.LockOSThread()
	var set unix.CPUSet
	for _, c := range cpus {
		set.Set(c)
	}
	return unix.SchedSetaffinity(0, &set)
}

// workerAttr puts a worker in a process group of its own (a Ctrl-C at the
// terminal reaches the grader, which stops the workers itself) and has the
// kernel kill it when the thread that started it ends — with the grader,
// even under kill -9. Its observed programs die with it: each helper that
// watches one gets SIGTERM when the worker's thread that started it ends.
func workerAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// canPin says whether slots can be pinned to CPUs here; where they
// cannot, a batch has one slot.
const canPin = true
