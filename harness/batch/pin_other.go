//go:build !linux

package batch

import (
	"runtime"
	"syscall"
)

// pinThread only locks the goroutine to its thread: this system has no
// per-thread CPU affinity, so there is one slot.
func pinThread(cpus []int) error {
	runtime.LockOSThread()
	return nil
}

// workerAttr puts a worker in a process group of its own.
func workerAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// canPin says whether slots can be pinned to CPUs here; where they
// cannot, a batch has one slot.
const canPin = false
