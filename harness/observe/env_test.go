package observe_test

import (
	"os"
	"strings"
	"testing"

	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/stretchr/testify/assert"
)

func TestScrubEnv(t *testing.T) {
	in := []string{
		"PYTHONPATH=/grader/hidden", "PYTHONSTARTUP=/x.py", "PYTHONHOME=/opt", "PYTHON_CPU_COUNT=64",
		"PYTHONUNBUFFERED=1", "PYTHONIOENCODING=utf-8",
		"GITHUB_TOKEN=ghp_x", "GH_TOKEN=x", "AWS_SECRET_ACCESS_KEY=x", "CI_JOB_TOKEN=x", "MY_API_KEY=x",
		"DB_PASSWORD=x", "SSH_AUTH_SOCK=/tmp/agent", "LD_PRELOAD=/evil.so", "PYENV_ROOT=/root/.pyenv",
		"PATH=/root/.pyenv/shims:/usr/bin", "HOME=/root", "LANG=fr_FR.ISO-8859-1", "LC_ALL=C",
		"MP_START_METHOD=spawn", "MPGRADE_LANG=es", "MPGRADE_START_METHOD=fork", "TERM=xterm", "N=100",
	}
	out := observe.ScrubEnv(in)
	got := map[string]string{}
	for _, kv := range out {
		k, v, _ := strings.Cut(kv, "=")
		_, dup := got[k]
		assert.False(t, dup, "%s set twice", k)
		got[k] = v
	}
	for _, gone := range []string{"PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "PYTHON_CPU_COUNT", "GITHUB_TOKEN",
		"GH_TOKEN", "AWS_SECRET_ACCESS_KEY", "CI_JOB_TOKEN", "MY_API_KEY", "DB_PASSWORD", "SSH_AUTH_SOCK",
		"LD_PRELOAD", "PYENV_ROOT", "LC_ALL", "PYTHONUNBUFFERED", "PYTHONIOENCODING", "MP_START_METHOD", "MPGRADE_LANG", "MPGRADE_START_METHOD"} {
		assert.NotContains(t, got, gone)
	}
	for _, kept := range []string{"TERM", "N"} {
		assert.Contains(t, got, kept)
	}
	assert.Equal(t, observe.SafePath, got["PATH"])
	assert.Equal(t, os.TempDir(), got["HOME"])
	assert.Equal(t, "C.UTF-8", got["LANG"])
	assert.Len(t, in, 24, "the input is not changed")
}

func TestSetEnvReplaces(t *testing.T) {
	assert.Equal(t, []string{"A=1", "HOME=/w"}, observe.SetEnv([]string{"HOME=/x", "A=1"}, "HOME", "/w"))
}
