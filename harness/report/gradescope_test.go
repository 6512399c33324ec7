package report

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fields of Gradescope's results.json, from its autograder
// specification ("Output format"), and what JSON type each must be.
var (
	gradescopeTopFields = map[string]string{
		"score": "number", "execution_time": "number", "output": "string", "output_format": "string",
		"test_output_format": "string", "test_name_format": "string", "visibility": "string",
		"stdout_visibility": "string", "extra_data": "object", "tests": "array", "leaderboard": "array",
	}
	gradescopeTestFields = map[string]string{
		"score": "number", "max_score": "number", "status": "string", "name": "string", "name_format": "string",
		"number": "string", "output": "string", "output_format": "string", "tags": "array",
		"visibility": "string", "extra_data": "object",
	}
	gradescopeLeaderFields = map[string]string{"name": "string", "value": "number", "order": "string"}

	gradescopeVisibilities  = []any{"visible", "hidden", "after_due_date", "after_published"}
	gradescopeStatuses      = []any{"passed", "failed"}
	gradescopeOutputFormats = []any{"text", "html", "simple_format", "md", "ansi"}
)

// jsonType names the JSON type of a value decoded into any.
func jsonType(v any) string {
	switch v.(type) {
	case float64:
		return "number"
	case string:
		return "string"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case nil:
		return "null"
	}
	return "unknown"
}

// checkFields asserts that obj has only documented fields, each of its
// documented type, and every field in required.
func checkFields(t *testing.T, where string, obj map[string]any, documented map[string]string, required ...string) {
	t.Helper()
	for k, v := range obj {
		want, ok := documented[k]
		if assert.True(t, ok, "%s: field %q is not documented", where, k) {
			assert.Equal(t, want, jsonType(v), "%s: field %q", where, k)
		}
	}
	for _, k := range required {
		assert.Contains(t, obj, k, "%s: field %q is missing", where, k)
	}
}

func decodeObject(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var obj map[string]any
	require.NoError(t, json.Unmarshal(data, &obj))
	return obj
}

func writeGradescope(t *testing.T, r *grade.Result, opts GradescopeOptions) map[string]any {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, WriteGradescope(&b, r, opts))
	return decodeObject(t, b.Bytes())
}

// Gradescope's results carry only its documented fields, with their
// documented types and values.
func TestGradescopeFieldsAreDocumented(t *testing.T) {
	for _, s := range samples() {
		t.Run(s.name, func(t *testing.T) {
			obj := writeGradescope(t, s.result, GradescopeOptions{})
			checkFields(t, "results", obj, gradescopeTopFields,
				"score", "execution_time", "output", "visibility", "stdout_visibility", "tests")
			assert.Contains(t, gradescopeVisibilities, obj["visibility"])
			assert.Contains(t, gradescopeVisibilities, obj["stdout_visibility"])
			assert.Contains(t, gradescopeOutputFormats, obj["output_format"])
			seconds := obj["execution_time"].(float64)
			assert.Equal(t, math.Trunc(seconds), seconds, "execution_time is whole seconds")

			tests := obj["tests"].([]any)
			require.Len(t, tests, len(s.result.Checks))
			for _, v := range tests {
				test := v.(map[string]any)
				checkFields(t, "test", test, gradescopeTestFields,
					"score", "max_score", "name", "output", "visibility")
				assert.Contains(t, gradescopeVisibilities, test["visibility"])
				assert.Contains(t, gradescopeOutputFormats, test["output_format"])
				if status, ok := test["status"]; ok {
					assert.Contains(t, gradescopeStatuses, status)
				}
				tags, _ := test["tags"].([]any)
				for _, tag := range tags {
					assert.IsType(t, "", tag)
				}
			}
			board, _ := obj["leaderboard"].([]any)
			for _, v := range board {
				entry := v.(map[string]any)
				checkFields(t, "leaderboard", entry, gradescopeLeaderFields, "name", "value")
				assert.Contains(t, []any{"asc", "desc"}, entry["order"])
			}
		})
	}
}

func testsByNumber(obj map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, v := range obj["tests"].([]any) {
		test := v.(map[string]any)
		out[test["number"].(string)] = test
	}
	return out
}

// The tests add up to the score; a check that was not judged scores 0 of
// 0 without a status; hidden checks show after the due date; the speedup
// of a public, judged check is on the leaderboard.
func TestGradescopeScoring(t *testing.T) {
	obj := writeGradescope(t, sampleMixed(), GradescopeOptions{})
	sum := 0.0
	for _, test := range testsByNumber(obj) {
		sum += test["score"].(float64)
	}
	assert.Equal(t, obj["score"], sum)
	assert.Equal(t, 5.0, sum)

	tests := testsByNumber(obj)
	inconclusive := tests["3"]
	assert.Equal(t, "parallel: The workers compute at once", inconclusive["name"])
	assert.Equal(t, 0.0, inconclusive["max_score"])
	assert.NotContains(t, inconclusive, "status")
	assert.Equal(t, []any{"inconclusive"}, inconclusive["tags"])
	assert.Contains(t, inconclusive["output"], "Inconclusive, which is not a failure")

	assert.Equal(t, "failed", tests["2"]["status"])
	assert.Equal(t, "passed", tests["4"]["status"])
	assert.Equal(t, "after_due_date", tests["6"]["visibility"])
	assert.Equal(t, "visible", tests["1"]["visibility"])
	assert.Equal(t, "failed", tests["7"]["status"], "a grader error counts in the maximum")
	assert.Equal(t, 1.0, tests["7"]["max_score"])

	assert.Equal(t, []any{
		map[string]any{"name": "Speedup", "value": 1.71, "order": "desc"},
		map[string]any{"name": "% of reference speedup", "value": 90.0, "order": "desc"},
	}, obj["leaderboard"])
}

// A speedup that was hidden or not judged stays off the leaderboard.
func TestGradescopeLeaderboardLeavesOutHiddenAndUnjudged(t *testing.T) {
	r := samplePassing()
	r.Checks[2].Visibility = grade.Hidden
	assert.NotContains(t, writeGradescope(t, r, GradescopeOptions{}), "leaderboard")

	r = samplePassing()
	r.Checks[2].Status = grade.Inconclusive
	assert.NotContains(t, writeGradescope(t, r, GradescopeOptions{}), "leaderboard")

	r = samplePassing()
	second := r.Checks[2]
	second.Name = "speedup_large"
	r.Checks = append(r.Checks, second)
	board := writeGradescope(t, r, GradescopeOptions{})["leaderboard"].([]any)
	require.Len(t, board, 4)
	assert.Equal(t, "Aceleración (speedup_large)", board[2].(map[string]any)["name"])
}

func TestGradescopeOptions(t *testing.T) {
	obj := writeGradescope(t, sampleMixed(), GradescopeOptions{
		Visibility: "after_published", StdoutVisibility: "visible", HiddenVisibility: "hidden",
	})
	assert.Equal(t, "after_published", obj["visibility"])
	assert.Equal(t, "visible", obj["stdout_visibility"])
	assert.Equal(t, "hidden", testsByNumber(obj)["6"]["visibility"])

	err := WriteGradescope(&bytes.Buffer{}, sampleMixed(), GradescopeOptions{HiddenVisibility: "later"})
	assert.EqualError(t, err, `gradescope HiddenVisibility "later": expected one of visible, hidden, after_due_date or after_published`)
}
