package script

import (
	"context"
	"strings"

	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/source"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	register(&Command{
		Name:    "source",
		Args:    "[NEED...]",
		Summary: "Check the submission's code, read with Python's ast module, for the problems harness/source finds",
		Detail: `The submission ($SUBMISSION) is read, not run, by the Python that runs
submissions. NEED names what the statement asks the program to use: ` + needList() + `.
Every finding of severity error fails the check, each with its line, what
is wrong and what to do (a need never used, no ` + "`if __name__ == \"__main__\":`" + `
guard, join() in the loop that starts, processes or shared objects created
at import time, unpicklable targets, a lock or queue created inside a
worker...); warnings (a pipe end never closed, other code at import time)
are given as advice and do not fail it. With !, some error must be found.`,
		Run: cmdSource,
	})
}

func needList() string {
	return "process, processes (Process or a Pool), thread, pipe, queue, lock, value, join, is_alive"
}

var (
	msgSourceClean  = msg.Define("script.source_clean", "the code shows none of the problems looked for", "el código no muestra ninguno de los problemas buscados")
	msgSourceAdvice = msg.Define("script.source_advice", "advice: %s", "consejo: %s")
)

// sourceReport reads the submission's code with harness/source; a program
// that cannot be read is an error of the grader.
func sourceReport(ts *testscript.TestScript, st *State) source.Report {
	file := ts.Getenv("SUBMISSION")
	if file == "" {
		file = st.Program
	}
	if file == "" {
		st.Error = true
		ts.Fatalf("source: no $SUBMISSION to read")
	}
	r, err := source.Check(context.Background(), st.Python, ts.MkAbs(file))
	if err != nil {
		st.Error = true
		ts.Fatalf("%v", err)
	}
	return r
}

func cmdSource(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	needs, err := source.ParseNeeds(strings.Join(args, " "))
	if err != nil {
		st.Error = true
		ts.Fatalf("source: %v", err)
	}
	var errs, advice []msg.Message
	for _, f := range sourceReport(ts, st).Findings(needs...) {
		if f.Severity == source.Error {
			errs = append(errs, f.Message)
		} else {
			advice = append(advice, msg.New(msgSourceAdvice, f.Message))
		}
	}
	switch {
	case len(errs) > 0 && !neg:
		st.fail(ts, joinMessages(append(errs, advice...)))
	case len(errs) == 0 && neg:
		st.fail(ts, msg.New(msgSourceClean))
	case len(advice) > 0:
		st.note(ts, joinMessages(advice))
	}
}
