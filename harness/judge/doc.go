// Package judge decides, from an Observation alone, whether a program's
// CPU-bound work really ran in several processes on several cores at once.
//
// It is pure: no clock, no /proc, no randomness. The same observation gives
// the same Analysis, so it is tested on synthetic and recorded observations.
//
// The run is cut into windows of WindowSeconds. In each window a process is
// busy when it used at least BusyRate of a core, or was ready to run (state
// R) in most of the window's samples — on a loaded machine a CPU-bound
// process gets less than its share but is always ready. The processes that count
// are the main process and the workers (processes, other than Python's own
// helpers, that used at least WorkerMinCPU); a parallel phase is a stretch
// of at least MinPhaseWindows consecutive windows in which two or more of
// them were busy, on two or more cores, using together at least
// MinPhaseParallelism cores. Judging windows rather than the whole run
// catches a short parallel phase inside a long sequential program, and
// keeps the hand-over between processes run one after another (which puts
// both in one window) from looking parallel. Counting only workers keeps
// hundreds of processes that each do almost nothing — their start-up alone
// can push CPU/wall near 2 on two cores — from looking like parallel work.
//
// An observation with exact CPU times (nanoseconds from schedstat, sampled
// every 10 ms while the tree is young or changing) is judged on a finer
// scale: windows of FineWindowSeconds, so that a whole run of 0.2 s and a
// phase of 0.15 s inside a long program are judged; each process's CPU
// taken beyond what its start-up costs on the machine (measured by the
// observer, observe.StartupCosts); workers from FineWorkerMinCPU of such
// work; and small tasks (TaskMinCPU) counted in the windows too, so that
// a hundred processes that each do a little, busy together, are seen,
// while hundreds that only start are not. Recordings with clock-tick CPU
// times keep the thresholds they were made for.
package judge
