package html

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
)

// Layout of a timeline, in SVG user units (pixels at full size).
const (
	// singleWidth is a timeline alone across the page (the page's width
	// less its margins); pairWidth is one of two side by side, still wide
	// enough for 50 ms bars on a few seconds to be told apart.
	singleWidth = 1160.0
	pairWidth   = 580.0
	// labelWidth holds the lane's label: pid and role over a short command.
	labelWidth = 170.0
	// laneHeight holds two lines of label text; barHeight, a bar for one
	// whole core, leaves a gap between lanes.
	laneHeight = 34.0
	barHeight  = 26.0
	// timelineTop leaves room for the parallel phase's label.
	timelineTop = 20.0
	// axisHeight holds the tick labels and the axis title; legendHeight
	// one row of CPU swatches.
	axisHeight   = 38.0
	legendHeight = 24.0
	// legendItemWidth holds a swatch and "CPU 12".
	legendItemWidth = 72.0
	rightMargin     = 12.0
	// minBarWidth is the narrowest bar drawn: narrower intervals (a long
	// run at 50 ms samples) are joined with the next.
	minBarWidth = 2.0
	// barShareTolerance is the difference in share of a core below which
	// two neighbouring bars are drawn as one: half a pixel of barHeight.
	barShareTolerance = 0.5 / barHeight
	// minMarkWidth is the narrowest busy stretch that gets its CPU's
	// number written on it: one digit at the chart's font size.
	minMarkWidth = 9.0
	// maxTicks is the most time ticks on an axis, so that their labels
	// never touch at pairWidth.
	maxTicks = 8
	// commandChars is how much of a command line fits under the pid in a
	// lane's label; the whole line is in the table and the tooltip.
	commandChars = 26
)

// A timeline is one observed run, laid out for the SVG template.
type timeline struct {
	ID          string
	Title, Desc string
	Width       float64
	Height      float64
	PlotLeft    float64
	PlotRight   float64
	LanesTop    float64
	LanesBottom float64
	Lanes       []lane
	Ticks       []tick
	AxisTitle   string
	Phase       *phaseBand
	PhaseLabel  string
	Patterns    []corePattern
	LegendY     float64
	// Empty is set, with its text, when no process was sampled.
	Empty string
	// Reasons are the analysis's reasons, told with the table.
	Reasons []string
}

// A lane is one process.
type lane struct {
	PID      int
	PPID     int
	Role     judge.Role
	RoleWord string
	// Command is the short command under the label; FullCommand the
	// whole command line.
	Command     string
	FullCommand string
	LabelY      float64
	CommandY    float64
	RuleY       float64
	// AliveX, AliveY, AliveW and AliveH place the box for the time the
	// process was alive.
	AliveX, AliveY float64
	AliveW, AliveH float64
	MarkY          float64
	Bars           []bar
	Marks          []coreMark
	Summary        string
	// Figures for the table.
	CPUSeconds float64
	Alive      string
	Busy       string
	CPUs       string
}

// A bar is what a process did in one sample interval, or in a few
// neighbouring ones (see coalesce).
type bar struct {
	X, Y, W, H float64
	Fill       string
}

// A coreMark writes a CPU's number over a busy stretch.
type coreMark struct {
	X    float64
	Core int
}

type tick struct {
	X     float64
	Label string
}

type phaseBand struct{ X, Y, W, H float64 }

// A corePattern is the fill of the bars of one CPU: a colour and a
// pattern, so that CPUs can be told apart without colour.
type corePattern struct {
	ID     string
	Core   int
	Colour string
	Mark   string
	Label  string
	// X places the legend's swatch.
	X float64
}

// coreColours are the Okabe–Ito colours, told apart by people with the
// common forms of colour blindness; the patterns below tell them apart
// in grey too.
var coreColours = []string{"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#BBBBBB"}

// coreMarks are the pattern of each CPU on a 6×6 tile: rising and
// falling diagonals, horizontal and vertical lines, dots, two crossings,
// and none.
var coreMarks = []string{
	"M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2",
	"M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2",
	"M0,3 h6",
	"M3,0 v6",
	"M3,3 h0.01",
	"M0,3 h6 M3,0 v6",
	"M0,0 l6,6 M0,6 l6,-6",
	"",
}

// buildTimeline lays out one observation on the time scale sp.
func buildTimeline(id string, o *observe.Observation, a judge.Analysis, sp span, width float64, lang msg.Lang) timeline {
	tl := timeline{
		ID: id, Width: width,
		PlotLeft: labelWidth, PlotRight: width - rightMargin,
		LanesTop:   timelineTop,
		AxisTitle:  say(lang, tlAxis),
		PhaseLabel: say(lang, tlPhase),
	}
	x := func(t float64) float64 {
		return tl.PlotLeft + (tl.PlotRight-tl.PlotLeft)*min(max(t, 0), sp.seconds)/sp.seconds
	}
	tl.Title = say(lang, tlTitle, shortCommand(o.Command, 60), len(o.Processes), o.WallSeconds)
	tl.Desc = say(lang, tlDesc)
	tl.Reasons = msg.Texts(a.Reasons, lang)
	ivs := judge.Intervals(o)
	cores := []int{}
	for i, p := range o.Processes {
		l := buildLane(tl.ID, p, ivs[p.PID], a, x, lang)
		placeLane(&l, tl.LanesTop+float64(i)*laneHeight)
		for _, iv := range ivs[p.PID] {
			if iv.Core >= 0 && !slices.Contains(cores, iv.Core) {
				cores = append(cores, iv.Core)
			}
		}
		tl.Lanes = append(tl.Lanes, l)
	}
	if len(tl.Lanes) == 0 {
		tl.Empty = say(lang, tlNoSamples)
	}
	tl.LanesBottom = tl.LanesTop + float64(max(len(tl.Lanes), 1))*laneHeight
	if a.Phase != nil {
		tl.Phase = &phaseBand{X: x(a.Phase.Start), Y: tl.LanesTop, W: x(a.Phase.End) - x(a.Phase.Start), H: tl.LanesBottom - tl.LanesTop}
	}
	tl.Ticks = timeTicks(sp.seconds, x)
	slices.Sort(cores)
	legendX := 4.0
	for _, c := range cores {
		p := patternOf(tl.ID, c)
		p.Label = say(lang, tlCPU, c)
		p.X = legendX
		legendX += legendItemWidth
		tl.Patterns = append(tl.Patterns, p)
	}
	tl.LegendY = tl.LanesBottom + axisHeight
	tl.Height = tl.LegendY + legendHeight
	return tl
}

