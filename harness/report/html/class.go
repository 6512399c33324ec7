package html

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
)

// classPage is the body of a class report.
type classPage struct {
	Assignment string
	Summary    string
	CheckNames []string
	Rows       []gradeRow
	Histogram  *histogram
	Failures   []failureRow
}

// A gradeRow is one submission in the gradebook. The Sort fields are
// what the table sorts by.
type gradeRow struct {
	Submission  string
	Link        string
	Score       string
	ScoreSort   string
	Percent     string
	PercentSort string
	Checks      []gradeCell
	Speedup     string
	SpeedupSort string
	Ratio       string
	RatioSort   string
}

// A gradeCell is one check of one submission.
type gradeCell struct {
	Symbol string
	Word   string
	Points string
	Status grade.Status
}

// A failureRow counts the submissions that failed one check for one cause.
type failureRow struct {
	Check     string
	Cause     string
	CauseText string
	Who       []who
}

type who struct{ Name, Link string }

// WriteClass writes the report of a class.
func (r *Renderer) WriteClass(w io.Writer, results []*grade.Result, link func(*grade.Result) string, lang msg.Lang) error {
	if link == nil {
		link = func(*grade.Result) string { return "" }
	}
	var c ids
	body := classPage{Assignment: assignments(results), CheckNames: checkNames(results)}
	var speedups, references []float64
	passed, score, maxScore := 0, 0.0, 0.0
	for _, res := range results {
		body.Rows = append(body.Rows, buildGradeRow(res, body.CheckNames, link(res), lang))
		if res.Passed() {
			passed++
		}
		score += res.Score
		maxScore += res.MaxScore
		if s := firstSpeedup(res); s != nil {
			speedups = append(speedups, s.Submission.Median)
			references = append(references, s.Reference.Median)
		}
	}
	n := float64(max(len(results), 1))
	body.Summary = say(lang, labels["class.summary"], len(results), passed, score/n, maxScore/n)
	if len(speedups) > 0 {
		h := buildHistogram(c.next("hist"), speedups, median(references), lang)
		body.Histogram = &h
	}
	body.Failures = failures(results, link, lang)
	title := say(lang, labels["class.title"], body.Assignment)
	return r.render(w, "class", lang, title, true, body)
}

func buildGradeRow(res *grade.Result, names []string, link string, lang msg.Lang) gradeRow {
	row := gradeRow{
		Submission: res.Submission, Link: link,
		Score:     fmt.Sprintf("%.4g / %.4g", res.Score, res.MaxScore),
		ScoreSort: fmt.Sprint(res.Score),
		Percent:   "–",
		Speedup:   "–", Ratio: "–",
	}
	if res.MaxScore > 0 {
		row.Percent = fmt.Sprintf("%.0f", 100*res.Score/res.MaxScore)
		row.PercentSort = fmt.Sprint(res.Score / res.MaxScore)
	}
	for _, name := range names {
		cell := gradeCell{Symbol: "", Word: "", Points: "–"}
		for _, ck := range res.Checks {
			if ck.Name == name {
				cell = gradeCell{Symbol: statusSymbols[ck.Status], Word: statusWord(ck.Status, lang),
					Points: fmt.Sprintf("%.4g", ck.Points), Status: ck.Status}
				break
			}
		}
		row.Checks = append(row.Checks, cell)
	}
	if s := firstSpeedup(res); s != nil {
		row.Speedup, row.SpeedupSort = fmt.Sprintf("%.2f", s.Submission.Median), fmt.Sprint(s.Submission.Median)
		row.Ratio, row.RatioSort = fmt.Sprintf("%.0f", 100*s.Ratio.Median), fmt.Sprint(s.Ratio.Median)
	}
	return row
}

// failures groups the failed checks by check and by the causes the
// judge gave for their runs; a check whose runs show no cause (a wrong
// result, a crash) is counted once under no cause.
func failures(results []*grade.Result, link func(*grade.Result) string, lang msg.Lang) []failureRow {
	type key struct{ check, cause string }
	groups := map[key]*failureRow{}
	for _, res := range results {
		for _, ck := range res.Checks {
			if ck.Status != grade.Fail {
				continue
			}
			for _, cause := range failureCauses(ck) {
				k := key{ck.Name, string(cause)}
				g := groups[k]
				if g == nil {
					g = &failureRow{Check: ck.Name, Cause: string(cause), CauseText: causeText(cause, lang)}
					groups[k] = g
				}
				g.Who = append(g.Who, who{Name: res.Submission, Link: link(res)})
			}
		}
	}
	rows := make([]failureRow, 0, len(groups))
	for _, g := range groups {
		rows = append(rows, *g)
	}
	slices.SortFunc(rows, func(a, b failureRow) int {
		return cmp.Or(cmp.Compare(len(b.Who), len(a.Who)), cmp.Compare(a.Check, b.Check), cmp.Compare(a.Cause, b.Cause))
	})
	return rows
}

// failureCauses are the distinct causes, other than parallel, of a
// check's runs, in the order first seen; none gives one empty cause.
// The runs of sequential versions are left out: they are meant to run in
// one process, and their cause (one_process) says nothing of the failure.
func failureCauses(ck grade.CheckResult) []judge.Cause {
	var causes []judge.Cause
	for _, run := range ck.Runs {
		c := run.Analysis.Cause
		if isSequential(run.Name) || run.Observation == nil {
			continue
		}
		if c != "" && c != judge.CauseParallel && !slices.Contains(causes, c) {
			causes = append(causes, c)
		}
	}
	if len(causes) == 0 {
		return []judge.Cause{""}
	}
	return causes
}

// sequentialRunName is the name of a check's run of the sequential
// version ("seq", or "ref_seq" for the reference's), by the convention
// of the assignments' check scripts.
const sequentialRunName = "seq"

func isSequential(runName string) bool {
	n := strings.ToLower(runName)
	return strings.HasPrefix(n, sequentialRunName) || strings.HasSuffix(n, sequentialRunName)
}

func causeText(c judge.Cause, lang msg.Lang) string {
	if c == "" {
		return say(lang, causeNone)
	}
	if k, ok := causeWords[c]; ok {
		return say(lang, k)
	}
	return string(c)
}

// checkNames are the names of the checks of every result, in rubric
// order (the order first seen).
func checkNames(results []*grade.Result) []string {
	var names []string
	for _, res := range results {
		for _, ck := range res.Checks {
			if !slices.Contains(names, ck.Name) {
				names = append(names, ck.Name)
			}
		}
	}
	return names
}

func assignments(results []*grade.Result) string {
	var names []string
	for _, res := range results {
		if !slices.Contains(names, res.Assignment) {
			names = append(names, res.Assignment)
		}
	}
	return strings.Join(names, ", ")
}

// firstSpeedup is the first speedup measurement of a result's checks.
func firstSpeedup(res *grade.Result) *grade.Speedup {
	for _, ck := range res.Checks {
		if ck.Speedup != nil {
			return ck.Speedup
		}
	}
	return nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
