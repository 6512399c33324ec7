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
		{"in a subfolder", []string{"entrega/mp_worker.py"}, "diagnose.in_subfolder", []any{"mp_worker.py", "entrega/mp_worker.py"}},
		{"one other program", []string{"solucion.py", "README.md"}, "diagnose.misnamed", []any{"mp_worker.py", "solucion.py", "mp_worker.py"}},
		{"several", []string{"b.py", "a.py", "c.txt"}, "diagnose.several_candidates", []any{"mp_worker.py", "a.py, b.py", "mp_worker.py"}},
		{"none", []string{"README.md"}, "diagnose.missing", []any{"mp_worker.py", "README.md"}},
		{"empty", nil, "diagnose.missing", []any{"mp_worker.py", "—"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path, m := Locate(folder(t, c.files...), "mp_worker.py")
			assert.Empty(t, path)
			require.NotNil(t, m)
			assert.Equal(t, c.key, string(m.Key))
			assert.Equal(t, c.args, m.Args)
			assert.NotContains(t, m.In(msg.ES), "%!")
		})
	}
}

func TestLocateFindsTheProgram(t *testing.T) {
	dir := folder(t, "mp_worker.py", "helper.py")
	path, m := Locate(dir, "mp_worker.py")
	assert.Nil(t, m)
	assert.Equal(t, filepath.Join(dir, "mp_worker.py"), path)
}

// The submission of the test data that handed in mpworker.py.
func TestLocateMissingFileSubmission(t *testing.T) {
	dir := filepath.Join(testenv.Root(t), "testdata", "submissions", "mp_worker", "missing_file")
	_, m := Locate(dir, "mp_worker.py")
	require.NotNil(t, m)
	assert.Equal(t, "mp_worker.py was not found, but mpworker.py looks like it: rename it to mp_worker.py exactly", m.In(msg.EN))
	assert.Equal(t, []any{"mp_worker.py", "mpworker.py", "mp_worker.py"}, m.Args)
}
