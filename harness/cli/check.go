package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/check"
	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/harness/report"
	"github.com/mpgrade/mpgrade/harness/report/html"
)

// Version is mpgrade's version, set at build time with
// -ldflags "-X github.com/mpgrade/mpgrade/harness/cli.Version=...".
var Version = "dev"

func init() {
	Register(&Command{
		Name:    "check",
		Summary: "Grade one submission and print its feedback",
		Args:    "[--assignment NAME|DIR] [--format FORMAT] [-o FILE] [PATH]",
		Detail: `PATH is the student's program (mp_worker.py) or the folder that holds it.
Without PATH, mpgrade grades the assignment's model answer (solution/ of its
folder): a quick way to see what a full-marks submission gets on this
machine. --assignment takes a built-in assignment's name or the path of an
assignment folder (see 'mpgrade help new').

Exit status: 0 when every check passed (or was inconclusive or skipped), 1
when one failed, 2 on a usage error.`,
		Run: runCheck,
	})
}

func runCheck(env *Env, fs *flag.FlagSet) func([]string) error {
	name := fs.String("assignment", "mp_worker", "the assignment: a built-in one ("+strings.Join(assignments.Names(), ", ")+") or the path of an assignment folder")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text (the same as --format json)")
	format := fs.String("format", "text", "output format: "+strings.Join(formatNames(), ", "))
	out := fs.String("o", "", "write the report to this file instead of standard output")
	hidden := fs.Bool("hidden", false, "include the hidden checks (official grading)")
	only := fs.String("only", "", "grade only these checks (comma-separated names)")
	n := fs.Int("n", 0, "fix the workload size N (default: chosen so the reference's sequential run takes the assignment's target time)")
	target := fs.Float64("target", 0, "target seconds of the reference's sequential run (default: the assignment's)")
	requireIsolation := fs.Bool("require-isolation", false, requireIsolationUsage)
	return func(args []string) error {
		if len(args) > 1 {
			return &UsageError{Message: "give at most one PATH"}
		}
		if *asJSON {
			*format = "json"
		}
		write, ok := formats[*format]
		if !ok {
			return &UsageError{Message: fmt.Sprintf("unknown format %q: use one of %s", *format, strings.Join(formatNames(), ", "))}
		}
		quiet := *format != "text"
		a, err := assignments.Load(*name)
		if err != nil {
			return &UsageError{Message: err.Error()}
		}
		path := ""
		if len(args) == 1 {
			path = args[0]
		} else {
			dir, err := os.MkdirTemp("", "mpgrade-reference-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			if ok, err := a.WriteSolution(dir); err != nil || !ok {
				return &UsageError{Message: fmt.Sprintf("assignment %s has no model answer here (solution/%s): give the PATH of a submission", a.Name, a.Program)}
			}
			path = filepath.Join(dir, a.Program)
			if !quiet {
				fmt.Fprintln(env.Stderr, msg.New(msgGradingReference, a.Name).In(env.Lang))
			}
		}
		opts := check.Options{Lang: env.Lang, Hidden: *hidden, N: *n, TargetSeconds: *target, Version: Version}
		if *requireIsolation {
			if err := observe.ProbeIsolation(env.Ctx); err != nil {
				return err
			}
			opts.Observer = observe.Local{RequireIsolation: true}
		}
		if *only != "" {
			opts.Only = strings.Split(*only, ",")
		}
		if !quiet {
			opts.Progress = func(c grade.CheckResult) {
				fmt.Fprintf(env.Stderr, "  %-14s %s\n", c.Name, report.StatusWord(c.Status, env.Lang))
			}
		}
		res, err := check.Grade(env.Ctx, a, path, opts)
		if err != nil {
			return err
		}
		if len(args) == 0 {
			res.Submission = a.Name + "/solution/" + a.Program
		}
		if err := writeReport(env, *out, func(w io.Writer) error { return write(w, res, env.Lang) }); err != nil {
			return err
		}
		if !res.Passed() {
			return &ExitError{Code: 1}
		}
		return nil
	}
}

