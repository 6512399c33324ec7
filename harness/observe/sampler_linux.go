package observe

import (
	"github.com/shirou/gopsutil/v4/process"
)

// A sampler walks the tree under one root and keeps what it finds.
type sampler struct {
	r       *procReader
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
	ps        *process.Process
}

func newSampler(root int, t0 float64) *sampler {
	return &sampler{r: newProcReader(), root: root, t0: t0, known: map[int]*tracked{}, scan: !haveChildrenFiles()}
}

// sample walks the tree once at boottime now.
func (s *sampler) sample(now float64) {
	if s.scan {
		s.pids = descendantsByScan(s.root, s.pids[:0])
	} else {
		s.pids = s.r.descendants(s.root, s.pids[:0])
	}
	t := now - s.t0
	smp := Sample{T: t, Procs: make([]ProcSample, 0, len(s.pids))}
	for _, pid := range s.pids {
		st, err := s.r.stat(pid)
		if err != nil {
			continue // exited between the walk and the read
		}
		tr := s.track(pid, st, t)
		p := &s.procs[tr.index]
		if st.comm != tr.comm { // it called exec: a new program, a new command line
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
		if st.state != 'Z' {
			if mem, err := tr.ps.MemoryInfo(); err == nil && mem.RSS > p.PeakRSSBytes {
				p.PeakRSSBytes = mem.RSS
			}
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
