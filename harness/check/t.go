package check

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptT is the testscript.T that runs one check's script. Without a
// parent it runs on its own goroutine, as `go test` would; with a parent
// *testing.T it reports to it, turning an inconclusive end into a skip.
type scriptT struct {
	parent *testing.T
	mu     sync.Mutex
	log    strings.Builder
	failed bool
	skip   string
	// inconclusive reports whether the script ended as inconclusive.
	inconclusive func() bool
}

var _ testscript.T = (*scriptT)(nil)

func (t *scriptT) Skip(args ...any) {
	t.mu.Lock()
	t.skip = fmt.Sprint(args...)
	t.mu.Unlock()
	if t.parent != nil {
		t.parent.Skip(args...)
	}
	runtime.Goexit()
}

func (t *scriptT) Fatal(args ...any) {
	t.Log(args...)
	t.FailNow()
}

func (t *scriptT) FailNow() {
	t.mu.Lock()
	t.failed = true
	t.mu.Unlock()
	if t.parent != nil {
		if t.inconclusive != nil && t.inconclusive() {
			t.parent.Skip("inconclusive: this machine could not tell; see the log above")
		}
		t.parent.FailNow()
	}
	runtime.Goexit()
}

func (t *scriptT) Parallel() {}

func (t *scriptT) Log(args ...any) {
	t.mu.Lock()
	fmt.Fprintln(&t.log, args...)
	t.mu.Unlock()
	if t.parent != nil {
		t.parent.Log(args...)
	}
}

func (t *scriptT) Verbose() bool { return t.parent != nil && testing.Verbose() }

// Run runs one script. testscript calls it once per file.
func (t *scriptT) Run(name string, f func(testscript.T)) {
	if t.parent != nil {
		// The caller made the subtest already; run in it.
		f(t)
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(t)
	}()
	<-done
}
