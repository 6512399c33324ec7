package scaffold_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/scaffold"
	"github.com/mpgrade/mpgrade/harness/validate"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The scaffold is an assignment folder with every part, named as asked.
func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "barrier")
	files, err := scaffold.Write("barrier", dir)
	require.NoError(t, err)
	for _, f := range []string{"assignment.json", "README.md", "README.es.md", "starter/barrier.py", "solution/barrier.py",
		"calibration/barrier.py", "checks/runs.txtar", "tests/sequential/expect.txt"} {
		assert.Contains(t, files, f)
	}
	a, err := assignments.Load(dir)
	require.NoError(t, err)
	assert.Equal(t, "barrier", a.Name)
	assert.Equal(t, "barrier.py", a.Program)
	data, err := os.ReadFile(filepath.Join(dir, "README.md"))
	require.NoError(t, err)
	assert.NotContains(t, string(data), "__NAME__")

	_, err = scaffold.Write("barrier", dir)
	assert.ErrorContains(t, err, "is not empty")
	_, err = scaffold.Write("Bad-Name", t.TempDir())
	assert.ErrorContains(t, err, `"Bad-Name" cannot name an assignment`)
}

// The scaffold validates as written: the model answer gets full marks
// (or inconclusive where the machine cannot tell), every test submission
// gets its expect.txt and every check is failed by one of them.
func TestScaffoldValidates(t *testing.T) {
	testenv.Linux(t)
	testenv.Python(t)
	if testing.Short() {
		t.Skip("grades the scaffold's every submission: a few minutes")
	}
	dir := filepath.Join(t.TempDir(), "collatz")
	_, err := scaffold.Write("collatz", dir)
	require.NoError(t, err)
	a, err := assignments.Load(dir)
	require.NoError(t, err)
	r, err := validate.Validate(context.Background(), a, validate.Options{Python: testenv.Python(t), N: 60000})
	require.NoError(t, err)
	for _, s := range r.Steps {
		assert.Empty(t, s.Problems, "%s: %s", s.Name, s.Summary)
		for _, n := range s.Notes {
			t.Logf("%s: note: %s", s.Name, n)
		}
	}
	assert.Len(t, r.Steps, 1+1+1+len(a.Tests())+1, "rubric, solution, starter, each test, cannot fail")
}
