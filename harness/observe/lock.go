package observe

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDir is the folder of the CPU lock files: /tmp, the one folder every
// process of the machine shares, whatever its TMPDIR (testscript gives
// each script its own, and a batch grader's workers point theirs at
// scratch folders); elsewhere the temporary folder when the process starts.
var lockDir = func() string {
	if info, err := os.Stat("/tmp"); err == nil && info.IsDir() {
		return "/tmp"
	}
	return os.TempDir()
}()

// LockMachine waits until no other mpgrade process measures on any of the
// CPUs the calling thread may run on, and returns the function that lets
// the next one go. Timing runs that share a CPU steal it from each other
// and the measurements lie; `go test ./...` runs packages, and testscript
// runs scripts, in parallel.
//
// There is one lock file per CPU, taken in ascending order of CPU (so two
// callers never wait on each other crosswise). A caller whose CPU affinity
// is the whole machine takes every lock and so waits for everyone; batch
// grading slots pinned to disjoint CPU sets take disjoint locks and
// measure at the same time. The affinity read is the calling thread's,
// which is the whole process's unless the process pinned its threads.
// Where file locks are not available it returns at once.
func LockMachine() (unlock func()) {
	var held []*os.File
	for _, cpu := range AvailableCPUs().Affinity {
		if f := lockCPU(cpu); f != nil {
			held = append(held, f)
		}
	}
	return func() {
		for i := len(held) - 1; i >= 0; i-- {
			flock(held[i], false)
			held[i].Close()
		}
	}
}

// lockCPU takes the lock of one CPU, or returns nil when it cannot.
func lockCPU(cpu int) *os.File {
	path := filepath.Join(lockDir, fmt.Sprintf("mpgrade-measure-cpu%d.lock", cpu))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		// Made by another user with a stricter umask: a lock needs no
		// write access.
		if f, err = os.Open(path); err != nil {
			return nil
		}
	}
	if err := flock(f, true); err != nil {
		f.Close()
		return nil
	}
	return f
}

func flock(f *os.File, lock bool) error {
	how := syscall.LOCK_UN
	if lock {
		how = syscall.LOCK_EX
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}
