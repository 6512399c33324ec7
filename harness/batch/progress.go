package batch

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/report"
)

// barWidth is the progress bar's width in characters: room on an 80-column
// terminal for the counts and the ETA beside it.
const barWidth = 24

// redrawEvery is how often the bar is drawn again while nothing finishes,
// so that the elapsed time and ETA move.
const redrawEvery = time.Second

// A progress shows how a batch goes: on a terminal a bar with the counts
// and an ETA, drawn again in place; elsewhere one line per submission.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	total    int // submissions to grade in this run
	done     int
	pass     int
	fail     int
	rerun    int
	start    time.Time
	stop     chan struct{}
	stopped  sync.WaitGroup
}

func newProgress(w io.Writer, terminal bool, total int) *progress {
	p := &progress{w: w, terminal: terminal && w != nil, total: total, start: time.Now(), stop: make(chan struct{})}
	if p.terminal {
		p.stopped.Add(1)
		go p.tick()
	}
	return p
}

func (p *progress) tick() {
	defer p.stopped.Done()
	t := time.NewTicker(redrawEvery)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.draw()
			p.mu.Unlock()
		}
	}
}

// finished counts a graded submission and shows it.
func (p *progress) finished(r *grade.Result) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	status := gradebookStatus(r)
	switch status {
	case report.GradebookPass:
		p.pass++
	case report.GradebookFail:
		p.fail++
	default:
		p.rerun++
	}
	if p.terminal {
		p.draw()
		return
	}
	fmt.Fprintf(p.w, "[%d/%d] %s: %s/%s %s (CPUs %s, %.1fs) %s\n", p.done, p.total, r.Submission,
		num(r.Score), num(r.MaxScore), status, FormatCPUs(r.Environment.CPUs.Affinity), r.Seconds, p.eta())
}

// note prints a line of its own, above the bar on a terminal.
func (p *progress) note(format string, args ...any) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	fmt.Fprintf(p.w, format+"\n", args...)
	if p.terminal {
		p.draw()
	}
}

// close stops redrawing and ends the bar's line.
func (p *progress) close() {
	if p.w == nil {
		return
	}
	close(p.stop)
	p.stopped.Wait()
	if p.terminal {
		p.mu.Lock()
		p.draw()
		fmt.Fprintln(p.w)
		p.mu.Unlock()
	}
}

func (p *progress) draw() {
	filled := 0
	if p.total > 0 {
		filled = barWidth * p.done / p.total
	}
	bar := strings.Repeat("█", filled) + strings.Repeat("░", barWidth-filled)
	fmt.Fprintf(p.w, "\r\x1b[K%s %d/%d  pass %d  fail %d  inconclusive %d  %s %s",
		bar, p.done, p.total, p.pass, p.fail, p.rerun, time.Since(p.start).Round(time.Second), p.eta())
}

// eta estimates the time left from the pace so far.
func (p *progress) eta() string {
	if p.done == 0 || p.done >= p.total {
		return ""
	}
	per := time.Since(p.start) / time.Duration(p.done)
	return "ETA " + (per * time.Duration(p.total-p.done)).Round(time.Second).String()
}
