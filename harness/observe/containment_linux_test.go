package observe_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/diagnose"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// graderEnv makes the test binary act as a grader that observes one
// program and is then killed by the test.
const graderEnv = "MPGRADE_TEST_GRADER"

func TestMain(m *testing.M) {
	if spec := os.Getenv(graderEnv); spec != "" {
		os.Exit(graderMain(spec))
	}
	os.Exit(m.Run())
}

// graderMain observes the program described by spec (a JSON Spec) until
// it ends, which it does not: the test kills this process first.
func graderMain(spec string) int {
	var s observe.Spec
	if err := json.Unmarshal([]byte(spec), &s); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	obs, err := observe.Local{}.Observe(context.Background(), s)
	fmt.Println("observed", obs != nil, err)
	return 0
}

// stubborn is a program that leaves processes of every kind and never
// ends: a plain child, one in a session of its own, one that ignores
// SIGTERM. It notes the helper's pid, its own and its children's.
const stubborn = `
import os, signal, sys, time
def note(pid):
    with open(sys.argv[1], "a") as f:
        f.write("%d\n" % pid)
note(os.getppid())
note(os.getpid())
for kind in ("plain", "setsid", "ignore"):
    pid = os.fork()
    if pid == 0:
        if kind == "setsid":
            os.setsid()
        if kind == "ignore":
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        time.sleep(300)
        os._exit(0)
    note(pid)
time.sleep(300)
`

// stubbornPids is how many pids stubborn notes.
const stubbornPids = 5

// The grader killed with SIGKILL leaves no process of the program: its
// helper gets SIGTERM (the parent-death signal), kills the tree and
// removes the run's cgroups.
func TestGraderKilledLeavesNothing(t *testing.T) {
	testenv.Linux(t)
	user, uid := "", os.Geteuid()
	if os.Geteuid() == 0 {
		uid = hostileUID(0)
		user = strconv.Itoa(uid)
	}
	py, _, err := observe.ResolvePython(user)
	require.NoError(t, err)
	dir, err := os.MkdirTemp("", "mpgrade-killed-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.Chmod(dir, 0o777))
	pidfile := filepath.Join(dir, "pids")
	marker := fmt.Sprintf("GRADER_KILLED=%d", time.Now().UnixNano())
	spec, err := json.Marshal(observe.Spec{Args: []string{py, "-c", stubborn, pidfile}, Dir: dir, User: user,
		Env: append(observe.ScrubEnv(os.Environ()), marker)})
	require.NoError(t, err)

	self, err := os.Executable()
	require.NoError(t, err)
	grader := exec.Command(self)
	grader.Env = append(os.Environ(), graderEnv+"="+string(spec))
	var out bytes.Buffer
	grader.Stdout, grader.Stderr = &out, &out
	require.NoError(t, grader.Start())
	waitPids(t, pidfile, stubbornPids)
	// The program noted pids of its own namespace when it was isolated:
	// take the machine's, the grader's descendants.
	pids := descendantsOf(grader.Process.Pid)
	require.GreaterOrEqual(t, len(pids), stubbornPids, "the helper and the program's processes")
	require.NoError(t, grader.Process.Kill())
	grader.Wait()

	assert.Empty(t, survivors(pids, marker, uid), "grader output: %s", out.String())
	if os.Geteuid() == 0 {
		helper := pids[0]
		assert.Eventually(t, func() bool { return len(cgroupDirsNamed(fmt.Sprintf("mpgrade-%d", helper))) == 0 },
			3*time.Second, 50*time.Millisecond, "the run's cgroups must be removed")
	}
}

// descendantsOf lists the descendants of pid, as the machine sees them,
// parents before children.
func descendantsOf(pid int) []int {
	parents := map[int][]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p))
		if i := bytes.LastIndexByte(data, ')'); err == nil && i > 0 {
			if f := strings.Fields(string(data[i+1:])); len(f) > 1 {
				pp, _ := strconv.Atoi(f[1])
				parents[pp] = append(parents[pp], p)
			}
		}
	}
	var out []int
	for queue := parents[pid]; len(queue) > 0; queue = queue[1:] {
		out = append(out, queue[0])
		queue = append(queue, parents[queue[0]]...)
	}
	return out
}

