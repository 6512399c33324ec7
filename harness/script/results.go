package script

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	register(&Command{
		Name:    "reference",
		Args:    "NAME PROGRAM [ARG...]",
		Summary: "Run the reference solution's PROGRAM under observation as run NAME",
		Detail: `Like run, but PROGRAM is taken from the reference solution, which the
submission cannot read. A reference run with the same arguments is made once
per grading and reused by later checks. A reference that fails is an error
of the grader, not of the student.`,
		Run: cmdReference,
	})
	register(&Command{
		Name:    "results",
		Args:    "NAME REFNAME",
		Summary: "Check that every result= printed by run NAME equals the one printed by run REFNAME",
		Detail: `The program's output lines of the form "key=value key=value ..." are read;
each line of NAME with a result= must have the result= of REFNAME's line
(the reference prints one). The feedback names the mode line and both
values.`,
		Run: cmdResults,
	})
	register(&Command{
		Name:    "honest",
		Args:    "NAME",
		Summary: "Check that the seconds= that run NAME printed agree with what was observed",
		Detail: `A printed time cannot be longer than the observed run, nor much shorter
than the time its processes were observed working: the span from the first
worker's start to the last worker's end, and the CPU time the main process
used (less its start-up) when it worked alone. A made-up time (say, the
real one divided by the workers) is caught. With !, the times must disagree.`,
		Run: cmdHonest,
	})
}

// Shared is what the scripts of one grading share: reference runs made
// once and reused.
type Shared struct {
	mu   sync.Mutex
	refs map[string]grade.Run
	runs map[string]grade.Run
}

func cmdReference(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) < 2 || neg {
		st.Error = true
		usage(ts, "reference")
	}
	if st.Reference == "" {
		st.Error = true
		ts.Fatalf("reference: this grading has no reference solution")
	}
	name, argv := args[0], append([]string(nil), args[1:]...)
	argv[0] = filepath.Join(st.Reference, argv[0])
	if strings.HasSuffix(argv[0], ".py") {
		argv = append([]string{st.Python}, argv...)
	}
	key := strings.Join(argv, "\x00")
	if st.Shared != nil {
		st.Shared.mu.Lock()
		defer st.Shared.mu.Unlock()
		if r, ok := st.Shared.refs[key]; ok {
			r.Name = name
			st.Runs = append(st.Runs, r)
			ts.Stdout().Write([]byte(r.Stdout))
			return
		}
	}
	r := observeRunAs(ts, st, name, argv, st.Reference, st.Limits, "")
	if r.Observation.ExitCode != 0 || r.Observation.Limit != "" {
		st.Error = true
		ts.Fatalf("the reference solution failed (%s): %s", explainFailure(r).In(msg.EN), lastLine(r.Stderr))
	}
	ts.Stdout().Write([]byte(r.Stdout))
	if st.Shared != nil {
		if st.Shared.refs == nil {
			st.Shared.refs = map[string]grade.Run{}
		}
		st.Shared.refs[key] = *r
	}
}

// A ModeLine is one "key=value ..." line of a program's output.
type ModeLine map[string]string

var kvLine = regexp.MustCompile(`^\s*([a-z_]+=\S+\s*)+$`)

// ModeLines returns the lines of out made only of key=value pairs.
func ModeLines(out string) []ModeLine {
	var lines []ModeLine
	for _, line := range strings.Split(out, "\n") {
		if !kvLine.MatchString(line) {
			continue
		}
		m := ModeLine{}
		for _, kv := range strings.Fields(line) {
			k, v, _ := strings.Cut(kv, "=")
			m[k] = v
		}
		lines = append(lines, m)
	}
	return lines
}

func (m ModeLine) describe() string {
	if mode, ok := m["mode"]; ok {
		return "mode=" + mode
	}
	return "result"
}

