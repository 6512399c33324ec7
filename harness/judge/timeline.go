package judge

import "github.com/mpgrade/mpgrade/harness/observe"

// An Interval is what one process did between two samples.
type Interval struct {
	T0, T1 float64
	// Share is the share of one core it used.
	Share float64
	// Core is the CPU it ran on, or -1 when it did not run.
	Core int
}

// Intervals returns, for each process of o, what it did between
// consecutive samples. The first interval of a process starts when it
// started, or at the sample before, whichever is later; its CPU time
// starts at zero.
func Intervals(o *observe.Observation) map[int][]Interval {
	out := map[int][]Interval{}
	type last struct{ t, cpu float64 }
	seen := map[int]last{}
	prevT := 0.0
	for _, s := range o.Samples {
		for _, ps := range s.Procs {
			l, ok := seen[ps.PID]
			if !ok {
				l = last{t: prevT}
				if p, found := o.Process(ps.PID); found {
					l.t = max(prevT, p.StartSeconds)
				}
			}
			if s.T > l.t {
				iv := Interval{T0: l.t, T1: s.T, Core: -1}
				if d := ps.CPU - l.cpu; d > 0 {
					iv.Share = d / (s.T - l.t)
					iv.Core = ps.Processor
				}
				out[ps.PID] = append(out[ps.PID], iv)
			}
			seen[ps.PID] = last{t: s.T, cpu: ps.CPU}
		}
		prevT = s.T
	}
	return out
}

// LastMoment is the last moment of a run that its observation knows of:
// its end, or a later sample or process seen.
func LastMoment(o *observe.Observation) float64 {
	end := o.WallSeconds
	if n := len(o.Samples); n > 0 {
		end = max(end, o.Samples[n-1].T)
	}
	for _, p := range o.Processes {
		end = max(end, p.LastSeen)
	}
	return end
}
