package grade

import (
	"time"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/observe"
)

// A Status is the outcome of one check.
type Status string

const (
	// Pass: the check held.
	Pass Status = "pass"
	// Fail: the check did not hold; the message says why.
	Fail Status = "fail"
	// Inconclusive: this machine, now, could not tell (too few CPUs, too
	// much noise). Never a failed grade: the points are withheld for a
	// rerun, and the message says why.
	Inconclusive Status = "inconclusive"
	// Skip: the check does not apply here (a condition such as [cpus:2]
	// was not met).
	Skip Status = "skip"
	// Error: the grader itself could not run the check (a broken script,
	// a missing reference). Not the student's fault.
	Error Status = "error"
)

// Visibility says who sees a check's result.
type Visibility string

const (
	Public Visibility = "public"
	// Hidden checks run in official grading only; their results are shown
	// after the due date.
	Hidden Visibility = "hidden"
)

// A Result is the grading of one submission: the one model every output
// format is written from.
type Result struct {
	// Assignment is the assignment's name, e.g. "mp_worker".
	Assignment string `json:"assignment"`
	// Submission names what was graded: a student id in a batch, or a path.
	Submission string `json:"submission"`
	// Score and MaxScore are points; inconclusive and skipped checks score
	// nothing and are not counted in MaxScore.
	Score    float64 `json:"score"`
	MaxScore float64 `json:"max_score"`
	// Checks are the rubric's checks, in rubric order.
	Checks []CheckResult `json:"checks"`
	// Started is when grading began; Seconds is how long it took.
	Started time.Time `json:"started"`
	Seconds float64   `json:"seconds"`
	// Lang is the language of the messages.
	Lang string `json:"lang"`
	// Environment describes where it was graded.
	Environment Environment `json:"environment"`
}

// Environment describes the machine and tools a submission was graded with.
type Environment struct {
	// Version is mpgrade's version.
	Version string `json:"version"`
	// Python is the interpreter that ran the submission, and its version.
	Python        string `json:"python"`
	PythonVersion string `json:"python_version"`
	// CPUs is what the submission could use.
	CPUs observe.CPUBudget `json:"cpus"`
	// Containment says how runs were contained ("subreaper", "cgroup v1").
	Containment string `json:"containment"`
	// RunAs is the user submissions ran as, when not mpgrade's own.
	RunAs string `json:"run_as,omitempty"`
	// Isolation says how the submission's runs were kept apart from the
	// machine: the namespaces they had of their own, or "none" and why.
	Isolation string `json:"isolation,omitempty"`
}

// A CheckResult is the outcome of one rubric check.
type CheckResult struct {
	// Name is the check's name in the rubric, e.g. "parallel".
	Name string `json:"name"`
	// Title is a one-line description in the result's language.
	Title      string     `json:"title"`
	Status     Status     `json:"status"`
	Points     float64    `json:"points"`
	MaxPoints  float64    `json:"max_points"`
	Visibility Visibility `json:"visibility"`
	// Message is the feedback for the student: what was expected, what
	// was seen, what to try. Empty when the check passed with nothing to
	// add.
	Message string `json:"message"`
	// Seconds is how long the check took.
	Seconds float64 `json:"seconds"`
	// RunSeconds is the observed wall time of all the runs the check made,
	// kept or not: Seconds less RunSeconds is the grader's own overhead.
	RunSeconds float64 `json:"run_seconds"`
	// Runs are the programs the check ran under observation.
	Runs []Run `json:"runs,omitempty"`
	// Speedup is the speedup measurement, for checks that make one.
	Speedup *Speedup `json:"speedup,omitempty"`
}

// A Run is one observed run of a program within a check.
type Run struct {
	// Name is the run's name in the check's script, e.g. "par".
	Name string `json:"name"`
	// Args is the command line.
	Args []string `json:"args"`
	// Stdout and Stderr are what the program wrote, cut at the output
	// limit.
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
	// Observation is what was observed; Analysis what it shows.
	Observation *observe.Observation `json:"observation"`
	Analysis    judge.Analysis       `json:"analysis"`
}

// A Speedup is a side-by-side speedup measurement against the reference.
type Speedup struct {
	// Reference is the reference's own speedup (its seq over its par).
	Reference Estimate `json:"reference"`
	// Submission is the submission's own speedup (its seq over its par),
	// the one judged.
	Submission Estimate `json:"submission"`
	// Honest is the reference's seq over the submission's par: what the
	// student's parallel version gains over a good sequential one.
	Honest Estimate `json:"honest"`
	// Ratio is Submission over Reference, round by round: the share of
	// the reference's speedup the submission reached on its own work.
	Ratio Estimate `json:"ratio"`
	// SeqCPUShare is the submission's seq CPU time over its wall time,
	// the median over rounds: near 1 for a run that computes all along,
	// well below for one that sleeps. 0 when not measured.
	SeqCPUShare float64 `json:"seq_cpu_share,omitempty"`
	// SeqWork is the submission's seq CPU time over its par run's total
	// CPU time, the median over rounds: at most about 1 when both modes
	// do the same work, well above when seq does more.
	SeqWork float64 `json:"seq_work,omitempty"`
	// WorkOverReference is the submission's seq CPU time over the
	// reference's, the median over rounds: how much slower (above 1) or
	// faster its sequential algorithm is.
	WorkOverReference float64 `json:"work_over_reference,omitempty"`
	// CPUBound is the speedup the submission's own CPU accounting allows:
	// its sequential run's CPU over its parallel run's critical CPU (its
	// main process's plus its busiest other process's), the median over
	// rounds. Load on the machine does not change it, so it says what the
	// split of the work can give when the wall times are too noisy to
	// tell; it is shown, not judged. 0 when not measured.
	CPUBound float64 `json:"cpu_bound,omitempty"`
	// Required is the share of the reference's speedup needed to pass.
	Required float64 `json:"required"`
	// Rounds is how many rounds were measured.
	Rounds int `json:"rounds"`
	// N is the workload size used, and Workers the workers asked for.
	N       int `json:"n"`
	Workers int `json:"workers"`
}

// An Estimate is a ratio with its confidence interval.
type Estimate struct {
	Median float64 `json:"median"`
	Low    float64 `json:"low"`
	High   float64 `json:"high"`
	// Confidence is the interval's confidence level, e.g. 0.95.
	Confidence float64 `json:"confidence"`
}

// Passed reports whether every check that counts passed.
func (r *Result) Passed() bool {
	for _, c := range r.Checks {
		if c.Status == Fail || c.Status == Error {
			return false
		}
	}
	return true
}

// Count returns how many checks have the status.
func (r *Result) Count(s Status) int {
	n := 0
	for _, c := range r.Checks {
		if c.Status == s {
			n++
		}
	}
	return n
}
