package observe

import (
	"os"
	"strings"
)

// SafePath is the PATH a scrubbed environment gets: the system's own
// directories, none of them a user's home (a pyenv shim under /root is
// useless to an unprivileged user, and a user's directories could hold
// anything).
const SafePath = "/usr/local/bin:/usr/bin:/bin"

// secretPrefixes and secretWords mark variables that may hold credentials
// of the grader or its CI: a student program must not see them.
var (
	secretPrefixes = []string{"GITHUB_", "GH_", "GITLAB_", "CI_JOB_", "AWS_", "AZURE_", "GOOGLE_", "GCP_",
		"DOCKER_", "NPM_", "PYPI_", "TWINE_", "SSH_", "GPG_", "VAULT_", "KUBE", "PYENV", "SUDO_", "LD_"}
	secretWords = []string{"TOKEN", "SECRET", "KEY", "PASSWORD", "PASSWD", "CREDENTIAL", "AUTH", "COOKIE", "SESSION"}
)

// ScrubEnv returns env fit for running an untrusted program: without any
// PYTHON* variable (PYTHONPATH, PYTHONSTARTUP and PYTHONHOME change what
// Python runs, PYTHON_CPU_COUNT how many CPUs it believes it has,
// PYTHONUNBUFFERED how lines of processes sharing stdout interleave), nor
// mpgrade's own (MPGRADE_*), nor the grader's choice of start method
// (MP_START_METHOD), nor anything that looks like a secret (*_TOKEN,
// *_SECRET, *_KEY, GITHUB_*, AWS_*, SSH_*...) or a loader override (LD_*);
// and with a sane PATH (SafePath), HOME (the temporary folder; a caller
// with a work folder should set HOME to it) and LANG (C.UTF-8). Add what
// the run needs after, with SetEnv. env itself is not changed.
func ScrubEnv(env []string) []string {
	out := make([]string, 0, len(env)+3)
	for _, kv := range env {
		name, _, ok := strings.Cut(kv, "=")
		if !ok || dropVar(name) {
			continue
		}
		out = append(out, kv)
	}
	return append(out, "PATH="+SafePath, "HOME="+os.TempDir(), "LANG=C.UTF-8")
}

func dropVar(name string) bool {
	upper := strings.ToUpper(name)
	switch {
	case upper == "PATH", upper == "HOME", upper == "LANG", strings.HasPrefix(upper, "LC_"):
		return true // set again below
	case strings.HasPrefix(upper, "PYTHON"), strings.HasPrefix(upper, "MPGRADE_"), upper == "MP_START_METHOD":
		return true
	}
	for _, p := range secretPrefixes {
		if strings.HasPrefix(upper, p) {
			return true
		}
	}
	for _, w := range secretWords {
		if strings.Contains(upper, w) {
			return true
		}
	}
	return false
}

// SetEnv returns env with name set to value, replacing any earlier value.
func SetEnv(env []string, name, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if n, _, _ := strings.Cut(kv, "="); n != name {
			out = append(out, kv)
		}
	}
	return append(out, name+"="+value)
}