var (
	msgNoResult      = msg.Define("script.no_result", "run %s printed no line with result=: expected lines such as \"mode=par workers=2 result=49098 seconds=0.61\"", "la ejecución %s no imprimió ninguna línea con result=: se esperaban líneas como \"mode=par workers=2 result=49098 seconds=0.61\"")
	msgWrongResult   = msg.Define("script.wrong_result", "run %s printed result=%s for %s, but the right answer is %s: check how the work is split (are numbers at the borders of each part lost or counted twice?)", "la ejecución %s imprimió result=%s para %s, pero la respuesta correcta es %s: revisa cómo se reparte el trabajo (¿se pierden o se cuentan dos veces los números en los bordes de cada parte?)")
	msgNoSeconds     = msg.Define("script.no_seconds", "run %s printed no seconds= for %s", "la ejecución %s no imprimió seconds= para %s")
	msgTooLong       = msg.Define("script.time_too_long", "run %s printed seconds=%s for %s, longer than the whole run took (%.3f s)", "la ejecución %s imprimió seconds=%s para %s, más de lo que duró toda la ejecución (%.3f s)")
	msgTooShortTime  = msg.Define("script.time_too_short", "run %s printed seconds=%s for %s, but its processes were observed working for at least %.3f s: print the time you measure with time.perf_counter() around the work, not a computed one", "la ejecución %s imprimió seconds=%s para %s, pero se observó a sus procesos trabajando al menos %.3f s: imprime el tiempo que mides con time.perf_counter() alrededor del trabajo, no uno calculado")
	msgBadSecondsVal = msg.Define("script.bad_seconds", "run %s printed seconds=%s for %s, which is not a number", "la ejecución %s imprimió seconds=%s para %s, que no es un número")
)

func cmdResults(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) != 2 || neg {
		st.Error = true
		usage(ts, "results")
	}
	r, ref := st.run(ts, args[0]), st.run(ts, args[1])
	want := ""
	for _, l := range ModeLines(ref.Stdout) {
		if v, ok := l["result"]; ok {
			want = v
		}
	}
	if want == "" {
		st.Error = true
		ts.Fatalf("results: run %s printed no result=", args[1])
	}
	found := false
	for _, l := range ModeLines(r.Stdout) {
		got, ok := l["result"]
		if !ok {
			continue
		}
		found = true
		if got != want {
			st.fail(ts, msg.New(msgWrongResult, args[0], got, l.describe(), want))
		}
	}
	if !found {
		st.fail(ts, msg.New(msgNoResult, args[0]))
	}
}

var msgHonestUnwanted = msg.Define("script.honest_unwanted", "run %s printed times that agree with what was observed", "la ejecución %s imprimió tiempos que coinciden con lo observado")

func cmdHonest(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) != 1 {
		st.Error = true
		usage(ts, "honest")
	}
	r := st.run(ts, args[0])
	problem := dishonesty(args[0], r)
	switch {
	case problem != nil && !neg:
		st.fail(ts, *problem)
	case problem == nil && neg:
		st.fail(ts, msg.New(msgHonestUnwanted, args[0]))
	}
}

// dishonesty returns what is wrong with the times run name printed, or nil.
func dishonesty(name string, r *grade.Run) *msg.Message {
	lines := ModeLines(r.Stdout)
	floor := judge.WorkingTime(r.Observation, &r.Analysis)
	bad := func(k msg.Key, args ...any) *msg.Message { m := msg.New(k, args...); return &m }
	for _, l := range lines {
		if _, ok := l["mode"]; !ok {
			continue
		}
		s, ok := l["seconds"]
		if !ok {
			return bad(msgNoSeconds, name, l.describe())
		}
		secs, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return bad(msgBadSecondsVal, name, s, l.describe())
		}
		if secs > r.Observation.WallSeconds+judge.HonestSlack {
			return bad(msgTooLong, name, s, l.describe(), r.Observation.WallSeconds)
		}
		if countModes(lines) == 1 && secs < judge.HonestShare*floor {
			return bad(msgTooShortTime, name, s, l.describe(), floor)
		}
	}
	return nil
}

func countModes(lines []ModeLine) int {
	n := 0
	for _, l := range lines {
		if _, ok := l["mode"]; ok {
			n++
		}
	}
	return n
}
