package script

import (
	"flag"
	"io"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	register(&Command{
		Name:    "together",
		Args:    "[-busy] [-min N] NAME REGEX",
		Summary: "Check that the processes whose pids REGEX captures in run NAME's output were alive (or busy) at the same time",
		Detail: `REGEX's first group captures pids (repeats count once); each must be an
observed process. At least N of them (default: all, and at least 2) must
have been alive at one moment: a lock or a queue shared by processes that
never lived together proves nothing.

With -busy they must also have worked at the same time: in at least 2
consecutive 0.2 s windows, N of them each gained at least 0.02 s of CPU.
That rate is a tenth of a core, far below judge's busy rate, so that
processes that hand a lock back and forth on a loaded machine still count;
a process that waits for the whole of another's work gains nothing. When
the processes were alive together but not busy together on a machine that
cannot show it (fewer than 2 CPUs, or too loaded by other programs), the
check is inconclusive, not failed.`,
		Run: cmdTogether,
	})
}

var (
	msgFewProcesses  = msg.Define("script.few_processes", "run %s: %q names %d distinct process(es); at least %d expected: is the work really shared among several processes?", "ejecución %s: %q nombra %d proceso(s) distinto(s); se esperaban al menos %d: ¿se reparte de verdad el trabajo entre varios procesos?")
	msgNeverTogether = msg.Define("script.never_together", "run %s: the processes of %q were never alive at the same time (at most %d of them at once, %d expected): each started after the other had ended, so they never shared anything. Start them all, then join them all", "ejecución %s: los procesos de %q nunca estuvieron vivos a la vez (como mucho %d a la vez, se esperaban %d): cada uno empezó cuando el otro ya había terminado, así que nunca compartieron nada. Inícialos todos y luego haz join de todos")
	msgNeverBusy     = msg.Define("script.never_busy", "run %s: the processes of %q were alive together but never worked at the same time (%d of them gaining CPU in %d consecutive 0.2 s windows at most; %d and %d expected): one waited while the other worked. Hold a lock only around the update it protects, not around the whole loop", "ejecución %s: los procesos de %q estuvieron vivos a la vez pero nunca trabajaron al mismo tiempo (como mucho %d ganando CPU en %d ventanas consecutivas de 0,2 s; se esperaban %d y %d): uno esperó mientras el otro trabajaba. Toma el lock solo alrededor de la actualización que protege, no de todo el bucle")
	msgBusyUnclear   = msg.Define("script.busy_unclear", "run %s: the processes of %q were alive together, but this machine could not show them working at the same time (%.1f CPUs available, %.1f of them kept busy by other programs)", "ejecución %s: los procesos de %q estuvieron vivos a la vez, pero esta máquina no pudo mostrarlos trabajando al mismo tiempo (%.1f CPUs disponibles, %.1f de ellas ocupadas por otros programas)")
	msgTogetherUnwan = msg.Define("script.together_unwanted", "run %s: the processes of %q were at the same time", "ejecución %s: los procesos de %q estuvieron a la vez")
)

func cmdTogether(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	fs := flag.NewFlagSet("together", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	busy := fs.Bool("busy", false, "")
	least := fs.Int("min", 0, "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 2 || *least < 0 {
		st.Error = true
		usage(ts, "together")
	}
	name, expr := fs.Arg(0), fs.Arg(1)
	r, pids := pidsOf(ts, st, name, expr)
	o := r.Observation
	var procs []observe.Process
	seen := map[int]bool{}
	for _, s := range pids {
		p, ok := observedPid(o, s)
		if !ok {
			st.fail(ts, msg.New(msgPidNotSeen, name, s, expr))
		}
		if !seen[p.PID] {
			seen[p.PID] = true
			procs = append(procs, p)
		}
	}
	want := *least
	if want == 0 {
		want = max(len(procs), 2)
	}
	if len(procs) < want {
		if !neg {
			st.fail(ts, msg.New(msgFewProcesses, name, expr, len(procs), want))
		}
		return
	}
	alive := judge.MostAlive(procs)
	if alive < want {
		if !neg {
			st.fail(ts, msg.New(msgNeverTogether, name, expr, alive, want))
		}
		return
	}
	if *busy {
		most, run := judge.BusyTogether(o, procs, want)
		if run < judge.MinPhaseWindows {
			if neg {
				return
			}
			other := r.Analysis.OtherLoad
			if !judge.CanShowTogether(o.CPUs.Available, other) {
				st.inconclusive(ts, msg.New(msgBusyUnclear, name, expr, o.CPUs.Available, other))
			}
			st.fail(ts, msg.New(msgNeverBusy, name, expr, most, run, want, judge.MinPhaseWindows))
		}
	}
	if neg {
		st.fail(ts, msg.New(msgTogetherUnwan, name, expr))
	}
}
