package judge

import "github.com/mpgrade/mpgrade/harness/observe"

// A Share is one worker's CPU time, known within bounds: Lower is what was
// seen, Upper the most it can have been. A process whose final CPU time
// the kernel told (observe.FinalCPUZombie, observe.FinalCPUReaped) is
// known to the clock tick; for one known only at its last sample, the CPU
// it used after is not seen, and it can have run at most the time until
// the next sample, at one core.
type Share struct {
	PID          int
	Lower, Upper float64
}

// WorkerShares returns the CPU shares of the workers of run o, whose
// analysis is a.
func WorkerShares(o *observe.Observation, a *Analysis) []Share {
	return workerShares(o, a, true)
}

// SampledShares returns the CPU shares of the workers of run o as its
// samples alone show them, in clock ticks, whatever the kernel told of
// their final CPU: a second opinion, in which a share is wider.
func SampledShares(o *observe.Observation, a *Analysis) []Share {
	return workerShares(o, a, false)
}

func workerShares(o *observe.Observation, a *Analysis, exact bool) []Share {
	var out []Share
	for _, p := range WorkersOf(o, a) {
		if !exact {
			gap := o.IntervalSeconds
			for _, smp := range o.Samples {
				if smp.T > p.LastSeen {
					gap = smp.T - p.LastSeen
					break
				}
			}
			out = append(out, Share{PID: p.PID, Lower: p.CPUSeconds(), Upper: p.CPUSeconds() + gap})
			continue
		}
		if p.FinalCPUFrom == observe.FinalCPUZombie || p.FinalCPUFrom == observe.FinalCPUReaped {
			cpu := p.TotalCPUSeconds()
			out = append(out, Share{PID: p.PID, Lower: max(0, cpu-ExactCPUTolerance), Upper: cpu + ExactCPUTolerance})
			continue
		}
		gap := o.IntervalSeconds
		for _, smp := range o.Samples {
			if smp.T > p.LastSeen {
				gap = smp.T - p.LastSeen
				break
			}
		}
		out = append(out, Share{PID: p.PID, Lower: p.TotalCPUSeconds(), Upper: p.TotalCPUSeconds() + gap})
	}
	return out
}

// A Spread bounds the ratio of the busiest worker's CPU time to the least
// busy one's.
type Spread struct {
	// Low is the least the ratio can be, High the most.
	Low, High float64
	// Most and Least are the seen CPU times of the busiest and the least
	// busy worker.
	Most, Least float64
}

// SpreadOf bounds the ratio of the busiest share to the least busy one.
func SpreadOf(shares []Share) Spread {
	maxLower, minUpper, maxUpper, minLower := 0.0, -1.0, 0.0, -1.0
	for _, s := range shares {
		maxLower, maxUpper = max(maxLower, s.Lower), max(maxUpper, s.Upper)
		if minUpper < 0 || s.Upper < minUpper {
			minUpper = s.Upper
		}
		if minLower < 0 || s.Lower < minLower {
			minLower = s.Lower
		}
	}
	least := max(minLower, 1e-9)
	return Spread{Low: maxLower / minUpper, High: maxUpper / least, Most: maxLower, Least: least}
}
