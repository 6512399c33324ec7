package validate

import (
	"strings"
	"testing"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An expect.txt names statuses, with alternatives, and texts the
// feedback must contain, with alternatives; a line of neither kind is
// an error that names its line.
func TestReadExpect(t *testing.T) {
	e, err := ReadExpect("expect.txt", strings.NewReader(`# comment
runs pass
parallel fail|inconclusive

message parallel: only one process | the work alone
message runs: exited
`))
	require.NoError(t, err)
	assert.Equal(t, []grade.Status{grade.Fail, grade.Inconclusive}, e.Status["parallel"])
	assert.Equal(t, []string{"runs", "parallel"}, e.Order)
	assert.Empty(t, e.Unsaid("parallel", "run par: only one process did CPU work"))
	assert.Empty(t, e.Unsaid("parallel", "run par: it did nearly all the work alone"))
	assert.Equal(t, []string{"only one process | the work alone"}, e.Unsaid("parallel", "run par: ran in parallel"))
	assert.Equal(t, []string{"exited"}, e.Unsaid("runs", ""))
	assert.Empty(t, e.Unsaid("results", "anything"), "a check with no message line wants none")

	_, err = ReadExpect("x/expect.txt", strings.NewReader("runs pass\nparallel maybe\n"))
	assert.ErrorContains(t, err, `x/expect.txt:2: "maybe" is no status`)
	_, err = ReadExpect("x/expect.txt", strings.NewReader("runs\n"))
	assert.ErrorContains(t, err, "x/expect.txt:1:")
}
