package diagnose

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func folder(t *testing.T, files ...string) string {
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, f)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("pass\n"), 0o644))
	}
	return dir
}

func TestLocate(t *testing.T) {
	for _, c := range []struct {
		name  string
		files []string
		key   string
		args  []any
	}{
		{"other case", []string{"MP_Worker.py"}, "diagnose.misnamed", []any{"mp_worker.py", "MP_Worker.py", "mp_worker.py"}},
		{"dashes", []string{"mp-worker.py", "notes.txt"}, "diagnose.misnamed", []any{"mp_worker.py", "mp-worker.py", "mp_worker.py"}},
		{"second extension", []string{"mp_worker.py.txt"}, "diagnose.misnamed", []any{"mp_worker.py", "mp_worker.py.txt", "mp_worker.py"}},
		{"a copy's name", []string{"mp_worker (1).py", "helper.py"}, "diagnose.misnamed", []any{"mp_worker.py", "mp_worker (1).py", "mp_worker.py"}},
		{"a longer name", []string{"a.py", "my_mp_worker.py"}, "diagnose.misnamed", []any{"mp_worker.py", "my_mp_worker.py", "mp_worker.py"}},
		{"one other program", []string{"solucion.py", "README.md"}, "diagnose.misnamed", []any{"mp_worker.py", "solucion.py", "mp_worker.py"}},
		{"several", []string{"b.py", "e.py", "c.txt"}, "diagnose.several_candidates", []any{"mp_worker.py", "b.py, e.py", "mp_worker.py"}},
		{"several in subfolders", []string{"v1/mp_worker.py", "v2/final/mp_worker.py"}, "diagnose.several_nested", []any{"mp_worker.py", "v1/mp_worker.py, v2/final/mp_worker.py"}},
		{"none", []string{"README.md"}, "diagnose.missing", []any{"mp_worker.py", "README.md"}},
		{"empty", nil, "diagnose.missing", []any{"mp_worker.py", "—"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, notes, m := Locate(folder(t, c.files...), "mp_worker.py")
			assert.Empty(t, dir)
			assert.Empty(t, notes)
			require.NotNil(t, m)
			assert.Equal(t, c.key, string(m.Key))
			assert.Equal(t, c.args, m.Args)
			assert.NotContains(t, m.In(msg.ES), "%!")
		})
	}
}

func TestLocateFindsTheProgram(t *testing.T) {
	dir := folder(t, "mp_worker.py", "helper.py")
	got, notes, m := Locate(dir, "mp_worker.py")
	assert.Nil(t, m)
	assert.Empty(t, notes)
	assert.Equal(t, dir, got)

	got, notes, m = Locate(filepath.Join(dir, "mp_worker.py"), "mp_worker.py")
	assert.Nil(t, m)
	assert.Empty(t, notes)
	assert.Equal(t, dir, got)
}

// A program in a single subfolder is graded from there, with a note.
func TestLocateInASubfolder(t *testing.T) {
	dir := folder(t, "entrega/src/mp_worker.py", "README.md")
	got, notes, m := Locate(dir, "mp_worker.py")
	assert.Nil(t, m)
	assert.Equal(t, filepath.Join(dir, "entrega", "src"), got)
	require.Len(t, notes, 1)
	assert.Equal(t, "diagnose.in_subfolder", string(notes[0].Key))
	assert.Equal(t, []any{"mp_worker.py", "entrega/src/mp_worker.py"}, notes[0].Args)
}

// A path to a file is checked for what it names.
func TestLocateAFile(t *testing.T) {
	dir := folder(t, "mpworker.py", "mp_worker.txt")
	for _, c := range []struct{ path, key string }{
		{filepath.Join(dir, "mpworker.py"), "diagnose.misnamed"},
		{filepath.Join(dir, "mp_worker.txt"), "diagnose.wrong_file"},
		{filepath.Join(dir, "nothing.py"), "diagnose.no_such_path"},
	} {
		got, _, m := Locate(c.path, "mp_worker.py")
		assert.Empty(t, got, c.path)
		require.NotNil(t, m, c.path)
		assert.Equal(t, c.key, string(m.Key), c.path)
	}
}

// The submission of the test data that handed in mpworker.py.
func TestLocateMissingFileSubmission(t *testing.T) {
	dir := filepath.Join(testenv.Root(t), "private", "mp_worker", "tests", "missing_file")
	_, _, m := Locate(dir, "mp_worker.py")
	require.NotNil(t, m)
	assert.Equal(t, "mp_worker.py was not found, but mpworker.py looks like it: rename it to mp_worker.py exactly", m.In(msg.EN))
	assert.Equal(t, []any{"mp_worker.py", "mpworker.py", "mp_worker.py"}, m.Args)
}
