package report

import (
	"bytes"
	"testing"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fields of PrairieLearn's external grader results.json, from its
// "External Grading" documentation ("Grading results"), and their JSON
// types.
var (
	prairieLearnTopFields = map[string]string{
		"gradable": "boolean", "score": "number", "message": "string", "output": "string",
		"format_errors": "array", "images": "array", "tests": "array",
	}
	prairieLearnTestFields = map[string]string{
		"name": "string", "description": "string", "points": "number", "max_points": "number",
		"message": "string", "output": "string", "images": "array",
	}
)

func writePrairieLearn(t *testing.T, r *grade.Result) map[string]any {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, WritePrairieLearn(&b, r))
	return decodeObject(t, b.Bytes())
}

// PrairieLearn's results carry only its documented fields, with their
// documented types, and a score from 0 to 1.
func TestPrairieLearnFieldsAreDocumented(t *testing.T) {
	for _, s := range samples() {
		t.Run(s.name, func(t *testing.T) {
			obj := writePrairieLearn(t, s.result)
			checkFields(t, "results", obj, prairieLearnTopFields, "gradable", "score", "message", "output", "tests")
			score := obj["score"].(float64)
			assert.True(t, score >= 0 && score <= 1, "score %v is outside 0..1", score)
			tests := obj["tests"].([]any)
			require.Len(t, tests, len(s.result.Checks))
			for _, v := range tests {
				checkFields(t, "test", v.(map[string]any), prairieLearnTestFields,
					"name", "description", "points", "max_points", "message", "output")
			}
		})
	}
}

// A fully judged result is gradable and scores its share of the points; a
// result with a check that could not be judged, or none, is not gradable,
// so PrairieLearn counts neither points nor the attempt.
func TestPrairieLearnGradable(t *testing.T) {
	passing := writePrairieLearn(t, samplePassing())
	assert.Equal(t, true, passing["gradable"])
	assert.Equal(t, 1.0, passing["score"])
	assert.Equal(t, "10 de 10 puntos.", passing["message"])

	judged := sampleMixed()
	judged.Checks = judged.Checks[:2] // runs passed 2, output failed 0 of 2
	judged.Score, judged.MaxScore = 2, 4
	obj := writePrairieLearn(t, judged)
	assert.Equal(t, true, obj["gradable"])
	assert.Equal(t, 0.5, obj["score"])

	mixed := writePrairieLearn(t, sampleMixed())
	assert.Equal(t, false, mixed["gradable"])
	assert.Equal(t, 0.0, mixed["score"])
	assert.Contains(t, mixed["message"], "parallel, limits")

	empty := writePrairieLearn(t, sampleEmpty())
	assert.Equal(t, false, empty["gradable"])
	assert.Contains(t, empty["message"], "No check was run")
}

// A hidden check counts, but its feedback is not shown; a check that was
// not judged scores 0 of 0.
func TestPrairieLearnTests(t *testing.T) {
	tests := writePrairieLearn(t, sampleMixed())["tests"].([]any)
	byName := map[string]map[string]any{}
	for _, v := range tests {
		test := v.(map[string]any)
		byName[test["name"].(string)] = test
	}
	stress := byName["stress"]
	assert.Equal(t, 2.0, stress["max_points"])
	assert.Equal(t, "This check is hidden: its feedback is not shown here.", stress["message"])
	assert.NotContains(t, stress["message"], "64 workers")

	parallel := byName["parallel"]
	assert.Equal(t, []any{0.0, 0.0}, []any{parallel["points"], parallel["max_points"]})
	assert.Contains(t, parallel["message"], "held back")
	assert.Contains(t, byName["speedup"]["output"], "Speedup: 1.71x")
	assert.Equal(t, "It speeds up like the reference", byName["speedup"]["description"])
}
