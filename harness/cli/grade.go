package cli

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/batch"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
)

func init() {
	Register(&Command{
		Name:    "grade",
		Summary: "Grade a folder of submissions into a gradebook, resumably and in parallel slots",
		Args:    "[--assignment NAME|DIR] SUBMISSIONS_DIR -o OUT_DIR",
		Detail: `SUBMISSIONS_DIR holds one submission per student: a folder, or a .zip file,
named by the student's id. OUT_DIR receives gradebook.csv, moodle.csv (for
Moodle's gradebook import), results/ID.json (every observation), feedback/ID.txt
(in the --lang language), summary.txt and summary.md (the class overview), and
journal.jsonl, one line per graded submission.

Each result is written as soon as it is known. Run the same command again
after an interruption (Ctrl-C, kill -9, a power cut) and it goes on where it
stopped: submissions already graded, with the same content, are kept. A
submission that crashes, hangs or breaks the limits gets its row with the
reason, and the batch goes on.

Submissions are graded in slots of --cpus-per-slot CPUs each, pinned to
disjoint CPUs so that no two gradings share a core: on 2 CPUs that is one
slot. --shard i/n grades the share of the students whose id hashes to i
(counting from 0) of n, for a job array across machines; 'mpgrade merge'
joins the shards' folders into one.

Exit status: 0 when every submission was graded (whatever the grades), 1 when
the grader failed, 2 on a usage error, 130 when interrupted.`,
		Run: runGrade,
	})
}

func runGrade(env *Env, fs *flag.FlagSet) func([]string) error {
	name := fs.String("assignment", "mp_worker", "the assignment: a built-in one ("+strings.Join(assignments.Names(), ", ")+") or the path of an assignment folder")
	out := fs.String("o", "", "the output folder (required)")
	regrade := fs.Bool("regrade", false, "grade every submission again, even those already graded")
	slots := fs.Int("slots", 0, "grade at most this many submissions at once (default: as many as the CPUs allow)")
	perSlot := fs.Int("cpus-per-slot", batch.DefaultCPUsPerSlot, "CPUs given to each submission's grading")
	shard := fs.String("shard", "", "grade only shard i of n (i/n, i from 0), for a job array")
	hidden := fs.Bool("hidden", false, "include the hidden checks (official grading)")
	only := fs.String("only", "", "grade only these checks (comma-separated names)")
	n := fs.Int("n", 0, "fix the workload size N (default: chosen once, so that the reference's sequential run takes the target time)")
	target := fs.Float64("target", 0, "target seconds of the reference's sequential run (default: the assignment's)")
	timeout := fs.Duration("timeout", batch.DefaultSubmissionTimeout, "the longest one submission's grading may take")
	moodleID := fs.String("moodle-id", "Username", "header of moodle.csv's identifier column: Username, ID number or Email address")
	requireIsolation := fs.Bool("require-isolation", false, requireIsolationUsage)
	return func(args []string) error {
		pos, err := interspersed(fs, args)
		if err != nil {
			return err
		}
		env.Lang = msg.ParseLang(fs.Lookup("lang").Value.String())
		if len(pos) != 1 || *out == "" {
			return &UsageError{Message: "give one SUBMISSIONS_DIR and the output folder with -o OUT_DIR"}
		}
		a, err := assignments.Load(*name)
		if err != nil {
			return &UsageError{Message: err.Error()}
		}
		opts := batch.Options{Assignment: a, Submissions: pos[0], Out: *out, Lang: env.Lang, Regrade: *regrade,
			Slots: *slots, CPUsPerSlot: *perSlot, Hidden: *hidden, N: *n, TargetSeconds: *target,
			SubmissionTimeout: *timeout, Version: Version, Progress: env.Stderr, Terminal: batch.IsTerminal(env.Stderr),
			MoodleIDColumn: *moodleID}
		if *shard != "" {
			if opts.Shard, err = batch.ParseShard(*shard); err != nil {
				return &UsageError{Message: err.Error()}
			}
		}
		if *only != "" {
			opts.Only = strings.Split(*only, ",")
			if err := knownChecks(a, opts.Only, env.Lang); err != nil {
				return err
			}
		}
		if *requireIsolation {
			// The workers grade on this machine: what one run gets here, all do.
			if err := observe.ProbeIsolation(env.Ctx); err != nil {
				return err
			}
		}
		res, err := batch.Run(env.Ctx, opts)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, msg.New(msgGraded, res.Graded, res.Kept, res.Submissions, time.Duration(res.Seconds*float64(time.Second)).Round(time.Second),
			len(res.Slots), slotList(res.Slots), *out).In(env.Lang))
		fmt.Fprint(env.Stdout, "\n"+batch.SummaryHead(res.Summary, env.Lang))
		if res.Interrupted {
			return &ExitError{Code: 130, Message: msg.New(msgInterrupted, res.Graded+res.Kept, res.Submissions).In(env.Lang)}
		}
		return nil
	}
}

var (
	msgGraded      = msg.Define("cli.grade.done", "Graded %d submissions (kept %d already graded) of %d in %s, in %d slots (CPUs %s); the results are in %s.", "Se calificaron %d entregas (se conservaron %d ya calificadas) de %d en %s, en %d ranuras (CPU %s); los resultados están en %s.")
	msgInterrupted = msg.Define("cli.grade.interrupted", "Interrupted: %d of %d submissions are graded and kept. Run the same command again to go on.", "Interrumpido: %d de %d entregas están calificadas y guardadas. Vuelve a ejecutar la misma orden para continuar.")
	msgUnknownCk   = msg.Define("cli.grade.unknown_check", "--only: no check called %q in %s; its checks are: %s", "--only: no hay ninguna comprobación llamada %q en %s; sus comprobaciones son: %s")
)

func slotList(slots []batch.Slot) string {
	var parts []string
	for _, s := range slots {
		parts = append(parts, batch.FormatCPUs(s.CPUs))
	}
	return strings.Join(parts, "; ")
}

// knownChecks makes sure every name is a check of the assignment.
func knownChecks(a *assignments.Assignment, names []string, lang msg.Lang) error {
	var all []string
	for _, c := range a.Checks {
		all = append(all, c.Name)
	}
	for _, n := range names {
		found := false
		for _, c := range all {
			found = found || c == n
		}
		if !found {
			return &UsageError{Message: msg.New(msgUnknownCk, n, a.Name, strings.Join(all, ", ")).In(lang)}
		}
	}
	return nil
}

// interspersed parses flags that follow positional arguments too
// ("grade DIR -o OUT"), and returns the positional arguments.
func interspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for len(args) > 0 {
		if args[0] == "-" || !strings.HasPrefix(args[0], "-") {
			pos, args = append(pos, args[0]), args[1:]
			continue
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		if err := fs.Parse(args); err != nil {
			return nil, &UsageError{Message: err.Error()}
		}
		args = fs.Args()
	}
	return pos, nil
}
