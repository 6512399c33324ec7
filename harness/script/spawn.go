package script

import (
	"strings"

	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/source"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	register(&Command{
		Name:    "spawned",
		Args:    "NAME",
		Summary: "Check that run NAME started its processes with the spawn start method, and say what in the code breaks under it",
		Detail: `Run NAME is one made with -env MP_START_METHOD=spawn. A child started by
spawn is a new interpreter whose command line runs
multiprocessing.spawn's spawn_main; at least one must have been observed,
or the program ignored MP_START_METHOD (and the check would prove
nothing). The submission's code is also read (see source): what would
break under spawn (no main guard, processes or shared objects created at
import time, unpicklable targets) is added to the feedback, so that a
later command's failure comes with its cause.`,
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
	msgSpawnFailed = msg.Define("script.spawn_failed", "with MP_START_METHOD=spawn, %s. Why: %s%s", "con MP_START_METHOD=spawn, %s. Por qué: %s%s")
	msgSpawnCode   = msg.Define("script.spawn_code", ". In your code: %s", ". En tu código: %s")
	msgNotSpawned  = msg.Define("script.not_spawned", "run %s asked for the spawn start method (MP_START_METHOD=spawn), but no process was started by spawn: keep the lines of the starter that pass MP_START_METHOD to multiprocessing.set_start_method, and start the work in processes", "la ejecución %s pidió el método de inicio spawn (MP_START_METHOD=spawn), pero ningún proceso se inició con spawn: conserva las líneas del esqueleto que pasan MP_START_METHOD a multiprocessing.set_start_method, e inicia el trabajo en procesos")
	msgSpawnNote   = msg.Define("script.spawn_note", "this code breaks under spawn: %s", "este código falla con spawn: %s")
	msgSpawnUnwant = msg.Define("script.spawn_unwanted", "run %s started processes with spawn", "la ejecución %s inició procesos con spawn")
)

// spawnRequested reports whether a run's extra environment asks for the
// spawn start method.
func spawnRequested(extra []string) bool {
	for _, kv := range extra {
		if kv == "MP_START_METHOD=spawn" {
			return true
		}
	}
	return false
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

// explainSpawnFailure adds to why a run failed under spawn what spawn
// changes and what in the code breaks under it.
func explainSpawnFailure(ts *testscript.TestScript, st *State, why msg.Message) msg.Message {
	code := msg.New(msg.Text, "")
	if fs := spawnFindings(ts, st); len(fs) > 0 {
		code = msg.New(msgSpawnCode, joinMessages(fs))
	}
	return msg.New(msgSpawnFailed, why, msg.New(msgSpawnWhat), code)
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
	spawned := false
	for _, p := range r.Observation.Processes {
		if strings.Contains(strings.Join(p.Cmdline, " "), "spawn_main") {
			spawned = true
		}
	}
	switch {
	case !spawned && !neg:
		st.fail(ts, msg.New(msgNotSpawned, args[0]))
	case spawned && neg:
		st.fail(ts, msg.New(msgSpawnUnwant, args[0]))
	}
	if fs := spawnFindings(ts, st); len(fs) > 0 {
		st.note(ts, msg.New(msgSpawnNote, joinMessages(fs)))
	}
}
