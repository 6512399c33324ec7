package observe

import (
	"context"
	"errors"
	"io"
	"time"
)

// DefaultInterval is the sampling interval when a Spec gives none. At 20
// samples a second a run of one second gets enough samples to tell two
// busy processes from one, and the observer stays well under 1% of a core
// on an 8-process tree (see BenchmarkObserverOverhead).
const DefaultInterval = 50 * time.Millisecond

// LingerGrace is how long processes may outlive the main process before they
// are killed. Python's own helpers (resource_tracker, the fork server) exit
// within milliseconds of the main process; anything still running after
// this is a leftover.
const LingerGrace = 300 * time.Millisecond

// DefaultKillGrace is the time between SIGTERM and SIGKILL when a limit
// stops a program.
const DefaultKillGrace = 2 * time.Second

// ErrUnsupported is returned by Observe on systems without /proc and prctl.
var ErrUnsupported = errors.New("observing a process tree needs Linux")

// How a run was contained, as Observation.Containment says it.
const (
	// ContainmentCgroupV2: the run had a cgroup v2 of its own, with the
	// memory and pids controllers.
	ContainmentCgroupV2 = "cgroup v2"
	// ContainmentCgroupV1: the run had cgroups v1 of its own (memory,
	// pids, cpuacct, freezer, as the machine has them).
	ContainmentCgroupV1 = "cgroup v1"
	// ContainmentSubreaper: no cgroup; a subreaper, process groups and
	// resource limits (setrlimit) contained the run.
	ContainmentSubreaper = "subreaper"
)

// The limits that can stop a program, as Observation.Limit names them.
const (
	LimitWall      = "wall"
	LimitCPU       = "cpu"
	LimitMemory    = "memory"
	LimitProcesses = "processes"
	LimitOutput    = "output"
	LimitFileSize  = "file_size"
	// LimitInterrupted: the observer itself was asked to stop (Ctrl-C,
	// a cancelled context, the grader killed).
	LimitInterrupted = "interrupted"
)

// A Spec says what to run and how.
type Spec struct {
	// Args is the program and its arguments. Args[0] is looked up in PATH.
	Args []string
	// Dir is the working directory; empty means the current one.
	Dir string
	// Env is the environment; nil means the observer's own. Use ScrubEnv
	// to run untrusted code.
	Env []string
	// Stdin is the program's standard input; nil means none (/dev/null).
	Stdin io.Reader
	// Stdout and Stderr receive the program's output, up to
	// Limits.Output bytes each; nil discards it.
	Stdout io.Writer
	Stderr io.Writer
	// Interval is the sampling interval; zero means DefaultInterval.
	Interval time.Duration
	// Limits bound what the program may use.
	Limits Limits
	// User is the user the program runs as: a name ("nobody"), a uid
	// ("65534") or uid:gid ("65534:65534"). Empty means the observer's
	// own user. Another user than the observer's needs root; see
	// UnprivilegedUser.
	User string
	// Containment asks for a way of containing the run: empty means the
	// best this machine allows (a cgroup when running as root and cgroups
	// are writable), ContainmentSubreaper forces the fallback.
	Containment string
	// StartMethod, one of StartMethods, makes every Python interpreter of
	// the run use that multiprocessing start method, whatever the program
	// asks for: a sitecustomize module in a folder of the run's own is put
	// first on PYTHONPATH, after Env (see sitecustomize.py for what it
	// changes and why). Empty leaves the program's own choice.
	StartMethod string
	// Isolation asks for a way of isolating the run: empty means the best
	// this machine allows (namespaces where mpgrade may make them, else
	// none), IsolationNamespaces requires them (Observe returns an
	// *IsolationError, without starting the program, where they cannot be
	// made) and IsolationNone runs without. Observation.Isolation says
	// what the run had.
	Isolation string
	// Visible lists more files or folders the program may read when the
	// run is isolated; otherwise it sees only the system's folders (/usr,
	// /etc...), its interpreter's installation, Dir and the start
	// method's folder.
	Visible []string
}

