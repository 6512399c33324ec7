package judge

import (
	"testing"

	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/stretchr/testify/assert"
)

// Workers started and joined one after another never lived side by side,
// however close their hand-overs; workers that overlapped did, and so does
// a main process that did a worker's share beside one worker.
func TestSideBySide(t *testing.T) {
	sc := scale{workerMin: 0.05, startup: make([]float64, 4)}
	proc := func(start, last, cpu float64) observe.Process {
		return observe.Process{StartSeconds: start, LastSeen: last, FinalCPUSeconds: cpu}
	}
	roles := func(rs ...Role) *Analysis {
		a := &Analysis{}
		for _, r := range rs {
			a.Roles = append(a.Roles, ProcessRole{Role: r})
		}
		return a
	}
	oneAfterAnother := &observe.Observation{Processes: []observe.Process{
		proc(0, 0.36, 0.03), proc(0.05, 0.14, 0.08), proc(0.145, 0.24, 0.08), proc(0.245, 0.34, 0.08)}}
	assert.False(t, sideBySide(oneAfterAnother, roles(RoleMain, RoleWorker, RoleWorker, RoleWorker), sc))

	overlapping := &observe.Observation{Processes: []observe.Process{
		proc(0, 0.36, 0.03), proc(0.05, 0.3, 0.12), proc(0.06, 0.3, 0.12)}}
	assert.True(t, sideBySide(overlapping, roles(RoleMain, RoleWorker, RoleWorker), sc))

	mainWorks := &observe.Observation{Processes: []observe.Process{
		proc(0, 0.36, 0.2), proc(0.05, 0.3, 0.12)}}
	assert.True(t, sideBySide(mainWorks, roles(RoleMain, RoleWorker), sc))
	mainIdle := &observe.Observation{Processes: []observe.Process{
		proc(0, 0.36, 0.01), proc(0.05, 0.3, 0.12)}}
	assert.False(t, sideBySide(mainIdle, roles(RoleMain, RoleWorker), sc))
}
