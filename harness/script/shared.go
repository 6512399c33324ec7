package script

import (
	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	register(&Command{
		Name:    "shared",
		Args:    "PAR SEQ",
		Summary: "Check that the work of run SEQ was shared among the processes of run PAR",
		Detail: `The work is the CPU time run SEQ, the sequential mode on the same input,
used in all (the kernel's exact total). It fails when one process of run
PAR used nearly all of it (judge.AloneWorkShare) while other processes used
CPU beside it and none shared it: decoys that spin while the main process
counts, a main process that busy-polls while a single worker does
everything. Busy is not work. A child that did nearly all beside other
children that worked is an uneven split, which the balanced command
judges, unless it used the whole work's CPU itself
(judge.AloneWholeShare).
When run SEQ did too little CPU work to share, that is noted and the
script goes on: the commands after it judge the run itself.
With !, one process must have done the work alone.`,
		Run: cmdShared,
	})
}

var (
	msgWorkAlone     = msg.Define("script.work_alone", "run %s: process %d (%s) used %.2f s of CPU, %.0f%% of the %.2f s the sequential run needed for the whole work, while the other processes used %.2f s beside it: it did nearly all the work alone, and the others were only busy — give each worker its own share of the numbers to test", "ejecución %s: el proceso %d (%s) usó %.2f s de CPU, el %.0f%% de los %.2f s que necesitó la ejecución secuencial para todo el trabajo, mientras los demás procesos usaron %.2f s a su lado: hizo casi todo el trabajo solo, y los demás solo estaban ocupados — da a cada trabajador su propia parte de los números a probar")
	msgWorkShared    = msg.Define("script.work_shared", "run %s: the work was shared: the busiest process (%d, %s) did %.0f%% of it", "ejecución %s: el trabajo se repartió: el proceso más ocupado (%d, %s) hizo el %.0f%%")
	msgRoleMain      = msg.Define("script.role_main", "the main process", "el proceso principal")
	msgRoleOther     = msg.Define("script.role_other", "a child process", "un proceso hijo")
	msgWorkTooLittle = msg.Define("script.work_too_little", "run %s: the sequential run used only %.2f s of CPU, too little work to tell how it was shared (at least %.2f s are needed): give it a larger N", "ejecución %s: la ejecución secuencial usó solo %.2f s de CPU, demasiado poco trabajo para saber cómo se repartió (se necesitan al menos %.2f s): dale un N mayor")
)

func cmdShared(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) != 2 {
		st.Error = true
		usage(ts, "shared")
	}
	par, seq := st.run(ts, args[0]), st.run(ts, args[1])
	ws := judge.ShareOfWork(par.Observation, par.Analysis, seq.Analysis.CPUSeconds)
	who := msg.New(msgRoleOther)
	if ws.Busiest.Role == judge.RoleMain {
		who = msg.New(msgRoleMain)
	}
	switch {
	case !ws.Judged:
		// Noted, not an ending: the commands after it say what the run
		// itself shows (one CPU, too short), which is the better reason.
		st.note(ts, msg.New(msgWorkTooLittle, args[1], ws.Work, judge.MinWorkCPU))
	case ws.Alone && !neg:
		st.fail(ts, msg.New(msgWorkAlone, args[0], ws.Busiest.PID, who, ws.Busiest.CPUSeconds, 100*ws.Share, ws.Work, ws.Others))
	case !ws.Alone && neg:
		st.fail(ts, msg.New(msgWorkShared, args[0], ws.Busiest.PID, who, 100*ws.Share))
	}
}
