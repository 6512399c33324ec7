package html

import (
	"fmt"
	"io"
	"strings"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
)

// submissionPage is the body of a submission's report.
type submissionPage struct {
	Assignment string
	Submission string
	Score      string
	Percent    float64
	Passed     bool
	Checks     []checkView
	Env        []figure
}

// A checkView is one check of the rubric.
type checkView struct {
	Anchor     string
	Name       string
	Title      string
	Status     grade.Status
	StatusWord string
	Symbol     string
	Points     string
	Hidden     bool
	Message    string
	Runs       []runView
	Speedup    *speedupChart
	// Detailed is set when the check has runs or a speedup to show
	// below the table.
	Detailed bool
}

// A runView is one observed run of a check.
type runView struct {
	Name     string
	Command  string
	Verdict  *verdictView
	Timeline *timeline
}

var statusSymbols = map[grade.Status]string{
	grade.Pass: "✔", grade.Fail: "✘", grade.Inconclusive: "?", grade.Skip: "–", grade.Error: "!",
}

func statusWord(s grade.Status, lang msg.Lang) string {
	if k, ok := statusWords[s]; ok {
		return say(lang, k)
	}
	return string(s)
}

// WriteSubmission writes the report of one graded submission.
func (r *Renderer) WriteSubmission(w io.Writer, res *grade.Result, lang msg.Lang) error {
	var c ids
	body := submissionPage{
		Assignment: res.Assignment, Submission: res.Submission,
		Score:  say(lang, labels["score.value"], res.Score, res.MaxScore),
		Passed: res.Passed(),
		Env:    environment(res, lang),
	}
	if res.MaxScore > 0 {
		body.Percent = 100 * res.Score / res.MaxScore
	}
	for i := range res.Checks {
		body.Checks = append(body.Checks, buildCheck(&c, &res.Checks[i], lang))
	}
	title := say(lang, labels["submission.title"], res.Assignment, res.Submission)
	return r.render(w, "submission", lang, title, false, body)
}

func buildCheck(c *ids, ck *grade.CheckResult, lang msg.Lang) checkView {
	v := checkView{
		Anchor: "check-" + anchor(ck.Name), Name: ck.Name, Title: ck.Title,
		Status: ck.Status, StatusWord: statusWord(ck.Status, lang), Symbol: statusSymbols[ck.Status],
		Points:  fmt.Sprintf("%.4g / %.4g", ck.Points, ck.MaxPoints),
		Hidden:  ck.Visibility == grade.Hidden,
		Message: ck.Message,
	}
	var obs []*observe.Observation
	for _, run := range ck.Runs {
		obs = append(obs, run.Observation)
	}
	sp := commonSpan(obs...)
	width := singleWidth
	if len(ck.Runs) > 1 {
		width = pairWidth
	}
	for _, run := range ck.Runs {
		rv := runView{Name: run.Name, Command: strings.Join(run.Args, " ")}
		if run.Observation != nil {
			tl := buildTimeline(c.next("tl"), run.Observation, run.Analysis, sp, width, lang)
			vv := newVerdictView(run.Analysis, lang)
			rv.Timeline, rv.Verdict = &tl, &vv
		}
		v.Runs = append(v.Runs, rv)
	}
	if s := ck.Speedup; s != nil {
		chart := buildSpeedup(c.next("sp"), s, lang)
		chart.Summary = say(lang, labels["speedup.summary"], 100*s.Ratio.Median, 100*s.Ratio.Confidence,
			100*s.Ratio.Low, 100*s.Ratio.High, 100*s.Required, s.Rounds, s.Workers, s.N)
		v.Speedup = &chart
	}
	v.Detailed = len(v.Runs) > 0 || v.Speedup != nil
	return v
}

func environment(res *grade.Result, lang msg.Lang) []figure {
	e := res.Environment
	python := strings.TrimSpace(e.Python + " " + e.PythonVersion)
	return []figure{
		{"env.version", orDash(e.Version)},
		{"env.python", orDash(python)},
		{"env.cpus", fmt.Sprintf("%.2g (%s)", e.CPUs.Available, joinInts(e.CPUs.Affinity))},
		{"env.containment", orDash(e.Containment)},
		{"env.isolation", orDash(e.Isolation)},
		{"env.started", res.Started.Format("2006-01-02 15:04 MST")},
		{"env.seconds", say(lang, valSeconds, res.Seconds)},
	}
}
