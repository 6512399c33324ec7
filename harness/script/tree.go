package script

import (
	"flag"
	"io"
	"strconv"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/rogpeppe/go-internal/testscript"
)

// The commands of this file hold the pids a program printed to the
// processes that were observed: a printed pid proves nothing until the
// observed tree has that process, with that parent.

func init() {
	register(&Command{
		Name:    "pids",
		Args:    "[-distinct] NAME main|observed|children REGEX",
		Summary: "Check that the pids REGEX's first group captures in run NAME's output are observed processes of the right kind",
		Detail: `With main, every pid captured must be the observed main process's: lines
the main process itself must print. With children, every pid must be an
observed process other than the main one, started by the main process: its
parent when first seen is the main process, or, under the forkserver start
method, the fork server the main process started. With -distinct no pid may
be captured twice (each child a process of its own). REGEX must match at
least once. The feedback says which pid is wrong and why (the main
process's own pid: threads or a direct call; never observed: a made-up pid;
another parent).`,
		Run: cmdPids,
	})
	register(&Command{
		Name:    "ppids",
		Args:    "NAME REGEX",
		Summary: "Check that each parent pid a process printed is the parent it was observed with",
		Detail: `REGEX's first group captures a pid and its second the ppid printed with it,
e.g. 'child index=\d+ pid=(\d+) ppid=(\d+)'. The process must have been
observed, and its parent when first seen must be the printed ppid. REGEX
must match at least once.`,
		Run: cmdPpids,
	})
	register(&Command{
		Name:    "cpu",
		Args:    "NAME REGEX OP SECONDS|main",
		Summary: "Compare the CPU time used by each process whose pid REGEX captures in run NAME's output",
		Detail: `REGEX's first group captures pids; each must be an observed process, whose
CPU time (user and system, seconds) must compare to SECONDS with OP (==,
!=, >=, <=, >, <). main stands for the CPU time of the main process, e.g.
cpu p 'child pid=(\d+)' > main checks that the child did more of the work
than the parent. REGEX must match at least once.`,
		Run: cmdCPU,
	})
	register(&Command{
		Name:    "reaped",
		Args:    "NAME [GRACE]",
		Summary: "Check that no child of run NAME stayed a zombie for more than GRACE seconds while the main process lived",
		Detail: `A process that has ended stays a zombie (state Z) until its parent collects
it with join() (wait). The states seen at each sample are read; a process
other than the main one seen as a zombie over a span longer than GRACE
(default 0.5 s) while the main process still ran fails the check. A
parent that joins its children in order leaves a child that ends early a
zombie for a moment; the default allows that. With !, some child must have
stayed a zombie.`,
		Run: cmdReaped,
	})
}

