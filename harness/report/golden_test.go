package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the current output")

// sampleClock is when every sample was graded, so that goldens are stable.
var sampleClock = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

func sampleEnvironment(cpus float64) grade.Environment {
	return grade.Environment{
		Version: "0.9.0-test", Python: "/usr/bin/python3", PythonVersion: "3.11.2",
		CPUs:        observe.CPUBudget{Online: 4, Affinity: []int{0, 1, 2, 3}, Available: cpus},
		Containment: "subreaper",
	}
}

// samplePassing is a submission that passed every check, graded in Spanish.
func samplePassing() *grade.Result {
	return &grade.Result{
		Assignment: "mp_worker", Submission: "alu0101", Score: 10, MaxScore: 10,
		Started: sampleClock, Seconds: 41.6, Lang: "es", Environment: sampleEnvironment(4),
		Checks: []grade.CheckResult{
			{Name: "runs", Title: "El programa termina y escribe el resultado", Status: grade.Pass, Points: 2, MaxPoints: 2, Visibility: grade.Public, Seconds: 1.25},
			{Name: "parallel", Title: "Los trabajadores calculan a la vez", Status: grade.Pass, Points: 4, MaxPoints: 4, Visibility: grade.Public, Seconds: 6.5},
			{Name: "speedup", Title: "Acelera como la referencia", Status: grade.Pass, Points: 4, MaxPoints: 4, Visibility: grade.Public, Seconds: 33.85,
				Speedup: &grade.Speedup{
					Reference:  grade.Estimate{Median: 3.52, Low: 3.41, High: 3.6, Confidence: 0.95},
					Submission: grade.Estimate{Median: 3.3, Low: 3.18, High: 3.39, Confidence: 0.95},
					Honest:     grade.Estimate{Median: 3.21, Low: 3.1, High: 3.3, Confidence: 0.95},
					Ratio:      grade.Estimate{Median: 0.938, Low: 0.9, High: 0.96, Confidence: 0.95},
					Required:   0.7, Rounds: 5, N: 2000000, Workers: 4,
				}},
		},
	}
}

// sampleMixed has a check of every status, a hidden one, a speedup and
// feedback with characters that every format must escape.
func sampleMixed() *grade.Result {
	return &grade.Result{
		Assignment: "mp_worker", Submission: "alu0102", Score: 5, MaxScore: 10,
		Started: sampleClock.Add(90 * time.Second), Seconds: 58.2, Lang: "en", Environment: sampleEnvironment(2),
		Checks: []grade.CheckResult{
			{Name: "runs", Title: "The program ends and prints the result", Status: grade.Pass, Points: 2, MaxPoints: 2, Visibility: grade.Public, Seconds: 1.5},
			{Name: "output", Title: "The total is right | for every n", Status: grade.Fail, Points: 0, MaxPoints: 2, Visibility: grade.Public, Seconds: 1.1,
				Message: "Expected the last line to be \"total: 500000500000\", saw \"total: 0\".\nCheck that results from the workers reach the parent <through a Queue> & are summed.\n```\nTraceback: \x1b[31mValueError\x1b[0m\n```"},
			{Name: "parallel", Title: "The workers compute at once", Status: grade.Inconclusive, Points: 0, MaxPoints: 3, Visibility: grade.Public, Seconds: 7.9,
				Message: "Other programs kept 1.6 of the 2 CPUs busy while yours ran, so it could not show whether its workers compute at once."},
			{Name: "speedup", Title: "It speeds up like the reference", Status: grade.Pass, Points: 3, MaxPoints: 3, Visibility: grade.Public, Seconds: 30.2,
				Speedup: &grade.Speedup{
					Reference:  grade.Estimate{Median: 1.9, Low: 1.84, High: 1.95, Confidence: 0.95},
					Submission: grade.Estimate{Median: 1.71, Low: 1.65, High: 1.78, Confidence: 0.95},
					Honest:     grade.Estimate{Median: 1.62, Low: 1.55, High: 1.7, Confidence: 0.95},
					Ratio:      grade.Estimate{Median: 0.9, Low: 0.86, High: 0.94, Confidence: 0.95},
					Required:   0.7, Rounds: 3, N: 1000000, Workers: 2,
				}},
			{Name: "cleanup", Title: "No process is left behind", Status: grade.Skip, Points: 0, MaxPoints: 1, Visibility: grade.Public,
				Message: "it needs cgroup containment, which this machine does not offer."},
			{Name: "stress", Title: "It copes with 64 workers", Status: grade.Fail, Points: 0, MaxPoints: 2, Visibility: grade.Hidden, Seconds: 12.4,
				Message: "The program was stopped after 10 s: it did not finish with 64 workers."},
			{Name: "limits", Title: "It stays within the memory limit", Status: grade.Error, Points: 0, MaxPoints: 1, Visibility: grade.Public, Seconds: 0.2,
				Message: "the reference solution reference/mp_worker/limits.py is missing."},
		},
	}
}

