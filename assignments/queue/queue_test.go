// Package queue_test grades an mp_queue.py with go test.
//
// Name the submission with MPGRADE_SUBMISSION (the file or its folder):
//
//	MPGRADE_SUBMISSION=path/to/mp_queue.py go test ./assignments/queue/
//
// Each rubric check is a subtest. A failed check fails it with feedback; an
// inconclusive one (a machine that cannot show parallelism now) is skipped
// with the reason. Without MPGRADE_SUBMISSION the reference solution is
// graded. MPGRADE_LANG=es gives the feedback in Spanish.
package queue_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/check"
	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/reference"
)

func TestSubmission(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("grading observes processes through /proc: it needs Linux")
	}
	a, err := assignments.Load("queue")
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
	res := check.Test(t, a, path, check.Options{Lang: msg.ParseLang(os.Getenv("MPGRADE_LANG"))})
	t.Logf("%s: %.0f of %.0f points (%d inconclusive)", path, res.Score, res.MaxScore, res.Count(grade.Inconclusive))
}
