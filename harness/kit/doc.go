// Package kit writes a student repository for an assignment: its
// statement, starter, public checks, a go.mod and a test file so that
// `go test` grades the student's program with mpgrade, and the GitHub
// Actions workflow that grades it on every push.
//
// A kit never holds a hidden check or a model answer; Audit proves it of a
// written folder, and Write runs Audit before it returns.
//
// # What a kit holds, and what it does not
//
// A kit is the public part of its assignment's folder: the statement, the
// starter, the public checks, the calibration program (calibration/, which
// the public checks compare with: right results, and a parallel mode that
// is plain CPU work, not an answer) and a rubric without the hidden checks
// (assignment.json), so that the kit's folder is itself an assignment
// folder that `go test` grades with. It never holds a hidden check, a
// model answer or a test submission; Audit proves it of a written folder,
// and Write runs Audit before it returns.
//
// Nor does the mpgrade module the kit requires: the built-in assignments
// keep their private parts in private/, a Go module of its own that the
// mpgrade module's zip leaves out (TestModuleHoldsNothingPrivate builds
// that zip with the go command and looks). Official grading, hidden checks
// included, runs where the private parts are: a checkout, the assignment's
// folder, or a platform bundle (`mpgrade platform`), which carries them
// for the grader's eyes alone.
package kit
