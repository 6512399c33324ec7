package observe

import "time"

// An Observation is everything seen while one program ran. Times are in
// seconds from the moment the program was started; CPU figures are seconds
// of CPU time.
type Observation struct {
	// Command is the program and its arguments, as started.
	Command []string `json:"command"`
	// Started is the wall-clock time at which the program was started.
	Started time.Time `json:"started"`
	// WallSeconds is the time from the program's start to the exit of its
	// main process.
	WallSeconds float64 `json:"wall_seconds"`
	// ExitCode is the main process's exit status, or -1 when it was
	// killed by a signal.
	ExitCode int `json:"exit_code"`
	// Signal names the signal that ended the main process, if one did.
	Signal string `json:"signal,omitempty"`
	// CPU holds the kernel's exact totals for the whole tree.
	CPU CPUTotals `json:"cpu"`
	// CPUs says how many CPUs the program was allowed to use.
	CPUs CPUBudget `json:"cpus"`
	// MachineBusySeconds is the CPU time the whole machine spent busy while
	// the program ran, from /proc/stat; minus CPU.Seconds() it is what
	// other programs used.
	MachineBusySeconds float64 `json:"machine_busy_seconds"`
	// IntervalSeconds is the sampling interval asked for: the steady
	// interval, between the stretches sampled faster.
	IntervalSeconds float64 `json:"interval_seconds"`
	// FastIntervalSeconds is the interval of the samples taken while the
	// tree was young or changing (processes appearing, exec'ing, becoming
	// zombies or vanishing), or 0 when every sample was IntervalSeconds
	// apart (recordings made before there was a faster one).
	FastIntervalSeconds float64 `json:"fast_interval_seconds,omitempty"`
	// CPUResolutionSeconds is the resolution of the samples' CPU times:
	// 1e-9 when they come from /proc/PID/schedstat, in nanoseconds; 0.01
	// when only from utime+stime, in clock ticks; 0 in recordings made
	// before it was recorded, whose times are clock ticks.
	CPUResolutionSeconds float64 `json:"cpu_resolution_seconds,omitempty"`
	// SamplerCPUSeconds is the CPU the observer's sampling thread used over
	// the run (its samples and its wake-ups), from its own schedstat; 0
	// where the kernel keeps none.
	SamplerCPUSeconds float64 `json:"sampler_cpu_seconds,omitempty"`
	// Startup is what starting a process costs on this machine, measured
	// for the run's interpreter; zero when it was not measured.
	Startup *StartupCosts `json:"startup,omitempty"`
	// UnattributedCPUSeconds is the part of CPU.Seconds() that no process
	// is credited with: the CPU of processes that lived and ended between
	// two samples, and of processes after their last sample when the
	// kernel's accounting cannot tell whose it was (see SettleCPU). The
	// processes' TotalCPUSeconds and it add up to CPU.Seconds().
	UnattributedCPUSeconds float64 `json:"unattributed_cpu_seconds,omitempty"`
	// Processes lists every process that was sampled at least once, in the
	// order first seen. The main process comes first.
	Processes []Process `json:"processes"`
	// Samples is the timeline, one entry per walk of the tree.
	Samples []Sample `json:"samples"`
	// Leftovers are the processes still running after the main process
	// exited and the grace period passed; they were killed.
	Leftovers []Leftover `json:"leftovers,omitempty"`
	// Containment says how the run was contained: ContainmentCgroupV2,
	// ContainmentCgroupV1 or ContainmentSubreaper.
	Containment string `json:"containment"`
	// Isolation says how the run was kept apart from the machine: its
	// own namespaces, or none and why.
	Isolation Isolation `json:"isolation"`
	// Limits are the limits the run had.
	Limits Limits `json:"limits"`
	// Enforced says, for each limit the run had ("memory", "processes",
	// "cpu"...), what enforced it: "cgroup", "rlimit", "watch" (the
	// helper checked it every WatchInterval) or "observer".
	Enforced map[string]string `json:"enforced,omitempty"`
	// Limit names the limit that stopped the program, if one did: one of
	// LimitWall, LimitCPU, LimitMemory, LimitProcesses, LimitOutput,
	// LimitFileSize, LimitInterrupted.
	Limit string `json:"limit,omitempty"`
	// StartMethod is the multiprocessing start method the run was made to
	// use (Spec.StartMethod), or empty for the program's own choice.
	StartMethod string `json:"start_method,omitempty"`
	// RunAs is the user the program ran as, as uid:gid, when it was not
	// the observer's own.
	RunAs string `json:"run_as,omitempty"`
	// Cgroup holds the run cgroup's own figures, when the run had one.
	Cgroup *CgroupStats `json:"cgroup,omitempty"`
	// Output counts what the program wrote.
	Output OutputStats `json:"output"`
}

