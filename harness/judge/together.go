package judge

import (
	"sort"

	"github.com/mpgrade/mpgrade/harness/observe"
)

// MostAlive is the most of procs alive at one moment, from the kernel's
// start time to the last sample that saw each. A start time is known to
// the clock tick (StartTimeResolution), so a process counts as alive at
// another's start only when it was still seen a tick later: one joined
// just before the next was started is not alive beside it.
func MostAlive(procs []observe.Process) int {
	best := 0
	for _, p := range procs {
		t, n := p.StartSeconds, 0
		for _, q := range procs {
			if q.PID == p.PID || q.StartSeconds <= t && t+StartTimeResolution < q.LastSeen {
				n++
			}
		}
		best = max(best, n)
	}
	return best
}

// BusyTogether cuts run o into windows of WindowSeconds and returns the
// most of procs that each gained TogetherBusyCPU in one window, and the
// longest run of consecutive windows in which at least want of them did.
func BusyTogether(o *observe.Observation, procs []observe.Process, want int) (most, longest int) {
	series := cpuSeries(o)
	run := 0
	for start := 0.0; start < o.WallSeconds; start += WindowSeconds {
		end := start + WindowSeconds
		n := 0
		for _, p := range procs {
			if cpuAt(series[p.PID], end)-cpuAt(series[p.PID], start) >= TogetherBusyCPU {
				n++
			}
		}
		most = max(most, n)
		if n >= want {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return most, longest
}

// CanShowTogether reports whether a machine with cpus CPUs available, of
// which other programs kept otherLoad busy, left the program room to show
// processes working at the same time (TogetherMachineRoom).
func CanShowTogether(cpus, otherLoad float64) bool {
	return cpus >= MinCPUs && cpus-otherLoad >= TogetherMachineRoom
}

type cpuPoint struct{ t, cpu float64 }

// cpuSeries is each process's cumulative CPU at every sample that found it.
func cpuSeries(o *observe.Observation) map[int][]cpuPoint {
	series := map[int][]cpuPoint{}
	for _, s := range o.Samples {
		for _, ps := range s.Procs {
			series[ps.PID] = append(series[ps.PID], cpuPoint{s.T, ps.CPU})
		}
	}
	return series
}

// cpuAt is the CPU time of the last sample at or before t, or 0 before
// the first.
func cpuAt(points []cpuPoint, t float64) float64 {
	i := sort.Search(len(points), func(i int) bool { return points[i].t > t })
	if i == 0 {
		return 0
	}
	return points[i-1].cpu
}
