package observe

import (
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNumbered(t *testing.T) {
	assert.Contains(t, numbered("/proc"), os.Getpid())
	assert.NotEmpty(t, numbered("/proc/self/task"), "this process has threads")
	assert.Empty(t, numbered("/proc/no-such-folder"))
}

// The fallback scan finds the same children as the children files.
func TestDescendantsByScan(t *testing.T) {
	cmd := exec.Command("sleep", "10")
	require.NoError(t, cmd.Start())
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	assert.Contains(t, descendantsByScan(os.Getpid(), nil), cmd.Process.Pid)
	if haveChildrenFiles() {
		assert.Contains(t, newProcReader().descendants(os.Getpid(), nil), cmd.Process.Pid)
	}
}
