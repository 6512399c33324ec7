package batch

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testN is the workload size of the tests' gradings: small, so that a run
// takes a fraction of a second; the checks graded here do not time.
const testN = 20000

// copyFixtures copies fixture submissions of mp_worker into a new class
// folder, and returns it.
func copyFixtures(t *testing.T, names ...string) string {
	t.Helper()
	class := filepath.Join(t.TempDir(), "class")
	for _, name := range names {
		src := filepath.Join(testenv.Root(t), "private", "mp_worker", "tests", name)
		require.NoError(t, os.CopyFS(filepath.Join(class, name), os.DirFS(src)))
	}
	return class
}

func options(t *testing.T, class, out string, only ...string) Options {
	a, err := assignments.Load("mp_worker")
	require.NoError(t, err)
	return Options{Assignment: a, Submissions: class, Out: out, Lang: msg.EN, N: testN, Only: only, Version: "test", Python: testenv.Python(t)}
}

func observable(t *testing.T) {
	testenv.Linux(t)
	testenv.Python(t)
}

func TestResultsAreKeptAndNotGradedTwice(t *testing.T) {
	observable(t)
	class := copyFixtures(t, "syntax_error", "missing_file")
	out := filepath.Join(t.TempDir(), "out")
	first, err := Run(context.Background(), options(t, class, out, "runs", "results"))
	require.NoError(t, err)
	assert.Equal(t, 2, first.Graded)
	for _, f := range []string{GradebookFile, MoodleFile, SummaryText, SummaryMD, "results/syntax_error.json", "feedback/missing_file.txt"} {
		assert.FileExists(t, filepath.Join(out, f))
	}
	feedback, err := os.ReadFile(filepath.Join(out, "feedback", "missing_file.txt"))
	require.NoError(t, err)
	assert.Contains(t, string(feedback), "rename it to mp_worker.py", "the feedback names the student's own file")
	assert.NotContains(t, string(feedback), class, "the feedback does not show where the grader keeps the submissions")

	again, err := Run(context.Background(), options(t, class, out, "runs", "results"))
	require.NoError(t, err)
	assert.Equal(t, 0, again.Graded)
	assert.Equal(t, 2, again.Kept)

	// A changed submission is graded again; the other is kept.
	require.NoError(t, os.WriteFile(filepath.Join(class, "syntax_error", "mp_worker.py"), []byte("print('fixed')\n"), 0o644))
	changed, err := Run(context.Background(), options(t, class, out, "runs", "results"))
	require.NoError(t, err)
	assert.Equal(t, 1, changed.Graded)
	assert.Equal(t, 1, changed.Kept)

	opts := options(t, class, out, "runs", "results")
	opts.Regrade = true
	forced, err := Run(context.Background(), opts)
	require.NoError(t, err)
	assert.Equal(t, 2, forced.Graded)
	entries, err := ReadJournal(out)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "--regrade starts the journal afresh")

	_, err = Run(context.Background(), options(t, class, out, "runs"))
	assert.ErrorContains(t, err, "other settings", "a folder graded with other checks is not mixed into")
}

func TestZipSubmissionsAreUnpackedSafely(t *testing.T) {
	observable(t)
	class := copyFixtures(t)
	require.NoError(t, os.MkdirAll(class, 0o755))
	program, err := os.ReadFile(filepath.Join(testenv.Root(t), "private", "mp_worker", "tests", "crash", "mp_worker.py"))
	require.NoError(t, err)
	writeZip(t, filepath.Join(class, "alice.zip"), map[string][]byte{"alice/mp_worker.py": program})
	writeZip(t, filepath.Join(class, "mallory.zip"), map[string][]byte{"../../escaped.py": []byte("print('out')\n")})
	out := filepath.Join(t.TempDir(), "out")
	res, err := Run(context.Background(), options(t, class, out, "runs"))
	require.NoError(t, err)
	assert.Equal(t, 2, res.Graded)
	assert.NoFileExists(t, filepath.Join(filepath.Dir(class), "escaped.py"))

	alice, err := readResult(filepath.Join(out, "results", "alice.json"))
	require.NoError(t, err)
	require.Len(t, alice.Checks, 1)
	assert.Equal(t, grade.Fail, alice.Checks[0].Status)
	assert.Contains(t, alice.Checks[0].Message, "IndexError", "the zipped program itself ran")
	assert.NotEmpty(t, alice.Checks[0].Runs)

	mallory, err := readResult(filepath.Join(out, "results", "mallory.json"))
	require.NoError(t, err)
	require.Len(t, mallory.Checks, 1)
	assert.Equal(t, grade.Fail, mallory.Checks[0].Status)
	assert.Contains(t, mallory.Checks[0].Message, "could not be unpacked safely")
	assert.Contains(t, mallory.Checks[0].Message, "../../escaped.py")
	gradebook, err := os.ReadFile(filepath.Join(out, GradebookFile))
	require.NoError(t, err)
	assert.Contains(t, string(gradebook), "mallory,mp_worker,0,0,1,fail,")
}

func TestShardsMergeIntoTheSingleRun(t *testing.T) {
	observable(t)
	class := copyFixtures(t, "syntax_error", "missing_file", "crash")
	work := t.TempDir()
	single := filepath.Join(work, "single")
	_, err := Run(context.Background(), options(t, class, single, "runs"))
	require.NoError(t, err)

	var shards []string
	graded := 0
	for i := 0; i < 2; i++ {
		dir := filepath.Join(work, "shard"+string(rune('0'+i)))
		opts := options(t, class, dir, "runs")
		opts.Shard = Shard{Index: i, Count: 2}
		res, err := Run(context.Background(), opts)
		require.NoError(t, err)
		graded += res.Graded
		shards = append(shards, dir)
	}
	assert.Equal(t, 3, graded, "every submission is in exactly one shard")
	merged := filepath.Join(work, "merged")
	s, err := Merge(shards, merged, msg.EN, "")
	require.NoError(t, err)
	assert.Equal(t, 3, s.Students)
	for _, f := range []string{GradebookFile, MoodleFile} {
		want, err := os.ReadFile(filepath.Join(single, f))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(merged, f))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), f)
	}
	entries, err := ReadJournal(merged)
	require.NoError(t, err)
	assert.Len(t, entries, 3)

	_, err = Merge([]string{shards[0], single}, filepath.Join(work, "overlap"), msg.EN, "")
	assert.ErrorContains(t, err, "graded in both")
}

