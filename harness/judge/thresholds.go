package judge

// The thresholds of the analysis. Each says why it has its value.
const (
	// WindowSeconds is the length of the windows the run is judged in.
	// CPU time is counted in 10 ms ticks, so a 0.2 s window measures a
	// process's rate to ±0.05 of a core; it also holds four samples at the
	// default 50 ms interval, so one late sample does not matter.
	WindowSeconds = 0.2

	// BusyRate is the share of one core a process must use in a window to
	// count as busy by its CPU time alone. Four workers on two cores get
	// 0.5 each; a process that sleeps or waits on a queue uses almost
	// nothing.
	BusyRate = 0.25

	// RunnableShare is the share of a window's samples in which a process
	// must be running or waiting for a CPU (state R) to count as busy
	// although it got less than BusyRate: on a machine loaded by other
	// programs a CPU-bound worker may get only a small share, but it is
	// always ready to run, while one that sleeps or waits never is.
	RunnableShare = 0.5

	// MinRunnableRate is the least share of a core a runnable process must
	// still get to count as busy, so that a process caught runnable at a
	// few samples while doing almost nothing is not.
	MinRunnableRate = 0.05

	// WorkerMinCPU is the CPU time, in seconds, a process must use to be a
	// worker. Starting a Python process costs 0.01–0.08 s of CPU (fork is
	// cheap; spawn imports the interpreter again); a worker must have done
	// clearly more than its own start-up.
	WorkerMinCPU = 0.15

	// MinPhaseWindows is how many consecutive windows two processes must
	// be busy together for a parallel phase. When one process is joined
	// and the next started, both are busy in at most one window.
	MinPhaseWindows = 2

	// MinPhaseParallelism is the cores the busy processes must use
	// together during a phase: more than one core can give, with a margin
	// for tick rounding. Below it they took turns on one core.
	MinPhaseParallelism = 1.2

	// SharedMinShare is the least share of the run that processes busy
	// together on less than MinPhaseParallelism cores must last to be
	// called taking turns (or a loaded machine). On a loaded machine the
	// hand-over between processes run one after another — the old one
	// still exiting, the new one starting — can look like two busy
	// windows; sharing a core for real lasts most of the run.
	SharedMinShare = 0.3

	// SaturationMargin is how close to all the CPUs available the program
	// and the other programs together must come for the machine to count
	// as full: half a CPU, since busy processes on a full machine still
	// leave a little idle time between them.
	SaturationMargin = 0.5

	// MinCPUs is the CPUs the program must be allowed to use (affinity
	// and cgroup quota) for parallelism to be visible at all. A container
	// with 1 or 0.5 CPU cannot show it, whatever the program does.
	MinCPUs = 1.5

	// MinWallSeconds is the shortest run that can be judged: two windows.
	MinWallSeconds = MinPhaseWindows * WindowSeconds

	// MinOverlapSeconds is how long workers started together must live
	// side by side for a parallel phase to be seen whatever the windows'
	// alignment: three windows always hold two whole ones. Workers that
	// lived together for less, with no phase seen, ran too briefly to be
	// judged, rather than one after another.
	MinOverlapSeconds = (MinPhaseWindows + 1) * WindowSeconds

	// MinWorkCPU is the least CPU time, in seconds, the whole program must
	// use for its parallelism to be judged; below it there is no CPU-bound
	// work to see.
	MinWorkCPU = 2 * WorkerMinCPU

	// ManyProcesses is the count of processes above which a program that
	// has no worker is said to start many tiny processes.
	ManyProcesses = 20
)

