package script

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/mpgrade/mpgrade/harness/diagnose"
	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/rogpeppe/go-internal/testscript"
)

// keptOutput is how much of a run's stdout and stderr is kept in memory
// for checks and reports; the rest is counted and dropped.
const keptOutput = 1 << 20

func init() {
	register(&Command{
		Name:    "run",
		Args:    "[-timeout DURATION] [-start METHOD] [-env KEY=VALUE]... NAME PROGRAM [ARG...]",
		Summary: "Run a program under observation and remember what was observed as run NAME",
		Detail: `PROGRAM is run in the script's folder with the submission's limits; a
PROGRAM ending in .py is run with $PYTHON. The whole process tree is watched
until it ends. Its standard output and error become the script's, so
testscript's stdout and stderr commands check them. Later commands refer to
the run by NAME. -timeout bounds this run's wall time instead of the
assignment's limit. -start METHOD (spawn, forkserver or fork) makes every
Python process of the run use that multiprocessing start method whatever
the program asks for: the program needs no line of its own for it, and its
own set_start_method or get_context calls get the forced method (see
harness/observe's Spec.StartMethod). -env, which may be repeated, adds a
variable to the program's environment. A run is made once per grading and
reused by later checks when its NAME, program, arguments, start method,
environment and timeout are all the same: give runs that must be made
afresh (repeated runs of the same program) names of their own.

The run fails the check when the program exits with an error, is killed or
breaks a limit, with a message that says what happened (a syntax error, an
exception and its last traceback line, a timeout...); under -start spawn or
forkserver the message also says what that start method changes and what
in the program's code breaks under it. With !, the program is expected to
fail.`,
		Run: cmdRun,
	})
}

func cmdRun(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	timeout := fs.Duration("timeout", 0, "")
	start := fs.String("start", "", "")
	var extra envFlag
	fs.Var(&extra, "env", "")
	if err := fs.Parse(args); err != nil || fs.NArg() < 2 || (*start != "" && !slices.Contains(observe.StartMethods, *start)) {
		st.Error = true
		usage(ts, "run")
	}
	name, argv := fs.Arg(0), append([]string(nil), fs.Args()[1:]...)
	if strings.HasSuffix(argv[0], ".py") {
		argv = append([]string{st.Python}, argv...)
	}
	limits := st.Limits
	if *timeout > 0 {
		limits.Wall = *timeout
	}
	r := st.cachedRun(ts, name, argv, []string(extra), *start, limits)
	ts.Stdout().Write([]byte(r.Stdout))
	ts.Stderr().Write([]byte(r.Stderr))
	failed := r.Observation.ExitCode != 0 || r.Observation.Limit != ""
	switch {
	case failed && !neg && startsAfresh(*start):
		st.fail(ts, explainSpawnFailure(ts, st, *start, explainFailure(r)))
	case failed && !neg:
		st.fail(ts, explainFailure(r))
	case !failed && neg:
		st.fail(ts, msg.New(msgUnexpectedSuccess, name))
	}
}

// envFlag collects the KEY=VALUE of each -env flag.
type envFlag []string

func (e *envFlag) String() string { return strings.Join(*e, " ") }

func (e *envFlag) Set(kv string) error {
	if k, _, ok := strings.Cut(kv, "="); !ok || k == "" {
		return errors.New("-env takes KEY=VALUE")
	}
	*e = append(*e, kv)
	return nil
}

// cachedRun runs argv in the script's folder with extra added to the
// programs' environment and the start method forced to start (empty: the
// program's own), or reuses the run another script of the same grading
// made with the same name, arguments, start method, environment and
// timeout: the program is the same, and checks that look at the same run
// see the same observation.
func (st *State) cachedRun(ts *testscript.TestScript, name string, argv, extra []string, start string, limits observe.Limits) *grade.Run {
	if st.made == nil {
		st.made = map[string]runSpec{}
	}
	st.made[name] = runSpec{argv: argv, extra: extra, start: start, limits: limits}
	defer st.addEnv(extra)()
	if st.Shared == nil {
		return observeRunWith(ts, st, name, argv, ts.MkAbs("."), limits, st.User, start)
	}
	key := strings.Join(append(append([]string{name}, argv...), extra...), "\x00") + "\x00" + limits.Wall.String() + "\x00start=" + start
	st.Shared.mu.Lock()
	defer st.Shared.mu.Unlock()
	if r, ok := st.Shared.runs[key]; ok {
		r.Name = name
		st.Runs = append(st.Runs, r)
		return &st.Runs[len(st.Runs)-1]
	}
	r := observeRunWith(ts, st, name, argv, ts.MkAbs("."), limits, st.User, start)
	if st.Shared.runs == nil {
		st.Shared.runs = map[string]grade.Run{}
	}
	st.Shared.runs[key] = *r
	return r
}

