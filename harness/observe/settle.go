package observe

import "slices"

// SettleCPU completes each process's FinalCPUSeconds with the CPU it used
// after its last sample, where the kernel's accounting says what it was,
// and sets UnattributedCPUSeconds to what no process can be credited
// with. The observer calls it once the run's exact totals are in; calling
// it again gives the same result, and it does nothing to a recording made
// before samples carried ReapedCPU (CPUResolutionSeconds 0).
//
// A process that ended after its last sample is reaped by its parent,
// whose cutime+cstime (ReapedCPU) then grows by the process's final CPU
// time and by what it had itself reaped. So when exactly one child of a
// parent vanished between two samples, and none of its own children
// vanished with it, the growth of the parent's ReapedCPU over that
// interval, less the child's own ReapedCPU at its last sample, is the
// child's final CPU time, to the clock tick (ReapedCPU is in ticks). The
// helper reaps the main process and the orphans, and its final ReapedCPU
// is the run's exact CPU total (getrusage), so the last of them to end
// gets it to the microsecond. A figure that is more than the process
// could have used in the interval (its threads running all the time, and
// two ticks of rounding) is not believed: a process born and ended
// between two samples, never seen, was reaped by the same parent.
// Whatever is not credited this way stays in UnattributedCPUSeconds, and
// the processes' TotalCPUSeconds never add up to more than CPU.Seconds().
func (o *Observation) SettleCPU() {
	if o.CPUResolutionSeconds == 0 || len(o.Processes) == 0 {
		return
	}
	lives := o.lastSightings()
	end := len(o.Samples)
	// Each vanished process is filed under its parent and the sample
	// after the interval in which it was reaped (end: after the last).
	type key struct{ parent, after int }
	groups := map[key][]int{}
	for i, l := range lives {
		if l.sample < 0 {
			continue
		}
		p := &o.Processes[i]
		p.FinalCPUSeconds, p.FinalCPUFrom = l.ps.CPU, FinalCPULastSample
		if l.ps.State == "Z" {
			p.FinalCPUFrom = FinalCPUZombie
		}
		after := l.sample + 1
		if after < end && slices.Contains(o.Samples[after].Gone, p.PID) {
			after++ // reaped after its parent's read at that sample
		}
		k := key{p.PPID, min(after, end)}
		groups[k] = append(groups[k], i)
	}
	helper := o.Processes[0].PPID
	for k, members := range groups {
		var unknown []int
		known := 0.0
		for _, i := range members {
			if o.Processes[i].FinalCPUFrom == FinalCPUZombie {
				known += lives[i].ps.CPU + lives[i].ps.ReapedCPU
			} else {
				unknown = append(unknown, i)
			}
		}
		if len(unknown) != 1 {
			continue
		}
		u := unknown[0]
		if _, reapedWith := groups[key{o.Processes[u].PID, k.after}]; reapedWith {
			continue // its own children's CPU is in the growth too
		}
		before := lives[u].sample
		if k.after > before+1 {
			before = k.after - 1
		}
		grew, ok := o.reapedGrowth(k.parent, helper, before, k.after)
		if !ok {
			continue
		}
		l := lives[u]
		final := grew - known - l.ps.ReapedCPU
		span := o.intervalEnd(k.after) - o.Samples[l.sample].T
		if final > l.ps.CPU+span*float64(max(1, l.ps.Threads))+2*reapedTick {
			continue // more than it could have used: not only its own
		}
		p := &o.Processes[u]
		p.FinalCPUSeconds, p.FinalCPUFrom = max(l.ps.CPU, final), FinalCPUReaped
	}
	o.fitToTotal()
}

// reapedTick is the unit of ReapedCPU, a clock tick (USER_HZ is 100 on
// every Linux architecture mpgrade runs on).
const reapedTick = 0.01

// sighting is a process's last sample: its index in Samples (-1 for
// none) and what it found.
type sighting struct {
	sample int
	ps     ProcSample
}

// lastSightings finds each process's last sample. A pid reused by a later
// process belongs, from that one's first sample on, to it.
func (o *Observation) lastSightings() []sighting {
	lives := make([]sighting, len(o.Processes))
	for i := range lives {
		lives[i].sample = -1
	}
	current := map[int]int{}
	next := 0
	for k, s := range o.Samples {
		for next < len(o.Processes) && o.Processes[next].FirstSeen <= s.T {
			current[o.Processes[next].PID] = next
			next++
		}
		for _, ps := range s.Procs {
			if i, ok := current[ps.PID]; ok {
				lives[i] = sighting{sample: k, ps: ps}
			}
		}
	}
	return lives
}

// reapedGrowth is how much parent's ReapedCPU grew from the sample at
// index before to the one at after (for the helper, past the last
// sample: up to the run's exact total), and whether both are known.
func (o *Observation) reapedGrowth(parent, helper, before, after int) (float64, bool) {
	if parent == helper {
		if after >= len(o.Samples) {
			return o.CPU.Seconds() - o.Samples[before].ReapedCPU, true
		}
		return o.Samples[after].ReapedCPU - o.Samples[before].ReapedCPU, true
	}
	if after >= len(o.Samples) {
		return 0, false
	}
	b, okB := findProc(o.Samples[before], parent)
	a, okA := findProc(o.Samples[after], parent)
	if !okB || !okA {
		return 0, false
	}
	return a.ReapedCPU - b.ReapedCPU, true
}

// intervalEnd is the time of the sample at index k or, past the last,
// the latest moment a process could still have run: the main process's
// exit and the grace its leftovers had.
func (o *Observation) intervalEnd(k int) float64 {
	if k < len(o.Samples) {
		return o.Samples[k].T
	}
	end := o.WallSeconds + LingerGrace.Seconds() + o.Limits.KillGrace.Seconds()
	if n := len(o.Samples); n > 0 {
		end = max(end, o.Samples[n-1].T)
	}
	return end
}

// fitToTotal keeps the processes' totals within the run's exact total:
// the parts credited from ReapedCPU, to a tick each, are scaled down if
// together they would pass it. It then sets UnattributedCPUSeconds.
func (o *Observation) fitToTotal() {
	total := o.CPU.Seconds()
	sampled, credited := 0.0, 0.0
	lives := o.lastSightings()
	for i, p := range o.Processes {
		if lives[i].sample < 0 {
			sampled += p.TotalCPUSeconds()
			continue
		}
		sampled += lives[i].ps.CPU
		credited += p.FinalCPUSeconds - lives[i].ps.CPU
	}
	if credited > 0 && sampled+credited > total {
		scale := max(0, total-sampled) / credited
		for i := range o.Processes {
			p := &o.Processes[i]
			if l := lives[i]; l.sample >= 0 && p.FinalCPUFrom == FinalCPUReaped {
				p.FinalCPUSeconds = l.ps.CPU + scale*(p.FinalCPUSeconds-l.ps.CPU)
			}
		}
		credited *= scale
	}
	o.UnattributedCPUSeconds = max(0, total-sampled-credited)
}

func findProc(s Sample, pid int) (ProcSample, bool) {
	for _, ps := range s.Procs {
		if ps.PID == pid {
			return ps, true
		}
	}
	return ProcSample{}, false
}
