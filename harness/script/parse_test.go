package script

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every script of the built-in assignments and of this package's tests
// parses with no problem.
func TestParseKnowsEveryScript(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../assignments/*/checks/*.txtar", "../../private/*/checks/*.txtar", "testdata/*.txtar"} {
		found, _ := filepath.Glob(pattern)
		files = append(files, found...)
	}
	assert.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		assert.NoError(t, err)
		assert.Empty(t, Parse(f, data), f)
	}
}

// Each mistake is named with its line and command.
func TestParseFindsMistakes(t *testing.T) {
	for line, want := range map[string]string{
		"speedp -seq 'a' -par 'b' x.py":         "x.txtar:2: speedp: unknown command",
		"speedup -seq 'a' x.py":                 "x.txtar:2: speedup: flag -par is required (usage: speedup ",
		"speedup -sequential 'a' -par 'b' x.py": "x.txtar:2: speedup: unknown flag -sequential",
		"results par":                           "x.txtar:2: results: 1 arguments, expected at least 2",
		"results par ref extra":                 "x.txtar:2: results: 3 arguments, expected at most 2",
		"gil maybe":                             `x.txtar:2: gil: argument 1 is "maybe", expected one of on, off`,
		"pids par everyone 'x'":                 `x.txtar:2: pids: argument 2 is "everyone", expected one of main, observed, children`,
		"[cores:2] run par x.py":                "x.txtar:2: unknown condition [cores:2]",
		"[cpus] run par x.py":                   "x.txtar:2: condition [cpus]: written [cpus:N]",
		"run par x.py 'unterminated":            "x.txtar:2: unterminated quoted argument",
		"run -timeout":                          "x.txtar:2: run: flag -timeout needs a value",
		"!":                                     "x.txtar:2: ! must be followed by a command",
		"[linux]":                               "x.txtar:2: a condition must be followed by a command",
	} {
		problems := Parse("x.txtar", []byte("# a check\n"+line+"\n"))
		if assert.Len(t, problems, 1, line) {
			assert.True(t, strings.HasPrefix(problems[0].Error(), want), "%s: got %s", line, problems[0].Error())
		}
	}
	for _, line := range []string{
		"run -timeout 10s -start spawn spawn mp_worker.py --mode par --workers $WORKERS --n $N",
		"[!cpus:2] skip 'needs 2 CPUs'",
		"[exec:taskset] ! exec taskset -c 0 true",
		"observed par workers >= $WORKERS",
		"lines par 2 'mode='",
		"lines par >= 2 'mode='",
		"source",
		"source processes main_guard",
		"stdout -count=2 'x' # a comment",
	} {
		assert.Empty(t, Parse("x.txtar", []byte(line+"\n-- file.txt --\nnot a command\n")), line)
	}
}

func TestUses(t *testing.T) {
	data := "# x\nreference ref p.py\n[cpus:2] ! run par p.py\nrun seq p.py\n-- f --\nspeedup\n"
	assert.Equal(t, []string{"reference", "run"}, Uses([]byte(data)))
}
