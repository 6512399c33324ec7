// Package observe runs a program and watches its whole process tree until it
// ends, within limits, producing an Observation: every process seen, its CPU
// time, the CPUs it ran on, its memory, a timeline of samples, and what
// contained the run.
//
// # How a run is watched
//
// The program is not started directly. The current executable is started again
// as a small helper (the "reaper"), which marks itself a child subreaper with
// prctl(PR_SET_CHILD_SUBREAPER), starts the program in a process group of its
// own and then reaps every process of the tree with wait4(-1). A subreaper was
// chosen over the other ways for three reasons:
//
//   - Exact CPU totals. Orphaned processes are re-parented to the helper rather
//     than to init, so every process of the tree is eventually waited for by
//     someone inside the tree, and getrusage(RUSAGE_CHILDREN) in the helper is
//     the kernel's own total for all of them. With Python's forkserver start
//     method the workers are children of the fork server, not of the main
//     process, and a plain wait4 on the main process misses their CPU.
//   - Nothing left running. After the main process exits the helper waits a
//     short grace period (LingerGrace), then stops and kills every descendant
//     that is still alive, including ones that called setsid() or double
//     forked, because they are all still its descendants.
//   - No privilege. A subreaper needs no root and no cgroup; it works on a
//     student's laptop as on a grading server.
//
// The helper tells the observer the program's pid and, at the end, its exit
// status and the exact totals, as JSON lines on an extra file descriptor. The
// package's init function recognises the helper's role, so any binary that
// imports this package (the mpgrade command, a test binary) can observe.
//
// # Containment
//
// Student programs are untrusted. Between the helper and the program sits a
// short-lived exec stage (the same executable once more) that, before it
// becomes the program with execve, joins the run's cgroups, sets the
// resource limits, drops to the run's user (Spec.User) with no
// supplementary groups, forbids regaining privileges (PR_SET_NO_NEW_PRIVS)
// and asks for SIGKILL should the helper die. Doing this before the program
// exists leaves no moment at which it runs unconfined.
//
// When the observer runs as root and a cgroup hierarchy is writable, each run
// gets cgroups of its own, under the observer's: v2 when it has the memory and
// pids controllers, else v1 (memory, pids, cpuacct, freezer). They enforce the
// memory and process limits for the whole tree, count its CPU exactly (a
// cross-check of getrusage, Observation.Cgroup) and kill it at once
// (cgroup.kill, or freeze, kill and thaw), however fast it forks. They are
// removed after the run; those of a helper that was killed are removed by
// the next run. Otherwise the run is contained by the subreaper, process
// groups and setrlimit alone. Observation.Containment says which, and
// Observation.Enforced how each limit was enforced.
//
// # Isolation
//
// On Linux the helper is started in pid, network, mount, ipc and uts
// namespaces of its own (through a user namespace when the observer is not
// root), so that it is the run's init: the program sees only its own
// processes, only the loopback interface, and a file system view of the
// system's folders, its interpreter, its work folder and a private /tmp and
// /dev/shm, built with pivot_root by the exec stage (as root) or the helper
// (in a user namespace). The observer still watches from outside, with the
// machine's pids. Where the namespaces cannot be made the run goes on
// without them; Observation.Isolation says what was in force and why, and
// Spec.Isolation or Local.RequireIsolation can require them. isolate*.go
// say how; docs/security.md what each namespace keeps out.
//
// Limits (Limits, DefaultLimits): wall time (SIGTERM to the tree, SIGKILL
// after KillGrace), CPU time of the tree, memory, processes and threads,
// output kept in memory and output in all, file size. The helper checks what
// the kernel does not enforce by itself every WatchInterval, and stops the
// program when a limit is reached; Observation.Limit names it. If the helper
// itself dies or stops (on a laptop the program runs as the same user and may
// kill it), the observer kills what is left, found by a mark in the
// environment of every process of the run (RunMarkerVar).
//
// ScrubEnv, ResolvePython and PrepareWorkdir prepare a run of untrusted code:
// an environment without the grader's secrets, an interpreter the run's user
// can execute, and a fresh copy of the submission that user may write.
//
// Spec.StartMethod makes every Python interpreter of a run use one
// multiprocessing start method (spawn, forkserver or fork) whatever the
// program asks for: the observer writes a sitecustomize module into a
// folder of the run's own that the run's user can read, puts it first on
// PYTHONPATH and sets StartMethodVar, after the caller's (scrubbed)
// environment, and removes the folder after the run. sitecustomize.py says
// what it changes in multiprocessing and why; startmethod.go why a
// sitecustomize module rather than a runner.
//
// # Sampling
//
// While the program runs, the observer walks the tree every Interval by
// reading /proc/PID/task/TID/children (every thread: a multiprocessing.Pool
// starts its workers from a helper thread, so reading only the main thread's
// file misses them; a process whose stat shows one thread has only that
// file). For each process it reads /proc/PID/stat once — the CPU times, the
// thread count, the resident memory and field 39, the CPU it last ran on,
// come from the same read, so they agree — and asks gopsutil
// (github.com/shirou/gopsutil/v4) for the command line, once, and again when
// the process calls exec. The stat and children files of each process stay
// open between samples and are read with one pread each, and the sampling
// thread waits with poll(2) rather than a Go timer: on a virtual machine,
// system calls and Go's wake-ups are most of what a sample costs.
// BenchmarkSample, BenchmarkBareWalk and BenchmarkObserverOverhead measure it.
//
// Processes that live shorter than one Interval may never be sampled: they
// are missing from Processes and Samples, but their CPU time is in the exact
// totals (Observation.CPU), which come from the kernel, not from samples.
//
// # Platforms
//
// Observation needs Linux's /proc and prctl. On other systems Observe returns
// ErrUnsupported, and the rest of mpgrade still builds.
package observe
