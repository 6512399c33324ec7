package observe

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// benchTreeSize is the size of the tree the benchmarks watch: a main
// process and seven workers, a typical program of the course.
const benchTreeSize = 8

// startSleepTree starts a tree of sh with seven sleeping children under
// a root sh, which stands for the helper, and returns the root's pid. The
// tree is killed at the end of the benchmark.
func startSleepTree(b *testing.B, seconds int) int {
	tree := strings.Repeat(fmt.Sprintf("sleep %d & ", seconds), benchTreeSize-1) + "wait"
	cmd := exec.Command("sh", "-c", fmt.Sprintf("sh -c '%s' & wait", tree))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		unix.Kill(-cmd.Process.Pid, unix.SIGKILL)
		cmd.Wait()
	})
	r := newProcReader()
	for end := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if n := len(r.descendants(cmd.Process.Pid, nil)); n == benchTreeSize {
			return cmd.Process.Pid
		} else if time.Now().After(end) {
			b.Fatalf("the tree has %d processes, want %d", n, benchTreeSize)
		}
	}
}

// BenchmarkSample is one sample of an 8-process tree, as the observer
// takes it on its schedule: the walk, a parsed stat and schedstat of every
// process (and the helper's stat, for its reaped children's CPU), and the
// bookkeeping.
func BenchmarkSample(b *testing.B) {
	root := startSleepTree(b, 60)
	s := newSampler(root, boottime())
	defer s.close()
	s.sample(boottime()) // command lines are read once, at the first sample
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		s.sample(boottime())
		if len(s.samples) > 1000 {
			s.samples = s.samples[:0]
		}
	}
	cpu.report(b)
	if got := len(s.samples[len(s.samples)-1].Procs); got != benchTreeSize {
		b.Fatalf("a sample found %d processes, want %d", got, benchTreeSize)
	}
}

// BenchmarkBareWalk is the least any sampler must do for the same tree:
// read /proc/PID/task/*/children to find the processes and /proc/PID/stat
// of each, parsing nothing but the children's pids.
func BenchmarkBareWalk(b *testing.B) {
	root := startSleepTree(b, 60)
	r := newProcReader()
	var pids []int
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		pids = r.descendants(root, pids[:0])
		for _, pid := range pids {
			r.read(r.pidPath(pid, "/stat"))
		}
	}
	cpu.report(b)
	if len(pids) != benchTreeSize {
		b.Fatalf("the walk found %d processes, want %d", len(pids), benchTreeSize)
	}
}

// BenchmarkSampleOverBareWalk takes samples and bare walks of the same
// tree in turn and reports the CPU of one sample over that of one bare
// walk ("x-bare-walk"), measured side by side so that the machine's load
// touches both alike. The target is at most 2.
func BenchmarkSampleOverBareWalk(b *testing.B) {
	root := startSleepTree(b, 60)
	s := newSampler(root, boottime())
	defer s.close()
	s.sample(boottime())
	r := newProcReader()
	var pids []int
	b.ResetTimer()
	sampleCPU, walkCPU := 0.0, 0.0
	for i := 0; i < b.N; i++ {
		c0 := selfCPU()
		for range 100 {
			s.sample(boottime())
		}
		c1 := selfCPU()
		for range 100 {
			pids = r.descendants(root, pids[:0])
			for _, pid := range pids {
				r.read(r.pidPath(pid, "/stat"))
			}
		}
		sampleCPU += c1 - c0
		walkCPU += selfCPU() - c1
		s.samples = s.samples[:0]
	}
	b.StopTimer()
	b.ReportMetric(sampleCPU/walkCPU, "x-bare-walk")
	b.ReportMetric(sampleCPU*1e9/float64(100*b.N), "sample-cpu-ns")
	b.ReportMetric(walkCPU*1e9/float64(100*b.N), "walk-cpu-ns")
}

// overheadRun is how long the observed tree of BenchmarkObserverOverhead
// runs: its first half second sampled every 10 ms, the rest at the
// default interval, as the observer's schedule does for a steady tree.
const overheadRun = 3 * time.Second

// noSampling is an interval longer than any run: the observer samples
// once, at the start.
const noSampling = time.Hour

