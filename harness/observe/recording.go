package observe

import "io"

// A Recording is one observed run as kept for replay: what was observed
// and what the program wrote.
type Recording struct {
	Observation *Observation `json:"observation"`
	Stdout      string       `json:"stdout,omitempty"`
	Stderr      string       `json:"stderr,omitempty"`
}

// Replay writes the recorded output to spec's Stdout and Stderr, as the
// program did, and returns the recorded observation.
func (r Recording) Replay(spec Spec) *Observation {
	if spec.Stdout != nil {
		io.WriteString(spec.Stdout, r.Stdout)
	}
	if spec.Stderr != nil {
		io.WriteString(spec.Stderr, r.Stderr)
	}
	return r.Observation
}

// A Replayer is an Observer that may answer from recordings instead of
// running programs; Replaying says whether it does now.
type Replayer interface {
	Observer
	Replaying() bool
}

// Replays reports whether o answers from recordings, running nothing: its
// runs need no turn on the machine (LockMachine).
func Replays(o Observer) bool {
	r, ok := o.(Replayer)
	return ok && r.Replaying()
}

// Replaying is true: a Replay runs nothing.
func (r *Replay) Replaying() bool { return true }
