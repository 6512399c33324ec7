package judge

import (
	"testing"

	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/stretchr/testify/assert"
)

// The command lines of a spawn run and of a forkserver run, as Python 3.11
// writes them.
func TestStartedBy(t *testing.T) {
	py := "/usr/bin/python3"
	main := observe.Process{PID: 10, FirstPPID: 1, Cmdline: []string{py, "mp_worker.py", "--mode", "par"}}
	tracker := observe.Process{PID: 11, FirstPPID: 10, Cmdline: []string{py, "-c", "from multiprocessing.resource_tracker import main;main(6)"}}
	spawned := func(pid int) observe.Process {
		return observe.Process{PID: pid, FirstPPID: 10, Cmdline: []string{py, "-c",
			"from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=7, pipe_handle=9)", "--multiprocessing-fork"}}
	}
	server := observe.Process{PID: 12, FirstPPID: 10, Cmdline: []string{py, "-c",
		"from multiprocessing.forkserver import main; main(7, 8, ['__main__'], **{'sys_path': ['/w']})"}}
	forked := func(pid int) observe.Process { p := server; p.PID, p.FirstPPID = pid, 12; return p }
	// A program's own os.fork child looks like its parent.
	ownFork := observe.Process{PID: 20, FirstPPID: 10, Cmdline: main.Cmdline}

	spawnRun := &observe.Observation{Processes: []observe.Process{main, tracker, spawned(13), spawned(14)}}
	serverRun := &observe.Observation{Processes: []observe.Process{main, tracker, server, forked(15), forked(16)}}
	forkRun := &observe.Observation{Processes: []observe.Process{main, ownFork}}

	assert.Equal(t, []int{13, 14}, StartedBy(spawnRun, "spawn"))
	assert.Empty(t, StartedBy(spawnRun, "forkserver"))
	assert.Equal(t, []int{15, 16}, StartedBy(serverRun, "forkserver"), "the server's children, not the server")
	assert.Empty(t, StartedBy(serverRun, "spawn"))
	assert.Empty(t, StartedBy(forkRun, "spawn"))
	assert.Empty(t, StartedBy(forkRun, "forkserver"))
	assert.Empty(t, StartedBy(forkRun, "fork"), "fork leaves no mark")
	assert.Empty(t, StartedBy(&observe.Observation{Processes: []observe.Process{main, tracker, server}}, "forkserver"),
		"a fork server that forked nothing")
}