var (
	msgPidNotMain  = msg.Define("script.pid_not_main", "run %s printed pid %s in %q, but the main process was %d: this line must be printed by the main process itself", "la ejecución %s imprimió el pid %s en %q, pero el proceso principal era %d: esta línea debe imprimirla el propio proceso principal")
	msgPidIsMain   = msg.Define("script.pid_is_main", "run %s printed pid %s in %q, which is the main process's own pid: that work was not done in a child process. Threads, or a direct call of the function, share the main process; start a multiprocessing.Process", "la ejecución %s imprimió el pid %s en %q, que es el pid del propio proceso principal: ese trabajo no se hizo en un proceso hijo. Los hilos, o llamar a la función directamente, comparten el proceso principal; inicia un multiprocessing.Process")
	msgPidNotSeen  = msg.Define("script.pid_not_seen", "run %s printed pid %s in %q, but no process with that pid was observed in the run: print os.getpid() in the process itself, not a number from elsewhere", "la ejecución %s imprimió el pid %s en %q, pero no se observó ningún proceso con ese pid en la ejecución: imprime os.getpid() en el propio proceso, no un número sacado de otro sitio")
	msgPidNotChild = msg.Define("script.pid_not_child", "run %s printed pid %s in %q; that process was observed, but it was started by process %d, not by the main process %d", "la ejecución %s imprimió el pid %s en %q; ese proceso se observó, pero lo inició el proceso %d, no el proceso principal %d")
	msgPidTwice    = msg.Define("script.pid_twice", "run %s printed pid %s in %q more than once: each of them must be a process of its own", "la ejecución %s imprimió el pid %s en %q más de una vez: cada uno debe ser un proceso propio")
	msgPpidWrong   = msg.Define("script.ppid_wrong", "run %s: process %s printed ppid=%s, but its parent was observed to be %d: print os.getppid() in the process itself", "ejecución %s: el proceso %s imprimió ppid=%s, pero se observó que su padre era %d: imprime os.getppid() en el propio proceso")
	msgCPUCompare  = msg.Define("script.cpu_compare", "run %s: process %s (%q) used %.2f s of CPU; expected %s %s s: the work must be done in that process", "ejecución %s: el proceso %s (%q) usó %.2f s de CPU; se esperaba %s %s s: el trabajo debe hacerse en ese proceso")
	msgZombie      = msg.Define("script.zombie", "run %s: child process %d ended but stayed a zombie for %.2f s (at most %.2f s expected) while the main process went on: a child that has ended is collected only by join(); join every child you start, as soon as you wait for it", "ejecución %s: el proceso hijo %d terminó pero quedó zombi %.2f s (se esperaba como mucho %.2f s) mientras el proceso principal seguía: a un hijo que terminó solo lo recoge join(); haz join de cada hijo que inicies, en cuanto lo esperes")
	msgNoZombie    = msg.Define("script.no_zombie", "run %s: no child stayed a zombie", "ejecución %s: ningún hijo quedó zombi")
)

// pidsOf returns the pids REGEX captures in the run's output; the run must
// print at least one.
func pidsOf(ts *testscript.TestScript, st *State, name, expr string) (*grade.Run, []string) {
	r := st.run(ts, name)
	re := mustCompile(ts, st, expr)
	if re.NumSubexp() < 1 {
		st.Error = true
		ts.Fatalf("%q has no group (…) to capture a pid", expr)
	}
	var pids []string
	for _, c := range captures(re, r.Stdout) {
		pids = append(pids, c[0])
	}
	if len(pids) == 0 {
		st.fail(ts, msg.New(msgNoMatch, name, expr, excerpt(r.Stdout)))
	}
	return r, pids
}

// observedPid returns the observed process a printed pid names.
func observedPid(o *observe.Observation, s string) (observe.Process, bool) {
	pid, err := strconv.Atoi(s)
	if err != nil {
		return observe.Process{}, false
	}
	return o.ProcessInRun(pid)
}

