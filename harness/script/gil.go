package script

import (
	"os/exec"
	"strings"
	"sync"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	register(&Command{
		Name:    "gil",
		Args:    "on|off",
		Summary: "Go on with the check only if the Python that runs submissions has its GIL on (or off); otherwise end it as inconclusive, saying why",
		Detail: `The interpreter is asked, in the programs' environment, with
sys._is_gil_enabled() (Python 3.13 and later; older versions always have the
GIL). A free-threaded build runs without the GIL: its threads run Python
code in parallel, so a check that threads are not parallel cannot hold
there, and it is reported as inconclusive with that reason instead of
failed.`,
		Run: cmdGIL,
	})
	fields["threads"] = struct {
		doc string
		get func(r *grade.Run) any
	}{"the most threads the main process was seen with", func(r *grade.Run) any {
		if len(r.Observation.Processes) == 0 {
			return 0.0
		}
		return float64(r.Observation.Processes[0].MaxThreads)
	}}
}

var (
	msgNoGIL    = msg.Define("script.no_gil", "this Python (%s) runs without the GIL, a free-threaded build: its threads run Python code in parallel, so the difference the GIL makes between threads and processes cannot be shown here; this check is not counted", "este Python (%s) funciona sin GIL, una compilación free-threaded: sus hilos ejecutan código Python en paralelo, así que aquí no se puede mostrar la diferencia que el GIL marca entre hilos y procesos; esta comprobación no cuenta")
	msgHasGIL   = msg.Define("script.has_gil", "this Python (%s) runs with the GIL; this check applies only to free-threaded builds running without it", "este Python (%s) funciona con GIL; esta comprobación solo se aplica a compilaciones free-threaded que funcionan sin él")
	gilMu       sync.Mutex
	gilByPython = map[string]bool{}
)

// gilEnabled asks python, in env, whether its GIL is on; the answer is
// kept for the rest of the process, by interpreter and PYTHON_GIL (the one
// variable that changes it). A Python that cannot answer is taken to have
// the GIL, as every build before 3.13 does.
func gilEnabled(python string, env []string) bool {
	key := python
	for _, kv := range env {
		if strings.HasPrefix(kv, "PYTHON_GIL=") {
			key += "\x00" + kv
		}
	}
	gilMu.Lock()
	defer gilMu.Unlock()
	if on, ok := gilByPython[key]; ok {
		return on
	}
	cmd := exec.Command(python, "-c", "import sys; print(getattr(sys, '_is_gil_enabled', lambda: True)())")
	cmd.Env = env
	out, err := cmd.Output()
	on := err != nil || strings.TrimSpace(string(out)) != "False"
	gilByPython[key] = on
	return on
}

func cmdGIL(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) != 1 || (args[0] != "on" && args[0] != "off") || neg {
		st.Error = true
		usage(ts, "gil")
	}
	on := gilEnabled(st.Python, st.Env)
	switch {
	case args[0] == "on" && !on:
		st.inconclusive(ts, msg.New(msgNoGIL, st.Python))
	case args[0] == "off" && on:
		st.inconclusive(ts, msg.New(msgHasGIL, st.Python))
	}
}