// The thresholds of the shared-work analysis (work.go).
const (
	// AloneWorkShare is the share of the work (the CPU of the program's
	// sequential run on the same input) above which one process of the
	// parallel run did the work alone. Shared among two workers, each does
	// about half; an uneven split of equal ranges gives the busier of two
	// about 0.63; and a process's CPU after its last sample is not seen,
	// which only lowers its share. A process near the whole work while the
	// others burn CPU beside it (spinning decoys, a main that busy-polls
	// is_alive) did not share it.
	AloneWorkShare = 0.8

	// AloneWholeShare is the share of the work above which a process did
	// it alone whatever the others did: its own CPU was the whole work's.
	// An honest split would need its busiest process to need 1.6 times
	// the CPU for the same work, beyond the 1.4 a shared machine was seen
	// to cost.
	AloneWholeShare = 1.0

	// SharerWorkShare is the share of the work another child must have
	// used for a busiest child's large share to be an uneven split rather
	// than work done alone: the lighter of two equal ranges of numbers
	// is about 0.37 of the work, while a child handed only the even
	// numbers (a stride of 2) uses 0.1–0.17 of it, mostly its loop and its
	// start-up.
	SharerWorkShare = 0.25

	// MostWorkShare is the share of the work above which a main process
	// that had two or more children burning CPU beside it did the work
	// alone, and above which a child that used ChildMostShare of the
	// children's CPU did: shared among three processes, each does about a third, and
	// a busy machine was seen to make one need up to 1.4 times the CPU
	// for its part (0.47); decoys that spin while the main counts leave
	// it the whole work, which its CPU showed as 0.79–0.91 of the
	// sequential run's on a shared 2-core machine (the sequential run
	// pays the interpreter's start-up too), idle or with a core kept busy.
	MostWorkShare = 0.6

	// ChildMostShare is the share of all the children's CPU, in the same
	// parallel run, above which the busiest child did the children's work
	// alone. The busier of two equal ranges of numbers uses about 0.63 of
	// it, and 0.69 when its core runs 30% slower than the other's (seen on
	// a shared machine); a worker beside it handed only the even numbers
	// leaves it 0.85–0.95.
	ChildMostShare = 0.8
)

// The thresholds of the script commands that judge a run's processes
// against each other (together.go, balance.go, tree.go, working.go).
const (
	// TogetherBusyCPU is the CPU time, in seconds, a process must gain in a
	// window (WindowSeconds) to count as working in it: a tenth of a core.
	// Two workers that take a lock for every increment hand it back and
	// forth and may each get less than a quarter of a core on a loaded
	// machine while both progress; one that waits for the other's whole
	// loop gains nothing.
	TogetherBusyCPU = 0.02

	// TogetherMachineRoom is the CPUs that other load must leave to the
	// program for a failure to work together (or to be faster) to count:
	// MinPhaseParallelism with a margin.
	TogetherMachineRoom = MinPhaseParallelism + 0.3

	// DefaultImbalance is the largest ratio between the busiest and the
	// least busy worker's CPU time that is balanced by default. A split
	// into many small chunks gives about 1.05; cutting [0, N) into W equal
	// pieces gives about 1.7 for two workers, since testing a large number
	// costs more.
	DefaultImbalance = 1.35

	// BalanceMaxOtherLoad is the most cores other programs may keep busy
	// for an uneven share to count: on a loaded machine a worker that
	// shares its core's caches with another program needs more CPU time
	// for the same work, and the shares say more about the machine than
	// the split.
	BalanceMaxOtherLoad = 0.3

	// BalanceConfirmRuns is how many times a parallel run whose shares
	// were uneven is made again before the split is failed: a program
	// whose split is uneven is uneven every time, while one run's CPU
	// figures can be skewed by the machine — a balanced split (32 chunks
	// dealt round robin) was seen at 1.42 on a shared 2-core machine whose
	// load the samples did not show. The split fails only when every run
	// is uneven, and passes when any is even.
	BalanceConfirmRuns = 2

	// StartTimeResolution is the resolution, in seconds, of a process's
	// start time: /proc/PID/stat gives it in clock ticks (0.01 s).
	StartTimeResolution = 0.01

	// ExactCPUTolerance is how far, in seconds, a process's final CPU time
	// told by the kernel may be from the truth: one clock tick, the unit
	// of its parent's count of reaped children's CPU (a zombie's, from
	// schedstat, is exact to the nanosecond).
	ExactCPUTolerance = 0.01

	// DefaultZombieGrace is how long, in seconds, a child may be seen as a
	// zombie. A parent that joins in index order leaves a child that ends
	// before an earlier one a zombie until its turn: measured up to 0.15 s
	// under spawn, where children start about 0.05 s apart. A parent that
	// never joins leaves them for as long as it lives.
	DefaultZombieGrace = 0.5

	// PidNeighbourhood is how far from a pid of the run an unobserved
	// printed pid may be and still be believed. A process that lives
	// shorter than a sampling interval is never observed, but the kernel
	// hands out pids in increasing order, so its pid is close to those of
	// the processes started around it; a made-up pid (one copied from the
	// statement's example) is not.
	PidNeighbourhood = 64

	// HonestSlack is how much longer, in seconds, than the observed run a
	// printed time may be: the observer's start and end are a few
	// milliseconds apart from the program's own clock.
	HonestSlack = 0.05

	// HonestShare is the least share of the observed working time
	// (WorkingTime) a printed time must reach. The span of the workers can
	// include their start-up and teardown, which a program may leave out
	// of its timing; a made-up time is usually half or less.
	HonestShare = 0.7

	// StartupCPU is the CPU time, in seconds, a Python process may spend
	// starting and importing before it begins the work it times.
	StartupCPU = 0.15
)

