package observe

import (
	"context"
	"os"
	"testing"
	"time"
)

// BenchmarkIsolationCost is what isolation adds to one run: the same
// program observed with Spec.Isolation none and with namespaces, in
// turns, as a graded run is (as UnprivilegedUser, scrubbed environment).
// It reports the wall time from Observe's call to its return per run,
// each way ("none-ms", "namespaces-ms") and their difference ("cost-ms"):
// making the namespaces, the mounts of the file system view, and their
// teardown. "true" is the least a run can be; "python" starts an
// interpreter, which reads its standard library through the view.
func BenchmarkIsolationCost(b *testing.B) {
	py, _, err := ResolvePython(UnprivilegedUser())
	if err != nil {
		b.Skip(err)
	}
	if planned, missing, _ := planIsolation(""); planned == nil {
		b.Skipf("no namespaces here: %s", missing)
	}
	for _, prog := range []struct {
		name string
		args []string
	}{
		{"true", []string{"true"}},
		{"python", []string{py, "-c", "import multiprocessing"}},
	} {
		b.Run(prog.name, func(b *testing.B) {
			unlock := LockMachine()
			defer unlock()
			var none, isolated time.Duration
			for i := 0; i < b.N; i++ {
				none += timedRun(b, prog.args, IsolationNone)
				isolated += timedRun(b, prog.args, IsolationNamespaces)
			}
			ms := func(d time.Duration) float64 { return d.Seconds() * 1000 / float64(b.N) }
			b.ReportMetric(ms(none), "none-ms")
			b.ReportMetric(ms(isolated), "namespaces-ms")
			b.ReportMetric(ms(isolated-none), "cost-ms")
		})
	}
}

// timedRun observes args with the isolation given and returns how long
// Observe took.
func timedRun(b *testing.B, args []string, isolation string) time.Duration {
	start := time.Now()
	obs, err := Local{}.Observe(context.Background(), Spec{Args: args, Dir: "/", Env: ScrubEnv(os.Environ()),
		User: UnprivilegedUser(), Isolation: isolation, Limits: Limits{Wall: 30 * time.Second}})
	d := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	if obs.ExitCode != 0 || obs.Isolation.Mode != isolation {
		b.Fatalf("%v: exit %d, isolation %+v", args, obs.ExitCode, obs.Isolation)
	}
	return d
}