// waitPids waits until path holds n pids.
func waitPids(t *testing.T, path string, n int) []int {
	var pids []int
	require.Eventually(t, func() bool {
		pids = pidsIn(path)
		return len(pids) >= n
	}, 10*time.Second, 20*time.Millisecond, "the program did not note its %d pids", n)
	return pids
}

// cgroupDirsNamed finds cgroup directories with this name, at most four
// levels below /sys/fs/cgroup.
func cgroupDirsNamed(name string) []string {
	var out []string
	root := "/sys/fs/cgroup"
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if strings.Count(strings.TrimPrefix(path, root), "/") > 4 {
			return fs.SkipDir
		}
		if d.Name() == name {
			out = append(out, path)
		}
		return nil
	})
	return out
}

// burnTwo burns about 0.3 s of CPU in each of two processes.
const burnTwo = `
import multiprocessing as mp, time
def burn():
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass
if __name__ == "__main__":
    ps = [mp.Process(target=burn) for _ in range(2)]
    for p in ps: p.start()
    for p in ps: p.join()
`

// cgroupAgreement is how close the cgroup's CPU total must be to the
// helper's getrusage total: both are the kernel's accounting of the same
// processes, differing only in rounding (getrusage splits runtime into
// user and system by ticks), so 5% is generous.
const cgroupAgreement = 0.05

// As root where cgroups are writable, each run gets a cgroup of its own,
// whose CPU total agrees with getrusage, and which is gone afterwards;
// asked for the fallback, the run is contained by the subreaper alone.
func TestContainmentModes(t *testing.T) {
	testenv.Linux(t)
	if os.Geteuid() != 0 {
		t.Skip("cgroups are used only when mpgrade runs as root")
	}
	py := testenv.Python(t)
	lim := observe.Limits{Wall: 10 * time.Second, Memory: 256 << 20, Processes: 64, CPU: 10 * time.Second}

	unlock := observe.LockMachine()
	obs, err := observe.Local{}.Observe(context.Background(), observe.Spec{Args: []string{py, "-c", burnTwo}, Limits: lim})
	unlock()
	require.NoError(t, err)
	require.Equal(t, 0, obs.ExitCode)
	if obs.Containment == observe.ContainmentSubreaper {
		t.Skip("no writable cgroup hierarchy on this machine")
	}
	assert.Contains(t, []string{observe.ContainmentCgroupV1, observe.ContainmentCgroupV2}, obs.Containment)
	require.NotNil(t, obs.Cgroup)
	assert.Equal(t, "cgroup", obs.Enforced[observe.LimitMemory])
	assert.Equal(t, "cgroup", obs.Enforced[observe.LimitProcesses])
	t.Logf("%s: CPU by the cgroup %.3f s, by getrusage %.3f s; peak memory %d KiB", obs.Containment,
		obs.Cgroup.CPUSeconds, obs.CPU.Seconds(), obs.Cgroup.PeakMemoryBytes>>10)
	diff := math.Abs(obs.Cgroup.CPUSeconds - obs.CPU.Seconds())
	assert.Less(t, diff, cgroupAgreement*obs.CPU.Seconds()+execStageStartup, "cgroup %.3f s, getrusage %.3f s", obs.Cgroup.CPUSeconds, obs.CPU.Seconds())
	assert.Positive(t, obs.Cgroup.PeakMemoryBytes)
	assert.Empty(t, cgroupDirsNamed(fmt.Sprintf("mpgrade-%d", obs.Processes[0].PPID)), "the run's cgroups must be removed")

	user := strconv.Itoa(hostileUID(0))
	userPy, _, err := observe.ResolvePython(user)
	require.NoError(t, err)
	obs, err = observe.Local{}.Observe(context.Background(), observe.Spec{Args: []string{userPy, "-c", "pass"}, Limits: lim,
		Containment: observe.ContainmentSubreaper, User: user})
	require.NoError(t, err)
	assert.Equal(t, observe.ContainmentSubreaper, obs.Containment)
	assert.Nil(t, obs.Cgroup)
	assert.Equal(t, "rlimit", obs.Enforced[observe.LimitMemory])
	assert.Equal(t, "rlimit", obs.Enforced[observe.LimitProcesses])
	assert.Equal(t, fmt.Sprintf("%d:%d", hostileUID(0), hostileUID(0)), obs.RunAs)
}

