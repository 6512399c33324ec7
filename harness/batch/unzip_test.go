package batch

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeZip writes a zip of the named contents.
func writeZip(t *testing.T, path string, files map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, data := range files {
		f, err := w.Create(name)
		require.NoError(t, err)
		_, err = f.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
}

func TestUnzipUnpacksASubmission(t *testing.T) {
	dir := t.TempDir()
	zipped := filepath.Join(dir, "alice.zip")
	writeZip(t, zipped, map[string][]byte{"alice/mp_worker.py": []byte("print(1)\n"), "alice/notes/readme.txt": []byte("hi")})
	dest := filepath.Join(dir, "out")
	require.NoError(t, os.Mkdir(dest, 0o755))
	require.NoError(t, Unzip(zipped, dest))
	data, err := os.ReadFile(filepath.Join(dest, "alice", "mp_worker.py"))
	require.NoError(t, err)
	assert.Equal(t, "print(1)\n", string(data))
}

func TestUnzipRefusesPathsOutOfTheFolder(t *testing.T) {
	for _, name := range []string{"../evil.py", "a/../../evil.py", "/tmp/evil.py", `..\evil.py`} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			zipped := filepath.Join(dir, "mallory.zip")
			writeZip(t, zipped, map[string][]byte{name: []byte("import os\n")})
			dest := filepath.Join(dir, "out", "inner")
			require.NoError(t, os.MkdirAll(dest, 0o755))
			err := Unzip(zipped, dest)
			var uerr *UnzipError
			require.ErrorAs(t, err, &uerr)
			assert.Contains(t, uerr.Reason, "leads out of the folder")
			assert.NoFileExists(t, filepath.Join(dir, "out", "evil.py"))
			assert.NoFileExists(t, filepath.Join(dir, "evil.py"))
		})
	}
}

func TestUnzipStopsABomb(t *testing.T) {
	dir := t.TempDir()
	zipped := filepath.Join(dir, "bomb.zip")
	writeZip(t, zipped, map[string][]byte{"zeros.bin": make([]byte, maxZipFileBytes+1)})
	info, err := os.Stat(zipped)
	require.NoError(t, err)
	require.Less(t, info.Size(), int64(1<<20), "the bomb should compress well")
	dest := filepath.Join(dir, "out")
	require.NoError(t, os.Mkdir(dest, 0o755))
	var uerr *UnzipError
	require.ErrorAs(t, Unzip(zipped, dest), &uerr)
	assert.Contains(t, uerr.Reason, "larger than")
}

func TestUnzipRefusesWhatIsNotAZip(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bob.zip")
	require.NoError(t, os.WriteFile(bad, []byte("not a zip"), 0o644))
	var uerr *UnzipError
	require.ErrorAs(t, Unzip(bad, dir), &uerr)
	assert.Contains(t, uerr.Reason, "not a readable zip")
}
