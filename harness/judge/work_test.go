package judge

import (
	"testing"

	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/stretchr/testify/assert"
)

// The work shared among two workers is shared, evenly or not; one process
// that does it all while decoys spin, or while the main process
// busy-polls, did it alone; a sequential run with too little work cannot
// tell.
func TestShareOfWork(t *testing.T) {
	worker := func(rate float64) proc {
		return proc{cmd: "w", start: 0.1, end: 2.1, busyFrom: 0.1, busyTo: 2.1, rate: rate, cpu: 1}
	}
	cases := map[string]struct {
		work       float64
		procs      []proc
		alone      bool
		judged     bool
		busiestPID int
	}{
		"two workers share": {work: 2, judged: true, busiestPID: 101, procs: []proc{
			{cmd: "main", end: 2.2}, worker(0.5), worker(0.5)}},
		"uneven but shared": {work: 2, judged: true, busiestPID: 102, procs: []proc{
			{cmd: "main", end: 2.2}, worker(0.37), worker(0.63)}},
		"uneven, the busier slowed by a busy machine": {work: 2, judged: true, busiestPID: 102, procs: []proc{
			{cmd: "main", end: 2.2}, worker(0.42), worker(0.86)}},
		"a child uses the whole work's CPU beside a spinning child": {work: 2, judged: true, alone: true, busiestPID: 101, procs: []proc{
			{cmd: "main", end: 2.2}, worker(1.02), worker(1)}},
		"a child handed only the even numbers": {work: 2, judged: true, alone: true, busiestPID: 101, procs: []proc{
			{cmd: "main", end: 2.2}, worker(0.95), {cmd: "w", start: 0.1, end: 0.4, busyFrom: 0.1, busyTo: 0.4, rate: 0.9}}},
		"main counts on a slowed core, decoys spin": {work: 2, judged: true, alone: true, busiestPID: 100, procs: []proc{
			{cmd: "main", end: 2.2, busyFrom: 0, busyTo: 2.1, rate: 0.65, cpu: 0}, worker(0.6), worker(0.6)}},
		"main does its third beside two children": {work: 2, judged: true, busiestPID: 100, procs: []proc{
			{cmd: "main", end: 2.2, busyFrom: 0, busyTo: 2.1, rate: 0.45, cpu: 0}, worker(0.33), worker(0.33)}},
		"a child handed only the even numbers, the sequential run slower": {work: 2.6, judged: true, alone: true, busiestPID: 101, procs: []proc{
			{cmd: "main", end: 2.2}, worker(0.95), {cmd: "w", start: 0.1, end: 0.4, busyFrom: 0.1, busyTo: 0.4, rate: 0.9}}},
		"the busier of two equal ranges on a slower core": {work: 2, judged: true, busiestPID: 102, procs: []proc{
			{cmd: "main", end: 2.2}, worker(0.37), worker(0.82)}},
		"main counts, a decoy on a faster core spins more": {work: 2, judged: true, alone: true, busiestPID: 100, procs: []proc{
			{cmd: "main", end: 2.2, busyFrom: 0, busyTo: 2.1, rate: 0.62, cpu: 0}, worker(0.7), worker(0.5)}},
		"main counts, decoys spin": {work: 2, judged: true, alone: true, busiestPID: 100, procs: []proc{
			{cmd: "main", end: 2.2, busyFrom: 0, busyTo: 2.1, rate: 1, cpu: 0}, worker(1), worker(1)}},
		"main busy-polls one worker": {work: 2, judged: true, alone: true, busiestPID: 101, procs: []proc{
			{cmd: "main", end: 2.2, busyFrom: 0.1, busyTo: 2.1, rate: 0.9, cpu: 0}, worker(1)}},
		"one process, nothing beside it": {work: 2, judged: true, busiestPID: 100, procs: []proc{
			{cmd: "main", end: 2.2, busyFrom: 0, busyTo: 2.1, rate: 1, cpu: 0}}},
		"too little work": {work: 0.1, busiestPID: 100, procs: []proc{
			{cmd: "main", end: 0.5, busyFrom: 0, busyTo: 0.4, rate: 0.25}}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			o := synth(2.2, 2, c.procs...)
			ws := ShareOfWork(o, Analyze(o), c.work)
			assert.Equal(t, c.alone, ws.Alone, "%+v", ws)
			assert.Equal(t, c.judged, ws.Judged, "%+v", ws)
			assert.Equal(t, c.busiestPID, ws.Busiest.PID, "%+v", ws)
		})
	}
}

// The critical CPU is the main process's own plus the busiest worker's.
func TestCriticalCPU(t *testing.T) {
	o := &observe.Observation{Processes: []observe.Process{
		{PID: 1, UserSeconds: 0.1},
		{PID: 2, PPID: 1, UserSeconds: 0.6},
		{PID: 3, PPID: 1, UserSeconds: 0.5},
		{PID: 4, PPID: 1, UserSeconds: 2, Cmdline: []string{"python3", "-c", "from multiprocessing.resource_tracker import main;main(5)"}},
	}}
	a := Analyze(o)
	assert.InDelta(t, 0.7, CriticalCPU(o, &a), 1e-9, "Python's own helper is left out")
	assert.Zero(t, CriticalCPU(&observe.Observation{}, &Analysis{}))
}
