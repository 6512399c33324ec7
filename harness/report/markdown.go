package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
)

var (
	mdTitle     = msg.Define("report.md.title", "mpgrade: %s", "mpgrade: %s")
	mdScore     = msg.Define("report.md.score", "**Score: %s of %s points**", "**Nota: %s de %s puntos**")
	mdCounts    = msg.Define("report.md.counts", "Checks: %d; passed %d, failed %d, inconclusive %d, skipped %d, grader errors %d.", "Comprobaciones: %d; superadas %d, fallidas %d, no concluyentes %d, omitidas %d, errores del corrector %d.")
	mdHeader    = msg.Define("report.md.header", "| Check | Result | Points |", "| Comprobación | Resultado | Puntos |")
	mdHiddenTag = msg.Define("report.md.hidden", "(hidden)", "(oculta)")
	mdSpeedup   = msg.Define("report.md.speedup", "Speedup", "Aceleración")
	mdFeedback  = msg.Define("report.md.feedback", "What to look at", "Qué revisar")
)

// WriteMarkdown writes r as a Markdown summary, for a CI job's summary page
// (GitHub's $GITHUB_STEP_SUMMARY): the score, a table of the checks with
// their status in words, the speedup figures measured, and the feedback of
// every check that did not pass. The feedback is written verbatim in
// fenced blocks, so nothing a program printed can change the page.
func WriteMarkdown(w io.Writer, r *grade.Result, lang msg.Lang) error {
	b := bufio.NewWriter(w)
	say := func(k msg.Key, args ...any) string { return msg.New(k, args...).In(lang) }
	title := r.Assignment
	if r.Submission != "" {
		title += " · " + r.Submission
	}
	fmt.Fprintf(b, "## %s\n\n", say(mdTitle, title))
	if len(r.Checks) == 0 {
		fmt.Fprintf(b, "%s\n\n%s\n", say(lblNoChecks), gradedBy(r, lang))
		return b.Flush()
	}
	fmt.Fprintf(b, "%s\n\n", say(mdScore, points(r.Score), points(r.MaxScore)))
	fmt.Fprintf(b, "%s\n", say(mdCounts, len(r.Checks), r.Count(grade.Pass), r.Count(grade.Fail),
		r.Count(grade.Inconclusive), r.Count(grade.Skip), r.Count(grade.Error)))
	if names := Unjudged(r); len(names) > 0 {
		fmt.Fprintf(b, "%s.\n", say(lblRerun, strings.Join(names, ", ")))
	}
	fmt.Fprintf(b, "\n%s\n|---|---|---:|\n", say(mdHeader))
	for _, c := range r.Checks {
		name := "`" + strings.ReplaceAll(c.Name, "`", "'") + "`"
		if c.Title != "" {
			name += " " + c.Title
		}
		if c.Visibility == grade.Hidden {
			name += " " + say(mdHiddenTag)
		}
		got := "-" // not judged: no points were decided
		if c.Status == grade.Pass || c.Status == grade.Fail {
			got = points(c.Points)
		}
		fmt.Fprintf(b, "| %s | %s | %s / %s |\n", tableCell(name), StatusWord(c.Status, lang), got, points(c.MaxPoints))
	}
	writeMarkdownSpeedups(b, r, lang)
	writeMarkdownFeedback(b, r, lang)
	fmt.Fprintf(b, "\n%s\n", gradedBy(r, lang))
	return b.Flush()
}

func writeMarkdownSpeedups(b *bufio.Writer, r *grade.Result, lang msg.Lang) {
	for _, c := range r.Checks {
		if c.Speedup == nil {
			continue
		}
		fmt.Fprintf(b, "\n### %s: `%s`\n\n%s\n", msg.New(mdSpeedup).In(lang), c.Name, speedupLine(c.Speedup, lang))
	}
}

func writeMarkdownFeedback(b *bufio.Writer, r *grade.Result, lang msg.Lang) {
	header := false
	for _, c := range r.Checks {
		text := Feedback(c, lang)
		if c.Status == grade.Pass || text == "" {
			continue
		}
		if !header {
			fmt.Fprintf(b, "\n### %s\n", msg.New(mdFeedback).In(lang))
			header = true
		}
		fence := codeFence(text)
		fmt.Fprintf(b, "\n**`%s`: %s**\n\n%stext\n%s\n%s\n", c.Name, StatusWord(c.Status, lang), fence, text, fence)
	}
}

// tableCell keeps text on one line and out of the table's own syntax.
func tableCell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// codeFence returns a run of backticks longer than any in text, so that
// text cannot close the fenced block it is put in.
func codeFence(text string) string {
	longest, run := 0, 0
	for _, r := range text {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}
