package report

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	return rows
}

// One row per submission and one column per check; a check that was not
// judged is an empty cell, never a zero.
func TestGradebookCSV(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteGradebookCSV(&b, sampleResults(), []string{"runs", "parallel", "output"}))
	assert.Equal(t, [][]string{
		{"submission", "assignment", "runs", "parallel", "output", "score", "max_score", "status", "rerun"},
		{"alu0101", "mp_worker", "2", "4", "", "10", "10", "pass", ""},
		{"alu0102", "mp_worker", "2", "", "0", "5", "10", "rerun", "parallel;limits"},
		{"alu0103", "mp_worker", "", "", "", "0", "0", "rerun", ""},
	}, readCSV(t, b.Bytes()))

	judged := sampleMixed()
	judged.Checks = judged.Checks[:2]
	assert.Equal(t, GradebookFail, gradebookStatus(judged))
}

// Moodle gets one row per student whose grade is final, identified as the
// roster says, scaled to the grade item's maximum.
func TestMoodleCSV(t *testing.T) {
	half := sampleMixed()
	half.Submission = "alu0104"
	half.Checks = half.Checks[:2] // runs passed 2, output failed 0 of 2
	half.Score, half.MaxScore = 2, 4
	results := append(sampleResults(), half)
	ids := map[string]string{"alu0101": "0101", "alu0102": "0102", "alu0103": "0103", "alu0104": "0104"}

	var b bytes.Buffer
	require.NoError(t, WriteMoodleCSV(&b, results, MoodleOptions{IDColumn: "ID number", IDs: ids, MaxGrade: 100, Feedback: true}))
	assert.Equal(t, [][]string{
		{"ID number", "mp_worker", "mp_worker (feedback)"},
		{"0101", "100", "10 of 10 points."},
		{"0104", "50", "2 of 4 points. not passed: output."},
	}, readCSV(t, b.Bytes()), "results that need grading again are left out")

	b.Reset()
	require.NoError(t, WriteMoodleCSV(&b, []*grade.Result{half}, MoodleOptions{Checks: true, Lang: msg.ES}))
	assert.Equal(t, [][]string{
		{"Email address", "mp_worker", "mp_worker: runs", "mp_worker: output"},
		{"alu0104", "2", "2", "0"},
	}, readCSV(t, b.Bytes()), "without a roster the submission is the identifier")
}

func TestMoodleCSVErrors(t *testing.T) {
	err := WriteMoodleCSV(&bytes.Buffer{}, sampleResults(), MoodleOptions{IDs: map[string]string{"alu0102": "x"}})
	assert.EqualError(t, err, `moodle CSV: no Email address for submission "alu0101": add it to the roster`)

	other := samplePassing()
	other.Assignment = "mp_pool"
	err = WriteMoodleCSV(&bytes.Buffer{}, []*grade.Result{samplePassing(), other}, MoodleOptions{})
	assert.EqualError(t, err, `moodle CSV: results are of "mp_worker" and "mp_pool", but a file holds one grade item: write one file per assignment`)

	again := samplePassing()
	again.Submission = "alu0101-late"
	err = WriteMoodleCSV(&bytes.Buffer{}, []*grade.Result{samplePassing(), again}, MoodleOptions{
		IDs: map[string]string{"alu0101": "a@x", "alu0101-late": "a@x"},
	})
	assert.EqualError(t, err, `moodle CSV: submissions "alu0101" and "alu0101-late" are both student "a@x": keep one result per student`)
}
