// Package check grades one submission against an assignment: it finds the
// student's program, runs each rubric check's script on a fresh copy of
// it, and puts the outcomes, points and observations into a grade.Result.
//
// The same runner serves `mpgrade check`, batch grading and `go test`
// (Test), so a submission gets the same verdict everywhere.
package check
