package observe

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// StartMethodVar is the variable that tells the sitecustomize module of a
// run with Spec.StartMethod which start method to force. The observer
// sets it itself, after the caller's environment (ScrubEnv drops every
// MPGRADE_* variable), so a program's own environment cannot choose it.
const StartMethodVar = "MPGRADE_START_METHOD"

// StartMethods are the multiprocessing start methods Spec.StartMethod may
// force.
var StartMethods = []string{"fork", "forkserver", "spawn"}

// siteCustomize is the module that forces the start method; its doc
// string says how and why.
//
//go:embed sitecustomize.py
var siteCustomize []byte

// Why a sitecustomize module and not a runner that sets the method and
// then runs the program with runpy: with sitecustomize the program is
// started exactly as without it ("python3 mp_worker.py"), so its command
// line, sys.argv, sys.path[0], __main__ and __file__ are its own, and so
// are those of the children spawn starts from it (which import the main
// module again from __main__.__file__). Every other check that reads
// command lines or the process tree sees the same program either way.
// The module is imported by site before the script's folder is put on
// sys.path, so a submission's own sitecustomize.py cannot take its place.

// forcedStartMethod prepares a run whose processes must all use method:
// it writes the sitecustomize module into a new folder that user (nil:
// the observer's own) can read, and returns env with that folder first on
// PYTHONPATH and StartMethodVar set, and a function that removes the
// folder. A PYTHONPATH already in env is kept after the folder; ScrubEnv
// leaves none, so a graded run gets the folder alone.
func forcedStartMethod(env []string, method string, user *runUser) ([]string, func(), error) {
	if !slices.Contains(StartMethods, method) {
		return nil, nil, fmt.Errorf("observe: unknown start method %q; give one of %s", method, strings.Join(StartMethods, ", "))
	}
	dir, err := os.MkdirTemp(PassableTempDir(user != nil), "mpgrade-start-")
	if err != nil {
		return nil, nil, fmt.Errorf("observe: a folder for forcing the start method: %w", err)
	}
	remove := func() { os.RemoveAll(dir) }
	file := filepath.Join(dir, "sitecustomize.py")
	if err := os.WriteFile(file, siteCustomize, 0o644); err == nil {
		err = errors.Join(os.Chmod(dir, 0o755), os.Chmod(file, 0o644))
	}
	if err != nil {
		remove()
		return nil, nil, fmt.Errorf("observe: a folder for forcing the start method: %w", err)
	}
	path := dir
	if old := envValue(env, "PYTHONPATH"); old != "" {
		path += string(os.PathListSeparator) + old
	}
	env = SetEnv(env, "PYTHONPATH", path)
	return SetEnv(env, StartMethodVar, method), remove, nil
}

// envValue is the value of name in env, or "".
func envValue(env []string, name string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if n, v, _ := strings.Cut(env[i], "="); n == name {
			return v
		}
	}
	return ""
}