// CgroupStats are what the run's cgroup counted, independently of the
// reaper's getrusage: a cross-check of the CPU total, and the events that
// show which limit was reached.
type CgroupStats struct {
	// CPUSeconds is the tree's CPU time from cpuacct.usage (v1) or
	// cpu.stat (v2), or 0 when no cgroup counted it.
	CPUSeconds float64 `json:"cpu_seconds"`
	// PeakMemoryBytes is the tree's peak memory, resident and page cache
	// together, or 0 when not known.
	PeakMemoryBytes uint64 `json:"peak_memory_bytes,omitempty"`
	// OOMKills counts processes killed for reaching the memory limit.
	OOMKills int `json:"oom_kills,omitempty"`
	// PidsRefused counts forks refused for reaching the process limit.
	PidsRefused int `json:"pids_refused,omitempty"`
}

// CPUTotals are exact CPU times for the whole process tree, from the
// kernel's accounting (getrusage of the reaper's children).
type CPUTotals struct {
	UserSeconds   float64 `json:"user_seconds"`
	SystemSeconds float64 `json:"system_seconds"`
	// MaxRSSBytes is the largest peak resident memory of any single
	// process of the tree.
	MaxRSSBytes uint64 `json:"max_rss_bytes"`
}

// Seconds is user plus system CPU time.
func (c CPUTotals) Seconds() float64 { return c.UserSeconds + c.SystemSeconds }

// A CPUBudget is how much CPU the program could use.
type CPUBudget struct {
	// Online is the number of CPUs the machine has online.
	Online int `json:"online"`
	// Affinity lists the CPUs the program was allowed to run on.
	Affinity []int `json:"affinity"`
	// Quota is the cgroup CPU quota in CPUs (0.5 = half a CPU), or 0 when
	// there is none.
	Quota float64 `json:"quota,omitempty"`
	// Available is what the program could use at most at once: the
	// smaller of len(Affinity) and Quota.
	Available float64 `json:"available"`
}

// A Process is one process of the observed tree.
type Process struct {
	PID int `json:"pid"`
	// PPID is the parent at the last sample: an orphan's is the reaper
	// helper's. FirstPPID is the parent when it was first seen, the one
	// that started it (or, under forkserver, the fork server).
	PPID      int      `json:"ppid"`
	FirstPPID int      `json:"first_ppid"`
	Cmdline   []string `json:"cmdline"`
	// StartSeconds is when the kernel started it.
	StartSeconds float64 `json:"start_seconds"`
	// OwnPID and OwnPPID are its pid and its first parent's as the
	// program itself saw them (os.getpid(), os.getppid()) when the run
	// had a pid namespace of its own, where they differ from PID and
	// FirstPPID, the machine's; 0 otherwise. PIDInRun and PPIDInRun read
	// them.
	OwnPID  int `json:"own_pid,omitempty"`
	OwnPPID int `json:"own_ppid,omitempty"`
	// FirstSeen and LastSeen are the times of the first and last sample
	// that found it.
	FirstSeen float64 `json:"first_seen"`
	LastSeen  float64 `json:"last_seen"`
	// UserSeconds and SystemSeconds are its CPU times at the last sample,
	// in clock ticks (0.01 s); FinalCPUSeconds adds what it used after.
	UserSeconds   float64 `json:"user_seconds"`
	SystemSeconds float64 `json:"system_seconds"`
	// FinalCPUSeconds is its CPU time over its whole life, as exactly as
	// the kernel tells it, and FinalCPUFrom says how it is known: one of
	// FinalCPUZombie, FinalCPUReaped, FinalCPULastSample. Zero in
	// recordings made before it was recorded; TotalCPUSeconds reads it.
	FinalCPUSeconds float64 `json:"final_cpu_seconds,omitempty"`
	FinalCPUFrom    string  `json:"final_cpu_from,omitempty"`
	// CPUs lists the CPUs it was seen running on (field 39 of
	// /proc/PID/stat, read at samples where it had used CPU since the one
	// before).
	CPUs []int `json:"cpus"`
	// PeakRSSBytes is the largest resident memory seen at a sample.
	PeakRSSBytes uint64 `json:"peak_rss_bytes"`
	// MaxThreads is the largest thread count seen.
	MaxThreads int `json:"max_threads"`
}

