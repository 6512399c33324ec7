package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/mpgrade/mpgrade/harness/scaffold"
)

func init() {
	Register(&Command{
		Name:    "new",
		Summary: "Write a new assignment folder that works as written, to edit",
		Args:    "NAME DIR",
		Detail: `DIR, new or empty, gets a small CPU-bound exercise called NAME (its program
is NAME.py): add up the Collatz steps of every number below N, sequentially
and with several processes. It holds everything an assignment folder holds:

  assignment.json        the rubric and settings
  README.md, README.es.md  the statement, in English and Spanish
  starter/NAME.py        what students start from
  checks/*.txtar         the checks' scripts, public and hidden (odd_workers)
  calibration/NAME.py    the public yardstick: right totals, a parallel mode
                         that is plain CPU work, not an answer
  solution/NAME.py       the model answer (private)
  tests/*/               test submissions with their expect.txt (private)

'mpgrade validate DIR' passes on it as written. Edit it into your exercise,
validating as you go; then grade with --assignment DIR, hand out
'mpgrade kit DIR OUT' (the public part alone) and grade officially with
'mpgrade platform --assignment DIR'. The commands and conditions the checks
can use are listed in harness/script/REFERENCE.md.`,
		Run: runNew,
	})
}

func runNew(env *Env, fs *flag.FlagSet) func([]string) error {
	return func(args []string) error {
		if len(args) != 2 {
			return &UsageError{Message: "give the assignment's NAME and the DIR to write, e.g. mpgrade new barrier ./barrier"}
		}
		files, err := scaffold.Write(args[0], args[1])
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "wrote the assignment %s to %s:\n  %s\nNext: mpgrade validate %s\n", args[0], args[1], strings.Join(files, "\n  "), args[1])
		return nil
	}
}