// The program runs with the limits asked for: its own view of its
// resource limits, user and environment.
func TestProgramSeesItsLimits(t *testing.T) {
	testenv.Linux(t)
	user := ""
	if os.Geteuid() == 0 {
		user = strconv.Itoa(hostileUID(0))
	}
	py, _, err := observe.ResolvePython(user)
	require.NoError(t, err)
	const probe = `
import os, resource
print(resource.getrlimit(resource.RLIMIT_CORE)[0], resource.getrlimit(resource.RLIMIT_CPU)[0],
      resource.getrlimit(resource.RLIMIT_FSIZE)[0], os.getuid(), os.getgroups(), os.nice(0),
      sorted(k for k in ("PYTHONPATH", "GITHUB_TOKEN", "MPGRADE_RUN") if k in os.environ))
`
	var out bytes.Buffer
	env := observe.ScrubEnv(append(os.Environ(), "PYTHONPATH=/elsewhere", "GITHUB_TOKEN=secret"))
	obs, err := observe.Local{}.Observe(context.Background(), observe.Spec{Args: []string{py, "-c", probe}, Dir: "/",
		Env: env, Stdout: &out, Stderr: &out, User: user,
		Limits: observe.Limits{CPU: 1500 * time.Millisecond, FileSize: 1 << 20}})
	require.NoError(t, err)
	require.Equal(t, 0, obs.ExitCode, out.String())
	uid, groups := os.Geteuid(), "[]"
	if user != "" {
		uid = hostileUID(0)
	} else {
		groups = pythonList(t, slices.Contains(obs.Isolation.Namespaces, "user"))
	}
	// No core dumps, CPU rounded up to whole seconds, the file size asked
	// for, the run's user with no groups, the observer's priority (not the
	// helper's raised one), and of the variables only the run's mark.
	assert.Equal(t, fmt.Sprintf("0 2 1048576 %d %s %d ['MPGRADE_RUN']\n", uid, groups, niceOf(t)), out.String())
}

// pythonList writes this process's supplementary groups as Python prints
// os.getgroups() in a run, where in a user namespace (inUserNS) every
// group but the user's own is unmapped, shown as the overflow gid.
func pythonList(t *testing.T, inUserNS bool) string {
	gids, err := syscall.Getgroups()
	require.NoError(t, err)
	s := make([]string, len(gids))
	for i, g := range gids {
		if inUserNS && g != os.Getegid() {
			g = observe.NobodyUID
		}
		s[i] = strconv.Itoa(g)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func niceOf(t *testing.T) int {
	prio, err := syscall.Getpriority(syscall.PRIO_PROCESS, 0)
	require.NoError(t, err)
	return 20 - prio
}

// Programs that cannot start get a StartError that diagnose explains;
// asking for another user without root is refused up front.
func TestStartErrors(t *testing.T) {
	testenv.Linux(t)
	_, err := observe.Local{}.Observe(context.Background(), observe.Spec{Args: []string{"no-such-program-mpgrade"}})
	var start *observe.StartError
	require.True(t, errors.As(err, &start), "got %v", err)
	assert.Equal(t, "diagnose.program_not_found", string(diagnose.Explain(nil, nil, nil, err)[0].Key))

	if os.Geteuid() != 0 {
		_, err := observe.Local{}.Observe(context.Background(), observe.Spec{Args: []string{"true"}, User: "0"})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "needs root")
		return
	}
	// An interpreter in root's home cannot be run by another user.
	py := testenv.Python(t)
	nobody := strconv.Itoa(hostileUID(0))
	if resolved, _, err := observe.ResolvePython(nobody); err == nil && resolved == py {
		t.Skipf("%s can be run by any user here", py)
	}
	_, err = observe.Local{}.Observe(context.Background(), observe.Spec{Args: []string{py, "-c", "pass"}, User: nobody})
	require.True(t, errors.As(err, &start), "got %v", err)
	assert.Contains(t, start.Reason, "permission denied for user")
}
