package html_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/harness/report/html"
	"github.com/stretchr/testify/require"
)

// The recordings in testdata were made with testdata/record on a machine
// with two CPUs; see testdata/README.md.

// renderer writes pages with a fixed clock and version, so that they can
// be compared with the golden files.
var renderer = &html.Renderer{
	Now:     func() time.Time { return time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC) },
	Version: "v0.9.0-test",
}

// recording reads a recorded observation and judges it.
func recording(t testing.TB, name string) (*observe.Observation, judge.Analysis) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	require.NoError(t, err)
	var obs observe.Observation
	require.NoError(t, json.Unmarshal(data, &obs), "testdata/%s.json", name)
	return &obs, judge.Analyze(&obs)
}

func run(t testing.TB, name, recordingName string) grade.Run {
	obs, a := recording(t, recordingName)
	return grade.Run{Name: name, Args: obs.Command, Observation: obs, Analysis: a}
}

// referenceSpeedup is the reference solution's speedup with two workers
// on the recording machine (best of 5 rounds 1.69; CHECKS.md).
var referenceSpeedup = grade.Estimate{Median: 1.69, Low: 1.55, High: 1.80, Confidence: 0.95}

// speedup builds a speedup measurement in which the submission's own
// speedup is own and its parallel run is as fast as honest times the
// reference's sequential run allows.
func speedup(own, honest grade.Estimate) *grade.Speedup {
	ratio := func(x float64) float64 { return x / referenceSpeedup.Median }
	return &grade.Speedup{
		Reference: referenceSpeedup, Submission: own, Honest: honest,
		Ratio:    grade.Estimate{Median: ratio(honest.Median), Low: ratio(honest.Low), High: ratio(honest.High), Confidence: 0.95},
		Required: 0.7, Rounds: 5, N: 1200000, Workers: 2,
	}
}

func estimate(median, low, high float64) grade.Estimate {
	return grade.Estimate{Median: median, Low: low, High: high, Confidence: 0.95}
}

// checkTitles are the titles of the rubric's checks, as the grader
// writes them in each language.
var checkTitles = map[msg.Lang]map[string]string{
	msg.EN: {
		"output": "Prints the required lines", "result": "Counts the primes right",
		"parallel": "Workers run at once on several cores", "speedup": "Gains at least 70% of the reference's speedup",
		"speedup.fail":   "the parallel run gained too little over the reference's sequential run: see the chart",
		"crash.output":   "the program ended with exit status 1 and wrote:\n",
		"crash.result":   "no line mode=par was printed",
		"crash.parallel": "the program ended before its processes could be observed",
	},
	msg.ES: {
		"output": "Imprime las líneas pedidas", "result": "Cuenta bien los primos",
		"parallel": "Los trabajadores corren a la vez en varios núcleos", "speedup": "Logra al menos el 70% de la aceleración de la referencia",
		"speedup.fail":   "la ejecución paralela ganó muy poco frente a la secuencial de la referencia: mira el gráfico",
		"crash.output":   "el programa terminó con código de salida 1 y escribió:\n",
		"crash.result":   "no se imprimió ninguna línea mode=par",
		"crash.parallel": "el programa terminó antes de que se pudieran observar sus procesos",
	},
}

