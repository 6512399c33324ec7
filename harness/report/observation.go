package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
)

// ObservationSummary is the JSON form of an observation and its analysis,
// as `mpgrade observe --json` prints it.
type ObservationSummary struct {
	Verdict       judge.Verdict      `json:"verdict"`
	Cause         judge.Cause        `json:"cause"`
	Reasons       []string           `json:"reasons"`
	Processes     int                `json:"processes"`
	Workers       int                `json:"workers"`
	PeakBusy      int                `json:"peak_busy"`
	CoresUsed     int                `json:"cores_used"`
	Cores         []int              `json:"cores"`
	CPUsAvailable float64            `json:"cpus_available"`
	Parallelism   float64            `json:"parallelism"`
	WallSeconds   float64            `json:"wall_seconds"`
	CPUSeconds    float64            `json:"cpu_seconds"`
	OtherLoad     float64            `json:"other_load"`
	ExitCode      int                `json:"exit_code"`
	Signal        string             `json:"signal,omitempty"`
	Limit         string             `json:"limit,omitempty"`
	Phase         *judge.Phase       `json:"phase,omitempty"`
	Leftovers     []observe.Leftover `json:"leftovers,omitempty"`
	Containment   string             `json:"containment"`
	Isolation     observe.Isolation  `json:"isolation"`
	ProcessList   []ProcessLine      `json:"process_list"`
}

// A ProcessLine is one process in a summary.
type ProcessLine struct {
	PID        int        `json:"pid"`
	PPID       int        `json:"ppid"`
	Cmdline    []string   `json:"cmdline"`
	CPUSeconds float64    `json:"cpu_seconds"`
	CPUs       []int      `json:"cpus"`
	Role       judge.Role `json:"role"`
	PeakRSS    uint64     `json:"peak_rss_bytes"`
}

// Summarize puts an observation and its analysis into one summary.
func Summarize(o *observe.Observation, a judge.Analysis, lang msg.Lang) ObservationSummary {
	s := ObservationSummary{
		Verdict:       a.Verdict,
		Cause:         a.Cause,
		Reasons:       msg.Texts(a.Reasons, lang),
		Processes:     a.Processes,
		Workers:       a.Workers,
		PeakBusy:      a.PeakBusy,
		CoresUsed:     len(a.CoresUsed),
		Cores:         a.CoresUsed,
		CPUsAvailable: a.CPUsAvailable,
		Parallelism:   round(a.Parallelism),
		WallSeconds:   round(a.WallSeconds),
		CPUSeconds:    round(a.CPUSeconds),
		OtherLoad:     round(a.OtherLoad),
		ExitCode:      o.ExitCode,
		Signal:        o.Signal,
		Limit:         o.Limit,
		Phase:         a.Phase,
		Leftovers:     o.Leftovers,
		Containment:   o.Containment,
		Isolation:     o.Isolation,
		ProcessList:   []ProcessLine{},
	}
	if s.Cores == nil {
		s.Cores = []int{}
	}
	for i, p := range o.Processes {
		cpus := p.CPUs
		if cpus == nil {
			cpus = []int{}
		}
		s.ProcessList = append(s.ProcessList, ProcessLine{
			PID: p.PID, PPID: p.PPID, Cmdline: p.Cmdline, CPUSeconds: round(p.CPUSeconds()),
			CPUs: cpus, Role: a.Roles[i].Role, PeakRSS: p.PeakRSSBytes,
		})
	}
	return s
}

func round(x float64) float64 {
	return float64(int64(x*1000+0.5)) / 1000
}

// WriteObservationJSON writes the summary as one indented JSON object.
func WriteObservationJSON(w io.Writer, s ObservationSummary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

var (
	lblVerdict   = msg.Define("report.verdict", "verdict: %s", "veredicto: %s")
	lblFigures   = msg.Define("report.figures", "processes %d, workers %d, busy at once %d, cores used %d of %.2g available", "procesos %d, trabajadores %d, ocupados a la vez %d, núcleos usados %d de %.2g disponibles")
	lblCPU       = msg.Define("report.cpu", "CPU %.2f s in %.2f s of wall time: parallelism %.2f (other programs kept %.2f cores busy)", "CPU %.2f s en %.2f s de tiempo real: paralelismo %.2f (otros programas ocuparon %.2f núcleos)")
	lblExit      = msg.Define("report.exit", "exit code %d", "código de salida %d")
	lblSignal    = msg.Define("report.signal", "killed by signal %s", "terminado por la señal %s")
	lblLeftovers = msg.Define("report.leftovers", "%d processes were still running after the main process ended; they were killed", "%d procesos seguían en ejecución al terminar el proceso principal; se les eliminó")
	lblIsolated  = msg.Define("report.isolated", "isolated: namespaces of its own (%s)", "aislado: espacios de nombres propios (%s)")
	lblOpen      = msg.Define("report.not_isolated", "not isolated (%s): it shared the machine's network, processes and files", "sin aislar (%s): compartió la red, los procesos y los archivos de la máquina")
	lblHeader    = msg.Define("report.process_header", "PID\tPPID\tROLE\tCPU s\tCPUS\tCOMMAND", "PID\tPPID\tROL\tCPU s\tCPUS\tCOMANDO")
)

var verdictWords = map[msg.Lang]map[judge.Verdict]string{
	msg.EN: {judge.Parallel: "parallel", judge.NotParallel: "not parallel", judge.Inconclusive: "inconclusive"},
	msg.ES: {judge.Parallel: "paralelo", judge.NotParallel: "no paralelo", judge.Inconclusive: "no concluyente"},
}

// VerdictWord is a verdict in words.
func VerdictWord(v judge.Verdict, lang msg.Lang) string { return verdictWords[lang][v] }

// WriteObservationText writes the summary for a person to read.
func WriteObservationText(w io.Writer, s ObservationSummary, lang msg.Lang) {
	say := func(k msg.Key, args ...any) { fmt.Fprintln(w, msg.New(k, args...).In(lang)) }
	say(lblVerdict, VerdictWord(s.Verdict, lang))
	for _, r := range s.Reasons {
		fmt.Fprintf(w, "  - %s\n", r)
	}
	say(lblFigures, s.Processes, s.Workers, s.PeakBusy, s.CoresUsed, s.CPUsAvailable)
	say(lblCPU, s.CPUSeconds, s.WallSeconds, s.Parallelism, s.OtherLoad)
	if s.Signal != "" {
		say(lblSignal, s.Signal)
	} else {
		say(lblExit, s.ExitCode)
	}
	if len(s.Leftovers) > 0 {
		say(lblLeftovers, len(s.Leftovers))
	}
	switch s.Isolation.Mode {
	case observe.IsolationNamespaces:
		say(lblIsolated, strings.Join(s.Isolation.Namespaces, ", "))
	case observe.IsolationNone:
		say(lblOpen, s.Isolation.Missing)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, msg.New(lblHeader).In(lang))
	for _, p := range s.ProcessList {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%.2f\t%s\t%s\n", p.PID, p.PPID, p.Role, p.CPUSeconds, ints(p.CPUs), shorten(strings.Join(p.Cmdline, " "), 60))
	}
	tw.Flush()
}

func ints(xs []int) string {
	if len(xs) == 0 {
		return "-"
	}
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ",")
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// WriteJSON writes any value as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
