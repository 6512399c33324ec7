// Package observe runs a program and watches its whole process tree until it
// ends, producing an Observation: every process seen, its CPU time, the CPUs it
// ran on, its memory, and a timeline of samples.
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
// # Sampling
//
// While the program runs, the observer walks the tree every Interval by
// reading /proc/PID/task/TID/children for every thread of every process (a
// multiprocessing.Pool starts its workers from a helper thread, so reading
// only the main thread's file misses them). For each process it reads
// /proc/PID/stat once — the CPU times, the thread count and field 39, the CPU
// it last ran on, come from the same read, so they agree — and asks gopsutil
// (github.com/shirou/gopsutil/v4) for the command line, once, and the resident
// memory, each sample. Reading stat directly instead of through gopsutil's
// Times keeps one sample within twice the cost of the bare /proc walk, since
// gopsutil does not expose field 39 and would read the file a second time.
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
