package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/kit"
)

func init() {
	Register(&Command{
		Name:    "kit",
		Summary: "Write a student repository for an assignment",
		Args:    "[--mpgrade-version V] [--mpgrade-replace PATH] NAME|DIR OUT_DIR",
		Detail: `NAME is a built-in assignment, DIR the path of an assignment folder. OUT_DIR,
new or empty, gets the public part of the assignment: the statement
(README.md, README.es.md), the starter, the public checks (checks/), the
calibration program (calibration/) and the rubric without its hidden
checks (assignment.json); and a go.mod, a go.sum and grade_test.go so that
'go test ./...' grades the student's program, and a GitHub Actions workflow
(.github/workflows/grade.yml) that grades every push. It never gets a hidden
check, a model answer or a test submission: the folder is audited before
the command ends. Nor does the mpgrade module the kit requires hold any:
the built-in assignments keep them in a module of their own (private/).

go.mod requires the version of mpgrade this program was installed from
(or --mpgrade-version V) and every module mpgrade requires; go.sum holds
their hashes, mpgrade's too when the version is this program's own, so
'go test' needs no checksum database and, with the modules in Go's module
cache, no network. A program built from a checkout knows no published
version: give --mpgrade-version or --mpgrade-replace, or the kit names
"latest" and a student runs 'go mod tidy' once first.`,
		Run: runKit,
	})
}

func runKit(env *Env, fs *flag.FlagSet) func([]string) error {
	version := fs.String("mpgrade-version", "", "the version of mpgrade the kit requires (default: this program's, else the latest)")
	replace := fs.String("mpgrade-replace", "", "use the mpgrade checkout at PATH instead of the published module (a replace directive)")
	module := fs.String("module", "", "the kit's module path (default: the assignment's name)")
	return func(args []string) error {
		if len(args) != 2 {
			return &UsageError{Message: "give the assignment's NAME (or its folder DIR) and the OUT_DIR to write, e.g. mpgrade kit mp_worker ./mp_worker"}
		}
		a, err := assignments.Load(args[0])
		if err != nil {
			return &UsageError{Message: err.Error()}
		}
		files, err := kit.Write(a, args[1], kit.Options{
			ModulePath: *module, MpgradeVersion: *version, MpgradeReplace: *replace, Lang: string(env.Lang),
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "wrote %s to %s:\n  %s\n", a.Name, args[1], strings.Join(files, "\n  "))
		return nil
	}
}
