package observe

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The forcing folder holds the module, readable by anyone; the folder
// goes first on PYTHONPATH, before what the environment had, and the
// variable names the method; remove takes the folder away.
func TestForcedStartMethodEnv(t *testing.T) {
	env, remove, err := forcedStartMethod([]string{"A=1", "PYTHONPATH=/given"}, "spawn", nil)
	require.NoError(t, err)
	dir, rest, _ := strings.Cut(envValue(env, "PYTHONPATH"), ":")
	assert.Equal(t, "/given", rest)
	assert.Equal(t, "spawn", envValue(env, StartMethodVar))
	assert.Equal(t, "1", envValue(env, "A"))
	for path, mode := range map[string]os.FileMode{dir: 0o755, filepath.Join(dir, "sitecustomize.py"): 0o644} {
		info, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, mode, info.Mode().Perm(), path)
	}
	data, err := os.ReadFile(filepath.Join(dir, "sitecustomize.py"))
	require.NoError(t, err)
	assert.Equal(t, siteCustomize, data)
	remove()
	assert.NoDirExists(t, dir)

	env, remove, err = forcedStartMethod([]string{"A=1"}, "forkserver", nil)
	require.NoError(t, err)
	defer remove()
	assert.NotContains(t, envValue(env, "PYTHONPATH"), ":", "no PYTHONPATH given: the folder alone")

	_, _, err = forcedStartMethod(nil, "threads", nil)
	assert.ErrorContains(t, err, `unknown start method "threads"`)
}

// The module runs the sitecustomize it hides (Debian's installs the
// apport hook with one), with the method forced or not; without the
// variable it forces nothing.
func TestSiteCustomizeChainsAndWaitsForTheVariable(t *testing.T) {
	py, _, err := ResolvePython("")
	if err != nil {
		t.Skipf("no python3 here: %v", err)
	}
	other := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(other, "sitecustomize.py"), []byte("import builtins\nbuiltins.hidden_ran = True\n"), 0o644))
	env, remove, err := forcedStartMethod(ScrubEnv(os.Environ()), "forkserver", nil)
	require.NoError(t, err)
	defer remove()
	env = SetEnv(env, "PYTHONPATH", envValue(env, "PYTHONPATH")+":"+other)
	probe := "import builtins, multiprocessing as mp; print(getattr(builtins, 'hidden_ran', False), mp.get_start_method(allow_none=True))"
	for _, tc := range []struct{ method, want string }{{"forkserver", "True forkserver"}, {"", "True None"}} {
		cmd := exec.Command(py, "-c", probe)
		cmd.Env = SetEnv(env, StartMethodVar, tc.method)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		assert.Equal(t, tc.want, strings.TrimSpace(string(out)), "%s=%q", StartMethodVar, tc.method)
	}
}
