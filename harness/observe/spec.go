package observe

import (
	"context"
	"errors"
	"io"
	"time"
)

// DefaultInterval is the sampling interval when a Spec gives none. At 20
// samples a second a run of one second gets enough samples to tell two
// busy processes from one, and the observer stays well under 1% of a core
// on an 8-process tree (see BenchmarkSample).
const DefaultInterval = 50 * time.Millisecond

// LingerGrace is how long processes may outlive the main process before they
// are killed. Python's own helpers (resource_tracker, the fork server) exit
// within milliseconds of the main process; anything still running after
// this is a leftover.
const LingerGrace = 300 * time.Millisecond

// DefaultKillGrace is the time between SIGTERM and SIGKILL when a limit
// stops a program.
const DefaultKillGrace = 2 * time.Second

// ErrUnsupported is returned by Observe on systems without /proc and prctl.
var ErrUnsupported = errors.New("observing a process tree needs Linux")

// A Spec says what to run and how.
type Spec struct {
	// Args is the program and its arguments. Args[0] is looked up in PATH.
	Args []string
	// Dir is the working directory; empty means the current one.
	Dir string
	// Env is the environment; nil means the observer's own.
	Env []string
	// Stdin is the program's standard input; nil means none (/dev/null).
	Stdin io.Reader
	// Stdout and Stderr receive the program's output; nil discards it.
	Stdout io.Writer
	Stderr io.Writer
	// Interval is the sampling interval; zero means DefaultInterval.
	Interval time.Duration
	// Limits bound what the program may use.
	Limits Limits
}

// Limits bound one run. A zero field means no limit.
type Limits struct {
	// Wall is the longest the program may run. Then the whole tree gets
	// SIGTERM, and SIGKILL after KillGrace.
	Wall time.Duration `json:"wall,omitempty"`
	// KillGrace is the time between SIGTERM and SIGKILL; zero means
	// DefaultKillGrace.
	KillGrace time.Duration `json:"kill_grace,omitempty"`
}

// An Observer runs programs and watches them.
type Observer interface {
	Observe(ctx context.Context, spec Spec) (*Observation, error)
}

// Local observes programs on this machine.
type Local struct{}

// Observe runs spec on this machine and watches it until it ends.
func (Local) Observe(ctx context.Context, spec Spec) (*Observation, error) {
	return observe(ctx, spec)
}

// Replay is an Observer that returns recorded observations in turn, for
// tests of what comes after observation.
type Replay struct {
	Observations []*Observation
	next         int
}

// Observe returns the next recorded observation.
func (r *Replay) Observe(ctx context.Context, spec Spec) (*Observation, error) {
	if r.next >= len(r.Observations) {
		return nil, errors.New("replay: no more recorded observations")
	}
	o := r.Observations[r.next]
	r.next++
	return o, nil
}
