package observe

import (
	"os"
	"path/filepath"
	"syscall"
)

// LockMachine waits until no other mpgrade process on this machine is
// measuring, and returns the function that lets the next one go. Timing
// runs that overlap steal CPU from each other and the measurements lie;
// `go test ./...` runs packages, and testscript runs scripts, in parallel.
// Where file locks are not available it returns at once.
func LockMachine() (unlock func()) {
	path := filepath.Join(os.TempDir(), "mpgrade-measure.lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return func() {}
	}
	if err := flock(f, true); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		flock(f, false)
		f.Close()
	}
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
