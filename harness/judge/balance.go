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

// A Balance says whether the workers of one run shared its CPU evenly.
type Balance struct {
	// Workers is how many workers did CPU work.
	Workers int
	// Spread bounds the ratio of the busiest worker's CPU to the least
	// busy one's; its Low is the lower of the kernel's final figures and
	// the samples alone.
	Spread Spread
	// Even is set when the shares are even at their most uneven: load on
	// the machine only makes shares look less even, never more, so this
	// holds however busy it was. Uneven is set when they are uneven at
	// their most even, by the kernel's final figures and by the samples
	// alone, so that a final figure credited wrongly cannot make an honest
	// split uneven. Neither is set when the run cannot tell.
	Even, Uneven bool
	// Loaded is set when other programs kept more than BalanceMaxOtherLoad
	// cores busy: uneven shares then say more about the machine than the
	// split, and Uneven is not set.
	Loaded bool
}

// BalanceOf judges the shares of the workers of run o, whose analysis is
// a, against limit, the largest ratio of the busiest worker's CPU to the
// least busy one's that is even.
func BalanceOf(o *observe.Observation, a *Analysis, limit float64) Balance {
	shares := WorkerShares(o, a)
	b := Balance{Workers: len(shares)}
	if len(shares) < 2 {
		return b
	}
	b.Spread = SpreadOf(shares)
	b.Spread.Low = min(b.Spread.Low, SpreadOf(SampledShares(o, a)).Low)
	b.Loaded = a.OtherLoad > BalanceMaxOtherLoad
	b.Even = b.Spread.High <= limit
	b.Uneven = !b.Even && !b.Loaded && b.Spread.Low > limit
	return b
}
