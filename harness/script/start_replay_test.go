package script_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/harness/script"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
)

// specRecorder is an Observer that keeps the Spec of every run and
// answers with recorded observations in turn.
type specRecorder struct {
	observe.Replay
	specs []observe.Spec
}

func (r *specRecorder) Observe(ctx context.Context, spec observe.Spec) (*observe.Observation, error) {
	r.specs = append(r.specs, spec)
	return r.Replay.Observe(ctx, spec)
}

// The command lines of a run under spawn and of one under forkserver, as
// Python 3.11 writes them.
var (
	spawnRun = &observe.Observation{StartMethod: "spawn", Processes: []observe.Process{
		{PID: 10, FirstPPID: 1, Cmdline: []string{"python3", "prog.py"}},
		{PID: 11, FirstPPID: 10, Cmdline: []string{"python3", "-c", "from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5, pipe_handle=7)", "--multiprocessing-fork"}},
	}}
	serverRun = &observe.Observation{StartMethod: "forkserver", Processes: []observe.Process{
		{PID: 10, FirstPPID: 1, Cmdline: []string{"python3", "prog.py"}},
		{PID: 12, FirstPPID: 10, Cmdline: []string{"python3", "-c", "from multiprocessing.forkserver import main; main(7, 8, ['__main__'])"}},
		{PID: 13, FirstPPID: 12, Cmdline: []string{"python3", "-c", "from multiprocessing.forkserver import main; main(7, 8, ['__main__'])"}},
	}}
	ownForkRun = &observe.Observation{StartMethod: "spawn", Processes: []observe.Process{
		{PID: 10, FirstPPID: 1, Cmdline: []string{"python3", "prog.py"}},
		{PID: 14, FirstPPID: 10, Cmdline: []string{"python3", "prog.py"}},
	}}
)

// run -start passes the method to the observer, and spawned reads, from
// recorded observations, which children the forced method started:
// spawn's, the fork server's, and none for a program whose children are
// its own forks.
func TestStartMethodOnReplays(t *testing.T) {
	dir := t.TempDir()
	const body = `run -start spawn s prog.py
spawned s
run -start forkserver f prog.py
spawned f
run -start spawn own prog.py
! spawned own
-- prog.py --
`
	if err := os.WriteFile(filepath.Join(dir, "start.txtar"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := &specRecorder{Replay: observe.Replay{Observations: []*observe.Observation{spawnRun, serverRun, ownForkRun}}}
	t.Run("script", func(t *testing.T) {
		testscript.Run(t, testscript.Params{
			Dir:       dir,
			Cmds:      script.Cmds(),
			Condition: script.Cond,
			Setup: func(env *testscript.Env) error {
				script.Install(env, &script.State{Lang: msg.EN, Python: "python3", Observer: rec})
				return nil
			},
		})
	})
	var methods []string
	for _, s := range rec.specs {
		methods = append(methods, s.StartMethod)
	}
	assert.Equal(t, []string{"spawn", "forkserver", "spawn"}, methods)
}
