package script_test

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/judge"
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
	testscript.RunT(&loadTolerant{T: t}, testscript.Params{
		Dir:       "testdata",
		Cmds:      script.Cmds(),
		Condition: script.Cond,
		Setup: func(env *testscript.Env) error {
			st := &script.State{Lang: msg.EN, Python: python, Limits: observe.Limits{Wall: 20 * time.Second}}
			if strings.Contains(env.WorkDir, "reference") {
				st.Reference = env.WorkDir + "/ref"
			}
			script.Install(env, st)
			if lt, ok := env.T().(*loadTolerant); ok {
				lt.st = st
			}
			env.Setenv("PYTHON", python)
			return nil
		},
	})
}

// loadTolerant runs one script and, when a command of it ended it as
// inconclusive while other programs kept the machine busy during one of
// its runs, skips it with the reason instead of failing: on a loaded
// machine the commands rightly refuse to judge CPU shares (balanced) or
// speedups, and the test cannot make the machine quiet. An inconclusive
// ending on a quiet machine still fails, so a command that can never tell
// does not hide behind the skip.
type loadTolerant struct {
	*testing.T
	st *script.State
}

// loadedRun is the most cores other programs may keep busy during a run
// for an inconclusive ending to count as a failure: the commands' own
// bound for trusting CPU shares.
const loadedRun = judge.BalanceMaxOtherLoad

func (t *loadTolerant) FailNow() {
	if t.st != nil && t.st.Inconclusive {
		for _, r := range t.st.Runs {
			if r.Analysis.OtherLoad > loadedRun {
				t.T.Skipf("inconclusive while other programs kept %.2f cores busy during run %s: the machine could not tell, so this script proves nothing now", r.Analysis.OtherLoad, r.Name)
			}
		}
	}
	t.T.FailNow()
}

func (t *loadTolerant) Fatal(args ...any) {
	t.T.Log(args...)
	t.FailNow()
}

func (t *loadTolerant) Run(name string, f func(testscript.T)) {
	t.T.Run(name, func(tt *testing.T) { f(&loadTolerant{T: tt}) })
}

func (t *loadTolerant) Verbose() bool { return testing.Verbose() }
