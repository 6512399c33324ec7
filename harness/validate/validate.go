package validate

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/check"
	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/harness/script"
)

// Options say how to validate.
type Options struct {
	// Python is the interpreter; empty means check's default.
	Python string
	// Observer runs programs; nil means observe.Local.
	Observer observe.Observer
	// N fixes the workload size; zero means calibrate it, as grading does.
	N int
	// TargetSeconds overrides the assignment's target duration of the
	// yardstick's sequential run.
	TargetSeconds float64
	// Progress, if set, is told of each step as it ends.
	Progress func(Step)
}

// A Step is one part of a validation and its outcome.
type Step struct {
	// Name says what was validated: "rubric", "solution", "starter",
	// "tests/NAME" or "cannot fail".
	Name string `json:"name"`
	// Summary says in a few words what was found.
	Summary string `json:"summary"`
	// Problems are what is wrong with the folder, each on its own; the
	// step fails when there is one.
	Problems []string `json:"problems,omitempty"`
	// Notes are what is worth knowing but not wrong: what this machine
	// could not tell, and why.
	Notes []string `json:"notes,omitempty"`
	// Seconds is how long the step took.
	Seconds float64 `json:"seconds"`
}

// OK reports whether the step found no problem.
func (s Step) OK() bool { return len(s.Problems) == 0 }

// A Report is a whole validation.
type Report struct {
	// Assignment is the assignment's name, Source where it was loaded from.
	Assignment string  `json:"assignment"`
	Source     string  `json:"source"`
	Steps      []Step  `json:"steps"`
	Seconds    float64 `json:"seconds"`
}

// OK reports whether no step found a problem.
func (r *Report) OK() bool {
	for _, s := range r.Steps {
		if !s.OK() {
			return false
		}
	}
	return true
}

// Problems counts the problems of every step.
func (r *Report) Problems() int {
	n := 0
	for _, s := range r.Steps {
		n += len(s.Problems)
	}
	return n
}

// A validation is the state of one assignment's validation.
type validation struct {
	ctx    context.Context
	a      *assignments.Assignment
	opts   Options
	report *Report
	// seen holds, by check, the statuses every submission but the model
	// answer got.
	seen map[string][]grade.Status
	tmp  string
}