// BenchmarkObserverOverhead observes an 8-process tree for overheadRun,
// once on the default schedule and once without sampling, and reports the
// difference of the two runs' CPU, per second of the run, as a share of
// one core: the observer's cost on its default schedule ("core%",
// getrusage of this process: the sampler, Go's runtime) and the helper's
// ("helper-core%"). "sampler-core%" is the sampling thread's own CPU
// (its schedstat: its samples and wake-ups), exact whatever the load,
// and "samples/s" how often it sampled. What every run costs once, sampled or not (starting
// the helper, its cgroups, the exec stage), is "startup-ms".
func BenchmarkObserverOverhead(b *testing.B) {
	py, _, err := ResolvePython("")
	if err != nil {
		b.Skip(err)
	}
	for _, tree := range []struct {
		name string
		args []string
	}{
		{"sleeping", []string{"sh", "-c", strings.Repeat(fmt.Sprintf("sleep %g & ", overheadRun.Seconds()), benchTreeSize-1) + "wait"}},
		{"busy", []string{py, "-c", fmt.Sprintf(busyTree, benchTreeSize-1, overheadRun.Seconds())}},
	} {
		b.Run(tree.name, func(b *testing.B) {
			unlock := LockMachine()
			defer unlock()
			startupCosts(tree.args) // measured once per observer, before any run here
			var self, helper, wall, fixed, sampler float64
			samples := 0
			for i := 0; i < b.N; i++ {
				s0, h0, _, _ := observerCost(b, tree.args, noSampling)
				s1, h1, w1, obs := observerCost(b, tree.args, DefaultInterval)
				self += s1 - s0
				helper += h1 - h0
				wall += w1
				fixed += s0 + h0
				sampler += obs.SamplerCPUSeconds
				samples += len(obs.Samples)
			}
			b.ReportMetric(100*self/wall, "core%")
			b.ReportMetric(100*sampler/wall, "sampler-core%")
			b.ReportMetric(float64(samples)/wall, "samples/s")
			b.ReportMetric(100*helper/wall, "helper-core%")
			b.ReportMetric(1000*fixed/float64(b.N), "startup-ms")
		})
	}
}

// busyTree is a Python program whose main process and workers (as many
// as the first argument) busy-loop for the seconds of the second.
const busyTree = `
import multiprocessing as mp, time
def spin(end):
    while time.time() < end:
        pass
if __name__ == "__main__":
    end = time.time() + %[2]g
    ps = [mp.Process(target=spin, args=(end,)) for _ in range(%[1]d)]
    for p in ps: p.start()
    spin(end)
    for p in ps: p.join()
`

// observerCost observes args and returns the CPU seconds of
// the observer and of the helper, the wall seconds of the run, and the
// observation.
func observerCost(b *testing.B, args []string, interval time.Duration) (self, helper, wall float64, obs *Observation) {
	var ch0, ch1 unix.Rusage
	s0 := selfCPU()
	unix.Getrusage(unix.RUSAGE_CHILDREN, &ch0)
	start := time.Now()
	var err error
	obs, err = Local{}.Observe(context.Background(), Spec{Args: args, Interval: interval})
	wall = time.Since(start).Seconds()
	self = selfCPU() - s0
	unix.Getrusage(unix.RUSAGE_CHILDREN, &ch1)
	if err != nil {
		b.Fatal(err)
	}
	if interval == DefaultInterval && len(obs.Processes) < benchTreeSize {
		b.Fatalf("observed %d processes, want %d", len(obs.Processes), benchTreeSize)
	}
	helper = rusageSeconds(ch1) - rusageSeconds(ch0) - obs.CPU.Seconds()
	return self, helper, wall, obs
}

// A cpuClock measures the CPU time this process spends in a benchmark's
// loop: on a machine shared with other programs, ns/op counts the time
// spent waiting for a core too, and CPU time per op does not.
type cpuClock struct{ start float64 }

func startCPU(b *testing.B) cpuClock {
	b.ResetTimer()
	return cpuClock{start: selfCPU()}
}

// report stops the timer and reports the CPU time per op, "cpu-ns/op".
func (c cpuClock) report(b *testing.B) {
	b.StopTimer()
	b.ReportMetric((selfCPU()-c.start)*1e9/float64(b.N), "cpu-ns/op")
}

func selfCPU() float64 {
	var ru unix.Rusage
	unix.Getrusage(unix.RUSAGE_SELF, &ru)
	return rusageSeconds(ru)
}

func rusageSeconds(ru unix.Rusage) float64 {
	return tvSeconds(ru.Utime) + tvSeconds(ru.Stime)
}
