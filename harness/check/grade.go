package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/diagnose"
	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/harness/script"
	"github.com/rogpeppe/go-internal/testscript"
)

// Options say how to grade.
type Options struct {
	// Lang is the language of feedback.
	Lang msg.Lang
	// Python is the interpreter; empty means the python3 on PATH,
	// resolved to the interpreter itself.
	Python string
	// Observer runs programs; nil means observe.Local.
	Observer observe.Observer
	// Hidden includes the hidden checks (official grading).
	Hidden bool
	// Only, when not empty, grades only the checks named.
	Only []string
	// N fixes the workload size; zero means calibrate it.
	N int
	// TargetSeconds overrides the assignment's target duration of the
	// reference's sequential run.
	TargetSeconds float64
	// Progress, if set, is told of each check as it ends.
	Progress func(c grade.CheckResult)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Version is mpgrade's version, for the result.
	Version string
}

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Grade grades the submission at path (its program file, or a folder
// holding it). A problem with the submission itself — a missing file, a
// syntax error — fails every check with a message that says so; an error
// is returned only when the grader itself cannot work.
func Grade(ctx context.Context, a *assignments.Assignment, path string, opts Options) (*grade.Result, error) {
	return grade1(ctx, nil, a, path, opts)
}

// Test grades the submission under go test: each check is a subtest, a
// failed check fails it, and an inconclusive one skips it with the reason.
func Test(t *testing.T, a *assignments.Assignment, path string, opts Options) *grade.Result {
	r, err := grade1(context.Background(), t, a, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func grade1(ctx context.Context, t *testing.T, a *assignments.Assignment, path string, opts Options) (*grade.Result, error) {
	started := opts.now()
	res := &grade.Result{Assignment: a.Name, Submission: path, Started: started, Lang: string(opts.Lang)}
	res.Environment = grade.Environment{Version: opts.Version, CPUs: observe.AvailableCPUs(), Containment: "subreaper"}
	checks := SelectChecks(a, opts.Hidden, opts.Only)

	user := observe.UnprivilegedUser()
	python, version, perr := findPython(opts.Python, user)
	res.Environment.Python, res.Environment.PythonVersion = python, version
	var problem *msg.Message
	var notes []msg.Message
	var dir string
	if perr != nil {
		m := diagnose.Explain(nil, nil, nil, perr)[0]
		problem = &m
	} else {
		dir, notes, problem = diagnose.Locate(path, a.Program)
		if problem == nil {
			problem = syntaxProblem(ctx, python, filepath.Join(dir, a.Program))
		}
	}
	if problem != nil {
		for _, c := range checks {
			res.Checks = append(res.Checks, Unrun(c, grade.Fail, *problem, opts.Lang))
		}
		finish(res, opts)
		if t != nil {
			t.Run("submission", func(t *testing.T) { t.Fatal(problem.In(opts.Lang)) })
		}
		return res, nil
	}

	tmp, err := os.MkdirTemp(observe.PassableTempDir(user != ""), "mpgrade-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	// Submissions may run as another user: it may pass through the
	// folders (0711) to its own work folder, but not list them, nor read
	// the reference (0700).
	if err := os.Chmod(tmp, 0o711); err != nil {
		return nil, err
	}
	g := &grading{a: a, opts: opts, python: python, src: dir, tmp: tmp, shared: &script.Shared{}, user: user}
	if err := g.prepare(ctx); err != nil {
		return nil, err
	}
	for _, c := range checks {
		var cr grade.CheckResult
		if t != nil {
			t.Run(c.Name, func(t *testing.T) {
				var log string
				cr, log = g.runCheck(c)
				report(t, cr, log)
			})
		} else {
			cr, _ = g.runCheck(c)
		}
		// Notes on where the program was found go with every check that
		// did not pass, and with the first one in any case, so that a
		// student who passes everything still reads them.
		if len(notes) > 0 && (cr.Status != grade.Pass || len(res.Checks) == 0) {
			cr.Message = strings.TrimSpace(cr.Message + "\n" + strings.Join(msg.Texts(notes, opts.Lang), "\n"))
		}
		res.Checks = append(res.Checks, cr)
		if opts.Progress != nil {
			opts.Progress(cr)
		}
	}
	res.Environment.Containment, res.Environment.RunAs, res.Environment.Isolation = containment(res)
	finish(res, opts)
	return res, nil
}

// containment says how the runs were contained and as whom, from the first
// observed run.
func containment(res *grade.Result) (mode, runAs, isolation string) {
	for _, c := range res.Checks {
		for _, r := range c.Runs {
			if r.Observation != nil && r.Observation.Containment != "" && !strings.HasPrefix(r.Name, "reference") {
				return r.Observation.Containment, r.Observation.RunAs, isolationOf(r.Observation.Isolation)
			}
		}
	}
	return res.Environment.Containment, "", res.Environment.Isolation
}

// isolationOf says in a few words how a run was isolated: the namespaces
// it had of its own, or none and why.
func isolationOf(iso observe.Isolation) string {
	switch {
	case iso.Mode == observe.IsolationNamespaces:
		return "namespaces (" + strings.Join(iso.Namespaces, ", ") + ")"
	case iso.Missing != "":
		return "none: " + iso.Missing
	}
	return "none"
}

// SelectChecks lists the checks of a to run: the public ones, the hidden
// ones too when hidden is set, and only those named in only when it is not
// empty.
func SelectChecks(a *assignments.Assignment, hidden bool, only []string) []assignments.Check {
	var out []assignments.Check
	for _, c := range a.Checks {
		if c.Hidden && !hidden {
			continue
		}
		if len(only) > 0 && !slices.Contains(only, c.Name) {
			continue
		}
		out = append(out, c)
	}
	return out
}

func visibility(c assignments.Check) grade.Visibility {
	if c.Hidden {
		return grade.Hidden
	}
	return grade.Public
}

// Unrun is the result of check c when it could not be run: status, with
// m saying why.
func Unrun(c assignments.Check, status grade.Status, m msg.Message, lang msg.Lang) grade.CheckResult {
	return grade.CheckResult{Name: c.Name, Title: c.TitleIn(string(lang)), Status: status,
		MaxPoints: c.Points, Visibility: visibility(c), Message: m.In(lang)}
}

// finish scores the result: inconclusive, skipped and errored checks count
// neither for nor against.
func finish(res *grade.Result, opts Options) {
	res.Score, res.MaxScore = 0, 0
	for _, c := range res.Checks {
		switch c.Status {
		case grade.Pass, grade.Fail:
			res.Score += c.Points
			res.MaxScore += c.MaxPoints
		}
	}
	res.Seconds = opts.now().Sub(res.Started).Seconds()
}

// A grading is the state of one submission's grading.
type grading struct {
	a       *assignments.Assignment
	opts    Options
	python  string
	src     string // the submission's folder
	tmp     string
	refDir  string
	n       int
	shared  *script.Shared
	workers int
	user    string // who submissions run as; "" for mpgrade's own user
}

// prepare writes out the yardstick (the assignment's calibration
// program, else its model answer) and picks the workload.
func (g *grading) prepare(ctx context.Context) error {
	g.refDir = filepath.Join(g.tmp, "reference")
	if err := os.MkdirAll(g.refDir, 0o700); err != nil {
		return err
	}
	if ok, err := g.a.WriteYardstick(g.refDir); err != nil {
		return err
	} else if !ok {
		g.refDir = ""
	}
	g.workers = workersFor(g.a)
	g.n = g.opts.N
	if g.n == 0 {
		n, err := Workload(ctx, g.python, g.refDir, g.a, g.opts.TargetSeconds)
		if err != nil {
			return err
		}
		g.n = n
	}
	return nil
}

// workersFor is $WORKERS: the CPUs available, at least 2, at most the
// assignment's maximum.
func workersFor(a *assignments.Assignment) int {
	w := int(observe.AvailableCPUs().Available)
	if a.MaxWorkers > 0 && w > a.MaxWorkers {
		w = a.MaxWorkers
	}
	return max(w, 2)
}

// report tells go test how a check ended.
func report(t *testing.T, cr grade.CheckResult, log string) {
	switch cr.Status {
	case grade.Fail, grade.Error:
		t.Log(log)
		t.Errorf("%s: %s\n%s", cr.Status, cr.Title, cr.Message)
	case grade.Inconclusive:
		t.Skipf("inconclusive: %s", cr.Message)
	case grade.Skip:
		t.Skipf("skipped: %s", cr.Message)
	}
}

// runCheck runs one check's script, and returns its result and the
// script's log.
func (g *grading) runCheck(c assignments.Check) (grade.CheckResult, string) {
	start := g.opts.now()
	cr := grade.CheckResult{Name: c.Name, Title: c.TitleIn(string(g.opts.Lang)), MaxPoints: c.Points, Visibility: visibility(c)}
	file := filepath.Join(g.tmp, "checks", c.Name+".txtar")
	if err := writeScript(g.a, c.Name, file); err != nil {
		cr.Status, cr.Message = grade.Error, err.Error()
		return cr, ""
	}
	limits := observe.DefaultLimits()
	limits.Wall = g.a.WallTimeout()
	st := &script.State{
		Lang: g.opts.Lang, Python: g.python, Reference: g.refDir, Program: g.a.Program,
		Limits: limits, Observer: g.opts.Observer, User: g.user,
		SpeedupFraction: g.a.SpeedupFraction, Shared: g.shared,
	}
	st2 := &scriptT{}
	workRoot := filepath.Join(g.tmp, "work")
	os.MkdirAll(workRoot, 0o711)
	os.Chmod(workRoot, 0o711)
	testscript.RunT(st2, testscript.Params{
		Files:       []string{file},
		WorkdirRoot: workRoot,
		Cmds:        script.Cmds(),
		Condition:   script.Cond,
		Setup: func(env *testscript.Env) error {
			script.Install(env, st)
			env.Setenv("PYTHON", g.python)
			env.Setenv("SUBMISSION", g.a.Program)
			env.Setenv("N", fmt.Sprint(g.n))
			env.Setenv("WORKERS", fmt.Sprint(g.workers))
			env.Setenv("MPGRADE_LANG", string(g.opts.Lang))
			st.Env = programEnv(env.WorkDir)
			if err := copyDir(g.src, env.WorkDir); err != nil {
				return err
			}
			return giveTo(env.WorkDir, g.user)
		},
	})
	cr.Seconds = g.opts.now().Sub(start).Seconds()
	cr.Runs = st.Runs
	cr.RunSeconds = st.RunSeconds
	cr.Speedup = st.Speedup
	cr.Message = strings.Join(msg.Texts(st.Feedback, g.opts.Lang), "\n")
	switch {
	case st.Error:
		cr.Status = grade.Error
		cr.Message = lastFailure(st2.log.String())
	case st.Inconclusive:
		cr.Status = grade.Inconclusive
	case st2.skip != "":
		cr.Status, cr.Message = grade.Skip, st2.skip
	case st2.failed:
		cr.Status = grade.Fail
		if cr.Message == "" {
			cr.Message = lastFailure(st2.log.String())
		}
	default:
		cr.Status, cr.Points = grade.Pass, c.Points
	}
	return cr, st2.log.String()
}

// lastFailure is the FAIL line testscript logged, without its prefix.
func lastFailure(log string) string {
	lines := strings.Split(log, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if j := strings.Index(lines[i], "FAIL: "); j >= 0 {
			return strings.TrimSpace(lines[i][j+len("FAIL: "):])
		}
	}
	return strings.TrimSpace(log)
}

func writeScript(a *assignments.Assignment, check, file string) error {
	data, err := a.Script(check)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, data, 0o644)
}

// programEnv is the environment student programs run with, in the work
// folder dir: observe.ScrubEnv's (no PYTHON* variable, no secrets, a safe
// PATH), with HOME and TMPDIR in the work folder. PYTHONUNBUFFERED is left
// out on purpose: unbuffered, print writes a line and its newline in two
// writes, and lines of processes sharing stdout cut into each other; the
// statements ask for print(..., flush=True).
func programEnv(dir string) []string {
	env := observe.ScrubEnv(os.Environ())
	env = observe.SetEnv(env, "HOME", dir)
	env = observe.SetEnv(env, "TMPDIR", filepath.Join(dir, ".tmp"))
	return observe.SetEnv(env, "PYTHONDONTWRITEBYTECODE", "1")
}

// findPython is the interpreter submissions run with: the one named, or
// else one the user submissions run as can run (as root, not a pyenv shim
// in root's home, which "nobody" cannot read).
func findPython(named, user string) (path, version string, err error) {
	if named != "" {
		path, version, err = observe.Interpreter(named)
		if err != nil || user == "" || othersCanRun(path) {
			return path, version, err
		}
		// The interpreter named cannot be run by the submissions' user
		// (a pyenv interpreter in root's home): find one that can.
	}
	return observe.ResolvePython(user)
}
