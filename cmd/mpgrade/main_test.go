package main

import (
	"os"
	"testing"

	"github.com/mpgrade/mpgrade/harness/cli"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"mpgrade": func() { os.Exit(cli.Main()) },
	})
}

// TestCLI runs the scripts in testdata/, which run the real mpgrade
// command. Scripts that observe programs need Linux and python3.
func TestCLI(t *testing.T) {
	python := ""
	if _, err := os.Stat("/proc/self/stat"); err == nil {
		python = testenv.Python(t)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata",
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("MPGRADE_UPDATE_GOLDEN") != "",
		Setup: func(env *testscript.Env) error {
			env.Setenv("PYTHON", python)
			env.Setenv("LANG", "C.UTF-8")
			env.Setenv("FIXTURES", testenv.Root(t)+"/testdata")
			env.Setenv("PRIVATE", testenv.Root(t)+"/private")
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "observable" {
				return python != "", nil
			}
			return false, nil
		},
	})
}

// Every message the command can print exists in English and Spanish with
// the same arguments.
func TestMessagesAreComplete(t *testing.T) {
	assert.Empty(t, msg.Problems())
}
