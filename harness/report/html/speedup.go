package html

import (
	"fmt"
	"math"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
)

// Layout of the speedup chart, in SVG user units.
const (
	speedupWidth      = 720.0
	speedupLabelWidth = 220.0
	// speedupValueWidth holds "1.69× (95% CI 1.55–1.80)" right of the
	// longest whisker.
	speedupValueWidth = 190.0
	speedupRow        = 30.0
	speedupTop        = 22.0
	speedupAxis       = 30.0
	// minSpeedupAxis is the least the axis shows, so that the line at 1×
	// (no gain) and a speedup of 2 are always in view.
	minSpeedupAxis = 2.0
)

// A speedupChart compares the reference's speedup with the submission's.
type speedupChart struct {
	ID            string
	Title         string
	Width, Height float64
	PlotLeft      float64
	PlotRight     float64
	Rows          []speedupRowView
	OneX          float64
	OneLabel      string
	NeedX         float64
	NeedLabel     string
	Ticks         []tick
	AxisY         float64
	// Summary says the figures in a sentence.
	Summary string
}

type speedupRowView struct {
	Label     string
	Y         float64 // middle of the row
	BarW      float64
	LowX      float64
	HighX     float64
	MedianX   float64
	Value     string
	Reference bool
}

// buildSpeedup lays out a speedup measurement.
func buildSpeedup(id string, s *grade.Speedup, lang msg.Lang) speedupChart {
	c := speedupChart{ID: id, Width: speedupWidth, PlotLeft: speedupLabelWidth, PlotRight: speedupWidth - speedupValueWidth}
	top := minSpeedupAxis
	for _, e := range []grade.Estimate{s.Reference, s.Submission, s.Honest} {
		top = max(top, e.High, e.Median)
	}
	top = math.Ceil(top*2) / 2
	x := func(v float64) float64 { return c.PlotLeft + (c.PlotRight-c.PlotLeft)*min(max(v, 0), top)/top }
	rows := []struct {
		k   msg.Key
		e   grade.Estimate
		ref bool
	}{{spRowReference, s.Reference, true}, {spRowSubmission, s.Submission, false}, {spRowHonest, s.Honest, false}}
	for i, r := range rows {
		c.Rows = append(c.Rows, speedupRowView{
			Label: say(lang, r.k), Y: speedupTop + (float64(i)+0.5)*speedupRow,
			BarW: x(r.e.Median) - c.PlotLeft, LowX: x(r.e.Low), HighX: x(r.e.High), MedianX: x(r.e.Median),
			Value: say(lang, spValue, r.e.Median, 100*r.e.Confidence, r.e.Low, r.e.High), Reference: r.ref,
		})
	}
	c.OneX, c.OneLabel = x(1), say(lang, spNone)
	need := s.Required * s.Reference.Median
	c.NeedX, c.NeedLabel = x(need), say(lang, spNeeded, need)
	c.AxisY = speedupTop + float64(len(rows))*speedupRow
	for v := 0.0; v <= top+1e-9; v += axisStep(top) {
		c.Ticks = append(c.Ticks, tick{X: x(v), Label: fmt.Sprint(math.Round(v*100) / 100)})
	}
	c.Height = c.AxisY + speedupAxis
	c.Title = say(lang, spTitle, s.Reference.Median, s.Submission.Median, s.Honest.Median)
	return c
}

// axisStep is a round step that puts at most about eight ticks on 0..top.
func axisStep(top float64) float64 {
	for _, s := range []float64{0.25, 0.5, 1, 2, 5, 10, 20, 50} {
		if top/s <= 8 {
			return s
		}
	}
	return 100
}
