// Package testenv holds what mpgrade's own tests share: finding the
// repository, python3, and deciding when the machine cannot show what a
// test needs.
package testenv

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/observe"
)

// Root returns the repository's root directory.
func Root(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Python returns the path of the python3 interpreter itself (not a
// wrapper script such as pyenv's shim, which would add its own processes
// to every observed tree), or skips the test.
func Python(t testing.TB) string {
	pythonOnce.Do(func() {
		out, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
		if err == nil {
			python = strings.TrimSpace(string(out))
		}
	})
	if python == "" {
		t.Skip("python3 is not on PATH")
	}
	return python
}

var (
	pythonOnce sync.Once
	python     string
)

// Linux skips the test on systems where processes cannot be observed.
func Linux(t testing.TB) {
	if runtime.GOOS != "linux" {
		t.Skip("observing processes needs Linux")
	}
}

// NeedCPUs skips the test when fewer than n CPUs are available to it.
func NeedCPUs(t testing.TB, n float64) {
	if got := observe.AvailableCPUs().Available; got < n {
		t.Skipf("needs %.0f CPUs available, this process has %.2g", n, got)
	}
}

// Header reads the "# key: value" lines at the top of a fixture.
func Header(t testing.TB, path string) map[string]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "# ") {
			break
		}
		if k, v, ok := strings.Cut(strings.TrimPrefix(line, "# "), ":"); ok {
			h[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return h
}

// UnreachableSumDB is a checksum database that answers nothing: a port on
// this machine that nothing listens on. A go command that needs it fails,
// as it does on a network that cannot reach sum.golang.org.
const UnreachableSumDB = "sum.golang.org https://127.0.0.1:9"

// OfflineGo is the environment of a go command run as a student's would
// run offline: no module proxy (only the module cache), no checksum
// database, no workspace, and no setting of the caller's that would skip
// verification or let the go command edit go.mod. The module cache is the
// caller's unless modcache is given.
func OfflineGo(modcache string) []string {
	return append(noSumDB(modcache), "GOPROXY=off")
}

// noSumDB is the caller's environment with no checksum database and
// nothing that would skip verification.
func noSumDB(modcache string) []string {
	env := append(os.Environ(), "GOSUMDB="+UnreachableSumDB,
		"GONOSUMDB=", "GOPRIVATE=", "GOINSECURE=", "GOWORK=off", "GOFLAGS=-modcacherw", "GOTOOLCHAIN=local")
	if modcache != "" {
		env = append(env, "GOMODCACHE="+modcache)
	}
	return env
}

// GoTestKit runs `go test -count=1 -v ./...` in the student repository dir
// as a student would on a network that cannot reach the checksum
// database: `go mod download` first, through the caller's module proxy
// (or from the module cache, which is modcache when given), with the
// repository's go.sum as the only check of what arrives; then go test
// offline. So the test needs neither a checksum database nor a module
// cache that happens to hold the grader's dependencies. env is added to
// go test's environment.
func GoTestKit(t testing.TB, dir, modcache string, env ...string) (string, error) {
	t.Helper()
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("needs the go command")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	download := exec.CommandContext(ctx, gocmd, "mod", "download")
	download.Dir, download.Env = dir, noSumDB(modcache)
	if out, err := download.CombinedOutput(); err != nil {
		return "go mod download: " + string(out), err
	}
	test := exec.CommandContext(ctx, gocmd, "test", "-count=1", "-v", "./...")
	test.Dir, test.Env = dir, append(OfflineGo(modcache), env...)
	out, err := test.CombinedOutput()
	return string(out), err
}
