package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The whole result survives being written and read back, so any format
// can be written later from the kept file.
func TestResultJSONRoundTrip(t *testing.T) {
	for _, s := range samples() {
		var b bytes.Buffer
		require.NoError(t, WriteResultJSON(&b, s.result))
		var back grade.Result
		require.NoError(t, json.Unmarshal(b.Bytes(), &back))
		assert.Equal(t, *s.result, back, s.name)
	}
}

// `mpgrade check --json` has exactly its documented shape.
func TestCheckJSONShape(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteCheckJSON(&b, sampleMixed()))
	obj := decodeObject(t, b.Bytes())
	checkFields(t, "check", obj, map[string]string{
		"assignment": "string", "score": "number", "max_score": "number", "checks": "array",
	}, "assignment", "score", "max_score", "checks")
	checks := obj["checks"].([]any)
	require.Len(t, checks, 7)
	for _, v := range checks {
		checkFields(t, "check line", v.(map[string]any), map[string]string{
			"name": "string", "status": "string", "points": "number", "max_points": "number", "message": "string",
		}, "name", "status", "points", "max_points", "message")
	}
	assert.Equal(t, map[string]any{
		"name": "parallel", "status": "inconclusive", "points": 0.0, "max_points": 3.0,
		"message": "Other programs kept 1.6 of the 2 CPUs busy while yours ran, so it could not show whether its workers compute at once.",
	}, checks[2])

	b.Reset()
	require.NoError(t, WriteCheckJSON(&b, sampleEmpty()))
	assert.Equal(t, []any{}, decodeObject(t, b.Bytes())["checks"], "no checks is an empty list, not null")
}
