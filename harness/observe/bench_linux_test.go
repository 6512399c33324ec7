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
// takes it every Interval: the walk, a parsed stat of every process, its
// resident memory through gopsutil, and the bookkeeping.
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

// overheadRun is how long the observed tree of BenchmarkObserverOverhead
// runs: 60 samples at the default interval.
const overheadRun = 3 * time.Second

// noSampling is an interval longer than any run: the observer samples
// once, at the start.
const noSampling = time.Hour

// BenchmarkObserverOverhead observes an 8-process tree for overheadRun,
// once at the default interval and once without sampling, and reports the
// difference of the two runs' CPU, per second of the run, as a share of
// one core: the observer's steady cost at its default rate ("core%",
// getrusage of this process: the sampler, Go's runtime) and the helper's
// ("helper-core%"). What every run costs once, sampled or not (starting
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
			var self, helper, wall, fixed float64
			for i := 0; i < b.N; i++ {
				s0, h0, _ := observerCost(b, tree.args, noSampling)
				s1, h1, w1 := observerCost(b, tree.args, DefaultInterval)
				self += s1 - s0
				helper += h1 - h0
				wall += w1
				fixed += s0 + h0
			}
			b.ReportMetric(100*self/wall, "core%")
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
// the observer and of the helper, and the wall seconds of the run.
func observerCost(b *testing.B, args []string, interval time.Duration) (self, helper, wall float64) {
	var ch0, ch1 unix.Rusage
	s0 := selfCPU()
	unix.Getrusage(unix.RUSAGE_CHILDREN, &ch0)
	start := time.Now()
	obs, err := Local{}.Observe(context.Background(), Spec{Args: args, Interval: interval})
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
	return self, helper, wall
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