// Limits bound one run. A zero field means no limit; DefaultLimits gives
// sensible ones.
type Limits struct {
	// Wall is the longest the program may run. Then the whole tree gets
	// SIGTERM, and SIGKILL after KillGrace.
	Wall time.Duration `json:"wall,omitempty"`
	// KillGrace is the time between SIGTERM and SIGKILL; zero means
	// DefaultKillGrace.
	KillGrace time.Duration `json:"kill_grace,omitempty"`
	// CPU is the most CPU time the whole tree may use. It is watched
	// every WatchInterval (exactly, from the cgroup, when there is one),
	// and each process also gets it as RLIMIT_CPU, rounded up to whole
	// seconds.
	CPU time.Duration `json:"cpu,omitempty"`
	// Memory is the most memory in bytes: for the whole tree (resident
	// and page cache) when the run has a cgroup with the memory
	// controller, else for each process (RLIMIT_DATA), where Python
	// raises MemoryError.
	Memory int64 `json:"memory,omitempty"`
	// Processes is the most processes and threads the tree may have at
	// once: the cgroup's pids.max, else RLIMIT_NPROC over what the run's
	// user already has (when that user is not root), and in any case the
	// watch every WatchInterval.
	Processes int `json:"processes,omitempty"`
	// Output is how many bytes of stdout and of stderr, each, are passed
	// on to Spec.Stdout and Spec.Stderr; the rest is counted and
	// discarded, and Observation.Output.Truncated is set.
	Output int64 `json:"output,omitempty"`
	// OutputTotal stops the program once it has written this many bytes
	// to stdout and stderr together.
	OutputTotal int64 `json:"output_total,omitempty"`
	// FileSize is the largest file a process may write (RLIMIT_FSIZE);
	// Python then gets "[Errno 27] File too large".
	FileSize int64 `json:"file_size,omitempty"`
}

// The defaults of DefaultLimits. A course program runs for seconds, uses
// tens of MB per process, a few dozen processes and threads, and prints a
// few lines; the defaults leave it ten times that room and stop a runaway
// program before it hurts the machine.
const (
	// DefaultWall: the longest program of the course runs ~10 s on 2
	// cores; a minute leaves room for a slow machine.
	DefaultWall = 60 * time.Second
	// DefaultCPU: two cores busy for the whole of DefaultWall.
	DefaultCPU = 2 * DefaultWall
	// DefaultMemory: a Python process starts at ~10 MB; 1 GiB is room
	// for large test data, not for a leak.
	DefaultMemory = 1 << 30
	// DefaultProcesses: a Pool of 16 with its threads is ~40 tasks.
	DefaultProcesses = 256
	// DefaultOutput: 1 MiB of each stream is far more than any check
	// reads, and bounds the grader's memory per run.
	DefaultOutput = 1 << 20
	// DefaultOutputTotal: a program that prints 64 MiB is stuck in a
	// loop; stop it rather than read on until the wall limit.
	DefaultOutputTotal = 64 << 20
	// DefaultFileSize: no program of the course writes files larger
	// than a few MB.
	DefaultFileSize = 256 << 20
)

// DefaultLimits returns the limits a graded run should have unless its
// assignment says otherwise.
func DefaultLimits() Limits {
	return Limits{
		Wall:        DefaultWall,
		KillGrace:   DefaultKillGrace,
		CPU:         DefaultCPU,
		Memory:      DefaultMemory,
		Processes:   DefaultProcesses,
		Output:      DefaultOutput,
		OutputTotal: DefaultOutputTotal,
		FileSize:    DefaultFileSize,
	}
}

// WatchInterval is how often the helper checks the limits that the kernel
// does not enforce by itself (total CPU, processes without a cgroup) and
// the cgroup's events (out of memory, pids.max reached). At 10 checks a
// second a CPU limit is overshot by at most 0.1 s per busy core.
const WatchInterval = 100 * time.Millisecond

// An Observer runs programs and watches them.
type Observer interface {
	Observe(ctx context.Context, spec Spec) (*Observation, error)
}

// Local observes programs on this machine.
type Local struct {
	// RequireIsolation makes every run require namespaces, as
	// Spec.Isolation IsolationNamespaces does, unless its Spec asks for
	// IsolationNone: for platforms that must never grade without them.
	RequireIsolation bool
}

// Observe runs spec on this machine and watches it until it ends.
func (l Local) Observe(ctx context.Context, spec Spec) (*Observation, error) {
	if l.RequireIsolation && spec.Isolation == "" {
		spec.Isolation = IsolationNamespaces
	}
	return observe(ctx, spec)
}

// Replay is an Observer that returns recorded observations in turn, for
// tests of what comes after observation.
type Replay struct {
	Observations []*Observation
	next         int
}

// Observe returns the next recorded observation.
func (r *Replay) Observe(ctx context.Context, spec Spec) (*Observation, error) {
	if r.next >= len(r.Observations) {
		return nil, errors.New("replay: no more recorded observations")
	}
	o := r.Observations[r.next]
	r.next++
	return o, nil
}

// A StartError says the program could not be started at all.
type StartError struct {
	Command []string
	Reason  string
}

func (e *StartError) Error() string { return e.Reason }
