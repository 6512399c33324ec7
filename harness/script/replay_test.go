package script_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/harness/script"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var record = flag.Bool("record", false, "run the replay scripts' programs live and record what was observed into testdata/replay/recorded")

// The folders of the replay tests: the scripts, the programs they run
// (copied into every script's folder), the reference solution's, and the
// recorded runs.
const (
	replayDir     = "testdata/replay"
	replayProgs   = replayDir + "/programs"
	replayRef     = replayDir + "/ref"
	replayRecords = replayDir + "/recorded"
)

// TestReplays runs every command of the script language on recorded
// observations of real runs: deterministic, fast and without Python. Each
// script of testdata/replay checks one command (or a few that go
// together); its lines `want STATUS REGEX CMD ARGS...` run CMD and hold its
// outcome — pass, fail or inconclusive, with a message matching REGEX —
// so one script holds a command's passing and failing cases. The runs the
// scripts make are looked up in testdata/replay/recorded by the program's
// content and arguments; `go test ./harness/script -run TestReplays
// -record` makes them afresh, live.
func TestReplays(t *testing.T) {
	obs := &recordedRuns{dir: replayRecords, live: *record}
	if *record {
		testenv.Linux(t)
	}
	ref, err := filepath.Abs(replayRef)
	require.NoError(t, err)
	mine, _ := os.ReadFile(filepath.Join(replayProgs, "primes.py"))
	theirs, _ := os.ReadFile(filepath.Join(replayRef, "primes.py"))
	require.Equal(t, string(mine), string(theirs), "the reference's primes.py is a copy of the submission's: copy it again")
	files, err := filepath.Glob(filepath.Join(replayDir, "*.txtar"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	cmds := script.Cmds()
	cmds["want"] = cmdWant
	ran := 0
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ran++
			rt := &replayT{}
			var st *script.State
			testscript.RunT(rt, testscript.Params{
				Files:     []string{file},
				Cmds:      cmds,
				Condition: script.Cond,
				Setup: func(env *testscript.Env) error {
					st = &script.State{Lang: msg.EN, Python: "python3", Reference: ref, Observer: obs,
						Limits: observe.Limits{Wall: 30 * time.Second}, SpeedupFraction: 0.75}
					script.Install(env, st)
					env.Values[wantKey{}] = st
					env.Values[replayTKey{}] = rt
					env.Setenv("PYTHON", "python3")
					env.Setenv("N", "1000000")
					env.Setenv("WORKERS", "2")
					env.Setenv("SUBMISSION", "primes.py")
					return copyFiles(replayProgs, env.WorkDir)
				},
			})
			if rt.failed {
				t.Errorf("%s", rt.log.String())
			}
		})
	}
	if !*record && ran == len(files) {
		// Every recording is used by some script: one left over is a
		// program or arguments changed without recording again.
		used := obs.usedKeys()
		all, _ := filepath.Glob(filepath.Join(replayRecords, "*.json"))
		for _, f := range all {
			assert.True(t, used[strings.TrimSuffix(filepath.Base(f), ".json")], "%s is used by no replay script: remove it, or record again with -record", f)
		}
	}
}

// notReplayed are the commands that make no run and read none, with why:
// they are tested live, by the scripts of testdata/.
var notReplayed = map[string]string{
	"source": "it reads the submission's code with Python's ast module, not a run",
	"gil":    "it asks the interpreter whether it has a GIL, not a run",
}

// Every command of the registry that reads runs has a replay script that
// uses it.
func TestEveryCommandHasAReplay(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(replayDir, "*.txtar"))
	require.NoError(t, err)
	var used []string
	word := regexp.MustCompile(`^\s*(?:want\s+\S+\s+(?:'[^']*'|\S+)\s+)?(?:!\s+)?([a-z]+)`)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		body, _, _ := strings.Cut(string(data), "\n-- ")
		for _, line := range strings.Split(body, "\n") {
			if m := word.FindStringSubmatch(line); m != nil && !strings.HasPrefix(strings.TrimSpace(line), "#") {
				used = append(used, m[1])
			}
		}
	}
	for name := range script.Cmds() {
		if _, ok := notReplayed[name]; !ok {
			assert.Contains(t, used, name, "no script in %s uses the command %s", replayDir, name)
		}
	}
}