// placeLane puts a lane's texts, box and bars at height y.
func placeLane(l *lane, y float64) {
	bottom := y + (laneHeight+barHeight)/2
	l.LabelY, l.CommandY, l.RuleY = y+15, y+28, y+laneHeight
	l.AliveY, l.AliveH = bottom-barHeight, barHeight
	l.MarkY = bottom - barHeight/2 + 4
	for j := range l.Bars {
		l.Bars[j].Y = bottom - l.Bars[j].H
	}
}

// patternOf is the fill of CPU core's bars in the timeline id.
func patternOf(id string, core int) corePattern {
	i := core % len(coreColours)
	return corePattern{
		ID: fmt.Sprintf("%s-cpu%d", id, core), Core: core,
		Colour: coreColours[i], Mark: coreMarks[i],
	}
}

// buildLane lays out one process's bars and figures; its vertical place
// is set by the caller.
func buildLane(id string, p observe.Process, ivs []judge.Interval, a judge.Analysis, x func(float64) float64, lang msg.Lang) lane {
	role := a.RoleOf(p.PID)
	l := lane{
		PID: p.PID, PPID: p.PPID, Role: role, RoleWord: roleWord(role, lang),
		Command:     shortCommand(p.Cmdline, commandChars),
		FullCommand: strings.Join(p.Cmdline, " "),
		AliveX:      x(p.StartSeconds),
		AliveW:      max(x(p.LastSeen)-x(p.StartSeconds), 1),
		CPUSeconds:  p.CPUSeconds(),
		Alive:       say(lang, valSpan, p.StartSeconds, p.LastSeen),
		CPUs:        joinInts(p.CPUs),
	}
	for _, iv := range coalesce(ivs, x) {
		if iv.Core >= 0 {
			l.Bars = append(l.Bars, bar{
				X: x(iv.T0), W: x(iv.T1) - x(iv.T0), H: barHeight * min(iv.Share, 1),
				Fill: fmt.Sprintf("url(#%s-cpu%d)", id, iv.Core),
			})
		}
	}
	l.Marks = coreMarksOf(ivs, x)
	busyFrom, busyTo, busyCores := busySpan(ivs)
	if busyCores == nil {
		l.Busy = say(lang, valNever)
		l.Summary = say(lang, tlLaneIdle, p.PID, l.RoleWord, l.CPUSeconds)
		return l
	}
	cpus := make([]string, len(busyCores))
	for i, c := range busyCores {
		cpus[i] = say(lang, tlCPU, c)
	}
	l.Busy = say(lang, valSpan, busyFrom, busyTo)
	l.Summary = say(lang, tlLaneBusy, p.PID, l.RoleWord, l.CPUSeconds, busyFrom, busyTo, strings.Join(cpus, ", "))
	return l
}

// busySpan is when a process was first and last busy (using at least
// judge.BusyRate of a core, as the judge counts it), and on which CPUs;
// no CPUs when it never was.
func busySpan(ivs []judge.Interval) (from, to float64, cores []int) {
	for _, iv := range ivs {
		if iv.Core < 0 || iv.Share < judge.BusyRate {
			continue
		}
		if cores == nil {
			from = iv.T0
		}
		to = iv.T1
		if !slices.Contains(cores, iv.Core) {
			cores = append(cores, iv.Core)
		}
	}
	slices.Sort(cores)
	return from, to, cores
}

// coreMarksOf writes the CPU's number once over each stretch of
// consecutive busy intervals on the same CPU that is wide enough for it.
func coreMarksOf(ivs []judge.Interval, x func(float64) float64) []coreMark {
	var marks []coreMark
	for i := 0; i < len(ivs); i++ {
		iv := ivs[i]
		if iv.Core < 0 || iv.Share < judge.BusyRate {
			continue
		}
		j := i
		for j+1 < len(ivs) && ivs[j+1].Core == iv.Core && ivs[j+1].Share >= judge.BusyRate {
			j++
		}
		if x0, x1 := x(iv.T0), x(ivs[j].T1); x1-x0 >= minMarkWidth {
			marks = append(marks, coreMark{X: (x0 + x1) / 2, Core: iv.Core})
		}
		i = j
	}
	return marks
}

// tickSteps are the steps a time axis may use, in seconds.
var tickSteps = []float64{0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600}

// timeTicks places at most maxTicks+1 ticks, from 0, on a span of seconds.
func timeTicks(seconds float64, x func(float64) float64) []tick {
	step := tickSteps[len(tickSteps)-1]
	for _, s := range tickSteps {
		if seconds/s <= maxTicks {
			step = s
			break
		}
	}
	var ticks []tick
	for i := 0; float64(i)*step <= seconds*(1+1e-9); i++ {
		t := math.Round(float64(i)*step*1e6) / 1e6
		ticks = append(ticks, tick{X: x(t), Label: fmt.Sprint(t)})
	}
	return ticks
}
