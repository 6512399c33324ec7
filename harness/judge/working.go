package judge

import "github.com/mpgrade/mpgrade/harness/observe"

// WorkingTime is how long the processes of run o, whose analysis is a,
// were observed working, the most of: the span from the first worker's
// start to the last worker's last sample; the main process's CPU time less
// its start-up (StartupCPU); and the time from the sample at which the
// main process had used its start-up CPU to the end of the run (on a
// loaded machine the work takes longer than its CPU time). A time the
// program printed for its work cannot be much shorter.
func WorkingTime(o *observe.Observation, a *Analysis) float64 {
	first, last := -1.0, 0.0
	for _, p := range WorkersOf(o, a) {
		if first < 0 || p.StartSeconds < first {
			first = p.StartSeconds
		}
		last = max(last, p.LastSeen)
	}
	span := 0.0
	if first >= 0 {
		span = last - first - o.IntervalSeconds
	}
	mainCPU, afterStartup := 0.0, 0.0
	if len(o.Processes) > 0 {
		main := o.Processes[0]
		mainCPU = main.TotalCPUSeconds() - StartupCPU
	samples:
		for _, smp := range o.Samples {
			for _, ps := range smp.Procs {
				if ps.PID == main.PID && ps.CPU >= StartupCPU {
					afterStartup = o.WallSeconds - smp.T - o.IntervalSeconds
					break samples
				}
			}
		}
	}
	return max(span, mainCPU, afterStartup, 0)
}
