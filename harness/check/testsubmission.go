package check

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/reference"
)

// TestSubmission is the go test of an assignment's folder: it grades the
// submission named by MPGRADE_SUBMISSION (the program or its folder), or
// the built-in reference solution when the variable is not set, with the
// feedback in MPGRADE_LANG's language. Each check is a subtest.
func TestSubmission(t *testing.T, assignment string) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("grading observes processes through /proc: it needs Linux")
	}
	a, err := assignments.Load(assignment)
	if err != nil {
		t.Fatal(err)
	}
	path := os.Getenv("MPGRADE_SUBMISSION")
	if path == "" {
		dir := t.TempDir()
		if _, err := reference.Extract(a.Name, dir); err != nil {
			t.Fatal(err)
		}
		path = filepath.Join(dir, a.Program)
		t.Logf("MPGRADE_SUBMISSION is not set: grading the reference solution")
	}
	res := Test(t, a, path, Options{Lang: msg.ParseLang(os.Getenv("MPGRADE_LANG"))})
	t.Logf("%s: %.0f of %.0f points (%d inconclusive)", path, res.Score, res.MaxScore, res.Count(grade.Inconclusive))
}
