package check

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
)

// AssignmentVariable names the assignment go test grades, overriding the
// one a test names: a built-in name or the path of an assignment folder.
const AssignmentVariable = "MPGRADE_ASSIGNMENT"

// TestSubmission is the go test of an assignment: it grades the submission
// named by MPGRADE_SUBMISSION (the program or its folder), or the
// assignment's model answer when the variable is not set, with the
// feedback in MPGRADE_LANG's language. Each check is a subtest. The
// assignment is MPGRADE_ASSIGNMENT's when it is set, else the one given (a
// built-in name or a folder's path).
func TestSubmission(t *testing.T, assignment string) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("grading observes processes through /proc: it needs Linux")
	}
	if v := os.Getenv(AssignmentVariable); v != "" {
		assignment = v
	}
	a, err := assignments.Load(assignment)
	if err != nil {
		t.Fatal(err)
	}
	path := os.Getenv("MPGRADE_SUBMISSION")
	if path == "" {
		dir := t.TempDir()
		ok, err := a.WriteSolution(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			t.Skipf("MPGRADE_SUBMISSION is not set and %s has no model answer (solution/%s) here: name the submission to grade", a.Name, a.Program)
		}
		path = filepath.Join(dir, a.Program)
		t.Logf("MPGRADE_SUBMISSION is not set: grading the model answer")
	}
	res := Test(t, a, path, Options{Lang: msg.ParseLang(os.Getenv("MPGRADE_LANG"))})
	t.Logf("%s: %.0f of %.0f points (%d inconclusive)", path, res.Score, res.MaxScore, res.Count(grade.Inconclusive))
}