// The scale of observations whose CPU times are exact (from
// /proc/PID/schedstat, observe.Observation.CPUResolutionSeconds below a
// clock tick) and that were sampled fast (every 10 ms) while the tree was
// young or changing. Recordings with clock-tick CPU times are judged with
// WindowSeconds, WorkerMinCPU and the thresholds derived from them.
const (
	// TickSeconds is a clock tick, the resolution of utime and stime:
	// observations with coarser CPU times are judged on the tick scale.
	TickSeconds = 0.01

	// FineWindowSeconds is the length of the windows on the fine scale.
	// With exact CPU times a window's rate is exact however short it is;
	// what bounds it is the scheduler, which runs a CPU-bound process in
	// slices of a few milliseconds (3 ms on Linux's EEVDF), so 50 ms hold
	// more than a dozen and two processes sharing a core show about half
	// a core each, not all or nothing. Two such windows make 0.1 s, so a
	// phase of 0.15 s holds two whole windows however it is aligned with
	// them; and a window holds five fast samples for RunnableShare.
	FineWindowSeconds = 0.05

	// FineRunnableMinSamples is the fewest samples of a fine window that
	// must find a process for it to be busy by being ready to run alone
	// (RunnableShare, MinRunnableRate). A window holds about five fast
	// samples; a process found by one only was starting or ending there,
	// and a worker started as the one before ends is ready to run at its
	// first sample: counted busy by that, it would make the hand-over of
	// workers run one after another look like two busy windows.
	FineRunnableMinSamples = 2

	// FineWorkerMinCPU is the CPU time, in seconds beyond its start-up,
	// a process must use to be a worker on the fine scale: one window of
	// a whole core. The start-up (observe.StartupCosts, measured on the
	// machine) is taken off first, so this is work of the process's own.
	FineWorkerMinCPU = FineWindowSeconds

	// FineMinWorkCPU is the least CPU time, in seconds beyond every
	// process's start-up, the whole program must use for its parallelism
	// to be judged: two workers' worth.
	FineMinWorkCPU = 2 * FineWorkerMinCPU

	// TaskMinCPU is the least CPU time, in seconds beyond its start-up, a
	// process below FineWorkerMinCPU must use to count in the windows as
	// a small task: the 30 ms task of a pool of a hundred counts; a
	// process that only starts (and prints) does not. The start-up is
	// measured once per observer while a child's own varies with the
	// machine's load by up to a fifth of the 50 ms an interpreter costs:
	// 20 ms is beyond that. Many tasks busy together still make a phase
	// only if they keep MinPhaseParallelism cores busy beyond start-up.
	TaskMinCPU = 0.02

	// FallbackInterpreterStartupCPU and FallbackForkStartupCPU stand in
	// for an observation whose start-up costs could not be measured (no
	// Python to measure): Python 3.11 here costs 0.045–0.065 s to start
	// an interpreter that imports multiprocessing, and a forked child
	// that does nothing 1.5–2.5 ms.
	FallbackInterpreterStartupCPU = 0.05
	FallbackForkStartupCPU        = 0.0025
)