// again makes run name afresh, the way it was made, and remembers it as
// run name plus " again" and its count: for a command whose failure rests
// on one run's CPU figures, which a noisy machine can skew, to see whether
// the program does it again. Never shared with other scripts.
func (st *State) again(ts *testscript.TestScript, name string, count int) *grade.Run {
	spec, ok := st.made[name]
	if !ok {
		st.Error = true
		ts.Fatalf("no run called %q: a 'run %s ...' command must come first", name, name)
	}
	defer st.addEnv(spec.extra)()
	again := fmt.Sprintf("%s again %d", name, count)
	return observeRunWith(ts, st, again, spec.argv, ts.MkAbs("."), spec.limits, st.User, spec.start)
}

// observeRunAs runs argv in dir as user and records it.
func observeRunAs(ts *testscript.TestScript, st *State, name string, argv []string, dir string, limits observe.Limits, user string) *grade.Run {
	return observeRunWith(ts, st, name, argv, dir, limits, user, "")
}

// observeRunWith runs argv in dir as user, with the start method forced
// to start (empty: the program's own), and records it.
func observeRunWith(ts *testscript.TestScript, st *State, name string, argv []string, dir string, limits observe.Limits, user, start string) *grade.Run {
	var stdout, stderr cappedBuffer
	unlock := func() {}
	if !observe.Replays(st.observer()) {
		// Live runs take turns on the machine, so that one does not load
		// another; a replayed one has nothing to wait for.
		unlock = observe.LockMachine()
	}
	obs, err := st.observer().Observe(context.Background(), observe.Spec{
		Args: argv, Dir: dir, Env: st.Env, Stdout: &stdout, Stderr: &stderr, Limits: limits, User: user,
		StartMethod: start,
	})
	unlock()
	var startErr *observe.StartError
	switch {
	case errors.As(err, &startErr):
		st.fail(ts, msg.New(msgCannotStart, startErr.Reason))
	case err != nil:
		st.Error = true
		ts.Fatalf("observing %s: %v", name, err)
	}
	st.RunSeconds += obs.WallSeconds
	st.Runs = append(st.Runs, grade.Run{
		Name: name, Args: argv, Stdout: stdout.String(), Stderr: stderr.String(),
		Observation: obs, Analysis: judge.Analyze(obs),
	})
	return &st.Runs[len(st.Runs)-1]
}

// addEnv sets the KEY=VALUE of extra in the programs' environment, and
// returns what puts the environment back.
func (st *State) addEnv(extra []string) (restore func()) {
	if len(extra) == 0 {
		return func() {}
	}
	saved := st.Env
	st.Env = withEnv(st.Env, extra)
	return func() { st.Env = saved }
}

// withEnv is env (nil: the process's own) with the KEY=VALUE of extra set.
func withEnv(env, extra []string) []string {
	if env == nil {
		env = os.Environ()
	}
	out := make([]string, 0, len(env)+len(extra))
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		overridden := false
		for _, e := range extra {
			if strings.HasPrefix(e, k+"=") {
				overridden = true
			}
		}
		if !overridden {
			out = append(out, kv)
		}
	}
	return append(out, extra...)
}

// cappedBuffer keeps the first keptOutput bytes written to it.
type cappedBuffer struct {
	bytes.Buffer
	dropped int64
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	room := keptOutput - b.Len()
	if room < len(p) {
		b.dropped += int64(len(p) - max(room, 0))
		if room > 0 {
			b.Buffer.Write(p[:room])
		}
		return len(p), nil
	}
	return b.Buffer.Write(p)
}

var (
	msgCannotStart       = msg.Define("script.cannot_start", "the program could not be started: %s", "no se pudo iniciar el programa: %s")
	msgUnexpectedSuccess = msg.Define("script.unexpected_success", "run %s was expected to fail, but it exited normally", "se esperaba que la ejecución %s fallara, pero terminó normalmente")
	msgExitCode          = msg.Define("script.exit_code", "the program exited with status %d instead of 0", "el programa terminó con código %d en lugar de 0")
)

// explainFailure says why a run failed, for a student: what
// harness/diagnose makes of it (a syntax error, an exception and its last
// traceback line, a timeout, a limit...), joined into one message.
func explainFailure(r *grade.Run) msg.Message {
	ms := diagnose.Explain(r.Observation, []byte(r.Stdout), []byte(r.Stderr), nil)
	if len(ms) == 0 {
		return msg.New(msgExitCode, r.Observation.ExitCode)
	}
	m := ms[0]
	for _, next := range ms[1:] {
		m = msg.New(msgJoined, m, next)
	}
	return m
}

var msgJoined = msg.Define("script.joined", "%s; %s", "%s; %s")

// lastLine is the last non-empty line of s: for a Python traceback, the
// exception and its message.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n "), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
