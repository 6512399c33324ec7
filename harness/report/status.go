package report

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
)

// What every format says about a check's status, in words.
var (
	lblPass         = msg.Define("report.status.pass", "PASS", "SUPERADA")
	lblFail         = msg.Define("report.status.fail", "FAIL", "FALLIDA")
	lblInconclusive = msg.Define("report.status.inconclusive", "INCONCLUSIVE", "NO CONCLUYENTE")
	lblSkip         = msg.Define("report.status.skip", "SKIPPED", "OMITIDA")
	lblError        = msg.Define("report.status.error", "GRADER ERROR", "ERROR DEL CORRECTOR")

	fbInconclusive = msg.Define("report.feedback.inconclusive",
		"Inconclusive, which is not a failure: %s\nThe %s points of this check are held back until it is graded again on a machine that can tell.",
		"No concluyente, lo que no es un fallo: %s\nLos %s puntos de esta comprobación quedan pendientes hasta que se corrija de nuevo en una máquina que pueda decidirlo.")
	fbSkip  = msg.Define("report.feedback.skip", "Skipped: %s", "Omitida: %s")
	fbError = msg.Define("report.feedback.error",
		"The grader could not run this check; this is not a problem with your submission: %s",
		"El corrector no pudo ejecutar esta comprobación; no es un problema de tu entrega: %s")
	fbNoDetails = msg.Define("report.feedback.no_details", "no details were given.", "no se dieron detalles.")
	fbHidden    = msg.Define("report.feedback.hidden",
		"This check is hidden: its feedback is not shown here.",
		"Esta comprobación es oculta: sus comentarios no se muestran aquí.")

	lblScore    = msg.Define("report.score", "%s of %s points", "%s de %s puntos")
	lblRerun    = msg.Define("report.rerun", "Not judged here, to be graded again: %s", "Sin decidir aquí, pendientes de corregir de nuevo: %s")
	lblNoChecks = msg.Define("report.no_checks", "No check was run, so there is nothing to grade.", "No se ejecutó ninguna comprobación, así que no hay nada que calificar.")
	lblGradedBy = msg.Define("report.graded_by", "Graded by mpgrade %s with Python %s; CPUs available: %s.", "Corregido por mpgrade %s con Python %s; CPU disponibles: %s.")
	lblSpeedup  = msg.Define("report.speedup",
		"Speedup: %sx (%s%% interval %s to %s) over its own sequential time, against the reference's own %sx: %s%% of the reference's speedup, %s%% needed (workload %d, %d workers, %d rounds).",
		"Aceleración: %sx (intervalo del %s%% de %s a %s) sobre su propio tiempo secuencial, frente a %sx de la propia referencia: %s%% de la aceleración de la referencia, se pide %s%% (carga %d, %d trabajadores, %d rondas).")
)

var statusLabels = map[grade.Status]msg.Key{
	grade.Pass: lblPass, grade.Fail: lblFail, grade.Inconclusive: lblInconclusive,
	grade.Skip: lblSkip, grade.Error: lblError,
}

// StatusWord is a check's status as a text mark for a person to read, such
// as "PASS" or "NO CONCLUYENTE".
func StatusWord(s grade.Status, lang msg.Lang) string {
	if k, ok := statusLabels[s]; ok {
		return msg.New(k).In(lang)
	}
	return strings.ToUpper(string(s))
}

// Feedback is what a student is told about a check: its message, with what
// the status means when the check was not judged pass or fail (an
// inconclusive check's points are held back, a grader error is not the
// student's fault).
func Feedback(c grade.CheckResult, lang msg.Lang) string {
	text := strings.TrimSpace(printable(c.Message))
	detail := text
	if detail == "" {
		detail = msg.New(fbNoDetails).In(lang)
	}
	switch c.Status {
	case grade.Inconclusive:
		return msg.New(fbInconclusive, detail, points(c.MaxPoints)).In(lang)
	case grade.Skip:
		return msg.New(fbSkip, detail).In(lang)
	case grade.Error:
		return msg.New(fbError, detail).In(lang)
	}
	return text
}

// Unjudged lists the checks of r that could not be judged pass or fail
// (inconclusive, or the grader failed): r must be graded again before its
// score is final.
func Unjudged(r *grade.Result) []string {
	var names []string
	for _, c := range r.Checks {
		if c.Status == grade.Inconclusive || c.Status == grade.Error {
			names = append(names, c.Name)
		}
	}
	return names
}

// final reports whether r's score can be recorded: some check ran and
// every check was judged.
func final(r *grade.Result) bool {
	return len(r.Checks) > 0 && len(Unjudged(r)) == 0
}

// summaryLine is "7 of 10 points", followed by why the score is not final
// when it is not.
func summaryLine(r *grade.Result, lang msg.Lang) string {
	if len(r.Checks) == 0 {
		return msg.New(lblNoChecks).In(lang)
	}
	line := msg.New(lblScore, points(r.Score), points(r.MaxScore)).In(lang) + "."
	if !final(r) {
		line += " " + notFinalReason(r, lang)
	}
	return line
}

// notFinalReason says why r's score is not final: no check ran, or some
// could not be judged.
func notFinalReason(r *grade.Result, lang msg.Lang) string {
	if len(r.Checks) == 0 {
		return msg.New(lblNoChecks).In(lang)
	}
	return msg.New(lblRerun, strings.Join(Unjudged(r), ", ")).In(lang) + "."
}

// gradedBy names the grader, the interpreter and the CPUs a result was
// graded with.
func gradedBy(r *grade.Result, lang msg.Lang) string {
	return msg.New(lblGradedBy, orDash(r.Environment.Version), orDash(r.Environment.PythonVersion),
		points(r.Environment.CPUs.Available)).In(lang)
}

// speedupLine puts a speedup measurement into words.
func speedupLine(s *grade.Speedup, lang msg.Lang) string {
	return msg.New(lblSpeedup,
		fixed(s.Submission.Median, 2), percent(s.Submission.Confidence), fixed(s.Submission.Low, 2), fixed(s.Submission.High, 2),
		fixed(s.Reference.Median, 2), percent(s.Ratio.Median), percent(s.Required),
		s.N, s.Workers, s.Rounds).In(lang)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// roundTo rounds x to places decimals, so that sums such as 0.1+0.2 are
// written as a person would write them.
func roundTo(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

// points writes a number of points as briefly as it can: "3", "2.5".
func points(x float64) string {
	return strconv.FormatFloat(roundTo(x, 2), 'f', -1, 64)
}

// fixed writes x with exactly places decimals.
func fixed(x float64, places int) string {
	return strconv.FormatFloat(x, 'f', places, 64)
}

// percent writes a share (0.85) as a percentage ("85").
func percent(share float64) string {
	return strconv.FormatFloat(roundTo(share*100, 1), 'f', -1, 64)
}

// ansiEscape matches a terminal control sequence (colours, cursor moves),
// which a program's output may hold and no report can show.
var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;?]*[ -/]*[@-~]`)

// printable removes terminal control sequences and carriage returns from
// s, and replaces any other control character but newline and tab with
// U+FFFD, so that feedback reads the same in every format (XML cannot hold
// such characters at all).
func printable(s string) string {
	s = ansiEscape.ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return -1
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return '\uFFFD'
		}
		return r
	}, s)
}

// firstLine is the first non-empty line of s.
func firstLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}
