package observe

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// startupRounds is how many times each start-up cost is measured; the
// median is kept, so one run slowed by another program does not count.
const startupRounds = 3

// forkBatch is how many children one batch of the fork measurement
// forks: a child costs a few milliseconds, and ten of them make a batch
// long enough that one slowed child does not decide the figure.
const forkBatch = 10

// startupTimeout bounds one measuring run: a healthy interpreter starts
// in well under a second.
const startupTimeout = 20 * time.Second

// forkCostProgram forks forkBatch children that do nothing, startupRounds
// times, and prints each batch's CPU per child, from getrusage.
var forkCostProgram = `
import multiprocessing as mp, resource
def nothing():
    pass
def children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
if __name__ == "__main__":
    ctx = mp.get_context("fork")
    for _ in range(` + strconv.Itoa(startupRounds) + `):
        c0 = children()
        for _ in range(` + strconv.Itoa(forkBatch) + `):
            p = ctx.Process(target=nothing)
            p.start()
            p.join()
        print((children() - c0) / ` + strconv.Itoa(forkBatch) + `)
`

// measuredStartups remembers the costs measured for each interpreter:
// they are a property of the machine, measured once per observer.
var measuredStartups sync.Map

// startupCosts returns the start-up costs of the interpreter that runs
// command (its first word, when it is a Python; otherwise the python3
// that ResolvePython finds), measured once and remembered; nil when none
// can be measured.
func startupCosts(command []string) *StartupCosts {
	py := ""
	if len(command) > 0 && strings.HasPrefix(filepath.Base(command[0]), "python") {
		if path, err := exec.LookPath(command[0]); err == nil {
			py = path
		}
	}
	if py == "" {
		path, _, err := ResolvePython("")
		if err != nil {
			return nil
		}
		py = path
	}
	if c, ok := measuredStartups.Load(py); ok {
		return c.(*StartupCosts)
	}
	c := measureStartup(py)
	if c != nil {
		measuredStartups.Store(py, c)
	}
	return c
}

// measureStartup measures py's start-up costs, or returns nil when it
// cannot run.
func measureStartup(py string) *StartupCosts {
	var runs []float64
	for range startupRounds {
		cmd := exec.Command(py, "-c", "from multiprocessing.spawn import spawn_main")
		cmd.Env = os.Environ()
		cmd.Dir = os.TempDir()
		cmd.WaitDelay = startupTimeout
		t := time.AfterFunc(startupTimeout, func() {
			if cmd.Process != nil {
				cmd.Process.Kill()
			}
		})
		err := cmd.Run()
		t.Stop()
		if err != nil {
			return nil
		}
		runs = append(runs, (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds())
	}
	cmd := exec.Command(py, "-c", forkCostProgram)
	cmd.Env = os.Environ()
	cmd.Dir = os.TempDir()
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	var forks []float64
	for _, f := range strings.Fields(string(out)) {
		if v, err := strconv.ParseFloat(f, 64); err == nil {
			forks = append(forks, v)
		}
	}
	if len(forks) == 0 {
		return nil
	}
	return &StartupCosts{Interpreter: py, InterpreterSeconds: median(runs), ForkSeconds: median(forks)}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
