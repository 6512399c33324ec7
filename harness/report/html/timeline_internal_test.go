package html

import (
	"cmp"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A process's bars come from the growth of its CPU time between samples,
// on the CPU it was seen on; its first interval starts when it started.
func TestIntervals(t *testing.T) {
	obs := &observe.Observation{
		WallSeconds: 0.4,
		Processes: []observe.Process{
			{PID: 10, StartSeconds: 0, LastSeen: 0.4},
			{PID: 11, PPID: 10, StartSeconds: 0.15, LastSeen: 0.4},
		},
		Samples: []observe.Sample{
			{T: 0.1, Procs: []observe.ProcSample{{PID: 10, CPU: 0.1, Processor: 0}}},
			{T: 0.2, Procs: []observe.ProcSample{{PID: 10, CPU: 0.1, Processor: 1}, {PID: 11, CPU: 0.05, Processor: 1}}},
			{T: 0.4, Procs: []observe.ProcSample{{PID: 10, CPU: 0.15, Processor: 0}, {PID: 11, CPU: 0.25, Processor: 1}}},
		},
	}
	ivs := judge.Intervals(obs)
	near := func(want, got judge.Interval) {
		t.Helper()
		assert.InDelta(t, want.T0, got.T0, 1e-9)
		assert.InDelta(t, want.T1, got.T1, 1e-9)
		assert.InDelta(t, want.Share, got.Share, 1e-9)
		assert.Equal(t, want.Core, got.Core)
	}
	require.Len(t, ivs[10], 3)
	near(iv(0, 0.1, 1, 0), ivs[10][0])
	near(iv(0.1, 0.2, 0, -1), ivs[10][1]) // it did not run: no CPU
	near(iv(0.2, 0.4, 0.25, 0), ivs[10][2])
	require.Len(t, ivs[11], 2)
	near(iv(0.15, 0.2, 1, 1), ivs[11][0]) // from its start, not the sample before
	near(iv(0.2, 0.4, 1, 1), ivs[11][1])

	tl := buildTimeline("t", obs, judge.Analysis{}, commonSpan(obs), pairWidth, msg.EN)
	require.Len(t, tl.Lanes, 2)
	assert.Len(t, tl.Lanes[0].Bars, 2, "no bar where the process did not run")
	assert.InDelta(t, barHeight, tl.Lanes[0].Bars[0].H, 1e-9, "a whole core fills the lane")
	assert.InDelta(t, barHeight/4, tl.Lanes[0].Bars[1].H, 1e-9)
	require.Len(t, tl.Lanes[1].Bars, 1, "two equal intervals on one CPU are one bar")
	b := tl.Lanes[1].Bars[0]
	assert.Equal(t, "url(#t-cpu1)", b.Fill)
	assert.Equal(t, []coreMark{{X: b.X + b.W/2, Core: 1}}, tl.Lanes[1].Marks, "one number over the whole busy stretch on CPU 1")
	assert.Equal(t, "0.15–0.40", tl.Lanes[1].Busy)
	assert.Len(t, tl.Patterns, 2, "a legend entry for each CPU used")
}

// Neighbouring intervals that draw the same bar are one bar, and a long
// run gets no bar narrower than minBarWidth, whatever the CPUs; the CPU
// time is kept.
func TestCoalesce(t *testing.T) {
	x := func(s float64) float64 { return s * 100 } // 1 px is 10 ms
	ivs := []judge.Interval{
		iv(0, 0.05, 1, 0), iv(0.05, 0.10, 1, 0), // the same bar
		iv(0.10, 0.15, 0.5, 0),                                               // lower
		iv(0.15, 0.20, 0.5, 1),                                               // another CPU
		iv(0.20, 0.21, 0.2, 0), iv(0.21, 0.22, 0.8, 1), iv(0.22, 0.23, 1, 1), // too narrow to draw apart
		iv(0.23, 0.30, 0, -1),
	}
	got := coalesce(ivs, x)
	require.Len(t, got, 6)
	assert.Equal(t, iv(0, 0.10, 1, 0), got[0])
	assert.Equal(t, iv(0.10, 0.15, 0.5, 0), got[1])
	assert.Equal(t, iv(0.15, 0.20, 0.5, 1), got[2])
	joined := got[3] // 1 px and 1 px: joined until 2 px wide
	assert.Equal(t, 1, joined.Core, "the CPU that got the larger part")
	assert.InDelta(t, 0.20, joined.T0, 1e-9)
	assert.InDelta(t, 0.22, joined.T1, 1e-9)
	assert.InDelta(t, 0.5, joined.Share, 1e-9, "the CPU time of the joined intervals")
	assert.Equal(t, iv(0.22, 0.23, 1, 1), got[4])
	assert.Equal(t, -1, got[5].Core)
	assert.Len(t, coalesce(ivs, func(s float64) float64 { return s * 1e4 }), 7, "wide enough, only the equal ones join")
}

func loadRecording(t *testing.T, name string) *observe.Observation {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	require.NoError(t, err)
	var obs observe.Observation
	require.NoError(t, json.Unmarshal(data, &obs))
	return &obs
}

// overlap is how long two or more workers were busy at the same time,
// as their bars show it.
func overlap(obs *observe.Observation) float64 {
	a := judge.Analyze(obs)
	type edge struct {
		t     float64
		delta int
	}
	var edges []edge
	for pid, ivs := range judge.Intervals(obs) {
		if a.RoleOf(pid) != judge.RoleWorker {
			continue
		}
		for _, iv := range ivs {
			if iv.Share >= judge.BusyRate {
				edges = append(edges, edge{iv.T0, 1}, edge{iv.T1, -1})
			}
		}
	}
	// Ends before starts at the same moment: touching intervals do not
	// overlap.
	slices.SortFunc(edges, func(a, b edge) int { return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.delta, b.delta)) })
	total, busy, last := 0.0, 0, 0.0
	for _, e := range edges {
		if busy >= 2 {
			total += e.t - last
		}
		busy += e.delta
		last = e.t
	}
	return total
}