// sampleEmpty is a result in which no check ran.
func sampleEmpty() *grade.Result {
	return &grade.Result{
		Assignment: "mp_worker", Submission: "alu0103", Started: sampleClock.Add(3 * time.Minute),
		Seconds: 0.4, Lang: "en", Environment: sampleEnvironment(2), Checks: []grade.CheckResult{},
	}
}

type sample struct {
	name   string
	result *grade.Result
}

func samples() []sample {
	return []sample{{"passing", samplePassing()}, {"mixed", sampleMixed()}, {"empty", sampleEmpty()}}
}

func sampleResults() []*grade.Result {
	return []*grade.Result{samplePassing(), sampleMixed(), sampleEmpty()}
}

// golden compares got with testdata/golden/name, or rewrites the file
// when the test runs with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run go test ./harness/report/ -update")
	assert.Equal(t, string(want), string(got), "%s is stale: run go test ./harness/report/ -update and review the diff", path)
}

// Every format of every sample matches its golden file.
func TestGoldenFiles(t *testing.T) {
	type format struct {
		ext   string
		write func(*bytes.Buffer, *grade.Result) error
	}
	formats := []format{
		{"result.json", func(b *bytes.Buffer, r *grade.Result) error { return WriteResultJSON(b, r) }},
		{"check.json", func(b *bytes.Buffer, r *grade.Result) error { return WriteCheckJSON(b, r) }},
		{"gradescope.json", func(b *bytes.Buffer, r *grade.Result) error { return WriteGradescope(b, r, GradescopeOptions{}) }},
		{"prairielearn.json", func(b *bytes.Buffer, r *grade.Result) error { return WritePrairieLearn(b, r) }},
		{"en.md", func(b *bytes.Buffer, r *grade.Result) error { return WriteMarkdown(b, r, msg.EN) }},
		{"es.md", func(b *bytes.Buffer, r *grade.Result) error { return WriteMarkdown(b, r, msg.ES) }},
	}
	for _, s := range samples() {
		for _, f := range formats {
			t.Run(s.name+"."+f.ext, func(t *testing.T) {
				var b bytes.Buffer
				require.NoError(t, f.write(&b, s.result))
				golden(t, s.name+"."+f.ext, b.Bytes())
			})
		}
	}
	t.Run("junit.xml", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, WriteJUnit(&b, sampleResults(), JUnitOptions{Hostname: "grader-1"}))
		golden(t, "junit.xml", b.Bytes())
	})
	t.Run("gradebook.csv", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, WriteGradebookCSV(&b, sampleResults(), nil))
		golden(t, "gradebook.csv", b.Bytes())
	})
	t.Run("moodle.csv", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, WriteMoodleCSV(&b, sampleResults(), MoodleOptions{
			IDs:      map[string]string{"alu0101": "alu0101@ull.edu.es", "alu0102": "alu0102@ull.edu.es", "alu0103": "alu0103@ull.edu.es"},
			Item:     "Práctica 3: mp_worker",
			MaxGrade: 10, Checks: true, Feedback: true, Lang: msg.ES,
		}))
		golden(t, "moodle.csv", b.Bytes())
	})
}

// Every message the formats use has both languages, with the same
// arguments.
func TestMessagesAreComplete(t *testing.T) {
	assert.Empty(t, msg.Problems())
}