// requireIsolationUsage is the --require-isolation flag's usage, the same
// for every command that grades.
const requireIsolationUsage = "refuse to grade unless every run gets namespaces of its own (no network, its own processes, /tmp and files); for grading platforms"

var (
	msgGradingReference = msg.Define("cli.grading_reference", "No submission given: grading the model answer of %s.", "No se indicó una entrega: se califica la solución modelo de %s.")
	msgScore            = msg.Define("cli.score", "%s: %s of %s points", "%s: %s de %s puntos")
	msgGradedWith       = msg.Define("cli.graded_with", "(graded with %s %s, %.2g CPUs available, contained by %s, isolated by %s, running as %s)", "(corregido con %s %s, %.2g CPU disponibles, contenido por %s, aislado por %s, ejecutado como %s)")
	msgNotCounted       = msg.Define("cli.not_counted", "(%d checks inconclusive or skipped: not counted; run them again where the machine can tell)", "(%d comprobaciones no concluyentes u omitidas: no cuentan; vuelve a ejecutarlas donde la máquina pueda determinarlo)")
)

func writeCheckText(w io.Writer, r *grade.Result, lang msg.Lang) {
	fmt.Fprintln(w)
	for _, c := range r.Checks {
		fmt.Fprintf(w, "%-14s %3s/%-3s %s\n", report.StatusWord(c.Status, lang), num(c.Points), num(c.MaxPoints), c.Title)
		if c.Message != "" {
			for _, line := range strings.Split(c.Message, "\n") {
				fmt.Fprintf(w, "    %s\n", line)
			}
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, msg.New(msgScore, r.Submission, num(r.Score), num(r.MaxScore)).In(lang))
	if n := r.Count(grade.Inconclusive) + r.Count(grade.Skip); n > 0 {
		fmt.Fprintln(w, msg.New(msgNotCounted, n).In(lang))
	}
	e := r.Environment
	runAs := e.RunAs
	if runAs == "" {
		runAs = "-"
	}
	isolation := e.Isolation
	if isolation == "" {
		isolation = "-"
	}
	fmt.Fprintln(w, msg.New(msgGradedWith, e.Python, e.PythonVersion, e.CPUs.Available, e.Containment, isolation, runAs).In(lang))
}

func num(x float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
}

// formats are the output formats of check, by name.
var formats = map[string]func(w io.Writer, r *grade.Result, lang msg.Lang) error{
	"text": func(w io.Writer, r *grade.Result, lang msg.Lang) error {
		writeCheckText(w, r, lang)
		return nil
	},
	"json":   func(w io.Writer, r *grade.Result, _ msg.Lang) error { return report.WriteCheckJSON(w, r) },
	"result": func(w io.Writer, r *grade.Result, _ msg.Lang) error { return report.WriteResultJSON(w, r) },
	"junit": func(w io.Writer, r *grade.Result, _ msg.Lang) error {
		return report.WriteJUnit(w, []*grade.Result{r}, report.JUnitOptions{})
	},
	"gradescope": func(w io.Writer, r *grade.Result, _ msg.Lang) error {
		return report.WriteGradescope(w, r, report.GradescopeOptions{})
	},
	"prairielearn": func(w io.Writer, r *grade.Result, _ msg.Lang) error { return report.WritePrairieLearn(w, r) },
	"markdown":     report.WriteMarkdown,
	"html": func(w io.Writer, r *grade.Result, lang msg.Lang) error {
		html.Default.Version = Version
		return html.WriteSubmission(w, r, lang)
	},
}

func formatNames() []string {
	var names []string
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// writeReport writes to path, or to standard output when path is empty;
// a file is written whole or not at all.
func writeReport(env *Env, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(env.Stdout)
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
