package kit_test

import (
	"archive/zip"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/kit"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// publishedVersion is the version this checkout is published as, into a
// module proxy that lives in a temporary folder.
const publishedVersion = "v0.0.1"

// A kit written by an mpgrade installed from a published version requires
// that version, not a replacement, and its go.sum vouches for mpgrade too:
// go test passes offline with no checksum database, given a module cache
// that holds the modules.
//
// The checkout is published as v0.0.1 to a proxy in a folder (a module zip
// as the go command makes them); `go install .../cmd/mpgrade@v0.0.1` from
// it builds the program a teacher would have, into a module cache of the
// test's own, and that program writes the kit.
func TestKitOfAPublishedVersion(t *testing.T) {
	testenv.Linux(t)
	testenv.Python(t)
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("needs the go command")
	}
	proxy := filepath.Join(t.TempDir(), "proxy")
	publish(t, testenv.Root(t), proxy)
	modcache := filepath.Join(t.TempDir(), "modcache")
	bin := t.TempDir()

	// Installing fetches mpgrade from the folder and its dependencies from
	// the caller's module cache, itself a proxy: nothing from the network.
	// `go install pkg@version` checks modules with the checksum database
	// alone, which cannot know this version: that is the teacher's step,
	// not what this test is about, so it checks none (the caller's cache
	// was verified when it was filled).
	// `go mod download` first, so that the caller's cache holds every
	// module mpgrade needs, not only those this test's own build used.
	goOutput(t, gocmd, testenv.Root(t), nil, "mod", "download")
	own := goOutput(t, gocmd, "", nil, "env", "GOMODCACHE")
	install := append(testenv.OfflineGo(modcache),
		"GOPROXY=file://"+filepath.ToSlash(proxy)+",file://"+filepath.ToSlash(filepath.Join(own, "cache", "download")),
		"GOSUMDB=off", "GOBIN="+bin)
	goOutput(t, gocmd, t.TempDir(), install, "install", kit.Module+"/cmd/mpgrade@"+publishedVersion)

	dir := filepath.Join(t.TempDir(), "kit")
	out, err := exec.Command(filepath.Join(bin, "mpgrade"), "kit", "mp_worker", dir).CombinedOutput()
	require.NoError(t, err, "%s", out)
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	assert.Contains(t, string(gomod), "require "+kit.Module+" "+publishedVersion+"\n")
	assert.NotContains(t, string(gomod), "replace")
	gosum, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	require.NoError(t, err)
	assert.Contains(t, string(gosum), kit.Module+" "+publishedVersion+" h1:")
	assert.Contains(t, string(gosum), kit.Module+" "+publishedVersion+"/go.mod h1:")

	a, err := assignments.Load("mp_worker")
	require.NoError(t, err)
	_, err = a.WriteSolution(dir)
	require.NoError(t, err)
	got, err := testenv.GoTestKit(t, dir, modcache, quickChecks...)
	require.NoError(t, err, "go test in the kit failed:\n%s", got)
	assert.Contains(t, got, "mpgrade score: 3 of 3 points")
}

// goOutput runs a go command that must succeed and returns its output.
func goOutput(t *testing.T, gocmd, dir string, env []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, gocmd, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go %s:\n%s", strings.Join(args, " "), out)
	return strings.TrimSpace(string(out))
}

// publish writes the checkout at root into a module proxy folder as
// mpgrade at publishedVersion: its list, .info, .mod and .zip files, the
// zip holding every file but the version control's, under
// module@version/ as module zips do.
func publish(t *testing.T, root, proxy string) {
	at := filepath.Join(proxy, filepath.FromSlash(kit.Module), "@v")
	require.NoError(t, os.MkdirAll(at, 0o755))
	write := func(name, data string) {
		require.NoError(t, os.WriteFile(filepath.Join(at, name), []byte(data), 0o644))
	}
	write("list", publishedVersion+"\n")
	write(publishedVersion+".info", `{"Version":"`+publishedVersion+`","Time":"2026-01-01T00:00:00Z"}`)
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	write(publishedVersion+".mod", string(gomod))

	f, err := os.Create(filepath.Join(at, publishedVersion+".zip"))
	require.NoError(t, err)
	defer f.Close()
	zw := zip.NewWriter(f)
	prefix := kit.Module + "@" + publishedVersion + "/"
	require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(p, "go.mod")); d.IsDir() && p != root && err == nil {
			return filepath.SkipDir // a module of its own, as the go command leaves out
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create(prefix + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}))
	require.NoError(t, zw.Close())
}
