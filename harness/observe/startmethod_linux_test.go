package observe_test

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chooser is a program that chooses fork itself, every way multiprocessing
// lets it: set_start_method with and without force, an explicit context,
// a Pool. It prints, for each, the start method the process was really
// started with (the method of its Popen class), and what the program can
// see of the forcing.
const chooser = `
import multiprocessing as mp, os, sys

def work(q):
    q.put(os.getpid())

def square(x):
    return x * x

def started(ctx):
    q = ctx.Queue()
    p = ctx.Process(target=work, args=(q,))
    p.start()
    q.get()
    p.join()
    assert p.exitcode == 0, p.exitcode
    return type(p._popen).method

if __name__ == "__main__":
    mp.set_start_method("fork")
    mp.set_start_method("fork", force=True)
    try:
        mp.set_start_method("no-such-method", force=True)
        bad = "accepted"
    except ValueError:
        bad = "ValueError"
    with mp.get_context("fork").Pool(1) as pool:
        assert pool.map(square, [3]) == [9]
    print(__name__, os.path.basename(sys.argv[0]), mp.get_start_method(),
          started(mp), started(mp.get_context("fork")), bad,
          os.environ.get("PYTHONPATH", "-"))
`

// runChooser observes chooser under method ("" for the program's own
// choice) as another user when the test is root, and returns its output
// and the observation.
func runChooser(t *testing.T, method string) (string, *observe.Observation) {
	t.Helper()
	user := ""
	if os.Geteuid() == 0 {
		user = strconv.Itoa(hostileUID(0))
	}
	py, _, err := observe.ResolvePython(user)
	require.NoError(t, err)
	wd, err := observe.PrepareWorkdir(fstest.MapFS{"chooser.py": {Data: []byte(chooser)}}, user)
	require.NoError(t, err)
	t.Cleanup(func() { wd.Remove() })
	var stdout, stderr bytes.Buffer
	env := observe.ScrubEnv(append(os.Environ(), "PYTHONPATH="+wd.Dir, observe.StartMethodVar+"=fork"))
	obs, err := observe.Local{}.Observe(context.Background(), observe.Spec{
		Args: []string{py, "chooser.py"}, Dir: wd.Dir, Env: env, Stdout: &stdout, Stderr: &stderr,
		User: user, StartMethod: method, Limits: observe.Limits{Wall: 30 * time.Second},
	})
	require.NoError(t, err)
	require.Equal(t, 0, obs.ExitCode, "stdout: %s\nstderr: %s", stdout.String(), stderr.String())
	assert.Empty(t, stderr.String())
	return strings.TrimSpace(stdout.String()), obs
}

// A program that asks for fork in every way is still started with the
// method the observer forces, as the same program (its __name__ and
// argv), with the forcing folder alone on PYTHONPATH — the environment's
// own PYTHONPATH and start method were scrubbed — and the folder is gone
// after the run. Spawn's and forkserver's own processes are in the tree.
func TestStartMethodIsForced(t *testing.T) {
	testenv.Linux(t)
	for _, method := range []string{"spawn", "forkserver"} {
		t.Run(method, func(t *testing.T) {
			out, obs := runChooser(t, method)
			f := strings.Fields(out)
			require.Len(t, f, 7, out)
			assert.Equal(t, []string{"__main__", "chooser.py", method, method, method, "ValueError"}, f[:6])
			assert.Contains(t, f[6], "mpgrade-start-", "PYTHONPATH is the forcing folder")
			assert.NotContains(t, f[6], ":", "PYTHONPATH is the forcing folder alone")
			assert.NoDirExists(t, f[6], "the forcing folder is removed after the run")
			assert.Equal(t, method, obs.StartMethod)
			mark := map[string]string{"spawn": "spawn_main", "forkserver": "forkserver"}[method]
			assert.True(t, anyCmdline(obs, mark), "a process whose command line has %s", mark)
		})
	}
}

// Without StartMethod the program's own choice stands and nothing is
// added to its environment.
func TestStartMethodLeftToTheProgram(t *testing.T) {
	testenv.Linux(t)
	out, obs := runChooser(t, "")
	assert.Equal(t, "__main__ chooser.py fork fork fork ValueError -", out)
	assert.Empty(t, obs.StartMethod)
	assert.False(t, anyCmdline(obs, "spawn_main"))
}

func anyCmdline(obs *observe.Observation, part string) bool {
	for _, p := range obs.Processes {
		if strings.Contains(strings.Join(p.Cmdline, " "), part) {
			return true
		}
	}
	return false
}

func TestUnknownStartMethodIsRefused(t *testing.T) {
	testenv.Linux(t)
	_, err := observe.Local{}.Observe(context.Background(), observe.Spec{Args: []string{"true"}, StartMethod: "thread"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown start method "thread"`)
}
