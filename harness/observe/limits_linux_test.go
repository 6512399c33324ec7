package observe

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRlimitReachedReadsPython(t *testing.T) {
	rl := map[string]string{LimitMemory: byRlimit, LimitProcesses: byRlimit}
	assert.Equal(t, LimitMemory, rlimitReached(rl, "Traceback (most recent call last):\n...\nMemoryError\n"))
	assert.Equal(t, LimitProcesses, rlimitReached(rl, "BlockingIOError: [Errno 11] Resource temporarily unavailable"))
	assert.Empty(t, rlimitReached(rl, "ZeroDivisionError: division by zero"))
	cg := map[string]string{LimitMemory: byCgroup}
	assert.Empty(t, rlimitReached(cg, "MemoryError"), "a cgroup's limit is reported by the cgroup, not guessed")
}
