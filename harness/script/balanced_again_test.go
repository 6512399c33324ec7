package script_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/harness/script"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorded reads the observation of the replays' recording named mode: a
// run of programs/primes.py with --mode mode.
func recorded(t *testing.T, mode string) *observe.Observation {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(replayRecords, "sub_primes_a9fbb19a_--mode_"+mode+".json"))
	require.NoError(t, err)
	var rec observe.Recording
	require.NoError(t, json.Unmarshal(data, &rec))
	return rec.Replay(observe.Spec{})
}

// balanced fails a split only when the program makes it uneven again: a
// run whose shares were uneven is made afresh, and the check fails when
// every run is uneven, passes when one made again is even (one run's CPU
// figures were the machine's doing); a run made again in which fewer than
// two workers did the work is as uneven as can be.
func TestBalancedMakesAnUnevenRunAgain(t *testing.T) {
	uneven, even, threads := recorded(t, "uneven"), recorded(t, "par"), recorded(t, "threads")
	tests := []struct {
		name  string
		runs  []*observe.Observation
		want  string
		said  string
		spent int
	}{
		{"even at once", []*observe.Observation{even}, "pass", "", 1},
		{"even when made again", []*observe.Observation{uneven, even}, "pass", `differed by \d\.\d\d times, but run again \(run 2\)`, 2},
		{"even the third time", []*observe.Observation{uneven, uneven, even}, "pass", `run again \(run 3\)`, 3},
		{"uneven every time", []*observe.Observation{uneven, uneven, uneven}, "fail", `as uneven in each of 3 runs: the work is not split evenly`, 1 + judge.BalanceConfirmRuns},
		{"fewer workers when made again", []*observe.Observation{uneven, threads, uneven}, "fail", `as uneven in each of 3 runs`, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			body := "run u primes.py --mode uneven\nwant " + tt.want + " '" + tt.said + "' balanced u\n"
			require.NoError(t, os.WriteFile(filepath.Join(dir, "again.txtar"), []byte(body), 0o644))
			obs := &specRecorder{Replay: observe.Replay{Observations: tt.runs}}
			cmds := script.Cmds()
			cmds["want"] = cmdWant
			rt := &replayT{}
			testscript.RunT(rt, testscript.Params{
				Dir:       dir,
				Cmds:      cmds,
				Condition: script.Cond,
				Setup: func(env *testscript.Env) error {
					st := &script.State{Lang: msg.EN, Python: "python3", Observer: obs, Limits: observe.Limits{Wall: 30 * time.Second}}
					script.Install(env, st)
					env.Values[wantKey{}] = st
					env.Values[replayTKey{}] = rt
					return nil
				},
			})
			assert.False(t, rt.failed, "%s", rt.log.String())
			require.Len(t, obs.specs, tt.spent, "runs made")
			for _, s := range obs.specs[1:] {
				assert.Equal(t, "python3 primes.py --mode uneven", strings.Join(s.Args, " "), "a run made again is made as the first was")
			}
		})
	}
}
