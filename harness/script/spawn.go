package script

import (
	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/source"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	register(&Command{
		Name:    "spawned",
		Args:    "NAME",
		Summary: "Check that run NAME started its processes with the start method it was made to use, and say what in the code breaks under it",
		Detail: `Run NAME is one made with -start spawn or -start forkserver (a run
without -start is checked for spawn). The grader forced the method, so the
check proves what the program does under it whatever the program itself
asks for, and a program needs no line of its own for it. A child started
by spawn is a new interpreter whose command line runs
multiprocessing.spawn's spawn_main; one started by forkserver is forked by
the fork server, a new interpreter running multiprocessing.forkserver's
main. At least one such child must have been observed: a program whose
work is not in processes of multiprocessing (threads, os.fork, subprocess)
has none, and the check would prove nothing. The submission's code is
also read (see source): what would break under the method (no main guard,
processes or shared objects created at import time, unpicklable targets)
is added to the feedback, so that a later command's failure comes with its
cause. With !, no child may have been started by the method.`,
		Run: cmdSpawned,
	})
}

// spawnCodes are the source findings that break a program under spawn.
var spawnCodes = []source.Code{
	source.CodeNoMainGuard, source.CodeModuleProcessStart,
	source.CodeModuleSharedObject, source.CodeUnpicklableTarget,
}

var (
	msgSpawnWhat = msg.Define("script.spawn_what",
		"under the spawn start method (the default on macOS and Windows) each child is a new Python interpreter that imports your program as a module and receives its target and arguments pickled: code outside `if __name__ == \"__main__\":` runs again in every child, objects created at import time are new ones in each child, and a target must be a function defined at the top level",
		"con el método de inicio spawn (el de macOS y Windows) cada hijo es un intérprete de Python nuevo que importa tu programa como módulo y recibe su función objetivo y sus argumentos serializados (pickle): el código fuera de `if __name__ == \"__main__\":` se ejecuta otra vez en cada hijo, los objetos creados al importar son otros en cada hijo, y la función objetivo debe estar definida en el nivel superior")
	msgForkserverWhat = msg.Define("script.forkserver_what",
		"under the forkserver start method each child is forked from a server process, a new Python interpreter that imported your program as a module, and receives its target and arguments pickled: code outside `if __name__ == \"__main__\":` runs again in the server, objects created at import time are other ones in the children, and a target must be a function defined at the top level",
		"con el método de inicio forkserver cada hijo se crea con fork a partir de un proceso servidor, un intérprete de Python nuevo que importó tu programa como módulo, y recibe su función objetivo y sus argumentos serializados (pickle): el código fuera de `if __name__ == \"__main__\":` se ejecuta otra vez en el servidor, los objetos creados al importar son otros en los hijos, y la función objetivo debe estar definida en el nivel superior")
	msgSpawnFailed = msg.Define("script.spawn_failed", "under the %s start method, %s. Why: %s%s", "con el método de inicio %s, %s. Por qué: %s%s")
	msgSpawnCode   = msg.Define("script.spawn_code", ". In your code: %s", ". En tu código: %s")
	msgNotSpawned  = msg.Define("script.not_spawned", "run %s was made to use the %s start method, whatever the program asks for, but no process was started by it: start the work in processes of multiprocessing (Process, Pool, ProcessPoolExecutor), not in threads, os.fork or subprocess", "la ejecución %s se hizo con el método de inicio %s, pida lo que pida el programa, pero ningún proceso se inició con él: inicia el trabajo en procesos de multiprocessing (Process, Pool, ProcessPoolExecutor), no en hilos, os.fork ni subprocess")
	msgSpawnNote   = msg.Define("script.spawn_note", "this code breaks under %s: %s", "este código falla con %s: %s")
	msgSpawnUnwant = msg.Define("script.spawn_unwanted", "run %s started processes with %s", "la ejecución %s inició procesos con %s")
)

// startsAfresh reports whether the start method starts each child from a
// new interpreter that imports the program again (spawn, and forkserver's
// server), so that a failure is explained by what that changes.
func startsAfresh(method string) bool {
	return method == "spawn" || method == "forkserver"
}

// spawnFindings are the problems of the submission's code that break it
// under spawn, read with harness/source; none when it cannot be read.
func spawnFindings(ts *testscript.TestScript, st *State) []msg.Message {
	if ts.Getenv("SUBMISSION") == "" && st.Program == "" {
		return nil
	}
	var out []msg.Message
	for _, f := range source.Only(sourceReport(ts, st).Findings(), spawnCodes...) {
		out = append(out, f.Message)
	}
	return out
}

// explainSpawnFailure adds to why a run failed under method (spawn or
// forkserver) what that method changes and what in the code breaks
// under it.
func explainSpawnFailure(ts *testscript.TestScript, st *State, method string, why msg.Message) msg.Message {
	code := msg.New(msg.Text, "")
	if fs := spawnFindings(ts, st); len(fs) > 0 {
		code = msg.New(msgSpawnCode, joinMessages(fs))
	}
	what := msgSpawnWhat
	if method == "forkserver" {
		what = msgForkserverWhat
	}
	return msg.New(msgSpawnFailed, method, why, msg.New(what), code)
}

// joinMessages joins messages with "; " in whatever language they are
// shown in.
func joinMessages(ms []msg.Message) msg.Message {
	if len(ms) == 1 {
		return ms[0]
	}
	return msg.New(msgPair, ms[0], joinMessages(ms[1:]))
}

func cmdSpawned(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) != 1 {
		st.Error = true
		usage(ts, "spawned")
	}
	r := st.run(ts, args[0])
	method := r.Observation.StartMethod
	if !startsAfresh(method) {
		method = "spawn"
	}
	spawned := len(judge.StartedBy(r.Observation, method)) > 0
	switch {
	case !spawned && !neg:
		st.fail(ts, msg.New(msgNotSpawned, args[0], method))
	case spawned && neg:
		st.fail(ts, msg.New(msgSpawnUnwant, args[0], method))
	}
	if fs := spawnFindings(ts, st); len(fs) > 0 {
		st.note(ts, msg.New(msgSpawnNote, method, joinMessages(fs)))
	}
}
