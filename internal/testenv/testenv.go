// Package testenv holds what mpgrade's own tests share: finding the
// repository, python3, and deciding when the machine cannot show what a
// test needs.
package testenv

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

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
	env := append(os.Environ(), "GOPROXY=off", "GOSUMDB="+UnreachableSumDB,
		"GONOSUMDB=", "GOPRIVATE=", "GOINSECURE=", "GOWORK=off", "GOFLAGS=-modcacherw", "GOTOOLCHAIN=local")
	if modcache != "" {
		env = append(env, "GOMODCACHE="+modcache)
	}
	return env
}