func cmdPids(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	fs := flag.NewFlagSet("pids", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	distinct := fs.Bool("distinct", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 3 {
		st.Error = true
		usage(ts, "pids")
	}
	name, kind, expr := fs.Arg(0), fs.Arg(1), fs.Arg(2)
	if kind != "main" && kind != "observed" && kind != "children" {
		st.Error = true
		usage(ts, "pids")
	}
	r, pids := pidsOf(ts, st, name, expr)
	st.settle(ts, neg, "pids", args, pidProblem(r.Observation, name, kind, expr, pids, *distinct))
}

// pidProblem says what is wrong with the printed pids, or nil.
func pidProblem(o *observe.Observation, name, kind, expr string, pids []string, distinct bool) *msg.Message {
	m := func(k msg.Key, args ...any) *msg.Message { x := msg.New(k, args...); return &x }
	main := o.MainPID()
	seen := map[string]bool{}
	for _, s := range pids {
		if distinct && seen[s] {
			return m(msgPidTwice, name, s, expr)
		}
		seen[s] = true
		p, ok := observedPid(o, s)
		switch {
		case kind == "main" && p.PID != main:
			return m(msgPidNotMain, name, s, expr, mainInRun(o))
		case kind == "main":
		case ok && p.PID == main:
			return m(msgPidIsMain, name, s, expr)
		case !ok && plausiblePid(o, s):
			// Too short-lived to be sampled, and close to the run's own pids.
		case !ok:
			return m(msgPidNotSeen, name, s, expr)
		case kind == "children":
			if parent, ok := judge.ChildOfMain(o, p); !ok {
				if q, found := o.Process(parent); found {
					parent = q.PIDInRun()
				}
				return m(msgPidNotChild, name, s, expr, parent, mainInRun(o))
			}
		}
	}
	return nil
}

func cmdPpids(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) != 2 || neg {
		st.Error = true
		usage(ts, "ppids")
	}
	name, expr := args[0], args[1]
	r := st.run(ts, name)
	re := mustCompile(ts, st, expr)
	if re.NumSubexp() < 2 {
		st.Error = true
		ts.Fatalf("%q needs two groups: the pid and the ppid", expr)
	}
	pairs := captures(re, r.Stdout)
	if len(pairs) == 0 {
		st.fail(ts, msg.New(msgNoMatch, name, expr, excerpt(r.Stdout)))
	}
	for _, c := range pairs {
		p, ok := observedPid(r.Observation, c[0])
		if !ok && plausiblePid(r.Observation, c[0]) {
			continue // too short-lived to be sampled: its parent cannot be checked
		}
		if !ok {
			st.fail(ts, msg.New(msgPidNotSeen, name, c[0], expr))
		}
		if strconv.Itoa(p.PPIDInRun()) != c[1] {
			st.fail(ts, msg.New(msgPpidWrong, name, c[0], c[1], p.PPIDInRun()))
		}
	}
}

func cmdCPU(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) != 4 || neg {
		st.Error = true
		usage(ts, "cpu")
	}
	name, expr, op, want := args[0], args[1], args[2], args[3]
	r, pids := pidsOf(ts, st, name, expr)
	o := r.Observation
	if want == "main" && len(o.Processes) > 0 {
		want = strconv.FormatFloat(o.Processes[0].TotalCPUSeconds(), 'f', 2, 64)
	}
	for _, s := range pids {
		p, ok := observedPid(o, s)
		if !ok {
			st.fail(ts, msg.New(msgPidNotSeen, name, s, expr))
		}
		holds, err := compare(p.TotalCPUSeconds(), op, want)
		if err != nil {
			st.Error = true
			ts.Fatalf("cpu: %v", err)
		}
		if !holds {
			st.fail(ts, msg.New(msgCPUCompare, name, s, expr, p.TotalCPUSeconds(), op, want))
		}
	}
}

func cmdReaped(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) < 1 || len(args) > 2 {
		st.Error = true
		usage(ts, "reaped")
	}
	grace := judge.DefaultZombieGrace
	if len(args) == 2 {
		v, err := strconv.ParseFloat(args[1], 64)
		if err != nil || v < 0 {
			st.Error = true
			ts.Fatalf("reaped: GRACE must be a number of seconds, not %q", args[1])
		}
		grace = v
	}
	r := st.run(ts, args[0])
	pid, span := judge.LongestZombie(r.Observation)
	switch {
	case span > grace && !neg:
		st.fail(ts, msg.New(msgZombie, args[0], pid, span, grace))
	case span <= grace && neg:
		st.fail(ts, msg.New(msgNoZombie, args[0]))
	}
}

// plausiblePid reports whether a printed pid that was not observed is
// close to the pids the run was observed to have (see
// judge.PlausiblePid).
func plausiblePid(o *observe.Observation, s string) bool {
	pid, err := strconv.Atoi(s)
	return err == nil && judge.PlausiblePid(o, pid)
}

// mainInRun is the main process's pid as the program saw it.
func mainInRun(o *observe.Observation) int {
	if len(o.Processes) == 0 {
		return 0
	}
	return o.Processes[0].PIDInRun()
}
