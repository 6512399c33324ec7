package check

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptT is the testscript.T that runs one check's script, on its own
// goroutine as go test would. It only records; the runner reports the
// outcome to a *testing.T, if there is one, once the script has ended.
type scriptT struct {
	mu     sync.Mutex
	log    strings.Builder
	failed bool
	skip   string
}

var _ testscript.T = (*scriptT)(nil)

func (t *scriptT) Skip(args ...any) {
	t.mu.Lock()
	t.skip = fmt.Sprint(args...)
	t.mu.Unlock()
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
	runtime.Goexit()
}

func (t *scriptT) Parallel() {}

func (t *scriptT) Log(args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintln(&t.log, args...)
}

func (t *scriptT) Verbose() bool { return false }

// Run runs one script. testscript calls it once per file.
func (t *scriptT) Run(name string, f func(testscript.T)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(t)
	}()
	<-done
}