type wantKey struct{}

// cmdWant runs a command and holds its outcome:
//
//	want pass|fail|inconclusive REGEX CMD [ARGS...]
//
// REGEX must match the feedback the command gave (in English); "" matches
// any. The command's own failure does not end the script.
func cmdWant(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 || !slices.Contains([]string{"pass", "fail", "inconclusive"}, args[0]) {
		ts.Fatalf("usage: want pass|fail|inconclusive REGEX CMD [ARGS...]")
	}
	st := ts.Value(wantKey{}).(*script.State)
	re := regexp.MustCompile(args[1])
	inner, innerNeg := args[2:], false
	if inner[0] == "!" {
		inner, innerNeg = inner[1:], true
	}
	cmd, ok := script.Cmds()[inner[0]]
	if !ok {
		ts.Fatalf("want: unknown command %q", inner[0])
	}
	st.Feedback, st.Inconclusive = nil, false
	rt := ts.Value(replayTKey{}).(*replayT)
	ended := rt.catch(func() { cmd(ts, innerNeg, inner[1:]) })
	got := "pass"
	switch {
	case ended && st.Inconclusive:
		got = "inconclusive"
	case ended:
		got = "fail"
	}
	said := strings.Join(msg.Texts(st.Feedback, msg.EN), "\n")
	st.Feedback, st.Inconclusive = nil, false
	if got != args[0] {
		ts.Fatalf("want: %s ended %s, not %s: %s", strings.Join(inner, " "), got, args[0], said)
	}
	if args[1] != "" && !re.MatchString(said) {
		ts.Fatalf("want: %s ended %s as wanted, but said %q, which does not match %q", strings.Join(inner, " "), got, said, args[1])
	}
}

type replayTKey struct{}

// replayT is the testscript.T of one replay script: it records what the
// script logged and whether it failed.
type replayT struct {
	mu     sync.Mutex
	log    bytes.Buffer
	failed bool
}

var _ testscript.T = (*replayT)(nil)

// catch runs f and reports whether a command's failure ended it:
// testscript's Fatalf panics, to be recovered by the line's runner, and
// here it is recovered first so that the script goes on.
func (t *replayT) catch(f func()) (ended bool) {
	defer func() {
		if e := recover(); e != nil {
			if err, ok := e.(error); !ok || err.Error() != "fail now!" {
				panic(e)
			}
			ended = true
		}
	}()
	f()
	return false
}

func (t *replayT) Skip(args ...any) {
	t.Log(append([]any{"SKIP:"}, args...)...)
	runtime.Goexit()
}

func (t *replayT) Fatal(args ...any) {
	t.Log(args...)
	t.FailNow()
}

func (t *replayT) FailNow() {
	t.mu.Lock()
	t.failed = true
	t.mu.Unlock()
	runtime.Goexit()
}

func (t *replayT) Parallel() {}

func (t *replayT) Log(args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintln(&t.log, args...)
}

func (t *replayT) Verbose() bool { return true }

func (t *replayT) Run(name string, f func(testscript.T)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(t)
	}()
	<-done
}

// recordedRuns is an Observer that answers from recordings kept as
// files named by what was run: the program's folder (the reference's or
// the submission's), its content and its arguments. Live, it runs the
// program on this machine and keeps the recording.
type recordedRuns struct {
	dir  string
	live bool
	ref  string

	mu   sync.Mutex
	used map[string]bool
}

// Replaying is true unless the runs are being recorded.
func (r *recordedRuns) Replaying() bool { return !r.live }

func (r *recordedRuns) Observe(ctx context.Context, spec observe.Spec) (*observe.Observation, error) {
	key, err := recordingKey(spec)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if r.used == nil {
		r.used = map[string]bool{}
	}
	r.used[key] = true
	r.mu.Unlock()
	file := filepath.Join(r.dir, key+".json")
	if r.live {
		return r.recordLive(ctx, spec, file)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("no recording of %s (%v): record the replays again with go test ./harness/script -run TestReplays -record", strings.Join(spec.Args, " "), err)
	}
	var rec observe.Recording
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return rec.Replay(spec), nil
}

