package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/platforms"
)

func init() {
	Register(&Command{
		Name:    "platform",
		Summary: "Write the set-up that grades an assignment on an autograding platform",
		Args:    "[--assignment NAME|DIR] [--binary PATH] gradescope OUT.zip | prairielearn OUT_DIR | github OUT_DIR",
		Detail: `gradescope writes the autograder zip to upload to Gradescope: setup.sh,
run_autograder, mpgrade and mpgrade.env. Each submission is graded with
every check, hidden ones included (shown after the due date), into
/autograder/results/results.json. The zip carries the assignment's folder
(assignment/), hidden checks and model answer included, for the grader's
eyes: the submission runs as another user and cannot read it.

prairielearn writes the folder to put in the course's serverFilesCourse/ as
mpgrade/: the entrypoint run, mpgrade, mpgrade.env and info-example.json,
the externalGradingOptions a question needs.

github writes .github/workflows/grade.yml for a student repository made by
'mpgrade kit'.

Gradescope and PrairieLearn get a copy of an mpgrade program built for Linux
on x86-64: this one by default, or the one --binary names. Both give a
submission less than one CPU unless told otherwise; see platforms/README.md
for how to give it 2 or more. With less, the parallel checks are
inconclusive, not failed.`,
		Run: runPlatform,
	})
}

func runPlatform(env *Env, fs *flag.FlagSet) func([]string) error {
	name := fs.String("assignment", "mp_worker", "the assignment to grade: a built-in name or the path of an assignment folder")
	binary := fs.String("binary", "", "the mpgrade program to ship, built for Linux on x86-64 (default: this one)")
	return func(args []string) error {
		if len(args) != 2 {
			return &UsageError{Message: "give the platform (gradescope, prairielearn or github) and where to write its set-up"}
		}
		a, err := assignments.Load(*name)
		if err != nil {
			return &UsageError{Message: err.Error()}
		}
		cfg := platforms.Config{Assignment: a.Name, Lang: string(env.Lang), Binary: *binary}
		if a.Private {
			cfg.Folder = a.Files
		} else if hasHidden(a) {
			fmt.Fprintf(env.Stderr, "warning: this mpgrade holds only the public part of %s, so the set-up cannot grade its hidden checks: give --assignment the assignment's folder, or run from a checkout\n", a.Name)
		}
		if args[0] == "github" {
			cfg.Assignment = "." // the kit's own folder
		}
		if cfg.Binary == "" && args[0] != "github" {
			if cfg.Binary, err = os.Executable(); err != nil {
				return fmt.Errorf("finding this program to ship it: %v; give --binary", err)
			}
		}
		out := args[1]
		switch args[0] {
		case "gradescope":
			err = writeReport(env, out, func(w io.Writer) error { return platforms.GradescopeZip(w, cfg) })
		case "prairielearn":
			err = platforms.PrairieLearnDir(out, cfg)
		case "github":
			file := filepath.Join(out, ".github", "workflows", "grade.yml")
			if err = os.MkdirAll(filepath.Dir(file), 0o755); err == nil {
				err = os.WriteFile(file, platforms.Workflow(cfg), 0o644)
			}
			out = file
		default:
			return &UsageError{Message: fmt.Sprintf("unknown platform %q: use gradescope, prairielearn or github", args[0])}
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "wrote the %s set-up for %s to %s\n", args[0], a.Name, out)
		return nil
	}
}

func hasHidden(a *assignments.Assignment) bool {
	for _, c := range a.Checks {
		if c.Hidden {
			return true
		}
	}
	return false
}
