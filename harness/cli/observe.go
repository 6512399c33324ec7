package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/harness/report"
	"github.com/mpgrade/mpgrade/harness/report/html"
)

func init() {
	Register(&Command{
		Name:    "observe",
		Summary: "Run any program, watch its whole process tree and say whether it ran in parallel",
		Args:    "[--json] [--html FILE] [--trace FILE] [--interval D] [--timeout D] [--start METHOD] -- CMD [ARG...]",
		Detail: `The program's own output passes through. At the end mpgrade prints the
verdict (parallel, not_parallel or inconclusive) with its reasons, the
figures it measured and one line per process. With --json it prints one JSON
object instead. --start spawn (or forkserver, fork) runs every Python
process of the program with that multiprocessing start method, whatever the
program asks for, as the grader's spawn check does: on Linux it shows how
the program behaves on macOS and Windows, where spawn is the default. Exit
status: the program's own when it failed, 0 otherwise.`,
		Run: runObserve,
	})
}

func runObserve(env *Env, fs *flag.FlagSet) func([]string) error {
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	trace := fs.String("trace", "", "write the whole observation, with every sample, as JSON to this file")
	htmlFile := fs.String("html", "", "write a self-contained HTML page with each process's CPU timeline to this file")
	interval := fs.Duration("interval", observe.DefaultInterval, "sampling interval")
	timeout := fs.Duration("timeout", 0, "stop the program after this long (0: no limit)")
	start := fs.String("start", "", "force this multiprocessing start method: spawn, forkserver or fork")
	requireIsolation := fs.Bool("require-isolation", false, "refuse to run the program unless it gets namespaces of its own")
	return func(args []string) error {
		if len(args) == 0 {
			return &UsageError{Message: "no program given: put it after --, e.g. mpgrade observe -- python3 mp_worker.py"}
		}
		spec := observe.Spec{Args: args, Stdin: env.Stdin, Stdout: env.Stdout, Stderr: env.Stderr,
			Interval: *interval, Limits: observe.Limits{Wall: *timeout}, StartMethod: *start}
		if *start != "" && !slices.Contains(observe.StartMethods, *start) {
			return &UsageError{Message: fmt.Sprintf("--start %s: give one of %s", *start, strings.Join(observe.StartMethods, ", "))}
		}
		if *asJSON {
			spec.Stdout = env.Stderr // keep stdout for the JSON object alone
		}
		obs, err := observe.Local{RequireIsolation: *requireIsolation}.Observe(env.Ctx, spec)
		if err != nil {
			return &ExitError{Code: 127, Message: fmt.Sprintf("mpgrade observe: %v", err)}
		}
		if *trace != "" {
			if err := writeTrace(*trace, obs); err != nil {
				return err
			}
		}
		analysis := judge.Analyze(obs)
		if *htmlFile != "" {
			html.Default.Version = Version
			err := writeReport(env, *htmlFile, func(w io.Writer) error { return html.WriteObservation(w, obs, analysis, env.Lang) })
			if err != nil {
				return err
			}
		}
		s := report.Summarize(obs, analysis, env.Lang)
		if *asJSON {
			report.WriteObservationJSON(env.Stdout, s)
		} else {
			fmt.Fprintln(env.Stdout)
			report.WriteObservationText(env.Stdout, s, env.Lang)
		}
		if obs.ExitCode != 0 {
			code := obs.ExitCode
			if code < 0 {
				code = 128 + signalNumber(obs.Signal)
			}
			return &ExitError{Code: code}
		}
		return nil
	}
}

func writeTrace(path string, obs *observe.Observation) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := report.WriteJSON(f, obs); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
