package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
)

// The values of the gradebook's status column.
const (
	// GradebookPass: every check passed or did not apply.
	GradebookPass = "pass"
	// GradebookFail: a check failed.
	GradebookFail = "fail"
	// GradebookRerun: a check could not be judged (inconclusive, or the
	// grader failed), or none ran; the score is not final.
	GradebookRerun = "rerun"
)

// WriteGradebookCSV writes one row per submission and one column per
// check, for a teacher's spreadsheet: submission, assignment, the points
// of each check in checks, score, max_score, status (pass, fail or rerun)
// and rerun (the checks to grade again, separated by ";").
//
// A check's cell is empty when the check was not judged (inconclusive,
// skipped, grader error) or not run, so that an empty cell is never read
// as zero points. checks gives the columns and their order; nil takes
// every check of the results, in the order first seen.
func WriteGradebookCSV(w io.Writer, results []*grade.Result, checks []string) error {
	if checks == nil {
		checks = checkNames(results)
	}
	out := csv.NewWriter(w)
	header := append(append([]string{"submission", "assignment"}, checks...), "score", "max_score", "status", "rerun")
	if err := out.Write(header); err != nil {
		return err
	}
	for _, r := range results {
		row := []string{r.Submission, r.Assignment}
		for _, name := range checks {
			row = append(row, checkCell(r, name))
		}
		row = append(row, points(r.Score), points(r.MaxScore), gradebookStatus(r), strings.Join(Unjudged(r), ";"))
		if err := out.Write(row); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}

func checkNames(results []*grade.Result) []string {
	names := []string{}
	seen := map[string]bool{}
	for _, r := range results {
		for _, c := range r.Checks {
			if !seen[c.Name] {
				seen[c.Name] = true
				names = append(names, c.Name)
			}
		}
	}
	return names
}

// checkCell is a check's points, or empty when it was not judged.
func checkCell(r *grade.Result, name string) string {
	for _, c := range r.Checks {
		if c.Name == name && (c.Status == grade.Pass || c.Status == grade.Fail) {
			return points(c.Points)
		}
	}
	return ""
}

func gradebookStatus(r *grade.Result) string {
	switch {
	case !final(r):
		return GradebookRerun
	case r.Count(grade.Fail) > 0:
		return GradebookFail
	}
	return GradebookPass
}

// MoodleOptions says how results map onto a Moodle gradebook.
type MoodleOptions struct {
	// IDColumn is the header of the column that identifies each student,
	// to be mapped on import to the Moodle user field it holds: "Email
	// address", "ID number" or "Username". Empty means "Email address".
	IDColumn string

	// IDs maps a result's Submission to the student's identifier in
	// Moodle (from the course roster). When nil, the Submission is the
	// identifier. When set, a submission missing from it is an error.
	IDs map[string]string

	// Item is the header of the grade column, to be mapped on import to
	// the Moodle grade item; empty means the assignment's name.
	Item string

	// MaxGrade is the grade item's maximum grade in Moodle. When set, the
	// score is scaled from the result's maximum to it; when 0, points are
	// written as they are.
	MaxGrade float64

	// Checks adds one column per check with its points, headed
	// "Item: check", for courses that keep a grade item per check.
	Checks bool

	// Feedback adds a column "Item (feedback)" with a one-line summary,
	// to be mapped to the item's feedback.
	Feedback bool

	// Lang is the language of the feedback.
	Lang msg.Lang
}

var lblNotPassed = msg.Define("report.moodle.not_passed", "not passed: %s", "no superadas: %s")

// WriteMoodleCSV writes results as a CSV file that Moodle's gradebook
// import (Grades > Import > CSV file) takes: a header row, then one row per
// student with an identifier column and a grade column, plus optional
// per-check and feedback columns (see MoodleOptions). On import, map the
// identifier column to the user field it holds and each grade column to
// its grade item.
//
// The results must all be of one assignment (one grade item): write one
// file per assignment. A result that needs grading again (see Unjudged) is
// left out: Moodle reads an empty grade as "no grade" and would clear the
// student's previous one; import it once it has been graded again.
func WriteMoodleCSV(w io.Writer, results []*grade.Result, opts MoodleOptions) error {
	rows, err := moodleRows(results, opts)
	if err != nil {
		return err
	}
	out := csv.NewWriter(w)
	for _, row := range rows {
		if err := out.Write(row); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}

func moodleRows(results []*grade.Result, opts MoodleOptions) ([][]string, error) {
	if opts.IDColumn == "" {
		opts.IDColumn = "Email address"
	}
	assignment := ""
	for _, r := range results {
		if assignment != "" && r.Assignment != assignment {
			return nil, fmt.Errorf("moodle CSV: results are of %q and %q, but a file holds one grade item: write one file per assignment", assignment, r.Assignment)
		}
		assignment = r.Assignment
	}
	item := opts.Item
	if item == "" {
		item = assignment
	}
	checks := checkNames(results)
	header := []string{opts.IDColumn, item}
	if opts.Checks {
		for _, c := range checks {
			header = append(header, item+": "+c)
		}
	}
	if opts.Feedback {
		header = append(header, item+" (feedback)")
	}
	rows := [][]string{header}
	seen := map[string]string{}
	for _, r := range results {
		if !final(r) {
			continue
		}
		id, err := moodleID(r, opts)
		if err != nil {
			return nil, err
		}
		if other, dup := seen[id]; dup {
			return nil, fmt.Errorf("moodle CSV: submissions %q and %q are both student %q: keep one result per student", other, r.Submission, id)
		}
		seen[id] = r.Submission
		rows = append(rows, moodleRow(r, id, checks, opts))
	}
	return rows, nil
}

func moodleID(r *grade.Result, opts MoodleOptions) (string, error) {
	if opts.IDs == nil {
		return r.Submission, nil
	}
	id, ok := opts.IDs[r.Submission]
	if !ok || id == "" {
		return "", fmt.Errorf("moodle CSV: no %s for submission %q: add it to the roster", opts.IDColumn, r.Submission)
	}
	return id, nil
}

func moodleRow(r *grade.Result, id string, checks []string, opts MoodleOptions) []string {
	scale := 1.0
	if opts.MaxGrade > 0 && r.MaxScore > 0 {
		scale = opts.MaxGrade / r.MaxScore
	}
	row := []string{id, points(r.Score * scale)}
	if opts.Checks {
		for _, name := range checks {
			cell := checkCell(r, name)
			if cell != "" {
				cell = points(checkPoints(r, name) * scale)
			}
			row = append(row, cell)
		}
	}
	if opts.Feedback {
		row = append(row, moodleFeedback(r, opts.Lang))
	}
	return row
}

func checkPoints(r *grade.Result, name string) float64 {
	for _, c := range r.Checks {
		if c.Name == name {
			return c.Points
		}
	}
	return 0
}

// moodleFeedback is "7 of 10 points. not passed: output, stress."
func moodleFeedback(r *grade.Result, lang msg.Lang) string {
	var failed []string
	for _, c := range r.Checks {
		if c.Status == grade.Fail {
			failed = append(failed, c.Name)
		}
	}
	line := summaryLine(r, lang)
	if len(failed) > 0 {
		line += " " + msg.New(lblNotPassed, strings.Join(failed, ", ")).In(lang) + "."
	}
	return line
}
