package observe

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// MinPython is the oldest Python the course's programs are written for.
var MinPython = [2]int{3, 8}

// pythonProbeTimeout bounds one try of an interpreter; a healthy python3
// answers in tens of milliseconds.
const pythonProbeTimeout = 10 * time.Second

// systemPythons are tried after python3 on PATH: where distributions and
// installers put an interpreter every user can run.
var systemPythons = []string{"/usr/local/bin/python3", "/usr/bin/python3", "/bin/python3"}

// resolved remembers what ResolvePython found for each user: trying an
// interpreter runs it, and a pyenv shim takes a good part of a second.
var resolved sync.Map

// A PythonNotFoundError says no usable python3 was found, and lists every
// interpreter tried with the reason it was not used.
type PythonNotFoundError struct {
	// User is who must be able to run it ("" for the observer's user).
	User string
	// Tried lists "PATH: reason" for each interpreter tried.
	Tried []string
}

func (e *PythonNotFoundError) Error() string {
	who := "mpgrade's user"
	if e.User != "" {
		who = "user " + e.User
	}
	if len(e.Tried) == 0 {
		return fmt.Sprintf("no python3 found that %s can run: none on PATH nor in %s; install Python 3 (%d.%d or newer) as python3",
			who, strings.Join(systemPythons, ", "), MinPython[0], MinPython[1])
	}
	return fmt.Sprintf("no python3 (%d.%d or newer) that %s can run: tried %s; install Python 3 where every user can run it (e.g. the system's /usr/bin/python3)",
		MinPython[0], MinPython[1], who, strings.Join(e.Tried, "; "))
}

// ResolvePython finds a Python 3 interpreter that asUser (as in
// Spec.User; "" for the observer's own user) can run, and returns the
// interpreter's own path (sys.executable: a pyenv shim is seen through,
// so no wrapper adds processes to the observed tree) and its version, such
// as "3.11.7". It tries python3 on PATH, then systemPythons, running each
// as that user; on failure the error is a *PythonNotFoundError naming
// what was tried and why each failed.
func ResolvePython(asUser string) (path, version string, err error) {
	if found, ok := resolved.Load(asUser); ok {
		p := found.([2]string)
		return p[0], p[1], nil
	}
	u, err := lookupUser(asUser)
	if err != nil {
		return "", "", err
	}
	defer func() {
		if err == nil {
			resolved.Store(asUser, [2]string{path, version})
		}
	}()
	var tried []string
	seen := map[string]bool{}
	try := func(cand string) bool {
		if cand == "" || seen[cand] {
			return false
		}
		seen[cand] = true
		p, v, err := probePython(cand, u)
		if err != nil {
			tried = append(tried, cand+": "+err.Error())
			return false
		}
		path, version = p, v
		return true
	}
	// The observer's python3 may be a shim it can run and the user
	// cannot; its interpreter may still be open to everyone.
	if onPath, err := exec.LookPath("python3"); err == nil {
		if exe, _, err := probePython(onPath, nil); err == nil && try(exe) {
			return path, version, nil
		}
		if try(onPath) {
			return path, version, nil
		}
	}
	for _, cand := range systemPythons {
		if _, err := os.Stat(cand); err != nil {
			continue
		}
		if try(cand) {
			return path, version, nil
		}
	}
	return "", "", &PythonNotFoundError{User: asUser, Tried: tried}
}

// Interpreter probes the interpreter named python ("" for python3) as the
// observer's own user, and returns its own path (sys.executable, seen
// through a wrapper such as pyenv's shim) and its version. When it cannot
// be run, or is older than MinPython, the error is a *PythonNotFoundError
// naming it and why.
func Interpreter(python string) (path, version string, err error) {
	if python == "" {
		python = "python3"
	}
	path, version, err = probePython(python, nil)
	if err != nil {
		return "", "", &PythonNotFoundError{Tried: []string{python + ": " + err.Error()}}
	}
	return path, version, nil
}

// probePython runs cand as u and returns its sys.executable and version.
func probePython(cand string, u *runUser) (string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), pythonProbeTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, cand, "-c",
		"import sys; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3])")
	cmd.Env = []string{"PATH=" + SafePath, "LANG=C.UTF-8"}
	cmd.Dir = "/"
	if u != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: u.UID, Gid: u.GID, Groups: []uint32{}}}
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		switch {
		case errors.Is(err, os.ErrPermission):
			return "", "", errors.New("permission denied")
		case errors.As(err, &exitErr):
			return "", "", fmt.Errorf("exited with status %d: %s", exitErr.ExitCode(), firstLine(stderr.String()))
		}
		return "", "", err
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		return "", "", fmt.Errorf("unexpected answer %q", string(out))
	}
	exe, version := strings.TrimSpace(lines[0]), strings.TrimSpace(lines[1])
	if !atLeast(version, MinPython) {
		return "", "", fmt.Errorf("Python %s is older than %d.%d", version, MinPython[0], MinPython[1])
	}
	if exe == "" || !filepath.IsAbs(exe) {
		exe = cand
	}
	return exe, version, nil
}

func atLeast(version string, min [2]int) bool {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) < 2 {
		return false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return major > min[0] || (major == min[0] && minor >= min[1])
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
