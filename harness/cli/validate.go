package cli

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/validate"
)

func init() {
	Register(&Command{
		Name:    "validate",
		Summary: "Test an assignment folder before a class sees it",
		Args:    "[--n N] [--target SECONDS] NAME|DIR",
		Detail: `DIR is an assignment folder (mpgrade new writes one), NAME a built-in
assignment. validate checks that the rubric (assignment.json) names a script
for every check and that every script parses, naming file and line of what
is wrong; that the model answer (solution/) gets full marks, hidden checks
included; that the starter runs; that each test submission (tests/NAME/)
gets what its expect.txt says; and that no check cannot fail: a check that
the starter and every test submission that grades it pass is named, with
what to add. A check the machine cannot judge now (too few CPUs, too busy)
is inconclusive and noted, not held against the folder.

Exit status: 0 when the folder is valid, 1 when anything is wrong, 2 on a
usage error.`,
		Run: runValidate,
	})
}

func runValidate(env *Env, fs *flag.FlagSet) func([]string) error {
	n := fs.Int("n", 0, "fix the workload size N (default: chosen as grading chooses it)")
	target := fs.Float64("target", 0, "target seconds of the yardstick's sequential run (default: the assignment's)")
	return func(args []string) error {
		if len(args) != 1 {
			return &UsageError{Message: "give one assignment: a folder's path, or a built-in name (" + strings.Join(assignments.Names(), ", ") + ")"}
		}
		a, err := assignments.Load(args[0])
		if err != nil {
			fmt.Fprintln(env.Stdout, "FAIL  load    "+err.Error())
			return &ExitError{Code: 1}
		}
		where := a.Source
		if !assignments.IsPath(args[0]) {
			where = "built in"
			if root := assignments.PrivateRoot(); a.Private {
				where += "; private parts in " + filepath.Join(root, a.Name)
			}
		}
		fmt.Fprintf(env.Stdout, "validating %s (%s)\n", a.Name, where)
		r, err := validate.Validate(env.Ctx, a, validate.Options{N: *n, TargetSeconds: *target,
			Progress: func(s validate.Step) { writeStep(env.Stdout, s) }})
		if err != nil {
			return err
		}
		if !r.OK() {
			fmt.Fprintf(env.Stdout, "%s: %d problems, in %.0f s\n", a.Name, r.Problems(), r.Seconds)
			return &ExitError{Code: 1}
		}
		fmt.Fprintf(env.Stdout, "%s is valid, in %.0f s\n", a.Name, r.Seconds)
		return nil
	}
}

// writeStep writes one step of a validation: its outcome and summary, then
// its problems and notes, indented.
func writeStep(w io.Writer, s validate.Step) {
	word := "ok  "
	if !s.OK() {
		word = "FAIL"
	}
	fmt.Fprintf(w, "%s  %-22s %s (%.0f s)\n", word, s.Name, s.Summary, s.Seconds)
	for _, p := range s.Problems {
		fmt.Fprintf(w, "      %s\n", p)
	}
	for _, n := range s.Notes {
		fmt.Fprintf(w, "      note: %s\n", n)
	}
}
