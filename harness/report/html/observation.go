package html

import (
	"io"
	"strings"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/harness/report"
)

// observationPage is the body of the page of one observed run.
type observationPage struct {
	Command  string
	Verdict  verdictView
	Figures  []figure
	Timeline timeline
}

// A figure is one measured value and its name (a label's short name).
type figure struct {
	Name  string
	Value string
}

// A verdictView is a verdict in words and a symbol, so that it is read
// without its colour.
type verdictView struct {
	Verdict judge.Verdict
	Symbol  string
	Word    string
	Cause   judge.Cause
	Reasons []string
}

var verdictSymbols = map[judge.Verdict]string{
	judge.Parallel: "✔", judge.NotParallel: "✘", judge.Inconclusive: "?",
}

func newVerdictView(a judge.Analysis, lang msg.Lang) verdictView {
	return verdictView{
		Verdict: a.Verdict, Symbol: verdictSymbols[a.Verdict], Word: report.VerdictWord(a.Verdict, lang),
		Cause: a.Cause, Reasons: msg.Texts(a.Reasons, lang),
	}
}

// WriteObservation writes the page of one observed run.
func (r *Renderer) WriteObservation(w io.Writer, obs *observe.Observation, a judge.Analysis, lang msg.Lang) error {
	var c ids
	body := observationPage{
		Command:  strings.Join(obs.Command, " "),
		Verdict:  newVerdictView(a, lang),
		Figures:  observationFigures(obs, a, lang),
		Timeline: buildTimeline(c.next("tl"), obs, a, commonSpan(obs), singleWidth, lang),
	}
	body.Timeline.Reasons = nil // told above the timeline, in the verdict
	title := say(lang, labels["observation.title"], shortCommand(obs.Command, 60))
	return r.render(w, "observation", lang, title, false, body)
}

// observationFigures are the measured values of a run, as text.
func observationFigures(o *observe.Observation, a judge.Analysis, lang msg.Lang) []figure {
	cores := say(lang, valNoCores, a.CPUsAvailable)
	if len(a.CoresUsed) > 0 {
		cores = say(lang, valCores, joinInts(a.CoresUsed), a.CPUsAvailable)
	}
	end := say(lang, valExit, o.ExitCode)
	if o.Signal != "" {
		end = say(lang, valSignal, o.Signal)
	}
	if o.Limit != "" {
		end += "; " + say(lang, valLimit, o.Limit)
	}
	fs := []figure{
		{"fig.processes", itoa(a.Processes)},
		{"fig.workers", itoa(a.Workers)},
		{"fig.peak_busy", itoa(a.PeakBusy)},
		{"fig.cores", cores},
		{"fig.cpu", say(lang, valSeconds, a.CPUSeconds)},
		{"fig.wall", say(lang, valSeconds, a.WallSeconds)},
		{"fig.parallelism", fmtFloat(a.Parallelism)},
		{"fig.other_load", say(lang, valLoad, a.OtherLoad)},
		{"fig.end", end},
	}
	if len(o.Leftovers) > 0 {
		fs = append(fs, figure{"fig.leftovers", say(lang, valLeftovers, len(o.Leftovers))})
	}
	return fs
}