// What the timeline draws tells the two kinds apart: the workers of a
// start-join loop are busy one after another (a staircase, overlapping
// at most at the hand-over), those of a correct program together
// (stacked bars) for most of the run.
func TestStaircaseAndStackedBars(t *testing.T) {
	staircase := overlap(loadRecording(t, "start_join_loop_par"))
	stacked := overlap(loadRecording(t, "correct_queue_par"))
	t.Logf("workers busy together: start_join_loop %.2f s, correct_queue %.2f s", staircase, stacked)
	assert.LessOrEqual(t, staircase, 2*judge.WindowSeconds, "at most the hand-over between two workers")
	assert.Greater(t, stacked, 5*staircase)
	assert.Greater(t, stacked, 0.5*loadRecording(t, "correct_queue_par").WallSeconds)
}

func TestTimeTicks(t *testing.T) {
	labels := func(seconds float64) []string {
		var out []string
		for _, tk := range timeTicks(seconds, func(s float64) float64 { return s }) {
			out = append(out, tk.Label)
		}
		return out
	}
	assert.Equal(t, []string{"0", "0.5", "1", "1.5", "2"}, labels(2.3))
	assert.Equal(t, []string{"0", "0.05", "0.1", "0.15", "0.2", "0.25", "0.3"}, labels(0.3))
	assert.Equal(t, []string{"0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"}, labels(0.7), "no 0.30000000000000004")
	assert.LessOrEqual(t, len(labels(4000)), maxTicks+1)
}

// A CPU is told by its pattern as well as by its colour: a reader who
// sees no colour still tells the first eight CPUs apart.
func TestCPUsDifferWithoutColour(t *testing.T) {
	seen := map[string]int{}
	for c := 0; c < len(coreColours); c++ {
		mark := patternOf("t", c).Mark
		if prev, dup := seen[mark]; dup {
			t.Errorf("CPUs %d and %d have the same pattern", prev, c)
		}
		seen[mark] = c
	}
}

func TestLabels(t *testing.T) {
	_, err := tr(msg.EN)("no.such.label")
	assert.ErrorContains(t, err, `no label "no.such.label"`)
	text, err := tr(msg.ES)("score.value", 7.5, 10.0)
	require.NoError(t, err)
	assert.Equal(t, "7.5 de 10 puntos", text)
	assert.Empty(t, msg.Problems(), "every message has both languages, with the same verbs")
}

func TestShortCommand(t *testing.T) {
	py := "/usr/lib/python3.11/bin/python3"
	assert.Equal(t, "python3 mp_worker.py --mode par", shortCommand([]string{py, "mp_worker.py", "--mode", "par"}, 40))
	assert.Equal(t, "python3 mp_worker.py --mo…", shortCommand([]string{py, "mp_worker.py", "--mode", "par"}, 26))
	assert.Equal(t, "python3: resource_tracker", shortCommand([]string{py, "-B", "-c", "from multiprocessing.resource_tracker import main;main(5)"}, 26))
	assert.Equal(t, "python3: spawn", shortCommand([]string{py, "-c", "from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5, pipe_handle=7)", "--multiprocessing-fork"}, 26))
	assert.Equal(t, "python3 -c print(1)", shortCommand([]string{py, "-c", "print(1)"}, 26))
	assert.Equal(t, "?", shortCommand(nil, 26))
}

// A long run is drawn with a bar per pixel or two, not one per sample:
// ten minutes of four processes hopping between CPUs, sampled every
// 50 ms, make 12000 samples a lane.
func TestLongRunStaysSmall(t *testing.T) {
	const procs, samples = 4, 12000
	obs := &observe.Observation{WallSeconds: samples * 0.05}
	for p := 0; p < procs; p++ {
		obs.Processes = append(obs.Processes, observe.Process{PID: 100 + p, LastSeen: obs.WallSeconds})
	}
	cpu := make([]float64, procs)
	for i := 1; i <= samples; i++ {
		s := observe.Sample{T: float64(i) * 0.05}
		for p := range procs {
			cpu[p] += 0.01 * float64((i*7+p*3)%6)
			s.Procs = append(s.Procs, observe.ProcSample{PID: 100 + p, CPU: cpu[p], Processor: (i/5 + p) % 8, State: "R"})
		}
		obs.Samples = append(obs.Samples, s)
	}
	tl := buildTimeline("t", obs, judge.Analyze(obs), commonSpan(obs), singleWidth, msg.EN)
	most := int((tl.PlotRight-tl.PlotLeft)/minBarWidth) + 1
	for _, l := range tl.Lanes {
		assert.LessOrEqual(t, len(l.Bars), most, "pid %d", l.PID)
		drawn := 0.0
		for _, b := range l.Bars {
			drawn += b.W * b.H / barHeight
		}
		// The area drawn is the CPU time, at this scale, within rounding.
		scale := (tl.PlotRight - tl.PlotLeft) / obs.WallSeconds
		assert.InEpsilon(t, cpu[l.PID-100]*scale, drawn, 0.01, "pid %d", l.PID)
	}
}

// iv is an interval from t0 to t1 with the given share of one core, on
// core (-1: it did not run).
func iv(t0, t1, share float64, core int) judge.Interval {
	return judge.Interval{T0: t0, T1: t1, Share: share, Core: core}
}