// recordLive runs spec on this machine, once per key, and keeps what was
// observed in file.
func (r *recordedRuns) recordLive(ctx context.Context, spec observe.Spec, file string) (*observe.Observation, error) {
	if data, err := os.ReadFile(file); err == nil && recordedThisRun[file] {
		var rec observe.Recording
		if err := json.Unmarshal(data, &rec); err == nil {
			return rec.Replay(spec), nil
		}
	}
	// A recording is made at a moment when other programs leave the
	// machine to the run, as far as one comes within a few tries: the
	// scripts hold what a run shows when the machine can show it.
	var best observe.Recording
	bestLoad := -1.0
	for try := 0; try < recordTries && (bestLoad < 0 || bestLoad > quietLoad); try++ {
		var stdout, stderr bytes.Buffer
		o, err := observe.Local{}.Observe(ctx, observe.Spec{
			Args: spec.Args, Dir: spec.Dir, Env: spec.Env, Limits: spec.Limits, User: spec.User,
			StartMethod: spec.StartMethod, Stdout: &stdout, Stderr: &stderr,
		})
		if err != nil {
			return nil, err
		}
		load := max(0, o.MachineBusySeconds-o.CPU.Seconds()) / max(o.WallSeconds, 1e-9)
		if bestLoad < 0 || load < bestLoad {
			best, bestLoad = observe.Recording{Observation: o, Stdout: stdout.String(), Stderr: stderr.String()}, load
		}
	}
	o := best.Observation
	best.Replay(spec)
	data, err := json.Marshal(best)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return nil, err
	}
	recordedThisRun[file] = true
	return o, os.WriteFile(file, append(data, '\n'), 0o644)
}

// A run is recorded again, up to recordTries times, while other programs
// kept more than quietLoad cores busy during it (judge's bound for
// trusting CPU shares).
const (
	recordTries = 8
	quietLoad   = judge.BalanceMaxOtherLoad
)

// recordedThisRun lists the recordings made by this test process: a run
// made again with the same key (a speedup's rounds) replays the first.
var recordedThisRun = map[string]bool{}

func (r *recordedRuns) usedKeys() map[string]bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.used
}

// recordingKey names a run by its program's folder (ref for the
// reference solution's, sub for the script's), a hash of the content of
// the programs in that folder, its arguments and its start method.
func recordingKey(spec observe.Spec) (string, error) {
	i := slices.IndexFunc(spec.Args, func(a string) bool { return strings.HasSuffix(a, ".py") })
	if i < 0 {
		return "", fmt.Errorf("replay: no .py program in %q", spec.Args)
	}
	program := spec.Args[i]
	if !filepath.IsAbs(program) {
		program = filepath.Join(spec.Dir, program)
	}
	// The program and every program beside it, which it may import.
	h := sha256.New()
	siblings, _ := filepath.Glob(filepath.Join(filepath.Dir(program), "*.py"))
	if !slices.Contains(siblings, program) {
		return "", fmt.Errorf("replay: no program %s", program)
	}
	for _, f := range siblings {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(data))
		h.Write(data)
	}
	sum := h.Sum(nil)
	where := "sub"
	if strings.Contains(program, string(filepath.Separator)+"ref"+string(filepath.Separator)) {
		where = "ref"
	}
	parts := append([]string{where, strings.TrimSuffix(filepath.Base(program), ".py"), hex.EncodeToString(sum[:4])}, spec.Args[i+1:]...)
	if spec.StartMethod != "" {
		parts = append(parts, "start-"+spec.StartMethod)
	}
	key := strings.Join(parts, "_")
	return regexp.MustCompile(`[^A-Za-z0-9.=-]+`).ReplaceAllString(key, "_"), nil
}

// copyFiles copies the files of folder src into dst, leaving alone those
// dst already has (a script's own archive may hold its own version).
func copyFiles(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		to := filepath.Join(dst, e.Name())
		if _, err := os.Stat(to); err == nil {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(to, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
