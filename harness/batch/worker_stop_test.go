package batch

import (
	"os/exec"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A worker ended by a stop signal (as a scheduler's requeue sends to the
// whole job) is told apart from one that crashed or was killed.
func TestStoppedFromOutside(t *testing.T) {
	ended := func(sig syscall.Signal) error {
		cmd := exec.Command("sleep", "10")
		require.NoError(t, cmd.Start())
		cmd.Process.Signal(sig)
		return cmd.Wait()
	}
	assert.True(t, stoppedFromOutside(ended(syscall.SIGTERM)))
	assert.True(t, stoppedFromOutside(ended(syscall.SIGINT)))
	assert.False(t, stoppedFromOutside(ended(syscall.SIGKILL)), "killed, not asked to stop")
	assert.False(t, stoppedFromOutside(exec.Command("sh", "-c", "exit 3").Run()), "an exit status")
	assert.False(t, stoppedFromOutside(nil))
}
