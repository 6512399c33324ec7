package judge_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// busyRetries is how many times a program that needs the machine's CPUs
// is run before a test gives up on a machine loaded by others.
const busyRetries = 3

// run observes one program of testdata/observe, alone on the machine.
func run(t *testing.T, name string, env ...string) (*observe.Observation, judge.Analysis, string) {
	t.Helper()
	return runIsolated(t, name, "", env...)
}

// runIsolated is run with the given Spec.Isolation: IsolationNone for a
// program that must write where an isolated run cannot (a file of the
// test's own temporary folder, a cgroup).
func runIsolated(t *testing.T, name, isolation string, env ...string) (*observe.Observation, judge.Analysis, string) {
	t.Helper()
	py := testenv.Python(t)
	dir := filepath.Join(testenv.Root(t), "testdata", "observe")
	var out bytes.Buffer
	unlock := observe.LockMachine()
	defer unlock()
	obs, err := observe.Local{}.Observe(context.Background(), observe.Spec{
		Args: []string{py, name}, Dir: dir, Env: append(os.Environ(), env...),
		Stdout: &out, Stderr: &out, Isolation: isolation,
	})
	require.NoError(t, err, "output: %s", out.String())
	require.Equal(t, 0, obs.ExitCode, "the program failed: %s", out.String())
	return obs, judge.Analyze(obs), out.String()
}

// runJudged runs a program until the machine lets it be judged, or skips.
func runJudged(t *testing.T, name string, env ...string) (*observe.Observation, judge.Analysis, string) {
	t.Helper()
	var cause judge.Cause
	for i := 0; i < busyRetries; i++ {
		obs, a, out := run(t, name, env...)
		if a.Cause != judge.CauseMachineBusy {
			return obs, a, out
		}
		cause = a.Cause
		t.Logf("try %d: %s", i+1, strings.Join(msg.Texts(a.Reasons, msg.EN), "; "))
	}
	t.Skipf("the machine is too loaded by other programs to show parallelism (%s %d times)", cause, busyRetries)
	return nil, judge.Analysis{}, ""
}

func TestProgramsGetTheirVerdicts(t *testing.T) {
	testenv.Linux(t)
	files, _ := filepath.Glob(filepath.Join(testenv.Root(t), "testdata", "observe", "*.py"))
	require.NotEmpty(t, files)
	for _, file := range files {
		h := testenv.Header(t, file)
		if h["expect"] == "" {
			continue // a shared module, not a program
		}
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".py"), func(t *testing.T) {
			want := strings.Fields(h["expect"])
			require.Len(t, want, 2, "%s: '# expect: VERDICT CAUSE'", name)
			if h["needs"] == "cpus 2" {
				testenv.NeedCPUs(t, 2)
			}
			var env []string
			if name == "orphans.py" {
				env = append(env, "ORPHAN_PIDS="+filepath.Join(t.TempDir(), "pids"))
			}
			_, a, _ := runJudged(t, name, env...)
			assert.Equal(t, want[0], string(a.Verdict), "reasons: %v", msg.Texts(a.Reasons, msg.EN))
			assert.Equal(t, want[1], string(a.Cause), "reasons: %v", msg.Texts(a.Reasons, msg.EN))
		})
	}
}

// Under every start method the parallel program is parallel, Python's
// helpers are not counted as workers, and the exact CPU total is at least
// what the workers measured themselves.
func TestStartMethods(t *testing.T) {
	testenv.Linux(t)
	testenv.NeedCPUs(t, 2)
	for _, method := range []string{"fork", "spawn", "forkserver"} {
		t.Run(method, func(t *testing.T) {
			obs, a, out := runJudged(t, "cpu_report.py", "MP_START_METHOD="+method)
			assert.Equal(t, judge.Parallel, a.Verdict, "reasons: %v", msg.Texts(a.Reasons, msg.EN))
			assert.Equal(t, 3, a.Workers, "roles: %+v", a.Roles)
			self := workersCPU(t, out)
			assert.GreaterOrEqual(t, obs.CPU.Seconds(), self, "the exact total must hold the workers' own CPU")
			if method != "fork" {
				helpers := 0
				for _, r := range a.Roles {
					if r.Role == judge.RoleHelper {
						helpers++
					}
				}
				assert.Positive(t, helpers, "the %s helper processes are listed as helpers", method)
			}
		})
	}
}

func workersCPU(t *testing.T, out string) float64 {
	m := regexp.MustCompile(`workers_cpu=([0-9.]+)`).FindStringSubmatch(out)
	require.NotNil(t, m, "output: %s", out)
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

// The exact CPU total agrees within 5% with the kernel's own accounting of
// a cgroup that holds the whole tree, under every start method. It needs a
// writable cgroup v1 cpuacct hierarchy (root, on Linux); elsewhere it skips.
func TestCPUTotalMatchesKernel(t *testing.T) {
	testenv.Linux(t)
	cg := "/sys/fs/cgroup/cpuacct/mpgrade-test-" + strconv.Itoa(os.Getpid())
	if err := os.Mkdir(cg, 0o755); err != nil {
		t.Skipf("no writable cgroup v1 cpuacct hierarchy: %v", err)
	}
	defer os.Remove(cg)
	py := testenv.Python(t)
	dir := filepath.Join(testenv.Root(t), "testdata", "observe")
	for _, method := range []string{"fork", "spawn", "forkserver"} {
		t.Run(method, func(t *testing.T) {
			require.NoError(t, os.WriteFile(filepath.Join(cg, "cpuacct.usage"), []byte("0"), 0o644))
			script := fmt.Sprintf("echo $$ > %s/cgroup.procs && exec %s cpu_report.py", cg, py)
			unlock := observe.LockMachine()
			obs, err := observe.Local{}.Observe(context.Background(), observe.Spec{
				Args: []string{"sh", "-c", script}, Dir: dir,
				Env: append(os.Environ(), "MP_START_METHOD="+method),
				// The program moves itself into the test's cgroup, which an
				// isolated run cannot see.
				Isolation: observe.IsolationNone,
			})
			unlock()
			require.NoError(t, err)
			require.Equal(t, 0, obs.ExitCode)
			data, err := os.ReadFile(filepath.Join(cg, "cpuacct.usage"))
			require.NoError(t, err)
			ns, _ := strconv.ParseFloat(strings.TrimSpace(string(data)), 64)
			kernel := ns / 1e9
			assert.InEpsilon(t, kernel, obs.CPU.Seconds(), 0.05, "kernel %.3f s, observed %.3f s", kernel, obs.CPU.Seconds())
		})
	}
}

// Processes that outlive the main process — double-forked, setsid(),
// ignoring SIGTERM — are killed, and none is left running.
func TestNoSurvivors(t *testing.T) {
	testenv.Linux(t)
	pidFile := filepath.Join(t.TempDir(), "pids")
	// The grandchildren write their pids to the test's own temporary
	// folder, which an isolated run cannot see; the killing is the same.
	obs, _, _ := runIsolated(t, "orphans.py", observe.IsolationNone, "ORPHAN_PIDS="+pidFile)
	data, err := os.ReadFile(pidFile)
	require.NoError(t, err)
	pids := strings.Fields(string(data))
	require.Len(t, pids, 3, "the program leaves three grandchildren")
	assert.GreaterOrEqual(t, len(obs.Leftovers), 3, "leftovers: %+v", obs.Leftovers)
	for _, p := range pids {
		pid, _ := strconv.Atoi(p)
		err := syscall.Kill(pid, 0)
		assert.Equal(t, syscall.ESRCH, err, "pid %d is still running", pid)
	}
}
