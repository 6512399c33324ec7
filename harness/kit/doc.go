// Package kit writes a student repository for an assignment: its
// statement, starter, public checks, a go.mod and a test file so that
// `go test` grades the student's program with mpgrade, and the GitHub
// Actions workflow that grades it on every push.
//
// A kit never holds a hidden check or a model answer; Audit proves it of a
// written folder, and Write runs Audit before it returns.
//
// # Checks that compare with the model answer
//
// The results and speedup checks compare the student's program with the
// model answer, run side by side. The kit does not ship that answer: the
// grader finds it in the mpgrade module, which embeds the course's model
// answers (package reference) and rubric, hidden checks included. The kit
// depends on that module, so `go test` and CI grade exactly as official
// grading does, with the hidden checks left out.
//
// The trade-off: a student who looks inside Go's module cache can read the
// model answers and the hidden checks' scripts there. The kit keeps them
// out of the student's own repository, so they are not handed out with
// the assignment, but it does not make them secret. A course that needs
// them secret builds its own mpgrade, with its own assignments and
// reference folders, for official grading (see `mpgrade platform`), and
// gives students a module whose references and hidden checks are left out
// or replaced; the public checks that compare with the model answer then
// run only in official grading.
package kit
