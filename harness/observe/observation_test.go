package observe

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A program in the run's own pid namespace prints its pids in that
// namespace's numbers; the observation finds its processes by them.
func TestPIDsInRun(t *testing.T) {
	o := &Observation{Processes: []Process{
		{PID: 5000, FirstPPID: 4990, OwnPID: 2, OwnPPID: 1},
		{PID: 5001, FirstPPID: 5000, OwnPID: 3, OwnPPID: 2},
	}}
	p, ok := o.ProcessInRun(3)
	assert.True(t, ok)
	assert.Equal(t, 5001, p.PID)
	assert.Equal(t, 2, p.PPIDInRun())
	_, ok = o.ProcessInRun(5001)
	assert.False(t, ok, "the machine's pid is not what the program saw")

	plain := &Observation{Processes: []Process{{PID: 700, FirstPPID: 699}}}
	q, ok := plain.ProcessInRun(700)
	assert.True(t, ok, "without a namespace of its own, the pids are the machine's")
	assert.Equal(t, 699, q.PPIDInRun())
}
