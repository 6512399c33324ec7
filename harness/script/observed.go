package script

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	register(&Command{
		Name:    "parallel",
		Args:    "NAME",
		Summary: "Check that run NAME really ran CPU-bound work in several processes on several cores at once",
		Detail: `The verdict comes from the observation of run NAME (see harness/judge):
parallel passes; not_parallel fails with its reasons (threads under the GIL,
processes started and joined one at a time, children that only sleep...);
inconclusive (fewer than 2 CPUs available, a machine too loaded) ends the
check as inconclusive, never as failed. With !, the run must be
not_parallel.`,
		Run: cmdParallel,
	})
	register(&Command{
		Name:    "observed",
		Args:    "NAME FIELD [OP] VALUE",
		Summary: "Compare a figure observed in run NAME with VALUE",
		Detail: `FIELD is one of: ` + strings.Join(fieldNames(), ", ") + `.
OP is one of ==, !=, >=, <=, >, < (default ==). verdict and cause compare as
words, the rest as numbers. With !, the comparison must not hold.`,
		Run: cmdObserved,
	})
}

// fields are what observed can compare.
var fields = map[string]struct {
	doc string
	get func(r *grade.Run) any
}{
	"verdict":     {"parallel, not_parallel or inconclusive", func(r *grade.Run) any { return string(r.Analysis.Verdict) }},
	"cause":       {"the verdict's main cause, e.g. one_at_a_time", func(r *grade.Run) any { return string(r.Analysis.Cause) }},
	"processes":   {"processes seen", func(r *grade.Run) any { return float64(r.Analysis.Processes) }},
	"workers":     {"processes other than the main one that did real CPU work", func(r *grade.Run) any { return float64(r.Analysis.Workers) }},
	"peak_busy":   {"most processes busy at once", func(r *grade.Run) any { return float64(r.Analysis.PeakBusy) }},
	"cores":       {"cores on which the main process or workers were busy", func(r *grade.Run) any { return float64(len(r.Analysis.CoresUsed)) }},
	"parallelism": {"CPU seconds over wall seconds", func(r *grade.Run) any { return r.Analysis.Parallelism }},
	"cpu":         {"CPU seconds of the whole tree", func(r *grade.Run) any { return r.Analysis.CPUSeconds }},
	"wall":        {"wall seconds", func(r *grade.Run) any { return r.Analysis.WallSeconds }},
	"exit":        {"the exit code", func(r *grade.Run) any { return float64(r.Observation.ExitCode) }},
	"leftovers":   {"processes still running after the main one ended", func(r *grade.Run) any { return float64(len(r.Observation.Leftovers)) }},
}

func fieldNames() []string {
	var names []string
	for name, f := range fields {
		names = append(names, fmt.Sprintf("%s (%s)", name, f.doc))
	}
	sortStrings(names)
	return names
}

var (
	msgNotParallel      = msg.Define("script.not_parallel", "run %s was not parallel: %s", "la ejecución %s no fue paralela: %s")
	msgParallelUnwant   = msg.Define("script.parallel_unwanted", "run %s was expected not to be parallel, but it was: %s", "se esperaba que la ejecución %s no fuera paralela, pero lo fue: %s")
	msgCannotTell       = msg.Define("script.cannot_tell", "run %s: this machine could not tell whether it ran in parallel: %s", "ejecución %s: esta máquina no pudo determinar si corrió en paralelo: %s")
	msgObservedMismatch = msg.Define("script.observed_mismatch", "run %s: expected %s %s %s, but observed %s (%s)", "ejecución %s: se esperaba %s %s %s, pero se observó %s (%s)")
)

func cmdParallel(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) != 1 {
		st.Error = true
		usage(ts, "parallel")
	}
	r := st.run(ts, args[0])
	a := r.Analysis
	reasons := msg.New(msg.Text, strings.Join(msg.Texts(a.Reasons, st.Lang), "; "))
	switch {
	case a.Verdict == judge.Inconclusive:
		st.inconclusive(ts, msg.New(msgCannotTell, args[0], reasons))
	case a.Verdict == judge.NotParallel && !neg:
		st.fail(ts, msg.New(msgNotParallel, args[0], reasons))
	case a.Verdict == judge.Parallel && neg:
		st.fail(ts, msg.New(msgParallelUnwant, args[0], reasons))
	}
}

func cmdObserved(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) == 3 {
		args = []string{args[0], args[1], "==", args[2]}
	}
	if len(args) != 4 {
		st.Error = true
		usage(ts, "observed")
	}
	name, field, op, want := args[0], args[1], args[2], args[3]
	f, ok := fields[field]
	if !ok {
		st.Error = true
		ts.Fatalf("observed: unknown field %q; the fields are: %s", field, strings.Join(fieldNames(), ", "))
	}
	r := st.run(ts, name)
	got := f.get(r)
	holds, err := compare(got, op, want)
	if err != nil {
		st.Error = true
		ts.Fatalf("observed: %v", err)
	}
	if holds == neg {
		shown := op
		if neg {
			shown = "not " + op
		}
		reasons := msg.New(msg.Text, strings.Join(msg.Texts(r.Analysis.Reasons, st.Lang), "; "))
		st.fail(ts, msg.New(msgObservedMismatch, name, field, shown, want, format(got), reasons))
	}
}

func compare(got any, op, want string) (bool, error) {
	if s, ok := got.(string); ok {
		switch op {
		case "==":
			return s == want, nil
		case "!=":
			return s != want, nil
		}
		return false, fmt.Errorf("%q compares words only with == and !=", op)
	}
	x := got.(float64)
	y, err := strconv.ParseFloat(want, 64)
	if err != nil {
		return false, fmt.Errorf("%q is not a number", want)
	}
	switch op {
	case "==":
		return x == y, nil
	case "!=":
		return x != y, nil
	case ">=":
		return x >= y, nil
	case "<=":
		return x <= y, nil
	case ">":
		return x > y, nil
	case "<":
		return x < y, nil
	}
	return false, fmt.Errorf("unknown operator %q: use ==, !=, >=, <=, > or <", op)
}

func format(v any) string {
	if x, ok := v.(float64); ok {
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
	return fmt.Sprint(v)
}
