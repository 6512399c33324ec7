//go:build !race

package observe_test

// execStageStartup is the CPU the exec stage spends starting Go before it
// joins the run's cgroup: counted by getrusage, not by the cgroup. A few
// milliseconds.
const execStageStartup = 0.02
