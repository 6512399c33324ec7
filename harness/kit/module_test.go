package kit_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/kit"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scaffoldTemplate is the one place of the module that holds a model
// answer, a hidden check and test submissions: those of the exercise
// `mpgrade new` writes, which a teacher starts from and changes, and which
// it must carry to write them. No class is handed that exercise as it is.
const scaffoldTemplate = "harness/scaffold/template/"

// The module a student's go command downloads holds no model answer, no
// correct fixture and no hidden check. The go command itself makes the
// module zip of this checkout's HEAD commit, fetching it with git from the
// checkout as it would from GitHub, and every file in the zip is held
// against every file of private/, the built-in assignments' private parts,
// by path and by content.
func TestModuleHoldsNothingPrivate(t *testing.T) {
	root := testenv.Root(t)
	gocmd, gerr := exec.LookPath("go")
	_, xerr := exec.LookPath("git")
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil || gerr != nil || xerr != nil {
		t.Skip("needs a git checkout of mpgrade, git and the go command")
	}
	private := privateFiles(t, filepath.Join(root, "private"))
	require.NotEmpty(t, private, "private/ holds the built-in assignments' model answers, hidden checks and tests")

	files := moduleZip(t, gocmd, root)
	require.Contains(t, files, "assignments/mp_worker/assignment.json", "the public parts are in the module")
	require.Contains(t, files, "assignments/mp_worker/calibration/mp_worker.py")
	require.Contains(t, files, "go.mod")
	for name, data := range files {
		for _, prefix := range []string{"private/", "reference/", "testdata/submissions/"} {
			assert.False(t, strings.HasPrefix(name, prefix), "the module holds %s", name)
		}
		if !strings.HasPrefix(name, scaffoldTemplate) {
			assert.NotContains(t, name, "/solution/", "the module holds a model answer: %s", name)
			assert.False(t, strings.HasSuffix(name, "/expect.txt"), "the module holds a test submission: %s", name)
		}
		trimmed := string(bytes.TrimSpace(data))
		if trimmed == "" {
			continue
		}
		for file, secret := range private {
			assert.NotEqual(t, secret, trimmed, "the module's %s is private/%s", name, file)
		}
	}
}

// privateFiles reads every file under dir but its go.mod and its READMEs,
// trimmed, by path relative to dir.
func privateFiles(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "go.mod" || strings.HasSuffix(d.Name(), ".md") {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		if s := string(bytes.TrimSpace(data)); s != "" {
			out[filepath.ToSlash(rel)] = s
		}
		return err
	}))
	return out
}

// moduleZip has the go command download mpgrade at the checkout's HEAD
// commit, from the checkout by git, into a module cache of the test's own,
// and returns the files of the module zip it made, by path in the module.
func moduleZip(t *testing.T, gocmd, root string) map[string][]byte {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	head, err := exec.CommandContext(ctx, "git", "-C", root, "rev-parse", "HEAD").Output()
	require.NoError(t, err)
	tmp := t.TempDir()
	gitconfig := filepath.Join(tmp, "gitconfig")
	require.NoError(t, os.WriteFile(gitconfig, []byte("[url \"file://"+filepath.ToSlash(root)+"\"]\n\tinsteadOf = https://"+kit.Module+"\n[safe]\n\tdirectory = *\n"), 0o644))
	cmd := exec.CommandContext(ctx, gocmd, "mod", "download", "-json", kit.Module+"@"+strings.TrimSpace(string(head)))
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+gitconfig, "GIT_CONFIG_NOSYSTEM=1", "GOPROXY=direct", "GOSUMDB=off",
		"GOPRIVATE="+kit.Module, "GOMODCACHE="+filepath.Join(tmp, "modcache"), "GOFLAGS=-modcacherw", "GOWORK=off", "GOTOOLCHAIN=local")
	out, err := cmd.Output()
	require.NoError(t, err, "go mod download: %s", out)
	var download struct{ Zip, Version string }
	require.NoError(t, json.Unmarshal(out, &download), "%s", out)
	zr, err := zip.OpenReader(download.Zip)
	require.NoError(t, err)
	defer zr.Close()
	prefix := kit.Module + "@" + download.Version + "/"
	files := map[string][]byte{}
	for _, f := range zr.File {
		r, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(r)
		r.Close()
		require.NoError(t, err)
		files[strings.TrimPrefix(f.Name, prefix)] = data
	}
	return files
}
