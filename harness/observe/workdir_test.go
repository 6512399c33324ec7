package observe_test

import (
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPrepareWorkdirCopiesTheSubmission(t *testing.T) {
	src := fstest.MapFS{
		"mp_worker.py":   {Data: []byte("print('hi')\n"), Mode: 0o644},
		"data/input.txt": {Data: []byte("1 2 3\n"), Mode: 0o644},
	}
	wd, err := observe.PrepareWorkdir(src, "")
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(wd.Dir, "data", "input.txt"))
	require.NoError(t, err)
	assert.Equal(t, "1 2 3\n", string(data))
	require.NoError(t, wd.Add("extra.txt", []byte("x")))
	assert.FileExists(t, filepath.Join(wd.Dir, "extra.txt"))

	parent, err := os.Stat(filepath.Dir(wd.Dir))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o711), parent.Mode().Perm(), "others may pass through, not list or write")

	// What the program leaves, even unreadable, goes with Remove.
	locked := filepath.Join(wd.Dir, "locked")
	require.NoError(t, os.MkdirAll(filepath.Join(locked, "inner"), 0o755))
	require.NoError(t, os.Chmod(locked, 0))
	require.NoError(t, wd.Remove())
	assert.NoDirExists(t, filepath.Dir(wd.Dir))
}

func TestPrepareWorkdirSkipsLinks(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "answer.py")
	require.NoError(t, os.WriteFile(secret, []byte("ANSWER = 42\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mp_worker.py"), []byte("pass\n"), 0o644))
	require.NoError(t, os.Symlink(secret, filepath.Join(dir, "answer.py")))
	wd, err := observe.PrepareWorkdir(os.DirFS(dir), "")
	require.NoError(t, err)
	defer wd.Remove()
	assert.FileExists(t, filepath.Join(wd.Dir, "mp_worker.py"))
	assert.NoFileExists(t, filepath.Join(wd.Dir, "answer.py"), "a link in a submission must not copy its target")
}

func TestPrepareWorkdirForAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving files to another user needs root")
	}
	uid := hostileUID(0)
	wd, err := observe.PrepareWorkdir(fstest.MapFS{"a.py": {Data: []byte("pass\n")}}, strconv.Itoa(uid))
	require.NoError(t, err)
	defer wd.Remove()
	for _, p := range []string{wd.Dir, filepath.Join(wd.Dir, "a.py")} {
		st, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, uint32(uid), st.Sys().(*syscall.Stat_t).Uid, p)
	}
}