func TestSlotsArePinnedToDisjointCPUs(t *testing.T) {
	observable(t)
	testenv.NeedCPUs(t, 2)
	class := copyFixtures(t, "crash", "correct_queue", "no_main_guard")
	out := filepath.Join(t.TempDir(), "out")
	opts := options(t, class, out, "runs")
	opts.CPUsPerSlot = 1
	res, err := Run(context.Background(), opts)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(res.Slots), 2)
	owner := map[int]int{}
	for _, s := range res.Slots {
		require.Len(t, s.CPUs, 1)
		_, shared := owner[s.CPUs[0]]
		require.False(t, shared)
		owner[s.CPUs[0]] = s.Index
	}
	for _, id := range []string{"crash", "correct_queue", "no_main_guard"} {
		r, err := readResult(filepath.Join(out, "results", id+".json"))
		require.NoError(t, err)
		cpus := r.Environment.CPUs.Affinity
		require.Len(t, cpus, 1, "%s was graded on %v, not on one slot's CPU", id, cpus)
		assert.Contains(t, owner, cpus[0])
		for _, c := range r.Checks {
			for _, run := range c.Runs {
				assert.Equal(t, cpus, run.Observation.CPUs.Affinity, "%s's run %s could use other CPUs than its slot's", id, run.Name)
				for _, used := range run.Analysis.CoresUsed {
					assert.Equal(t, cpus[0], used, "%s's run %s was seen on CPU %d", id, run.Name, used)
				}
			}
		}
	}
	summary, err := os.ReadFile(filepath.Join(out, SummaryMD))
	require.NoError(t, err)
	assert.Contains(t, string(summary), "| crash | 0 / 1 | fail | ", "the summary shows which CPUs graded each submission")
}

// LockMachine takes one lock per CPU of the calling thread: threads
// pinned to disjoint CPUs measure at once, one that may use every CPU
// waits for both.
func TestLockMachineLocksPerCPU(t *testing.T) {
	testenv.Linux(t)
	testenv.NeedCPUs(t, 2)
	cpus := observe.AvailableCPUs().Affinity
	held := make(chan func())
	pinned := func(cpu int) {
		require.NoError(t, pinThread([]int{cpu}))
		held <- observe.LockMachine()
	}
	go pinned(cpus[0])
	unlock0 := <-held
	go pinned(cpus[1])
	unlock1 := <-held // would hang here if CPU 0's holder blocked CPU 1
	whole := make(chan func())
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		whole <- observe.LockMachine()
	}()
	select {
	case <-whole:
		t.Fatal("a caller that may use every CPU got the locks while two CPUs were held")
	default:
	}
	unlock0()
	unlock1()
	(<-whole)()
}

func TestSummaryCountsTheClass(t *testing.T) {
	par := grade.Run{Observation: &observe.Observation{WallSeconds: 2, Command: []string{"p"}}}
	par.Analysis.Verdict = "parallel"
	results := []*grade.Result{
		{Assignment: "mp_worker", Submission: "a", Score: 3, MaxScore: 3, Seconds: 5, Checks: []grade.CheckResult{
			{Name: "runs", Status: grade.Pass, Points: 3, MaxPoints: 3, Runs: []grade.Run{par, par},
				Speedup: &grade.Speedup{Submission: grade.Estimate{Median: 1.8}, Honest: grade.Estimate{Median: 1.2}}}}},
		{Assignment: "mp_worker", Submission: "b", Score: 0, MaxScore: 3, Seconds: 1, Checks: []grade.CheckResult{
			{Name: "runs", Status: grade.Fail, MaxPoints: 3, Message: "it crashed\nmore"}}},
		{Assignment: "mp_worker", Submission: "c", Score: 0, MaxScore: 3, Seconds: 1, Checks: []grade.CheckResult{
			{Name: "runs", Status: grade.Fail, MaxPoints: 3, Message: "it crashed"}}},
		{Assignment: "mp_worker", Submission: "d", Checks: []grade.CheckResult{{Name: "runs", Status: grade.Inconclusive, MaxPoints: 3}}},
	}
	s := Summarize(results)
	assert.Equal(t, 4, s.Students)
	assert.Equal(t, []int{1, 2, 1}, []int{s.Pass, s.Fail, s.Rerun})
	assert.Equal(t, []ScoreCount{{Score: 3, MaxScore: 3, Count: 1}, {Score: 0, MaxScore: 3, Count: 2}}, s.Distribution)
	assert.Equal(t, 1, s.Parallel)
	assert.Equal(t, 1, s.Observed)
	assert.Equal(t, 1.8, s.MedianSpeedup, "the submissions' own speedups, the figure judged")
	assert.Equal(t, []FailureCount{{Reason: "it crashed", Checks: []string{"runs"}, Count: 2}}, s.Failures)
	assert.Equal(t, 2.0, s.RunSeconds, "a run that two checks share counts once")
	assert.Equal(t, 7.0, s.GradeSeconds)
	text := SummaryTextOf(s, results, msg.ES)
	assert.True(t, strings.HasPrefix(text, "mp_worker: 4 entregas"), text)
}
