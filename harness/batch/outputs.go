package batch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/report"
	"github.com/mpgrade/mpgrade/harness/report/html"
)

// The files of an output folder.
const (
	GradebookFile = "gradebook.csv"
	MoodleFile    = "moodle.csv"
	SummaryText   = "summary.txt"
	SummaryMD     = "summary.md"
	ResultsDir    = "results"
	FeedbackDir   = "feedback"
	ReportsDir    = "reports"
	ClassReport   = "class.html"
)

var (
	msgFbTitle   = msg.Define("batch.feedback.title", "%s: feedback for %s", "%s: comentarios para %s")
	msgFbScore   = msg.Define("batch.feedback.score", "Score: %s of %s points.", "Nota: %s de %s puntos.")
	msgFbRerun   = msg.Define("batch.feedback.rerun", "Not final: these checks will be graded again: %s.", "No definitiva: estas comprobaciones se corregirán de nuevo: %s.")
	msgFbGraded  = msg.Define("batch.feedback.graded", "Graded on CPUs %s with Python %s, mpgrade %s.", "Corregido en las CPU %s con Python %s, mpgrade %s.")
	msgSumTitle  = msg.Define("batch.summary.title", "%s: %d submissions; %d pass, %d fail, %d to grade again", "%s: %d entregas; %d aprobadas, %d suspensas, %d por corregir de nuevo")
	msgSumDist   = msg.Define("batch.summary.distribution", "Grade distribution (final scores only):", "Distribución de notas (solo las definitivas):")
	msgSumPar    = msg.Define("batch.summary.parallel", "Really parallel: %d of %d submissions with observed runs had a run judged parallel.", "Paralelas de verdad: %d de %d entregas con ejecuciones observadas tuvieron una ejecución juzgada paralela.")
	msgSumSpeed  = msg.Define("batch.summary.speedup", "Median of the submissions' own speedups (each one's sequential time over its parallel time): %sx (%d submissions measured).", "Mediana de la aceleración propia de las entregas (el tiempo secuencial de cada una entre su tiempo paralelo): %sx (%d entregas medidas).")
	msgSumNoSpd  = msg.Define("batch.summary.no_speedup", "No speedup was measured (the speedup check did not run or no submission got that far).", "No se midió ninguna aceleración (la comprobación de aceleración no se ejecutó o ninguna entrega llegó tan lejos).")
	msgSumFails  = msg.Define("batch.summary.failures", "Most common reasons for failed checks (submissions, and the checks they failed):", "Motivos más frecuentes de comprobaciones fallidas (entregas, y las comprobaciones que fallaron):")
	msgSumNoFail = msg.Define("batch.summary.no_failures", "No check failed.", "Ninguna comprobación falló.")
	msgSumTime   = msg.Define("batch.summary.time", "Graded on CPU sets %s. Grading took %s s in all, of which %s s were the observed runs of the programs.", "Corregido en los conjuntos de CPU %s. La corrección llevó %s s en total, de los que %s s fueron las ejecuciones observadas de los programas.")
	msgSumHeader = msg.Define("batch.summary.header", "Student\tScore\tStatus\tCPUs\tSeconds", "Estudiante\tNota\tEstado\tCPU\tSegundos")
	msgSumStuds  = msg.Define("batch.summary.students", "Submissions:", "Entregas:")
)

// writeSubmissionFiles writes a result's JSON and its feedback text, each
// atomically.
func writeSubmissionFiles(out string, r *grade.Result, lang msg.Lang) error {
	var js bytes.Buffer
	if err := report.WriteResultJSON(&js, r); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(out, ResultsDir, r.Submission+".json"), js.Bytes()); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(out, FeedbackDir, r.Submission+".txt"), []byte(FeedbackText(r, lang))); err != nil {
		return err
	}
	var page bytes.Buffer
	if err := html.WriteSubmission(&page, r, lang); err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(out, ReportsDir, r.Submission+".html"), page.Bytes())
}

// reportLink is the class report's link to a student's report.
func reportLink(r *grade.Result) string {
	return ReportsDir + "/" + url.PathEscape(r.Submission) + ".html"
}

