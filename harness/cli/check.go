package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/check"
	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/reference"
)

// Version is mpgrade's version, set at build time with
// -ldflags "-X github.com/mpgrade/mpgrade/harness/cli.Version=...".
var Version = "dev"

func init() {
	Register(&Command{
		Name:    "check",
		Summary: "Grade one submission and print its feedback",
		Args:    "[--assignment NAME] [--json] [PATH]",
		Detail: `PATH is the student's program (mp_worker.py) or the folder that holds it.
Without PATH, mpgrade grades the assignment's reference solution, built into
it: a quick way to see what a full-marks submission gets on this machine.

Exit status: 0 when every check passed (or was inconclusive or skipped), 1
when one failed, 2 on a usage error.`,
		Run: runCheck,
	})
}

func runCheck(env *Env, fs *flag.FlagSet) func([]string) error {
	name := fs.String("assignment", "mp_worker", "the assignment: "+strings.Join(assignments.Names(), ", "))
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	hidden := fs.Bool("hidden", false, "include the hidden checks (official grading)")
	only := fs.String("only", "", "grade only these checks (comma-separated names)")
	n := fs.Int("n", 0, "fix the workload size N (default: chosen so the reference's sequential run takes the assignment's target time)")
	target := fs.Float64("target", 0, "target seconds of the reference's sequential run (default: the assignment's)")
	return func(args []string) error {
		if len(args) > 1 {
			return &UsageError{Message: "give at most one PATH"}
		}
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
			if ok, err := reference.Extract(a.Name, dir); err != nil || !ok {
				return &UsageError{Message: fmt.Sprintf("assignment %s has no built-in reference solution: give a PATH", a.Name)}
			}
			path = filepath.Join(dir, a.Program)
			if !*asJSON {
				fmt.Fprintln(env.Stderr, msg.New(msgGradingReference, a.Name).In(env.Lang))
			}
		}
		opts := check.Options{Lang: env.Lang, Hidden: *hidden, N: *n, TargetSeconds: *target, Version: Version}
		if *only != "" {
			opts.Only = strings.Split(*only, ",")
		}
		if !*asJSON {
			opts.Progress = func(c grade.CheckResult) {
				fmt.Fprintf(env.Stderr, "  %-14s %s\n", c.Name, statusWord(c.Status, env.Lang))
			}
		}
		res, err := check.Grade(env.Ctx, a, path, opts)
		if err != nil {
			return err
		}
		if len(args) == 0 {
			res.Submission = "reference/" + a.Name + "/" + a.Program
		}
		if *asJSON {
			writeCheckJSON(env, res)
		} else {
			writeCheckText(env, res)
		}
		if !res.Passed() {
			return &ExitError{Code: 1}
		}
		return nil
	}
}

var (
	msgGradingReference = msg.Define("cli.grading_reference", "No submission given: grading the built-in reference solution of %s.", "No se indicó una entrega: se califica la solución de referencia incorporada de %s.")
	msgScore            = msg.Define("cli.score", "%s: %s of %s points", "%s: %s de %s puntos")
	msgNotCounted       = msg.Define("cli.not_counted", "(%d checks inconclusive or skipped: not counted; run them again where the machine can tell)", "(%d comprobaciones no concluyentes u omitidas: no cuentan; vuelve a ejecutarlas donde la máquina pueda determinarlo)")
	statusWords         = map[msg.Lang]map[grade.Status]string{
		msg.EN: {grade.Pass: "PASS", grade.Fail: "FAIL", grade.Inconclusive: "INCONCLUSIVE", grade.Skip: "SKIP", grade.Error: "ERROR"},
		msg.ES: {grade.Pass: "BIEN", grade.Fail: "FALLA", grade.Inconclusive: "NO CONCLUYENTE", grade.Skip: "OMITIDA", grade.Error: "ERROR"},
	}
)

func statusWord(s grade.Status, lang msg.Lang) string { return statusWords[lang][s] }

func writeCheckText(env *Env, r *grade.Result) {
	w := env.Stdout
	fmt.Fprintln(w)
	for _, c := range r.Checks {
		fmt.Fprintf(w, "%-14s %3s/%-3s %s\n", statusWord(c.Status, env.Lang), num(c.Points), num(c.MaxPoints), c.Title)
		if c.Message != "" && c.Status != grade.Pass {
			for _, line := range strings.Split(c.Message, "\n") {
				fmt.Fprintf(w, "    %s\n", line)
			}
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, msg.New(msgScore, r.Submission, num(r.Score), num(r.MaxScore)).In(env.Lang))
	if n := r.Count(grade.Inconclusive) + r.Count(grade.Skip); n > 0 {
		fmt.Fprintln(w, msg.New(msgNotCounted, n).In(env.Lang))
	}
}

func num(x float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
}

// checkJSON is the shape of `mpgrade check --json`.
type checkJSON struct {
	Assignment string          `json:"assignment"`
	Submission string          `json:"submission"`
	Score      float64         `json:"score"`
	MaxScore   float64         `json:"max_score"`
	Checks     []checkLineJSON `json:"checks"`
}

type checkLineJSON struct {
	Name      string       `json:"name"`
	Status    grade.Status `json:"status"`
	Points    float64      `json:"points"`
	MaxPoints float64      `json:"max_points"`
	Message   string       `json:"message"`
}

func writeCheckJSON(env *Env, r *grade.Result) {
	out := checkJSON{Assignment: r.Assignment, Submission: r.Submission, Score: r.Score, MaxScore: r.MaxScore, Checks: []checkLineJSON{}}
	for _, c := range r.Checks {
		out.Checks = append(out.Checks, checkLineJSON{Name: c.Name, Status: c.Status, Points: c.Points, MaxPoints: c.MaxPoints, Message: c.Message})
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}
