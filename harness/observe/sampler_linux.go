package observe

import (
	"os"
	"runtime"
	"time"

	"github.com/shirou/gopsutil/v4/process"
	"golang.org/x/sys/unix"
)

// A sampler walks the tree under one root and keeps what it finds.
type sampler struct {
	r       *procReader
	files   *procFiles
	root    int     // the reaper helper; not itself reported
	t0      float64 // boottime of the program's start
	procs   []Process
	known   map[int]*tracked
	samples []Sample
	pids    []int
	scan    bool // no children files: find the tree by scanning /proc
}

// tracked is the sampler's state for one process.
type tracked struct {
	index     int // in procs
	starttime uint64
	lastCPU   uint64
	comm      string
	sightings int
	ps        *process.Process
}

// cmdlineRereads is how many sightings of a process read its command line
// again: a child started with fork then exec (Python's spawn and
// forkserver) may be first sampled between the two.
const cmdlineRereads = 3

func newSampler(root int, t0 float64) *sampler {
	r := newProcReader()
	return &sampler{r: r, files: newProcFiles(r), root: root, t0: t0, known: map[int]*tracked{}, scan: !haveChildrenFiles()}
}

// pageSize converts the resident pages of /proc/PID/stat to bytes.
var pageSize = uint64(os.Getpagesize())

// sample walks the tree once at boottime now. The walk and the reads are
// one pass: each process's stat is read once, and its thread count there
// says whether its children can be read from its main thread's file alone
// (one read instead of a listing of its threads).
func (s *sampler) sample(now float64) {
	if s.scan {
		s.pids = descendantsByScan(s.root, s.pids[:0])
	} else {
		s.pids = s.files.mainThreadChildren(s.root, s.pids[:0])
	}
	defer s.files.endRound()
	t := now - s.t0
	smp := Sample{T: t, Procs: make([]ProcSample, 0, len(s.pids)+4)}
	for i := 0; i < len(s.pids); i++ {
		pid := s.pids[i]
		st, err := s.files.stat(pid)
		if err != nil {
			continue // exited between the walk and the read
		}
		switch {
		case s.scan:
		case st.threads <= 1:
			s.pids = s.files.mainThreadChildren(pid, s.pids)
		default:
			s.pids = s.r.children(pid, s.pids)
		}
		tr := s.track(pid, st, t)
		p := &s.procs[tr.index]
		// A process that called exec runs a new program with a new command
		// line. Its comm changes, unless the new program has the same name
		// (python3 spawning python3), so the command line is also read
		// again at the first few sightings, when an exec right after the
		// fork happens.
		if tr.sightings++; st.comm != tr.comm || tr.sightings <= cmdlineRereads {
			tr.comm = st.comm
			if cmdline, err := tr.ps.CmdlineSlice(); err == nil {
				p.Cmdline = cmdline
			}
		}
		cpu := st.utime + st.stime
		if cpu > tr.lastCPU || (p.FirstSeen == t && cpu > 0) {
			p.CPUs = addCPU(p.CPUs, st.processor)
		}
		tr.lastCPU = cpu
		p.PPID = st.ppid
		p.LastSeen = t
		p.UserSeconds = float64(st.utime) / clockTicks
		p.SystemSeconds = float64(st.stime) / clockTicks
		if st.threads > p.MaxThreads {
			p.MaxThreads = st.threads
		}
		if rss := st.rssPages * pageSize; rss > p.PeakRSSBytes {
			p.PeakRSSBytes = rss
		}
		smp.Procs = append(smp.Procs, ProcSample{
			PID:       pid,
			CPU:       float64(cpu) / clockTicks,
			Processor: st.processor,
			Threads:   st.threads,
			State:     string(st.state),
		})
	}
	s.samples = append(s.samples, smp)
}

// close releases the files the sampler keeps open.
func (s *sampler) close() { s.files.close() }

// track returns the state of pid, starting a new entry when the pid is new
// or was reused by another process.
func (s *sampler) track(pid int, st procStat, t float64) *tracked {
	if tr, ok := s.known[pid]; ok && tr.starttime == st.starttime {
		return tr
	}
	ps := &process.Process{Pid: int32(pid)}
	cmdline, _ := ps.CmdlineSlice()
	s.procs = append(s.procs, Process{
		PID:          pid,
		PPID:         st.ppid,
		FirstPPID:    st.ppid,
		Cmdline:      cmdline,
		StartSeconds: max(0, float64(st.starttime)/clockTicks-s.t0),
		FirstSeen:    t,
	})
	tr := &tracked{index: len(s.procs) - 1, starttime: st.starttime, comm: st.comm, ps: ps}
	s.known[pid] = tr
	return tr
}

func addCPU(cpus []int, c int) []int {
	for i, have := range cpus {
		if have == c {
			return cpus
		}
		if have > c {
			cpus = append(cpus, 0)
			copy(cpus[i+1:], cpus[i:])
			cpus[i] = c
			return cpus
		}
	}
	return append(cpus, c)
}

// A samplingLoop takes a sample every interval on a thread of its own,
// until stopped.
type samplingLoop struct {
	stopW int
	done  chan struct{}
}

// startSampling samples s every interval, the first time at once. It waits
// with poll(2) on a pipe rather than a Go timer: on a virtual machine a
// timer's wake-up, which passes through Go's scheduler and other threads,
// costs the observer twice the CPU of one system call, 20 times a second.
// Closing the pipe stops the loop at once.
func startSampling(s *sampler, interval time.Duration) (*samplingLoop, error) {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return nil, err
	}
	l := &samplingLoop{stopW: p[1], done: make(chan struct{})}
	go func() {
		defer close(l.done)
		defer unix.Close(p[0])
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		fds := []unix.PollFd{{Fd: int32(p[0]), Events: unix.POLLIN}}
		// Go's monotonic clock reads without a system call; the boot
		// clock, which the helper's times are in, is read once.
		boot0, start := boottime(), time.Now()
		next := start
		for {
			s.sample(boot0 + time.Since(start).Seconds())
			next = next.Add(interval)
			wait := time.Until(next)
			if wait < 0 { // a slow sample: start again from now
				next, wait = time.Now(), 0
			}
			n, err := unix.Poll(fds, int(wait.Milliseconds()))
			if n > 0 || (err != nil && err != unix.EINTR) {
				return
			}
		}
	}()
	return l, nil
}

// stop ends the loop and waits for its last sample to end.
func (l *samplingLoop) stop() {
	unix.Close(l.stopW)
	<-l.done
}
