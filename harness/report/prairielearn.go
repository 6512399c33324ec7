package report

import (
	"io"
	"strings"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
)

// prairieLearnResults is /grade/results/results.json as PrairieLearn's
// external grading documentation describes it, in the shape its
// <pl-external-grader-results> element renders.
type prairieLearnResults struct {
	Gradable bool               `json:"gradable"`
	Score    float64            `json:"score"`
	Message  string             `json:"message"`
	Output   string             `json:"output"`
	Tests    []prairieLearnTest `json:"tests"`
}

type prairieLearnTest struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Points      float64 `json:"points"`
	MaxPoints   float64 `json:"max_points"`
	Message     string  `json:"message"`
	Output      string  `json:"output"`
}

var lblNotGradable = msg.Define("report.prairielearn.not_gradable",
	"This submission was not graded and no attempt was used. %s Submit it again to have it graded.",
	"Esta entrega no se calificó y no gasta un intento. %s Vuelve a enviarla para que se califique.")

// WritePrairieLearn writes r as PrairieLearn's external grader
// results.json.
//
// The score is the result's points over its maximum, from 0 to 1. When a
// check could not be judged (inconclusive, or the grader failed) or no
// check ran, the submission is marked not gradable: PrairieLearn then
// gives and takes no points and does not count the attempt, which is the
// honest outcome when the machine could not tell; the message says why and
// asks for the submission again. Checks that were not judged score 0 of
// 0. PrairieLearn shows every result at once, so a hidden check counts in
// the score but its feedback is withheld.
func WritePrairieLearn(w io.Writer, r *grade.Result) error {
	lang := msg.ParseLang(r.Lang)
	out := prairieLearnResults{
		Gradable: final(r),
		Message:  summaryLine(r, lang),
		Tests:    []prairieLearnTest{},
	}
	if out.Gradable && r.MaxScore > 0 {
		out.Score = roundTo(min(max(r.Score/r.MaxScore, 0), 1), 4)
	}
	if !out.Gradable {
		out.Message = msg.New(lblNotGradable, notFinalReason(r, lang)).In(lang)
	}
	var lines []string
	for _, c := range r.Checks {
		t := prairieLearnCheck(c, lang)
		out.Tests = append(out.Tests, t)
		lines = append(lines, StatusWord(c.Status, lang)+"  "+checkLabel(c)+"  ("+points(t.Points)+"/"+points(t.MaxPoints)+")")
	}
	if len(lines) > 0 {
		lines = append(lines, "")
	}
	out.Output = strings.Join(append(lines, gradedBy(r, lang)), "\n")
	return writeJSON(w, out)
}

func prairieLearnCheck(c grade.CheckResult, lang msg.Lang) prairieLearnTest {
	t := prairieLearnTest{
		Name:        c.Name,
		Description: c.Title,
		Points:      roundTo(c.Points, 4),
		MaxPoints:   roundTo(c.MaxPoints, 4),
		Message:     Feedback(c, lang),
	}
	if c.Speedup != nil {
		t.Output = speedupLine(c.Speedup, lang)
	}
	if c.Status == grade.Inconclusive || c.Status == grade.Skip {
		t.Points, t.MaxPoints = 0, 0
	}
	if c.Visibility == grade.Hidden {
		t.Message, t.Output = msg.New(fbHidden).In(lang), ""
	}
	return t
}
