// Package validate is the teacher's test of an assignment folder: before a
// class sees it, it proves the folder says what the teacher means.
//
// Validate checks, in order:
//
//   - the rubric: assignment.json names a script for every check, and every
//     script parses (known commands, arguments and conditions; problems as
//     file:line: command: what is wrong); the statements, the starter and
//     the model answer are there; a public check that compares with a run
//     beside it has a calibration program to compare with, so that a
//     student's kit can run it;
//   - the model answer (solution/) gets full marks, hidden checks included:
//     a check that is inconclusive is noted as the machine's, not the
//     folder's, fault;
//   - the starter runs: it is graded without a check's script going wrong;
//   - each test submission (tests/NAME/) gets what its expect.txt says;
//   - no check cannot fail: a check that the starter and every test
//     submission that grades it pass is named, with what to add.
//
// A Report holds every step's outcome; it is valid when no step found a
// problem.
package validate