// Validate validates the assignment a. An error is returned only when the
// validation itself cannot go on; what is wrong with the folder is in the
// report.
func Validate(ctx context.Context, a *assignments.Assignment, opts Options) (*Report, error) {
	start := time.Now()
	v := &validation{ctx: ctx, a: a, opts: opts, report: &Report{Assignment: a.Name, Source: a.Source}, seen: map[string][]grade.Status{}}
	tmp, err := os.MkdirTemp("", "mpgrade-validate-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	v.tmp = tmp
	v.step("rubric", v.rubric)
	if a.HasSolution() {
		v.step("solution", func(s *Step) error { return v.solution(ctx, s) })
	}
	if _, err := fs.Stat(a.Files, path.Join("starter", a.Program)); err == nil {
		v.step("starter", func(s *Step) error { return v.starter(ctx, s) })
	}
	for _, name := range a.Tests() {
		v.step("tests/"+name, func(s *Step) error { return v.test(ctx, name, s) })
	}
	v.step("cannot fail", v.cannotFail)
	v.report.Seconds = time.Since(start).Seconds()
	return v.report, ctx.Err()
}

// step runs one step and records it; once ctx is done (the teacher
// pressed Ctrl-C), it runs none.
func (v *validation) step(name string, run func(*Step) error) {
	if v.ctx.Err() != nil {
		return
	}
	start := time.Now()
	s := Step{Name: name}
	if err := run(&s); err != nil {
		s.Problems = append(s.Problems, err.Error())
	}
	s.Seconds = time.Since(start).Seconds()
	v.report.Steps = append(v.report.Steps, s)
	if v.opts.Progress != nil {
		v.opts.Progress(s)
	}
}

// rubric checks what can be checked without running anything.
func (v *validation) rubric(s *Step) error {
	a := v.a
	if !a.Private {
		s.Problems = append(s.Problems, fmt.Sprintf("this copy of mpgrade holds only the public part of %s (its hidden checks, model answer and test submissions live in private/ of a checkout): validate the assignment's folder, or run from a checkout", a.Name))
	}
	for _, f := range []string{"README.md", "README.es.md", path.Join("starter", a.Program), path.Join("solution", a.Program)} {
		if _, err := fs.Stat(a.Files, f); err != nil {
			s.Problems = append(s.Problems, fmt.Sprintf("%s is missing: %s", f, whatFileIs[strings.SplitN(f, "/", 2)[0]]))
		}
	}
	parsed := 0
	for _, c := range a.Checks {
		data, err := a.Script(c.Name)
		if err != nil {
			continue // the loader names a missing script
		}
		file := a.ScriptPath(c.Name)
		for _, p := range script.Parse(file, data) {
			s.Problems = append(s.Problems, p.Error())
		}
		parsed++
		if c.Points <= 0 {
			s.Problems = append(s.Problems, fmt.Sprintf("assignment.json: check %s is worth %g points: give it points, or leave it out of the rubric", c.Name, c.Points))
		}
		if c.Title["en"] == "" || c.Title["es"] == "" {
			s.Notes = append(s.Notes, fmt.Sprintf("assignment.json: check %s has no title in English or Spanish: students read the check's name instead", c.Name))
		}
		used := script.Uses(data)
		if !c.Hidden && !a.HasCalibration() && (slices.Contains(used, "reference") || slices.Contains(used, "speedup")) {
			s.Problems = append(s.Problems, fmt.Sprintf("%s compares with a run of the yardstick (%s), but there is no calibration/%s: a student's kit holds no model answer, so this public check cannot run there. Add calibration/%s, a program with %s's command line whose results are right and whose parallel mode is plain CPU work in several processes, not an answer",
				file, strings.Join(slices.DeleteFunc(used, func(u string) bool { return u != "reference" && u != "speedup" }), " and "), a.Program, a.Program, a.Program))
		}
	}
	scripts, _ := fs.ReadDir(a.Files, "checks")
	for _, e := range scripts {
		name := strings.TrimSuffix(e.Name(), ".txtar")
		if strings.HasSuffix(e.Name(), ".txtar") && !slices.ContainsFunc(a.Checks, func(c assignments.Check) bool { return c.Name == name }) {
			s.Notes = append(s.Notes, fmt.Sprintf("checks/%s is in no rubric check of assignment.json, so it never runs", e.Name()))
		}
	}
	s.Summary = fmt.Sprintf("%d checks, %d scripts parsed, %d test submissions", len(a.Checks), parsed, len(a.Tests()))
	return nil
}

var whatFileIs = map[string]string{
	"README.md":    "the statement in English",
	"README.es.md": "the statement in Spanish",
	"starter":      "what students start from, the program they hand in",
	"solution":     "the model answer, which must get full marks",
}

// options are the grading options of every submission validated.
func (v *validation) options(only []string) check.Options {
	return check.Options{Lang: msg.EN, Python: v.opts.Python, Observer: v.opts.Observer, Hidden: true,
		Only: only, N: v.opts.N, TargetSeconds: v.opts.TargetSeconds}
}

// grade grades the files of the folder's sub-folder sub.
func (v *validation) grade(ctx context.Context, sub string, only []string) (*grade.Result, error) {
	dir, err := os.MkdirTemp(v.tmp, "submission-")
	if err != nil {
		return nil, err
	}
	if err := copyTree(v.a.Files, sub, dir); err != nil {
		return nil, err
	}
	return check.Grade(ctx, v.a, dir, v.options(only))
}

// solution grades the model answer: every check must pass, or be
// inconclusive where the machine cannot tell.
func (v *validation) solution(ctx context.Context, s *Step) error {
	res, err := v.grade(ctx, "solution", nil)
	if err != nil {
		return err
	}
	for _, c := range res.Checks {
		switch c.Status {
		case grade.Pass:
		case grade.Inconclusive:
			s.Notes = append(s.Notes, fmt.Sprintf("check %s was inconclusive, so full marks could not be shown on this machine now: %s", c.Name, firstLine(c.Message)))
		default:
			s.Problems = append(s.Problems, fmt.Sprintf("check %s: the model answer got %s, and must pass: %s", c.Name, c.Status, firstLine(c.Message)))
		}
	}
	s.Summary = fmt.Sprintf("%s of %s points%s", num(res.Score), num(maxPoints(v.a)), inconclusive(res))
	return nil
}

// starter grades the starter: it must run, each check's script working on
// it, whatever it scores.
func (v *validation) starter(ctx context.Context, s *Step) error {
	res, err := v.grade(ctx, "starter", nil)
	if err != nil {
		return err
	}
	runs := 0
	var passed []string
	for _, c := range res.Checks {
		runs += len(c.Runs)
		v.seen[c.Name] = append(v.seen[c.Name], c.Status)
		switch c.Status {
		case grade.Error:
			s.Problems = append(s.Problems, fmt.Sprintf("check %s's script went wrong on the starter: %s", c.Name, firstLine(c.Message)))
		case grade.Pass:
			passed = append(passed, c.Name)
		}
	}
	if runs == 0 && len(res.Checks) > 0 && res.Checks[0].Status == grade.Fail {
		s.Problems = append(s.Problems, fmt.Sprintf("the starter cannot be run: %s", firstLine(res.Checks[0].Message)))
	}
	s.Summary = fmt.Sprintf("runs: %s of %s points; passes %s", num(res.Score), num(maxPoints(v.a)), orNone(passed))
	return nil
}

// test grades the test submission tests/name and holds it to its
// expect.txt.
func (v *validation) test(ctx context.Context, name string, s *Step) error {
	file := path.Join("tests", name, "expect.txt")
	data, err := fs.ReadFile(v.a.Files, file)
	if err != nil {
		return fmt.Errorf("%s is missing: it says what each check must give this submission, one 'CHECK STATUS' line each", file)
	}
	want, err := ReadExpect(file, bytes.NewReader(data))
	if err != nil {
		return err
	}
	for _, c := range want.Order {
		if !slices.ContainsFunc(v.a.Checks, func(k assignments.Check) bool { return k.Name == c }) {
			s.Problems = append(s.Problems, fmt.Sprintf("%s names check %s, which the rubric does not have", file, c))
		}
	}
	if len(want.Order) == 0 {
		return fmt.Errorf("%s names no check: write one 'CHECK STATUS' line for each check this submission shows", file)
	}
	if len(s.Problems) > 0 {
		return nil
	}
	res, err := v.grade(ctx, path.Join("tests", name), want.Order)
	if err != nil {
		return err
	}
	for _, c := range res.Checks {
		v.seen[c.Name] = append(v.seen[c.Name], c.Status)
		if allowed := want.Status[c.Name]; !slices.Contains(allowed, c.Status) {
			s.Problems = append(s.Problems, fmt.Sprintf("check %s: got %s, expect.txt says %s: %s", c.Name, c.Status, joinStatuses(allowed), firstLine(c.Message)))
		} else if c.Status == grade.Inconclusive && !slices.Contains(allowed, grade.Fail) {
			s.Notes = append(s.Notes, fmt.Sprintf("check %s was inconclusive: %s", c.Name, firstLine(c.Message)))
		}
		for _, text := range want.Unsaid(c.Name, c.Message) {
			s.Problems = append(s.Problems, fmt.Sprintf("check %s: its feedback does not say %q, as expect.txt wants: %s", c.Name, text, firstLine(c.Message)))
		}
	}
	s.Summary = fmt.Sprintf("as expect.txt says (%d checks)", len(res.Checks))
	if len(s.Problems) > 0 {
		s.Summary = fmt.Sprintf("not as expect.txt says (%d checks graded)", len(res.Checks))
	}
	return nil
}

// cannotFail names every check that no submission but the model answer
// failed while some passed it: nothing shows that it can fail.
func (v *validation) cannotFail(s *Step) error {
	failed := 0
	for _, c := range v.a.Checks {
		got := v.seen[c.Name]
		switch {
		case slices.Contains(got, grade.Fail):
			failed++
		case slices.Contains(got, grade.Pass):
			s.Problems = append(s.Problems, fmt.Sprintf("check %s cannot fail: the starter and every test submission that grades it pass it. Add a test submission that fails it: tests/NAME/%s, with \"%s fail\" in tests/NAME/expect.txt",
				c.Name, v.a.Program, c.Name))
		case len(got) == 0:
			s.Problems = append(s.Problems, fmt.Sprintf("check %s is graded on no submission but the model answer: add a test submission that fails it, tests/NAME/%s, with \"%s fail\" in tests/NAME/expect.txt",
				c.Name, v.a.Program, c.Name))
		default:
			s.Notes = append(s.Notes, fmt.Sprintf("check %s was never failed nor passed here (%s): whether it can fail could not be told on this machine now", c.Name, joinStatuses(got)))
		}
	}
	s.Summary = fmt.Sprintf("%d of %d checks are failed by some submission", failed, len(v.a.Checks))
	return nil
}

// copyTree copies the folder sub of fsys, with its sub-folders, into dir.
func copyTree(fsys fs.FS, sub, dir string) error {
	return fs.WalkDir(fsys, sub, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, sub), "/")
		target := filepath.Join(dir, filepath.FromSlash(rel))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

func maxPoints(a *assignments.Assignment) float64 {
	total := 0.0
	for _, c := range a.Checks {
		total += c.Points
	}
	return total
}

func inconclusive(res *grade.Result) string {
	if n := res.Count(grade.Inconclusive); n > 0 {
		return fmt.Sprintf(" (%d inconclusive, not counted)", n)
	}
	return ""
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

func joinStatuses(ss []grade.Status) string {
	var out []string
	for _, s := range ss {
		out = append(out, string(s))
	}
	return strings.Join(out, "|")
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

func num(x float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
}