// PIDInRun is the process's pid as the program saw it (os.getpid()): in
// the run's own pid namespace, when it had one.
func (p Process) PIDInRun() int {
	if p.OwnPID != 0 {
		return p.OwnPID
	}
	return p.PID
}

// PPIDInRun is the pid of the process's first parent as the program saw
// it (os.getppid()).
func (p Process) PPIDInRun() int {
	if p.OwnPID != 0 {
		return p.OwnPPID
	}
	return p.FirstPPID
}

// CPUSeconds is the process's user plus system time at its last sample,
// in clock ticks.
func (p Process) CPUSeconds() float64 { return p.UserSeconds + p.SystemSeconds }

// How a process's FinalCPUSeconds is known.
const (
	// FinalCPUZombie: its last sample found it a zombie, ended but not yet
	// reaped, with its final CPU time, to the nanosecond.
	FinalCPUZombie = "zombie"
	// FinalCPUReaped: it was the only one of its parent's children to
	// vanish between two samples, and its parent's count of its reaped
	// children's CPU (cutime+cstime) grew by its final CPU time, to the
	// clock tick; for the main process and orphans, reaped by the helper,
	// the run's exact total gives it to the microsecond.
	FinalCPUReaped = "reaped"
	// FinalCPULastSample: its CPU time at its last sample; what it used
	// after is in the run's UnattributedCPUSeconds.
	FinalCPULastSample = "last_sample"
)

// TotalCPUSeconds is the process's CPU time over its whole life:
// FinalCPUSeconds where the observation has it, else (a recording made
// before it was recorded) its CPU time at its last sample. The totals of
// all processes never add up to more than the run's CPU.Seconds().
func (p Process) TotalCPUSeconds() float64 {
	return max(p.FinalCPUSeconds, p.CPUSeconds())
}

// A Sample is one walk of the tree.
type Sample struct {
	// T is the time of the walk.
	T float64 `json:"t"`
	// Procs has one entry per process found.
	Procs []ProcSample `json:"procs"`
	// ReapedCPU is the reaper helper's ReapedCPU: what the processes it
	// has reaped (the main process, orphans) used, with what they reaped.
	ReapedCPU float64 `json:"reaped_cpu,omitempty"`
	// Gone lists processes found by the walk that had been reaped by the
	// time their stat was read: their parent, read before, may not count
	// them yet in its ReapedCPU.
	Gone []int `json:"gone,omitempty"`
}

// A ProcSample is one process as one sample found it.
type ProcSample struct {
	PID int `json:"pid"`
	// CPU is its cumulative user plus system time, in seconds: from
	// /proc/PID/schedstat (summed over its threads, never less than
	// utime+stime), or in clock ticks where the observation's
	// CPUResolutionSeconds says so.
	CPU float64 `json:"cpu"`
	// ReapedCPU is the CPU of the children it has reaped, with what they
	// reaped (cutime+cstime of /proc/PID/stat), in clock ticks.
	ReapedCPU float64 `json:"reaped_cpu,omitempty"`
	// Processor is the CPU it last ran on.
	Processor int `json:"processor"`
	// Threads is its thread count.
	Threads int `json:"threads"`
	// State is the one-letter state from /proc/PID/stat (R, S, D, Z...).
	State string `json:"state"`
}

// A Leftover is a process that outlived the main process and was killed.
type Leftover struct {
	PID     int      `json:"pid"`
	Cmdline []string `json:"cmdline"`
}

// OutputStats counts the program's output.
type OutputStats struct {
	// StdoutBytes and StderrBytes count everything written, kept or not.
	StdoutBytes int64 `json:"stdout_bytes"`
	StderrBytes int64 `json:"stderr_bytes"`
	// Truncated is true when more was written than was kept
	// (Limits.Output); only the first Limits.Output bytes of each stream
	// reached Spec.Stdout and Spec.Stderr.
	Truncated bool `json:"truncated,omitempty"`
}

// Process returns the process with the given pid, if it was seen.
func (o *Observation) Process(pid int) (Process, bool) {
	for _, p := range o.Processes {
		if p.PID == pid {
			return p, true
		}
	}
	return Process{}, false
}

// ProcessInRun returns the process whose pid, as the program saw it
// (PIDInRun), is pid: what a program printed names its processes so.
func (o *Observation) ProcessInRun(pid int) (Process, bool) {
	for _, p := range o.Processes {
		if p.PIDInRun() == pid {
			return p, true
		}
	}
	return Process{}, false
}

// MainPID is the pid of the main process, or 0 if none was seen.
func (o *Observation) MainPID() int {
	if len(o.Processes) == 0 {
		return 0
	}
	return o.Processes[0].PID
}
