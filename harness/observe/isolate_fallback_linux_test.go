package observe

import (
	"context"
	"errors"
	"testing"
	"time"
)

// Where namespaces cannot be made, a run goes on without them and says
// why, and a run that requires them is refused before it starts, saying
// what is missing.
func TestIsolationFallback(t *testing.T) {
	const why = "the test says namespaces are missing"
	noteIsolationBroken(why)
	defer noteIsolationBroken("")
	obs, err := Local{}.Observe(context.Background(), Spec{Args: []string{"true"}, Limits: Limits{Wall: 10 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	if obs.Isolation.Mode != IsolationNone || obs.Isolation.Missing != why {
		t.Errorf("isolation %+v, want none because %q", obs.Isolation, why)
	}
	if obs.ExitCode != 0 {
		t.Errorf("the run without namespaces exited %d", obs.ExitCode)
	}
	_, err = Local{RequireIsolation: true}.Observe(context.Background(), Spec{Args: []string{"true"}})
	var missing *IsolationError
	if !errors.As(err, &missing) || missing.Missing != why {
		t.Fatalf("a run requiring isolation got %v, want an IsolationError saying %q", err, why)
	}
	if got := ProbeIsolation(context.Background()); !errors.As(got, &missing) {
		t.Errorf("ProbeIsolation: %v, want an IsolationError", got)
	}
}

// A helper that cannot set up the namespaces (here: asked for a view of a
// work folder it cannot see) is told apart from a program that cannot
// start: its failure is marked as isolation's.
func TestIsolationFailureIsMarked(t *testing.T) {
	reason, ok := isIsolationFailure(isolationError(errors.New("mount the run's /proc: operation not permitted")))
	if !ok || reason != "mount the run's /proc: operation not permitted" {
		t.Errorf("isIsolationFailure: %q %v", reason, ok)
	}
	if _, ok := isIsolationFailure(`cannot start "python3": no such program`); ok {
		t.Error("a program that cannot start is not isolation's failure")
	}
}
