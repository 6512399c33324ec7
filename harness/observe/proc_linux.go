package observe

import (
	"bytes"
	"errors"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// clockTicks is USER_HZ, the unit of the times in /proc/PID/stat. It is
// 100 on every Linux architecture mpgrade runs on.
const clockTicks = 100

// procStat is what one read of /proc/PID/stat tells.
type procStat struct {
	ppid      int
	state     byte
	utime     uint64 // clock ticks
	stime     uint64 // clock ticks
	cutime    uint64 // clock ticks of the children it has reaped
	cstime    uint64 // clock ticks of the children it has reaped
	threads   int
	starttime uint64 // clock ticks since boot
	rssPages  uint64 // resident set size, in pages
	processor int
	comm      string
}

// procReader reads /proc with one reused buffer, so a sample allocates
// little.
type procReader struct {
	buf  []byte
	path []byte
}

func newProcReader() *procReader {
	return &procReader{buf: make([]byte, 4096), path: make([]byte, 0, 64)}
}

// seqShortRead is the most a short read of a /proc file can return and
// still not be at its end. The kernel's seq_file hands out up to a page
// (4096 bytes) per read; a read that returns less than asked, with fewer
// bytes than this in all, was the whole file, and the read that would
// return 0 can be saved: a third of the system calls of a sample.
const seqShortRead = 3072

// read reads a small /proc file into the reader's buffer. The result is
// valid until the next read.
func (r *procReader) read(path []byte) ([]byte, error) {
	fd, err := unix.Open(unsafeString(path), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	return r.readAt(fd)
}

// readAt reads the /proc file open at fd, from its start, into the
// reader's buffer. The result is valid until the next read.
func (r *procReader) readAt(fd int) ([]byte, error) {
	n := 0
	for {
		asked := len(r.buf) - n
		m, err := rawPread(fd, r.buf[n:], int64(n))
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		n += m
		if m == 0 || (m < asked && n < seqShortRead) {
			break
		}
		if n == len(r.buf) {
			r.buf = append(r.buf, make([]byte, len(r.buf))...)
		}
	}
	return r.buf[:n], nil
}

// numbered lists the numbered entries of a /proc folder: the pids in
// /proc, the thread ids in /proc/PID/task. It is empty when the folder
// cannot be read.
func numbered(dir string) []int {
	f, err := os.Open(dir)
	if err != nil {
		return nil
	}
	names, _ := f.Readdirnames(-1)
	f.Close()
	ids := make([]int, 0, len(names))
	for _, name := range names {
		if id, err := strconv.Atoi(name); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

func (r *procReader) pidPath(pid int, rest string) []byte {
	r.path = append(r.path[:0], "/proc/"...)
	r.path = strconv.AppendInt(r.path, int64(pid), 10)
	r.path = append(r.path, rest...)
	return r.path
}

// stat reads and parses /proc/PID/stat.
func (r *procReader) stat(pid int) (procStat, error) {
	b, err := r.read(r.pidPath(pid, "/stat"))
	if err != nil {
		return procStat{}, err
	}
	return parseStat(b)
}

var errShortStat = errors.New("short /proc/PID/stat")

// parseStat parses the contents of /proc/PID/stat. The command name, in
// parentheses, may itself hold spaces and parentheses, so the fields are
// counted from the last ')'. A process that is exiting can leave the file
// empty; that is an error, not a panic.
func parseStat(b []byte) (procStat, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return procStat{}, errShortStat
	}
	var s procStat
	if j := bytes.IndexByte(b, '('); j >= 0 && j < i {
		s.comm = string(b[j+1 : i])
	}
	rest := b[i+2:]
	// Field numbers as in proc(5); rest starts at field 3 (state).
	for field := 3; len(rest) > 0 && field <= 39; field++ {
		j := bytes.IndexByte(rest, ' ')
		var tok []byte
		if j < 0 {
			tok, rest = rest, nil
		} else {
			tok, rest = rest[:j], rest[j+1:]
		}
		switch field {
		case 3:
			if len(tok) > 0 {
				s.state = tok[0]
			}
		case 4:
			s.ppid = atoi(tok)
		case 14:
			s.utime = uint64(atoi(tok))
		case 15:
			s.stime = uint64(atoi(tok))
		case 16:
			s.cutime = uint64(atoi(tok))
		case 17:
			s.cstime = uint64(atoi(tok))
		case 20:
			s.threads = atoi(tok)
		case 22:
			s.starttime = uint64(atoi(tok))
		case 24:
			s.rssPages = uint64(atoi(tok))
		case 39:
			s.processor = atoi(bytes.TrimSpace(tok))
			return s, nil
		}
	}
	return s, errShortStat
}

func atoi(b []byte) int {
	n := 0
	neg := false
	for i, c := range b {
		if i == 0 && c == '-' {
			neg = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		return -n
	}
	return n
}

// parseSchedstat returns the first field of /proc/PID/schedstat: the
// nanoseconds the task has run on a CPU (its sum_exec_runtime). For
// /proc/PID it is the main thread's alone; each thread has its own in
// /proc/PID/task/TID/schedstat.
func parseSchedstat(b []byte) (uint64, error) {
	j := bytes.IndexByte(b, ' ')
	if j <= 0 {
		return 0, errShortSchedstat
	}
	return uint64(atoi(b[:j])), nil
}

var errShortSchedstat = errors.New("short /proc/PID/schedstat")

// haveSchedstat reports whether this kernel keeps /proc/PID/schedstat
// (CONFIG_SCHED_INFO). Without it the file reads "0 0 0" or is missing,
// and CPU times are only known to a clock tick.
func haveSchedstat() bool {
	b, err := os.ReadFile("/proc/self/schedstat")
	if err != nil {
		return false
	}
	ns, err := parseSchedstat(b)
	return err == nil && ns > 0
}

// children appends to out the pids of pid's children, read from
// /proc/PID/task/TID/children for every thread. It returns out unchanged
// when the process is gone.
func (r *procReader) children(pid int, out []int) []int {
	dir, err := os.Open(unsafeString(r.pidPath(pid, "/task")))
	if err != nil {
		return out
	}
	tids, _ := dir.Readdirnames(-1)
	dir.Close()
	for _, tid := range tids {
		r.path = append(r.pidPath(pid, "/task/"), tid...)
		out = r.threadChildren(append(r.path, "/children"...), out)
	}
	return out
}

// childrenAndRuntime is children, and also returns the nanoseconds on CPU
// of pid's threads alive now, summed from each thread's schedstat (0 when
// none could be read). Threads that have ended are not in the sum; the
// caller takes the larger of it and the process's utime+stime, which
// counts them.
func (r *procReader) childrenAndRuntime(pid int, out []int) ([]int, uint64) {
	dir, err := os.Open(unsafeString(r.pidPath(pid, "/task")))
	if err != nil {
		return out, 0
	}
	tids, _ := dir.Readdirnames(-1)
	dir.Close()
	var ns uint64
	for _, tid := range tids {
		r.path = append(r.pidPath(pid, "/task/"), tid...)
		base := len(r.path)
		r.path = append(r.path[:base], "/children"...)
		out = r.threadChildren(r.path, out)
		r.path = append(r.path[:base], "/schedstat"...)
		if b, err := r.read(r.path); err == nil {
			if t, err := parseSchedstat(b); err == nil {
				ns += t
			}
		}
	}
	return out, ns
}

// threadChildren appends the pids in the children file at path.
func (r *procReader) threadChildren(path []byte, out []int) []int {
	b, err := r.read(path)
	if err != nil {
		return out
	}
	return appendPids(b, out)
}

// appendPids appends the pids of a children file's contents.
func appendPids(b []byte, out []int) []int {
	for len(b) > 0 {
		j := bytes.IndexByte(b, ' ')
		var tok []byte
		if j < 0 {
			tok, b = b, nil
		} else {
			tok, b = b[:j], b[j+1:]
		}
		if c := atoi(bytes.TrimSpace(tok)); c > 0 {
			out = append(out, c)
		}
	}
	return out
}

// mainThreadChildren appends the children of pid's main thread only: all
// of a single-threaded process's children, and for the helper all of its
// (it starts the program from its main thread, and orphans are given to
// the main thread of their subreaper).
func (r *procReader) mainThreadChildren(pid int, out []int) []int {
	r.path = r.pidPath(pid, "/task/")
	r.path = strconv.AppendInt(r.path, int64(pid), 10)
	return r.threadChildren(append(r.path, "/children"...), out)
}

// descendants appends to out every descendant of root, parents before
// children.
func (r *procReader) descendants(root int, out []int) []int {
	start := len(out)
	out = r.children(root, out)
	for i := start; i < len(out); i++ {
		out = r.children(out[i], out)
	}
	return out
}

// unsafeString copies b into a string. Paths are short; the copy is cheap
// and keeps the buffer reusable.
func unsafeString(b []byte) string { return string(b) }

// haveChildrenFiles reports whether this kernel has
// /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN).
func haveChildrenFiles() bool {
	_, err := os.Stat("/proc/self/task/" + strconv.Itoa(os.Getpid()) + "/children")
	return err == nil
}
