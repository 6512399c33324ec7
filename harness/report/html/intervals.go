package html

import (
	"math"

	"github.com/mpgrade/mpgrade/harness/judge"

	"github.com/mpgrade/mpgrade/harness/observe"
)

// span is the part of a timeline's x axis it draws: every timeline of a
// check gets the same one.
type span struct{ seconds float64 }

// commonSpan is the time scale that holds every observation given.
func commonSpan(obs ...*observe.Observation) span {
	s := 0.0
	for _, o := range obs {
		if o != nil {
			s = max(s, judge.LastMoment(o))
		}
	}
	if s <= 0 {
		s = 1
	}
	return span{seconds: s}
}

// coalesce joins neighbouring intervals on the same CPU that would draw
// the same bar, and joins intervals both too narrow to draw apart
// whatever their CPU, so that a long run gets a bar per pixel or two and a steady
// worker one bar. A joined bar keeps the CPU time of its parts and shows
// the CPU that got the larger part.
func coalesce(ivs []judge.Interval, x func(float64) float64) []judge.Interval {
	var out []judge.Interval
	for _, iv := range ivs {
		if n := len(out); n > 0 && out[n-1].T1 == iv.T0 {
			last := &out[n-1]
			narrow := x(last.T1)-x(last.T0) < minBarWidth && x(iv.T1)-x(iv.T0) < minBarWidth
			same := last.Core == iv.Core && math.Abs(last.Share-iv.Share) < barShareTolerance
			if narrow || same {
				lastCPU, cpu := last.Share*(last.T1-last.T0), iv.Share*(iv.T1-iv.T0)
				if cpu > lastCPU {
					last.Core = iv.Core
				}
				last.T1 = iv.T1
				last.Share = (lastCPU + cpu) / (last.T1 - last.T0)
				continue
			}
		}
		out = append(out, iv)
	}
	return out
}
