package observe

import (
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// maxOpenProcFiles bounds the /proc files a sampler keeps open: three per
// process of a tree of 256, well under the open-file limit Go sets.
const maxOpenProcFiles = 768

// filesPerProcess is how many files procFiles keeps open for one process.
const filesPerProcess = 3

// procFiles keeps /proc/PID/stat, /proc/PID/schedstat and
// /proc/PID/task/PID/children open between samples, so a sample reads
// each with one pread instead of
// open, read and close: a third of the system calls. An open /proc file
// stays bound to its process: once that process is gone a read fails,
// even if its pid has been given to another, so a reused pid is never
// read through an old file.
type procFiles struct {
	r     *procReader
	open  map[int]*pidFiles
	round int
	nfds  int
}

// pidFiles are the open files of one process; a descriptor is -1 when
// not open.
type pidFiles struct {
	stat, children, schedstat int
	seen                      int // the round it was last used
}

func newProcFiles(r *procReader) *procFiles {
	return &procFiles{r: r, open: map[int]*pidFiles{}}
}

// stat reads and parses pid's stat through its open file, opening it the
// first time.
func (f *procFiles) stat(pid int) (procStat, error) {
	pf := f.files(pid)
	if pf == nil {
		return f.r.stat(pid)
	}
	b, err := f.pread(&pf.stat, pid, "/stat")
	if err != nil {
		f.forget(pid)
		return f.r.stat(pid) // a new process with a reused pid, or none
	}
	return parseStat(b)
}

// runtime returns the nanoseconds pid's main thread has run on a CPU,
// from its schedstat read through its open file.
func (f *procFiles) runtime(pid int) (uint64, error) {
	pf := f.files(pid)
	var b []byte
	var err error
	if pf == nil {
		b, err = f.r.read(f.r.pidPath(pid, "/schedstat"))
	} else {
		b, err = f.pread(&pf.schedstat, pid, "/schedstat")
	}
	if err != nil {
		return 0, err
	}
	return parseSchedstat(b)
}

// mainThreadChildren appends the children of pid's main thread, read
// through its open file.
func (f *procFiles) mainThreadChildren(pid int, out []int) []int {
	pf := f.files(pid)
	if pf == nil {
		return f.r.mainThreadChildren(pid, out)
	}
	b, err := f.pread(&pf.children, pid, "/task/"+strconv.Itoa(pid)+"/children")
	if err != nil {
		return out
	}
	return appendPids(b, out)
}

func (f *procFiles) files(pid int) *pidFiles {
	pf, ok := f.open[pid]
	if !ok {
		if f.nfds+filesPerProcess > maxOpenProcFiles {
			return nil
		}
		pf = &pidFiles{stat: -1, children: -1, schedstat: -1}
		f.open[pid] = pf
	}
	pf.seen = f.round
	return pf
}

// pread reads the file at fd (opening /proc/PID+rest if fd is -1) from
// its start.
func (f *procFiles) pread(fd *int, pid int, rest string) ([]byte, error) {
	if *fd < 0 {
		nfd, err := unix.Open(unsafeString(f.r.pidPath(pid, rest)), unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			return nil, err
		}
		*fd = nfd
		f.nfds++
	}
	return f.r.readAt(*fd)
}

// forget closes pid's files.
func (f *procFiles) forget(pid int) {
	pf, ok := f.open[pid]
	if !ok {
		return
	}
	for _, fd := range []int{pf.stat, pf.children, pf.schedstat} {
		if fd >= 0 {
			unix.Close(fd)
			f.nfds--
		}
	}
	delete(f.open, pid)
}

// endRound closes the files of processes not seen since the last call.
func (f *procFiles) endRound() {
	for pid, pf := range f.open {
		if pf.seen != f.round {
			f.forget(pid)
		}
	}
	f.round++
}

// close closes every file.
func (f *procFiles) close() {
	for pid := range f.open {
		f.forget(pid)
	}
}

// rawPread is pread(2) without telling Go's scheduler: a read of a /proc
// file of a few hundred bytes takes microseconds and never blocks, and a
// sample makes a burst of them. Announced as blocking system calls, each
// may make the scheduler's monitor take the processor away and poll every
// 20 µs for a while after: most of the observer's own CPU on a virtual
// machine.
func rawPread(fd int, p []byte, off int64) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n, _, e := unix.RawSyscall6(unix.SYS_PREAD64, uintptr(fd), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)), uintptr(off), 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}
