// Package gil_test grades an mp_gil.py with go test.
//
// Name the submission with MPGRADE_SUBMISSION (the file or its folder):
//
//	MPGRADE_SUBMISSION=path/to/mp_gil.py go test ./assignments/gil/
//
// Each rubric check is a subtest. A failed check fails it with feedback; an
// inconclusive one (a machine that cannot show parallelism now) is skipped
// with the reason. Without MPGRADE_SUBMISSION the model answer (private/, in
// a checkout) is graded. MPGRADE_LANG=es gives the feedback in Spanish.
package gil_test

import (
	"testing"

	"github.com/mpgrade/mpgrade/harness/check"
)

func TestSubmission(t *testing.T) { check.TestSubmission(t, "gil") }
