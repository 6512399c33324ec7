package observe

import (
	"context"
	"errors"
	"os"
	"strings"
	"time"
)

// How a run was isolated, as Isolation.Mode says it.
const (
	// IsolationNamespaces: the run had namespaces of its own (see
	// Isolation.Namespaces): no network but loopback, its own process
	// view, a private /tmp and /dev/shm, and of the file system only the
	// system's folders, the interpreter and its work folder.
	IsolationNamespaces = "namespaces"
	// IsolationNone: the run shared the machine's network, processes and
	// file system, contained by limits and its user alone.
	IsolationNone = "none"
)

// An Isolation says how a run was kept apart from the rest of the
// machine.
type Isolation struct {
	// Mode is IsolationNamespaces or IsolationNone.
	Mode string `json:"mode"`
	// Namespaces lists the namespaces the run had of its own: "pid",
	// "net", "mount", "ipc", "uts", and "user" when mpgrade was not root
	// and made them through a user namespace.
	Namespaces []string `json:"namespaces,omitempty"`
	// Missing says, when Mode is IsolationNone, why: asked for
	// (Spec.Isolation), or what the machine did not allow.
	Missing string `json:"missing,omitempty"`
	// PIDNamespace is the inode of the run's pid namespace, as
	// /proc/PID/ns/pid links to it: every process of the run was in it,
	// and none is left once the run ended.
	PIDNamespace uint64 `json:"pid_namespace,omitempty"`
}

// String says the isolation in a few words, e.g. "namespaces (pid, net,
// mount, ipc, uts)" or "none: unprivileged user namespaces are disabled".
func (i Isolation) String() string {
	switch {
	case i.Mode == "":
		return "unknown"
	case i.Mode == IsolationNamespaces:
		return i.Mode + " (" + strings.Join(i.Namespaces, ", ") + ")"
	case i.Missing != "":
		return i.Mode + ": " + i.Missing
	}
	return i.Mode
}

// An IsolationError says a run that had to be isolated (Spec.Isolation
// IsolationNamespaces, Local.RequireIsolation) could not be, and what is
// missing. The program was not started.
type IsolationError struct {
	// Missing says what the machine did not allow.
	Missing string
}

func (e *IsolationError) Error() string {
	return "observe: the run must be isolated, but " + e.Missing +
		"; grade on a Linux machine (or container) that lets mpgrade make pid, network, mount, ipc and uts namespaces: as root, or with unprivileged user namespaces enabled (sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0), or drop --require-isolation"
}

// ProbeIsolation runs a trivial program as a graded run would (as
// UnprivilegedUser) and says, as an *IsolationError, what is missing when
// it could not be isolated: a grader that must never grade without
// namespaces asks once, before it grades anything.
func ProbeIsolation(ctx context.Context) error {
	_, err := Local{}.Observe(ctx, Spec{Args: []string{"true"}, Env: ScrubEnv(os.Environ()), User: UnprivilegedUser(),
		Isolation: IsolationNamespaces, Limits: Limits{Wall: probeWall}})
	if errors.Is(err, ErrUnsupported) {
		return &IsolationError{Missing: "namespaces are a Linux feature, and this system is not Linux"}
	}
	return err
}

// probeWall bounds ProbeIsolation's run of true, which takes milliseconds.
const probeWall = 10 * time.Second