// submission builds the grading of an mp_worker submission whose par run
// is the recording parName (and seq run seqName, if any).
func submission(t testing.TB, lang msg.Lang, name, seqName, parName string, sp *grade.Speedup) *grade.Result {
	t.Helper()
	title := checkTitles[lang]
	res := &grade.Result{
		Assignment: "mp_worker", Submission: name, Lang: string(lang),
		Started: time.Date(2026, 3, 2, 9, 15, 0, 0, time.UTC), Seconds: 14.2,
		Environment: grade.Environment{
			Version: "v0.9.0-test", Python: "/usr/bin/python3", PythonVersion: "3.11.7",
			CPUs:        observe.CPUBudget{Online: 2, Affinity: []int{0, 1}, Available: 2},
			Containment: "subreaper",
		},
	}
	add := func(c grade.CheckResult) {
		c.Visibility = grade.Public
		if c.Status == grade.Pass {
			c.Points = c.MaxPoints
		}
		res.Checks = append(res.Checks, c)
	}
	add(grade.CheckResult{Name: "output", Title: title["output"], Status: grade.Pass, MaxPoints: 1, Seconds: 1.1})
	add(grade.CheckResult{Name: "result", Title: title["result"], Status: grade.Pass, MaxPoints: 2, Seconds: 2.3})
	par := grade.CheckResult{Name: "parallel", Title: title["parallel"], MaxPoints: 4, Seconds: 3.4}
	if seqName != "" {
		par.Runs = append(par.Runs, run(t, "seq", seqName))
	}
	par.Runs = append(par.Runs, run(t, "par", parName))
	last := par.Runs[len(par.Runs)-1].Analysis
	par.Status = grade.Pass
	if last.Verdict != judge.Parallel {
		par.Status = grade.Fail
		par.Message = strings.Join(msg.Texts(last.Reasons, lang), "\n")
	}
	add(par)
	spd := grade.CheckResult{Name: "speedup", Title: title["speedup"], MaxPoints: 3, Seconds: 7.4, Speedup: sp}
	spd.Status = grade.Pass
	if sp.Ratio.Median < sp.Required {
		spd.Status = grade.Fail
		spd.Message = title["speedup.fail"]
	}
	add(spd)
	for _, c := range res.Checks {
		res.Score += c.Points
		res.MaxScore += c.MaxPoints
	}
	return res
}

// correctQueue is a correct submission: workers that take chunks from a
// queue, run with the forkserver start method.
func correctQueue(t testing.TB, lang msg.Lang) *grade.Result {
	return submission(t, lang, "correct_queue", "correct_queue_seq", "correct_queue_par",
		speedup(estimate(1.47, 1.38, 1.58), estimate(1.45, 1.35, 1.56)))
}

// startJoinLoop is sequential in disguise: each worker is joined right
// after it is started.
func startJoinLoop(t testing.TB, lang msg.Lang) *grade.Result {
	return submission(t, lang, "start_join_loop", "start_join_loop_seq", "start_join_loop_par",
		speedup(estimate(0.68, 0.64, 0.72), estimate(0.67, 0.63, 0.71)))
}

// classResults are a small class: two correct submissions, three kinds
// of mistakes and one that crashed before any run.
func classResults(t testing.TB, lang msg.Lang) []*grade.Result {
	title := checkTitles[lang]
	threads := submission(t, lang, "threads", "", "threads_par", speedup(estimate(0.98, 0.93, 1.02), estimate(0.96, 0.91, 1.01)))
	sleepers := submission(t, lang, "sleepers", "", "sleepers_par", speedup(estimate(0.83, 0.79, 0.88), estimate(0.82, 0.78, 0.86)))
	pool := correctQueue(t, lang)
	pool.Submission = "correct_pool"
	pool.Score = 9
	pool.Checks[3].Speedup = speedup(estimate(1.58, 1.49, 1.66), estimate(1.57, 1.47, 1.65))
	crash := &grade.Result{Assignment: "mp_worker", Submission: "crash", MaxScore: 10, Checks: []grade.CheckResult{
		{Name: "output", Title: title["output"], Status: grade.Fail, MaxPoints: 1,
			Message: title["crash.output"] + "Traceback (most recent call last):\n  File \"mp_worker.py\", line 71, in count_primes_par\nIndexError: list index out of range"},
		{Name: "result", Title: title["result"], Status: grade.Fail, MaxPoints: 2, Message: title["crash.result"]},
		{Name: "parallel", Title: title["parallel"], Status: grade.Error, MaxPoints: 4, Message: title["crash.parallel"]},
		{Name: "speedup", Title: title["speedup"], Status: grade.Skip, MaxPoints: 3},
	}}
	return []*grade.Result{correctQueue(t, lang), startJoinLoop(t, lang), threads, sleepers, pool, crash}
}

// reportLink is where the class report finds each student's report.
func reportLink(r *grade.Result) string { return r.Submission + ".html" }

func analyze(o *observe.Observation) judge.Analysis { return judge.Analyze(o) }
