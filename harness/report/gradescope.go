package report

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
)

// Gradescope's visibility settings, from its autograder specification
// (results.json, "Controlling Test Case Visibility").
const (
	GradescopeVisible        = "visible"
	GradescopeHidden         = "hidden"
	GradescopeAfterDueDate   = "after_due_date"
	GradescopeAfterPublished = "after_published"
)

// GradescopeOptions says how a result is shown on Gradescope.
type GradescopeOptions struct {
	// Visibility is the whole result's visibility; empty means "visible".
	Visibility string

	// StdoutVisibility is who sees what the autograder printed (not the
	// results, which are in the file); empty means "hidden", since it is
	// meant for the teacher's debugging.
	StdoutVisibility string

	// HiddenVisibility is the visibility of the rubric's hidden checks;
	// empty means "after_due_date", so students see them once the
	// deadline is past.
	HiddenVisibility string
}

// gradescopeResults is results.json as Gradescope's autograder
// specification documents it. Only documented fields are written.
type gradescopeResults struct {
	Score            float64            `json:"score"`
	ExecutionTime    int                `json:"execution_time"`
	Output           string             `json:"output"`
	OutputFormat     string             `json:"output_format"`
	Visibility       string             `json:"visibility"`
	StdoutVisibility string             `json:"stdout_visibility"`
	Tests            []gradescopeTest   `json:"tests"`
	Leaderboard      []gradescopeLeader `json:"leaderboard,omitempty"`
}

type gradescopeTest struct {
	Score    float64 `json:"score"`
	MaxScore float64 `json:"max_score"`
	// Status is "passed" or "failed", and left out for a check that was
	// not judged either way (see WriteGradescope).
	Status       string   `json:"status,omitempty"`
	Name         string   `json:"name"`
	Number       string   `json:"number"`
	Output       string   `json:"output"`
	OutputFormat string   `json:"output_format"`
	Tags         []string `json:"tags,omitempty"`
	Visibility   string   `json:"visibility"`
}

type gradescopeLeader struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Order string  `json:"order"`
}

var (
	lblLeaderSpeedup = msg.Define("report.leaderboard.speedup", "Speedup", "Aceleración")
	lblLeaderShare   = msg.Define("report.leaderboard.share", "%% of reference speedup", "%% de la aceleración de referencia")
)

// WriteGradescope writes r as Gradescope's autograder results.json.
//
// Each check is a test. A passed or failed check has status "passed" or
// "failed" and its points out of its maximum. A check that was not judged
// (inconclusive or skipped) scores 0 out of 0, so it neither adds to nor
// lowers the total, and has no status: Gradescope's status is either
// "passed" or "failed", and such a check is neither; its output says why
// it was not judged and its tags name its status. A grader error is
// "failed" with its maximum, as the result's own MaxScore counts it, and
// its output says that the fault is not the student's. Hidden checks take
// opts.HiddenVisibility. A speedup measured by a public check that was
// judged goes on the leaderboard: the submission's own speedup (its
// sequential time over its parallel time, the figure judged), and the
// share of the reference's own speedup reached.
func WriteGradescope(w io.Writer, r *grade.Result, opts GradescopeOptions) error {
	vis, err := gradescopeVisibility("Visibility", opts.Visibility, GradescopeVisible)
	if err != nil {
		return err
	}
	stdoutVis, err := gradescopeVisibility("StdoutVisibility", opts.StdoutVisibility, GradescopeHidden)
	if err != nil {
		return err
	}
	hiddenVis, err := gradescopeVisibility("HiddenVisibility", opts.HiddenVisibility, GradescopeAfterDueDate)
	if err != nil {
		return err
	}
	lang := msg.ParseLang(r.Lang)
	out := gradescopeResults{
		Score:            roundTo(r.Score, 4),
		ExecutionTime:    int(math.Round(r.Seconds)),
		Output:           summaryLine(r, lang) + "\n" + gradedBy(r, lang),
		OutputFormat:     "text",
		Visibility:       vis,
		StdoutVisibility: stdoutVis,
		Tests:            []gradescopeTest{},
	}
	for i, c := range r.Checks {
		t := gradescopeCheck(c, lang)
		t.Number = strconv.Itoa(i + 1)
		if c.Visibility == grade.Hidden {
			t.Visibility = hiddenVis
		}
		out.Tests = append(out.Tests, t)
	}
	out.Leaderboard = gradescopeLeaderboard(r, lang)
	return writeJSON(w, out)
}

// gradescopeCheck is one check as a Gradescope test, visible to all.
func gradescopeCheck(c grade.CheckResult, lang msg.Lang) gradescopeTest {
	t := gradescopeTest{
		Score:        roundTo(c.Points, 4),
		MaxScore:     roundTo(c.MaxPoints, 4),
		Name:         checkLabel(c),
		Output:       Feedback(c, lang),
		OutputFormat: "text",
		Visibility:   GradescopeVisible,
	}
	if c.Speedup != nil {
		t.Output = joinParagraphs(t.Output, speedupLine(c.Speedup, lang))
	}
	switch c.Status {
	case grade.Pass:
		t.Status = "passed"
	case grade.Fail, grade.Error:
		t.Status = "failed"
	default:
		t.Score, t.MaxScore = 0, 0
	}
	if c.Status != grade.Pass && c.Status != grade.Fail {
		t.Tags = []string{string(c.Status)}
	}
	return t
}

// gradescopeLeaderboard lists the speedups of public checks that were
// judged: a hidden check's figures would show before the due date, and an
// inconclusive one's mean nothing.
func gradescopeLeaderboard(r *grade.Result, lang msg.Lang) []gradescopeLeader {
	var measured []grade.CheckResult
	for _, c := range r.Checks {
		if c.Speedup != nil && c.Visibility != grade.Hidden && (c.Status == grade.Pass || c.Status == grade.Fail) {
			measured = append(measured, c)
		}
	}
	var board []gradescopeLeader
	for _, c := range measured {
		speedup, share := msg.New(lblLeaderSpeedup).In(lang), msg.New(lblLeaderShare).In(lang)
		if len(measured) > 1 {
			speedup += " (" + c.Name + ")"
			share += " (" + c.Name + ")"
		}
		board = append(board,
			gradescopeLeader{Name: speedup, Value: roundTo(c.Speedup.Submission.Median, 2), Order: "desc"},
			gradescopeLeader{Name: share, Value: roundTo(c.Speedup.Ratio.Median*100, 1), Order: "desc"})
	}
	return board
}

func gradescopeVisibility(field, v, def string) (string, error) {
	switch v {
	case "":
		return def, nil
	case GradescopeVisible, GradescopeHidden, GradescopeAfterDueDate, GradescopeAfterPublished:
		return v, nil
	}
	return "", fmt.Errorf("gradescope %s %q: expected one of %s, %s, %s or %s",
		field, v, GradescopeVisible, GradescopeHidden, GradescopeAfterDueDate, GradescopeAfterPublished)
}

// checkLabel names a check for a person: its rubric name and its title.
func checkLabel(c grade.CheckResult) string {
	if c.Title == "" {
		return c.Name
	}
	return c.Name + ": " + c.Title
}

func joinParagraphs(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n\n" + b
}
