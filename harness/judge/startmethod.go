package judge

import (
	"strings"

	"github.com/mpgrade/mpgrade/harness/observe"
)

// Marks of the multiprocessing start methods in command lines. A child
// started by spawn is a new interpreter told to run spawn_main; the fork
// server is a new interpreter told to run forkserver's main, and the
// children it forks inherit its command line.
const (
	spawnMark      = "from multiprocessing.spawn import spawn_main"
	forkServerMark = "from multiprocessing.forkserver import main"
)

// StartedBy lists the pids of the processes of o that multiprocessing
// started with method: "spawn" (a command line running spawn_main) or
// "forkserver" (forked by the fork server: its children, not the server
// itself). Other methods leave no mark that tells them apart from a
// program's own os.fork, and get none. Python's own helpers
// (resource_tracker, the fork server) are never listed.
func StartedBy(o *observe.Observation, method string) []int {
	var pids []int
	switch method {
	case "spawn":
		for _, p := range o.Processes {
			if strings.Contains(strings.Join(p.Cmdline, " "), spawnMark) {
				pids = append(pids, p.PID)
			}
		}
	case "forkserver":
		servers := map[int]bool{}
		for _, p := range o.Processes {
			if strings.Contains(strings.Join(p.Cmdline, " "), forkServerMark) && !servers[p.FirstPPID] {
				servers[p.PID] = true
			}
		}
		for _, p := range o.Processes {
			if servers[p.FirstPPID] {
				pids = append(pids, p.PID)
			}
		}
	}
	return pids
}
