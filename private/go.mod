// The private parts of the built-in assignments: their model answers
// (NAME/solution/), hidden checks (NAME/checks/) and test submissions
// (NAME/tests/). A module of its own so that the module zip of
// github.com/mpgrade/mpgrade, what a student's go command downloads, leaves
// this folder out. It holds no Go package.
module github.com/mpgrade/mpgrade/private

go 1.24.0
