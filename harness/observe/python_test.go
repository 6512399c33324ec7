package observe

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResolvePythonFindsTheInterpreter(t *testing.T) {
	path, version, err := ResolvePython("")
	if err != nil {
		t.Skipf("no python3 here: %v", err)
	}
	assert.True(t, filepath.IsAbs(path), path)
	assert.True(t, atLeast(version, MinPython), version)
	assert.NotContains(t, path, "/shims/", "a pyenv shim is seen through")
}

func TestResolvePythonForAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("running as another user needs root")
	}
	path, _, err := ResolvePython("nobody")
	require.NoError(t, err)
	assert.False(t, strings.HasPrefix(path, "/root/"), "nobody cannot run %s", path)
}

func TestResolvePythonSaysWhatItTried(t *testing.T) {
	saved := systemPythons
	systemPythons = []string{"/bin/false"}
	defer func() { systemPythons = saved }()
	t.Setenv("PATH", t.TempDir())
	_, _, err := ResolvePython("nobody-who-does-not-exist-" + t.Name())
	require.Error(t, err, "an unknown user")
	resolved.Delete("")
	_, _, err = ResolvePython("")
	var nf *PythonNotFoundError
	require.True(t, errors.As(err, &nf), "got %v", err)
	assert.Contains(t, err.Error(), "/bin/false: exited with status 1")
	assert.Contains(t, err.Error(), "install Python 3")
}

func TestVersionCheck(t *testing.T) {
	assert.True(t, atLeast("3.8.0", [2]int{3, 8}))
	assert.True(t, atLeast("3.13.1", [2]int{3, 8}))
	assert.False(t, atLeast("3.7.17", [2]int{3, 8}))
	assert.False(t, atLeast("2.7.18", [2]int{3, 8}))
	assert.False(t, atLeast("garbage", [2]int{3, 8}))
}

func TestInterpreter(t *testing.T) {
	if _, _, err := ResolvePython(""); err != nil {
		t.Skipf("no python3 here: %v", err)
	}
	path, version, err := Interpreter("")
	require.NoError(t, err)
	assert.True(t, filepath.IsAbs(path), path)
	assert.True(t, atLeast(version, MinPython), version)

	_, _, err = Interpreter(filepath.Join(t.TempDir(), "python9"))
	var nf *PythonNotFoundError
	require.True(t, errors.As(err, &nf), "got %v", err)
	assert.Contains(t, err.Error(), "python9")

	_, _, err = Interpreter("/bin/false")
	require.True(t, errors.As(err, &nf), "got %v", err)
	assert.Contains(t, err.Error(), "/bin/false: exited with status 1")
}
