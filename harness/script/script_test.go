package script_test

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/harness/script"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestScripts runs the commands' own scripts in testdata/, each against
// small Python programs of its own.
func TestScripts(t *testing.T) {
	testenv.Linux(t)
	python := testenv.Python(t)
	if _, err := exec.LookPath(python); err != nil {
		t.Skip(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:       "testdata",
		Cmds:      script.Cmds(),
		Condition: script.Cond,
		Setup: func(env *testscript.Env) error {
			st := &script.State{Lang: msg.EN, Python: python, Limits: observe.Limits{Wall: 20 * time.Second}}
			if strings.Contains(env.WorkDir, "reference") {
				st.Reference = env.WorkDir + "/ref"
			}
			script.Install(env, st)
			env.Setenv("PYTHON", python)
			return nil
		},
	})
}
