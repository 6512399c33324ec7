package cli

import (
	"flag"
	"fmt"

	"github.com/mpgrade/mpgrade/harness/batch"
	"github.com/mpgrade/mpgrade/harness/msg"
)

func init() {
	Register(&Command{
		Name:    "merge",
		Summary: "Join the output folders of 'mpgrade grade --shard' into one gradebook",
		Args:    "OUT_DIR... -o MERGED_DIR",
		Detail: `Each OUT_DIR is the output folder of one shard. MERGED_DIR receives what
one 'mpgrade grade' over all the submissions would have written: the
gradebook, moodle.csv, every result and feedback, the summary and the
journal. A student graded in two shards is an error, as are shards graded
with different settings.

Exit status: 0 when merged, 1 when a folder cannot be read, 2 on a usage
error.`,
		Run: runMerge,
	})
}

func runMerge(env *Env, fs *flag.FlagSet) func([]string) error {
	out := fs.String("o", "", "the merged output folder (required)")
	moodleID := fs.String("moodle-id", "Username", "header of moodle.csv's identifier column: Username, ID number or Email address")
	return func(args []string) error {
		dirs, err := interspersed(fs, args)
		if err != nil {
			return err
		}
		env.Lang = msg.ParseLang(fs.Lookup("lang").Value.String())
		if len(dirs) == 0 || *out == "" {
			return &UsageError{Message: "give the shards' output folders and the merged folder with -o MERGED_DIR"}
		}
		s, err := batch.Merge(dirs, *out, env.Lang, *moodleID)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, msg.New(msgMerged, len(dirs), s.Students, *out).In(env.Lang))
		fmt.Fprint(env.Stdout, "\n"+batch.SummaryHead(s, env.Lang))
		return nil
	}
}

var msgMerged = msg.Define("cli.merge.done", "Merged %d folders, %d students, into %s.", "Se unieron %d carpetas, %d estudiantes, en %s.")
