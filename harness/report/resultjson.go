package report

import (
	"encoding/json"
	"io"

	"github.com/mpgrade/mpgrade/harness/grade"
)

// WriteResultJSON writes the whole result, every observation included, as
// one indented JSON object: the form to keep, from which any other format
// can be written again later.
func WriteResultJSON(w io.Writer, r *grade.Result) error {
	return writeJSON(w, r)
}

// writeJSON writes v as indented JSON, with <, > and & as they are: the
// files are read by programs and people, not embedded in HTML.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// CheckSummary is the short JSON form of a result, as `mpgrade check
// --json` prints it.
type CheckSummary struct {
	Assignment string      `json:"assignment"`
	Score      float64     `json:"score"`
	MaxScore   float64     `json:"max_score"`
	Checks     []CheckLine `json:"checks"`
}

// A CheckLine is one check in a CheckSummary.
type CheckLine struct {
	Name      string       `json:"name"`
	Status    grade.Status `json:"status"`
	Points    float64      `json:"points"`
	MaxPoints float64      `json:"max_points"`
	// Message is the check's feedback as the grader gave it.
	Message string `json:"message"`
}

// SummarizeChecks puts a result into its short form.
func SummarizeChecks(r *grade.Result) CheckSummary {
	s := CheckSummary{Assignment: r.Assignment, Score: roundTo(r.Score, 4), MaxScore: roundTo(r.MaxScore, 4), Checks: []CheckLine{}}
	for _, c := range r.Checks {
		s.Checks = append(s.Checks, CheckLine{
			Name: c.Name, Status: c.Status, Points: roundTo(c.Points, 4), MaxPoints: roundTo(c.MaxPoints, 4), Message: c.Message,
		})
	}
	return s
}

// WriteCheckJSON writes the short form of a result, as `mpgrade check
// --json` prints it.
func WriteCheckJSON(w io.Writer, r *grade.Result) error {
	return writeJSON(w, SummarizeChecks(r))
}
