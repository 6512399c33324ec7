package observe_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// isolationProbe prints what an isolated program sees, one fact a line:
// its pid and its parent's, the host name, the network interfaces, what
// /tmp and /dev/shm hold, whether multiprocessing's semaphores (in
// /dev/shm) and a Queue work under the start method it was given, and
// what it can list of /, /proc and the work folder.
const isolationProbe = `
import multiprocessing as mp, os, socket, sys, time
def square(x):
    time.sleep(0.05)  # long enough for the workers to be sampled
    return x * x
if __name__ == "__main__":
    print("pid", os.getpid(), "ppid", os.getppid())
    print("hostname", socket.gethostname())
    print("interfaces", ",".join(sorted(n for _, n in socket.if_nameindex())))
    print("tmp", sorted(os.listdir("/tmp")), "shm", sorted(os.listdir("/dev/shm")))
    print("root", sorted(os.listdir("/")))
    print("procs", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
    print("work", sorted(os.listdir(".")))
    print("start", mp.get_start_method())
    lock, q = mp.Lock(), mp.Queue()
    with lock:
        q.put(1)
    print("queue", q.get(timeout=5))
    with mp.Pool(2) as pool:
        print("pool", sum(pool.map(square, range(10))))
    with open(os.path.join("/tmp", sys.argv[1]), "w") as f:
        f.write("x")
    print("wrote", sys.argv[1])
`

// An isolated run sees only its own processes, loopback, an empty private
// /tmp and /dev/shm, the system's folders and its work folder; Python's
// multiprocessing works there under every start method, and the observer
// still sees every process, by the machine's pids, with exact CPU totals.
func TestIsolatedRun(t *testing.T) {
	testenv.Linux(t)
	user := observe.UnprivilegedUser()
	py, _, err := observe.ResolvePython(user)
	require.NoError(t, err)
	for _, method := range observe.StartMethods {
		t.Run(method, func(t *testing.T) {
			wd, err := observe.PrepareWorkdir(os.DirFS(t.TempDir()), user)
			require.NoError(t, err)
			defer wd.Remove()
			require.NoError(t, wd.Add("probe.py", []byte(isolationProbe)))
			left := fmt.Sprintf("mpgrade-probe-%d-%s", os.Getpid(), method)
			defer os.Remove(filepath.Join("/tmp", left))
			var out bytes.Buffer
			unlock := observe.LockMachine()
			obs, err := observe.Local{}.Observe(context.Background(), observe.Spec{Args: []string{py, "probe.py", left}, Dir: wd.Dir,
				Env: append(observe.ScrubEnv(os.Environ()), "HOME="+wd.Dir), Stdout: &out, Stderr: &out, User: user,
				StartMethod: method, Limits: observe.Limits{Wall: 30 * time.Second}})
			unlock()
			require.NoError(t, err)
			require.Equal(t, 0, obs.ExitCode, out.String())
			if obs.Isolation.Mode != observe.IsolationNamespaces {
				t.Skipf("no namespaces on this machine: %s", obs.Isolation.Missing)
			}
			facts := probeFacts(out.String())
			t.Logf("%s\n%s", obs.Isolation, out.String())
			assert.Subset(t, obs.Isolation.Namespaces, []string{"pid", "net", "mount", "ipc", "uts"})
			assert.NotZero(t, obs.Isolation.PIDNamespace)
			assert.Equal(t, "mpgrade", facts["hostname"])
			assert.Equal(t, "lo", facts["interfaces"])
			// Of the machine's /tmp, only the folders above the work
			// folder and the start method's are there, to reach them.
			tmp, shm, _ := strings.Cut(facts["tmp"], " shm ")
			assert.Equal(t, "[]", shm, "a fresh /dev/shm")
			for _, name := range strings.Split(strings.Trim(tmp, "[]"), ", ") {
				assert.Regexp(t, `^'mpgrade-(run|start)-\d+'$`, name, "a fresh /tmp")
			}
			assert.Equal(t, "['probe.py']", facts["work"])
			assert.NotContains(t, facts["root"], "'root'", "/root is not in the view")
			assert.NotContains(t, facts["root"], "'home'", "/home is not in the view")
			assert.Equal(t, method, facts["start"])
			assert.Equal(t, "1", facts["queue"])
			assert.Equal(t, "285", facts["pool"])
			// The main process's pid in its namespace is small; the
			// observation has the machine's, of every process: the main
			// one, a Pool of 2, and under spawn and forkserver their
			// helpers.
			nsPID, _ := strconv.Atoi(strings.Fields(facts["pid"])[0])
			assert.Less(t, nsPID, 100)
			require.GreaterOrEqual(t, len(obs.Processes), 3, "%+v", obs.Processes)
			assert.NotEqual(t, nsPID, obs.MainPID())
			assert.Equal(t, py, obs.Processes[0].Cmdline[0])
			assert.Positive(t, obs.CPU.Seconds())
			assert.Equal(t, left, facts["wrote"])
			assert.NoFileExists(t, filepath.Join("/tmp", left), "the run's /tmp is its own")
		})
	}
}

