package html

import (
	"fmt"
	"math"
	"slices"

	"github.com/mpgrade/mpgrade/harness/msg"
)

// Layout of the class histogram, in SVG user units.
const (
	histWidth  = 720.0
	histHeight = 240.0
	histLeft   = 48.0
	histRight  = 16.0
	histTop    = 24.0
	histBottom = 44.0
	// histBinWidth is the width of a bin, in units of speedup: fine
	// enough to tell 1.5 from 1.8 on two cores, coarse enough that a
	// class of 30 fills more than one bin.
	histBinWidth = 0.25
)

// A histogram shows how the class's speedups spread.
type histogram struct {
	ID            string
	Title         string
	Width, Height float64
	PlotLeft      float64
	PlotRight     float64
	PlotTop       float64
	Baseline      float64
	Bins          []histBinView
	Ticks         []tick
	CountTicks    []countTick
	AxisTitle     string
	CountTitle    string
	RefX          float64
	RefLabel      string
	HasRef        bool
}

type histBinView struct {
	X, Y, W, H float64
	// CX is the middle of the bar, where its count is written.
	CX    float64
	Count int
	Text  string
	Range string
}

type countTick struct {
	Y     float64
	Label int
}

// buildHistogram counts the speedups in bins of histBinWidth from 0;
// reference is the reference's own speedup, or 0 when unknown.
func buildHistogram(id string, speedups []float64, reference float64, lang msg.Lang) histogram {
	h := histogram{ID: id, Width: histWidth, Height: histHeight,
		PlotLeft: histLeft, PlotRight: histWidth - histRight, PlotTop: histTop, Baseline: histHeight - histBottom,
		AxisTitle: say(lang, histAxis), CountTitle: say(lang, histCount)}
	top := max(minSpeedupAxis, reference)
	for _, s := range speedups {
		top = max(top, s)
	}
	n := int(math.Floor(top/histBinWidth)) + 1
	counts := make([]int, n)
	for _, s := range speedups {
		counts[min(int(math.Floor(max(s, 0)/histBinWidth)), n-1)]++
	}
	most := max(slices.Max(counts), 1)
	binW := (h.PlotRight - h.PlotLeft) / float64(n)
	for i, c := range counts {
		lo, hi := float64(i)*histBinWidth, float64(i+1)*histBinWidth
		bh := (h.Baseline - h.PlotTop) * float64(c) / float64(most)
		h.Bins = append(h.Bins, histBinView{
			X: h.PlotLeft + float64(i)*binW + 1, W: binW - 2, Y: h.Baseline - bh, H: bh,
			CX:    h.PlotLeft + (float64(i)+0.5)*binW,
			Count: c, Text: say(lang, histBin, lo, hi, c), Range: fmt.Sprintf("%.2f–%.2f", lo, hi),
		})
	}
	every := max(1, int(math.Ceil(float64(n)/10)))
	for i := 0; i <= n; i += every {
		h.Ticks = append(h.Ticks, tick{X: h.PlotLeft + float64(i)*binW, Label: fmt.Sprint(float64(i) * histBinWidth)})
	}
	step := max(1, int(math.Ceil(float64(most)/5)))
	for c := 0; c <= most; c += step {
		h.CountTicks = append(h.CountTicks, countTick{Y: h.Baseline - (h.Baseline-h.PlotTop)*float64(c)/float64(most), Label: c})
	}
	if reference > 0 {
		h.HasRef = true
		h.RefX = h.PlotLeft + (h.PlotRight-h.PlotLeft)*reference/(float64(n)*histBinWidth)
		h.RefLabel = say(lang, histRefLine, reference)
	}
	h.Title = say(lang, histTitle, len(speedups))
	return h
}
