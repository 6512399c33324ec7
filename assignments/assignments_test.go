package assignments_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/check"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSubmission grades, under go test, the assignment MPGRADE_ASSIGNMENT
// names (a built-in name or a folder's path): the submission
// MPGRADE_SUBMISSION names, or the assignment's model answer.
//
//	MPGRADE_ASSIGNMENT=~/course/barrier MPGRADE_SUBMISSION=alice/ go test ./assignments -run TestSubmission -v
func TestSubmission(t *testing.T) {
	if os.Getenv(check.AssignmentVariable) == "" {
		t.Skip("MPGRADE_ASSIGNMENT is not set: name the assignment (a built-in name or a folder) to grade")
	}
	check.TestSubmission(t, "")
}

// A folder outside the repository loads as the built-ins do.
func TestLoadFolder(t *testing.T) {
	dir := writeFolder(t, map[string]string{
		"assignment.json":     `{"program": "p.py", "checks": [{"name": "runs", "points": 1}, {"name": "secret", "points": 1, "hidden": true}]}`,
		"checks/runs.txtar":   "run r p.py\n",
		"checks/secret.txtar": "run r p.py\n",
		"solution/p.py":       "print('hi')\n",
		"tests/a/p.py":        "print('hi')\n",
		"tests/b/p.py":        "print('ho')\n",
	})
	a, err := assignments.Load(dir)
	require.NoError(t, err)
	assert.Equal(t, filepath.Base(dir), a.Name, "the name defaults to the folder's")
	assert.True(t, a.Private)
	assert.True(t, a.HasSolution())
	assert.False(t, a.HasCalibration())
	assert.Equal(t, []string{"a", "b"}, a.Tests())
	script, err := a.Script("secret")
	require.NoError(t, err)
	assert.Equal(t, "run r p.py\n", string(script))
}

// A broken folder gets a message naming the file and line.
func TestLoadNamesWhatIsWrong(t *testing.T) {
	for name, c := range map[string]struct{ json, want string }{
		"syntax":     {"{\n  \"program\": \"p.py\",\n  \"checks\": [\n}", "assignment.json:4:1: invalid character '}'"},
		"type":       {"{\n  \"program\": 3\n}", "assignment.json:2:14: cannot unmarshal number"},
		"unknown":    {"{\n  \"program\": \"p.py\",\n  \"pionts\": 3\n}", `assignment.json:3: unknown field "pionts"`},
		"no script":  {"{\n  \"program\": \"p.py\",\n  \"checks\": [\n    {\"name\": \"gone\"}\n  ]\n}", `assignment.json:4: check "gone" has no script: expected `},
		"no program": {`{"checks": [{"name": "runs"}]}`, `no "program"`},
		"no checks":  {`{"program": "p.py"}`, `no "checks"`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeFolder(t, map[string]string{"assignment.json": c.json, "checks/runs.txtar": "run r p.py\n"})
			_, err := assignments.Load(dir)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.True(t, strings.HasPrefix(err.Error(), filepath.Join(dir, "assignment.json")), err.Error())
		})
	}
	_, err := assignments.Load(filepath.Join(t.TempDir(), "nowhere"))
	assert.ErrorContains(t, err, "is not a folder")
	_, err = assignments.Load("no_such_assignment")
	assert.ErrorContains(t, err, `no assignment called "no_such_assignment"`)
}

// A built-in assignment is its public part, embedded, completed by
// private/ in a checkout: the model answer, hidden checks and tests.
func TestBuiltinsAreWholeInACheckout(t *testing.T) {
	if _, err := os.Stat(filepath.Join(testenv.Root(t), "private", "go.mod")); err != nil {
		t.Skip("no private/ here: a copy of the published module, which leaves it out")
	}
	require.NotEmpty(t, assignments.PrivateRoot(), "a program built from this checkout finds private/")
	for _, name := range assignments.Names() {
		a, err := assignments.Load(name)
		require.NoError(t, err)
		assert.True(t, a.Private, name)
		assert.True(t, a.HasSolution(), name)
		assert.NotEmpty(t, a.Tests(), name)
		for _, c := range a.Checks {
			_, err := a.Script(c.Name)
			assert.NoError(t, err, "%s: %s", name, c.Name)
		}
	}
}

func writeFolder(t *testing.T, files map[string]string) string {
	dir := t.TempDir()
	for name, data := range files {
		file := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
		require.NoError(t, os.WriteFile(file, []byte(data), 0o644))
	}
	return dir
}

// mp_worker's yardstick deals the same work to each of its W workers:
// counted in trial divisions, which no load on the machine changes, the
// busiest worker's share is within a few percent of the least busy one's.
// Its speedup is what the machine can show for the work spread over W
// processes, so a worker left with the cheap numbers (a stride of 2 over
// single numbers hands one of two workers every even number) would show
// none.
func TestMpWorkerYardstickDealsEvenWork(t *testing.T) {
	py := testenv.Python(t)
	dir := filepath.Join(testenv.Root(t), "assignments", "mp_worker", "calibration")
	const probe = `
import sys
sys.argv = ["mp_worker.py"]
import mp_worker as m
divisions = 0
def is_prime(n):
    global divisions
    if n < 2 or n % 2 == 0:
        divisions += 1
        return n == 2
    d = 3
    while d * d <= n:
        divisions += 1
        if n % d == 0:
            return False
        d += 2
    return True
m.is_prime = is_prime
for workers in (2, 3, 4, 8):
    shares = []
    for index in range(workers):
        divisions = 0
        m.burn(200000, index, workers)
        shares.append(divisions)
    print(workers, max(shares) / min(shares))
`
	cmd := exec.Command(py, "-c", probe)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Len(t, lines, 4, "%s", out)
	for _, line := range lines {
		var workers int
		var spread float64
		_, err := fmt.Sscan(line, &workers, &spread)
		require.NoError(t, err, line)
		assert.Less(t, spread, 1.1, "with %d workers the busiest does %.2f times the least busy's trial divisions", workers, spread)
	}
}
