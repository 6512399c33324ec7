package script

import (
	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/rogpeppe/go-internal/testscript"
)

// envDoc documents the variables every script's environment has.
var envDoc = [][2]string{
	{"PYTHON", "the Python interpreter that runs submissions"},
	{"SUBMISSION", "the file name of the submission's program, in the script's folder (e.g. `mp_worker.py`)"},
	{"N", "the workload size: the reference's sequential run takes about the assignment's target time with it, on this machine"},
	{"WORKERS", "the workers to ask for: the CPUs available to the program, at least 2 and at most the assignment's maximum"},
	{"MPGRADE_LANG", "the language of feedback, `en` or `es`"},
}

// State is what one script's commands share: the settings of the grading
// and what its runs observed. The check runner creates one per script and
// reads it afterwards.
type State struct {
	// Lang is the language of feedback.
	Lang msg.Lang
	// Python is the interpreter that runs .py programs.
	Python string
	// Env is the environment programs run with; nil means the script's.
	Env []string
	// Reference is the folder holding the reference solution, or empty.
	Reference string
	// Program is the assignment's program file name, e.g. mp_worker.py.
	Program string
	// Limits bound every run.
	Limits observe.Limits
	// User is who the submission's programs run as ("" for mpgrade's own
	// user); the reference always runs as mpgrade's own.
	User string
	// Observer runs programs; nil means observe.Local.
	Observer observe.Observer
	// SpeedupFraction is the share of the reference's speedup a
	// submission must reach.
	SpeedupFraction float64
	// MaxRounds bounds the speedup protocol's rounds; zero means its
	// default.
	MaxRounds int

	// Shared is shared by the scripts of one grading; nil means nothing
	// is shared.
	Shared *Shared

	// RunSeconds is the observed wall time of every run made, kept in
	// Runs or not.
	RunSeconds float64

	// Runs are the runs made so far, in order.
	Runs []grade.Run
	// Feedback is what the commands said to the student.
	Feedback []msg.Message
	// Inconclusive is set when a command found that this machine could
	// not tell; the runner then reports the check as inconclusive, not
	// failed.
	Inconclusive bool
	// Speedup is the speedup measurement, if the script made one.
	Speedup *grade.Speedup
	// Error is set when the script itself, not the submission, is wrong.
	Error bool

	// made is how each run named so far was made, so that a command can
	// make it again (see again).
	made map[string]runSpec
}

// runSpec is how a run was made: what again needs to make it afresh.
type runSpec struct {
	argv, extra []string
	start       string
	limits      observe.Limits
}

type stateKey struct{}

// Install makes st the state of the script being set up.
func Install(env *testscript.Env, st *State) {
	if env.Values == nil {
		env.Values = map[any]any{}
	}
	env.Values[stateKey{}] = st
}

// state returns the script's state.
func state(ts *testscript.TestScript) *State {
	st, _ := ts.Value(stateKey{}).(*State)
	if st == nil {
		ts.Fatalf("mpgrade: no grading state; run scripts through mpgrade's check runner")
	}
	return st
}

func (st *State) observer() observe.Observer {
	if st.Observer != nil {
		return st.Observer
	}
	return observe.Local{}
}

// run returns the run called name.
func (st *State) run(ts *testscript.TestScript, name string) *grade.Run {
	for i := len(st.Runs) - 1; i >= 0; i-- {
		if st.Runs[i].Name == name {
			return &st.Runs[i]
		}
	}
	st.Error = true
	ts.Fatalf("no run called %q: a 'run %s ...' command must come first", name, name)
	return nil
}

// fail ends the script with feedback for the student.
func (st *State) fail(ts *testscript.TestScript, m msg.Message) {
	st.Feedback = append(st.Feedback, m)
	ts.Fatalf("%s", m.In(st.Lang))
}

// note adds feedback without ending the script.
func (st *State) note(ts *testscript.TestScript, m msg.Message) {
	st.Feedback = append(st.Feedback, m)
	ts.Logf("%s", m.In(st.Lang))
}

// inconclusive ends the script as inconclusive: the machine could not
// tell, and the student is not failed for it.
func (st *State) inconclusive(ts *testscript.TestScript, m msg.Message) {
	st.Inconclusive = true
	st.Feedback = append(st.Feedback, m)
	ts.Fatalf("inconclusive: %s", m.In(st.Lang))
}
