package html

import (
	"math"

	"github.com/mpgrade/mpgrade/harness/observe"
)

// span is the part of a timeline's x axis it draws: every timeline of a
// check gets the same one.
type span struct{ seconds float64 }

// runEnd is the last moment an observation knows of.
func runEnd(o *observe.Observation) float64 {
	end := o.WallSeconds
	if n := len(o.Samples); n > 0 {
		end = max(end, o.Samples[n-1].T)
	}
	for _, p := range o.Processes {
		end = max(end, p.LastSeen)
	}
	return end
}

// commonSpan is the time scale that holds every observation given.
func commonSpan(obs ...*observe.Observation) span {
	s := 0.0
	for _, o := range obs {
		if o != nil {
			s = max(s, runEnd(o))
		}
	}
	if s <= 0 {
		s = 1
	}
	return span{seconds: s}
}

// An interval is what one process did between two samples.
type interval struct {
	t0, t1 float64
	share  float64 // of one core
	core   int     // -1 when it did not run
}

// intervals returns, for each process, what it did between consecutive
// samples. The first interval of a process starts when it started, or at
// the sample before, whichever is later; its CPU time starts at zero.
func intervals(o *observe.Observation) map[int][]interval {
	out := map[int][]interval{}
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
				iv := interval{t0: l.t, t1: s.T, core: -1}
				if d := ps.CPU - l.cpu; d > 0 {
					iv.share = d / (s.T - l.t)
					iv.core = ps.Processor
				}
				out[ps.PID] = append(out[ps.PID], iv)
			}
			seen[ps.PID] = last{t: s.T, cpu: ps.CPU}
		}
		prevT = s.T
	}
	return out
}

// coalesce joins neighbouring intervals on the same CPU that would draw
// the same bar, and joins intervals both too narrow to draw apart
// whatever their CPU, so that a long run gets a bar per pixel or two and a steady
// worker one bar. A joined bar keeps the CPU time of its parts and shows
// the CPU that got the larger part.
func coalesce(ivs []interval, x func(float64) float64) []interval {
	var out []interval
	for _, iv := range ivs {
		if n := len(out); n > 0 && out[n-1].t1 == iv.t0 {
			last := &out[n-1]
			narrow := x(last.t1)-x(last.t0) < minBarWidth && x(iv.t1)-x(iv.t0) < minBarWidth
			same := last.core == iv.core && math.Abs(last.share-iv.share) < barShareTolerance
			if narrow || same {
				lastCPU, cpu := last.share*(last.t1-last.t0), iv.share*(iv.t1-iv.t0)
				if cpu > lastCPU {
					last.core = iv.core
				}
				last.t1 = iv.t1
				last.share = (lastCPU + cpu) / (last.t1 - last.t0)
				continue
			}
		}
		out = append(out, iv)
	}
	return out
}
