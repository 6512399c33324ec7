package judge_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The recorded runs of harness/script's replay tests: real runs of
// testdata/replay/programs/primes.py, in each of its modes.
const recordings = "../script/testdata/replay/recorded"

// replayVerdicts is what a teacher reading primes.py expects of each of its
// modes, run on its own, by the program that runs it: "program mode". The
// reference's programs are primes.py as it is, whatever their name.
var replayVerdicts = map[string]struct {
	verdict judge.Verdict
	cause   judge.Cause
}{
	"primes par":     {judge.Parallel, judge.CauseParallel},
	"primes liar":    {judge.Parallel, judge.CauseParallel}, // lies about its ppid, not about its work
	"primes fakesec": {judge.Parallel, judge.CauseParallel}, // lies about its time, not about its work
	"primes lock":    {judge.Parallel, judge.CauseParallel}, // the lock is held only for each update
	"primes uneven":  {judge.Parallel, judge.CauseParallel}, // uneven, but both work at once
	"primes zombie":  {judge.Parallel, judge.CauseParallel}, // the main process and a worker count halves at once
	"primes decoy":   {judge.Parallel, judge.CauseParallel}, // busy decoys: only the shared work tells (see shared)
	"pad_seq par":    {judge.Parallel, judge.CauseParallel}, // the padding is in the sequential mode only
	"serial_par par": {judge.NotParallel, judge.CauseOneAtATime},
	"primes serial":  {judge.NotParallel, judge.CauseOneAtATime},
	"primes biglock": {judge.NotParallel, judge.CauseOneAtATime}, // the lock held around the whole loop
	"primes threads": {judge.NotParallel, judge.CauseThreads},
	"primes seq":     {judge.NotParallel, judge.CauseOneProcess},
	"primes wrong":   {judge.NotParallel, judge.CauseOneProcess},
	"pad_seq seq":    {judge.NotParallel, judge.CauseOneProcess},
	"serial_par seq": {judge.NotParallel, judge.CauseOneProcess},
	"primes crash":   {judge.Inconclusive, judge.CauseTooLittleWork},
}

// Every recorded run gets the verdict its code calls for; one recorded on
// a machine too busy to tell may be inconclusive, saying so.
func TestRecordedRunsGetTheirVerdicts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(recordings, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	key := regexp.MustCompile(`^(?:ref|sub)_([a-z_]+?)_[0-9a-f]{8}_--mode_([a-z]+)`)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			m := key.FindStringSubmatch(name)
			require.NotNil(t, m, "a recording named by program and mode")
			program := m[1]
			if strings.HasPrefix(name, "ref_") {
				program = "primes"
			}
			want, ok := replayVerdicts[program+" "+m[2]]
			require.True(t, ok, "no expected verdict for %s in mode %s: add one", m[1], m[2])
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			var rec observe.Recording
			require.NoError(t, json.Unmarshal(data, &rec))
			a := judge.Analyze(rec.Observation)
			why := strings.Join(msg.Texts(a.Reasons, msg.EN), "; ")
			if a.Verdict == judge.Inconclusive && want.verdict != judge.Inconclusive && a.OtherLoad > judge.BalanceMaxOtherLoad {
				assert.Equal(t, judge.CauseMachineBusy, a.Cause, why)
				return
			}
			assert.Equal(t, want.verdict, a.Verdict, why)
			assert.Equal(t, want.cause, a.Cause, why)
		})
	}
}