// probeFacts splits the probe's lines into their first word and the rest.
func probeFacts(out string) map[string]string {
	facts := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(line, " "); ok {
			facts[k] = v
		}
	}
	return facts
}

// Spec.Isolation none runs without namespaces and says so; an unknown
// isolation is refused.
func TestIsolationNone(t *testing.T) {
	testenv.Linux(t)
	var out bytes.Buffer
	obs, err := observe.Local{}.Observe(context.Background(), observe.Spec{Args: []string{"sh", "-c", "hostname"},
		Isolation: observe.IsolationNone, Stdout: &out, Limits: observe.Limits{Wall: 10 * time.Second}})
	require.NoError(t, err)
	assert.Equal(t, observe.Isolation{Mode: observe.IsolationNone, Missing: "not asked for"}, obs.Isolation)
	host, _ := os.Hostname()
	assert.Equal(t, host+"\n", out.String())

	_, err = observe.Local{}.Observe(context.Background(), observe.Spec{Args: []string{"true"}, Isolation: "chroot"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown isolation "chroot"`)
}

// Files and folders named in Spec.Visible are readable in the view; a
// folder of the machine that is not named is absent.
func TestIsolationVisible(t *testing.T) {
	testenv.Linux(t)
	user := observe.UnprivilegedUser()
	shared := t.TempDir()
	require.NoError(t, os.Chmod(shared, 0o755))
	require.NoError(t, os.Chmod(filepath.Dir(shared), 0o711)) // the run's user must pass
	data := filepath.Join(shared, "data.txt")
	require.NoError(t, os.WriteFile(data, []byte("shared data"), 0o644))
	hidden := t.TempDir()
	require.NoError(t, os.Chmod(hidden, 0o755))
	var out bytes.Buffer
	script := fmt.Sprintf("cat %s; echo; ls %s 2>&1 || echo absent", data, hidden)
	obs, err := observe.Local{}.Observe(context.Background(), observe.Spec{Args: []string{"sh", "-c", script}, Dir: "/",
		User: user, Visible: []string{data}, Stdout: &out, Stderr: &out, Limits: observe.Limits{Wall: 10 * time.Second}})
	require.NoError(t, err)
	if obs.Isolation.Mode != observe.IsolationNamespaces {
		t.Skipf("no namespaces on this machine: %s", obs.Isolation.Missing)
	}
	assert.Contains(t, out.String(), "shared data")
	assert.Contains(t, out.String(), "absent")
}

// ProbeIsolation says nothing is missing where runs get namespaces, and
// a run that requires them then gets them.
func TestProbeIsolation(t *testing.T) {
	testenv.Linux(t)
	err := observe.ProbeIsolation(context.Background())
	var missing *observe.IsolationError
	if errors.As(err, &missing) {
		assert.Contains(t, err.Error(), "must be isolated")
		t.Skipf("no namespaces here: %s", missing.Missing)
	}
	require.NoError(t, err)
	obs, err := observe.Local{RequireIsolation: true}.Observe(context.Background(), observe.Spec{Args: []string{"true"},
		User: observe.UnprivilegedUser(), Limits: observe.Limits{Wall: 10 * time.Second}})
	require.NoError(t, err)
	assert.Equal(t, observe.IsolationNamespaces, obs.Isolation.Mode)
}