// FeedbackText is what a student is told: the score, each check with its
// status and feedback, and where it was graded.
func FeedbackText(r *grade.Result, lang msg.Lang) string {
	say := func(k msg.Key, args ...any) string { return msg.New(k, args...).In(lang) }
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n%s\n", say(msgFbTitle, r.Assignment, r.Submission), say(msgFbScore, num(r.Score), num(r.MaxScore)))
	if names := report.Unjudged(r); len(names) > 0 {
		fmt.Fprintln(&b, say(msgFbRerun, strings.Join(names, ", ")))
	}
	b.WriteString("\n")
	for _, c := range r.Checks {
		got := "-"
		if c.Status == grade.Pass || c.Status == grade.Fail {
			got = num(c.Points)
		}
		fmt.Fprintf(&b, "%-16s %s/%s  %s\n", report.StatusWord(c.Status, lang), got, num(c.MaxPoints), c.Title)
		if text := report.Feedback(c, lang); text != "" && c.Status != grade.Pass {
			for _, line := range strings.Split(text, "\n") {
				fmt.Fprintf(&b, "    %s\n", line)
			}
		}
	}
	env := r.Environment
	fmt.Fprintf(&b, "\n%s\n", say(msgFbGraded, FormatCPUs(env.CPUs.Affinity), orDash(env.PythonVersion), orDash(env.Version)))
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeClassFiles rewrites the gradebook, the Moodle file and the summary
// from results, each atomically.
func writeClassFiles(out string, results []*grade.Result, lang msg.Lang, moodleID string) error {
	sorted := append([]*grade.Result(nil), results...)
	sortResults(sorted)
	var gb, moodle bytes.Buffer
	if err := report.WriteGradebookCSV(&gb, sorted, columns(sorted)); err != nil {
		return err
	}
	if err := report.WriteMoodleCSV(&moodle, sorted, report.MoodleOptions{IDColumn: moodleID, Checks: true, Feedback: true, Lang: lang}); err != nil {
		return err
	}
	var class bytes.Buffer
	if err := html.WriteClass(&class, sorted, reportLink, lang); err != nil {
		return err
	}
	s := Summarize(sorted)
	files := map[string][]byte{
		GradebookFile: gb.Bytes(),
		MoodleFile:    moodle.Bytes(),
		SummaryText:   []byte(SummaryTextOf(s, sorted, lang)),
		SummaryMD:     []byte(SummaryMarkdown(s, sorted, lang)),
		ClassReport:   class.Bytes(),
	}
	for _, name := range []string{GradebookFile, MoodleFile, SummaryText, SummaryMD, ClassReport} {
		if err := writeFileAtomic(filepath.Join(out, name), files[name]); err != nil {
			return err
		}
	}
	return nil
}

// columns are the gradebook's check columns: the checks the results hold,
// in the order of the assignment's rubric (then any other, as first seen),
// so that one run and a merge of shards write the same columns.
func columns(results []*grade.Result) []string {
	seen := map[string]bool{}
	var found []string
	for _, r := range results {
		for _, c := range r.Checks {
			if !seen[c.Name] {
				seen[c.Name] = true
				found = append(found, c.Name)
			}
		}
	}
	if len(results) == 0 {
		return []string{}
	}
	a, err := assignments.Load(results[0].Assignment)
	if err != nil {
		return found
	}
	cols := []string{}
	for _, c := range a.Checks {
		if seen[c.Name] {
			cols = append(cols, c.Name)
			delete(seen, c.Name)
		}
	}
	for _, name := range found {
		if seen[name] {
			cols = append(cols, name)
		}
	}
	return cols
}

// SummaryTextOf writes the class overview as plain text.
func SummaryTextOf(s Summary, results []*grade.Result, lang msg.Lang) string {
	var b strings.Builder
	writeSummaryHead(&b, s, lang, "", "  ")
	fmt.Fprintf(&b, "\n%s\n", msg.New(msgSumStuds).In(lang))
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  %s\n", msg.New(msgSumHeader).In(lang))
	for _, r := range results {
		fmt.Fprintf(tw, "  %s\n", strings.Join(studentRow(r), "\t"))
	}
	tw.Flush()
	return b.String()
}

// SummaryMarkdown writes the class overview as Markdown.
func SummaryMarkdown(s Summary, results []*grade.Result, lang msg.Lang) string {
	var b strings.Builder
	b.WriteString("## ")
	writeSummaryHead(&b, s, lang, "| ", "")
	header := strings.Split(msg.New(msgSumHeader).In(lang), "\t")
	fmt.Fprintf(&b, "\n### %s\n\n| %s |\n|%s\n", strings.TrimSuffix(msg.New(msgSumStuds).In(lang), ":"),
		strings.Join(header, " | "), strings.Repeat("---|", len(header)))
	for _, r := range results {
		row := studentRow(r)
		for i := range row {
			row[i] = strings.ReplaceAll(row[i], "|", `\|`)
		}
		fmt.Fprintf(&b, "| %s |\n", strings.Join(row, " | "))
	}
	return b.String()
}

// writeSummaryHead writes the overview's lines; table is the prefix of a
// distribution line in Markdown ("| "), empty for text, and indent that of
// a list item in text.
func writeSummaryHead(b *strings.Builder, s Summary, lang msg.Lang, table, indent string) {
	say := func(k msg.Key, args ...any) string { return msg.New(k, args...).In(lang) }
	md := table != ""
	fmt.Fprintf(b, "%s\n\n%s\n", say(msgSumTitle, s.Assignment, s.Students, s.Pass, s.Fail, s.Rerun), say(msgSumDist))
	if md {
		b.WriteString("\n| Score | Count |\n|---:|---:|\n")
	}
	for _, d := range s.Distribution {
		if md {
			fmt.Fprintf(b, "| %s / %s | %d |\n", num(d.Score), num(d.MaxScore), d.Count)
		} else {
			fmt.Fprintf(b, "%s%5s / %-5s %s %d\n", indent, num(d.Score), num(d.MaxScore), strings.Repeat("#", d.Count), d.Count)
		}
	}
	b.WriteString("\n" + say(msgSumPar, s.Parallel, s.Observed) + "\n")
	if s.Speedups > 0 {
		b.WriteString(say(msgSumSpeed, fmt.Sprintf("%.2f", s.MedianSpeedup), s.Speedups) + "\n")
	} else {
		b.WriteString(say(msgSumNoSpd) + "\n")
	}
	if len(s.Failures) == 0 {
		b.WriteString("\n" + say(msgSumNoFail) + "\n")
	} else {
		b.WriteString("\n" + say(msgSumFails) + "\n")
		if md {
			b.WriteString("\n")
		}
		for _, f := range s.Failures {
			bullet := indent
			if md {
				bullet = "- "
			}
			fmt.Fprintf(b, "%s%d× (%s) %s\n", bullet, f.Count, strings.Join(f.Checks, ", "), f.Reason)
		}
	}
	fmt.Fprintf(b, "\n%s\n", say(msgSumTime, strings.Join(s.CPUSets, "; "), fmt.Sprintf("%.1f", s.GradeSeconds), fmt.Sprintf("%.1f", s.RunSeconds)))
}

func studentRow(r *grade.Result) []string {
	return []string{r.Submission, num(r.Score) + " / " + num(r.MaxScore), gradebookStatus(r),
		FormatCPUs(r.Environment.CPUs.Affinity), fmt.Sprintf("%.1f", r.Seconds)}
}

// readResult reads a result file.
func readResult(path string) (*grade.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r grade.Result
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// sortResults sorts results by student id.
func sortResults(rs []*grade.Result) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Submission < rs[j].Submission })
}

// SummaryHead is the class overview without the table of students, as
// the grade command prints it at the end.
func SummaryHead(s Summary, lang msg.Lang) string {
	var b strings.Builder
	writeSummaryHead(&b, s, lang, "", "  ")
	return b.String()
}
