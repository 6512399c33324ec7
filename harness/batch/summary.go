package batch

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/report"
)

// topFailures is how many failure reasons the summary lists: enough to
// show what most of a class got wrong, few enough to read at a glance.
const topFailures = 5

// A Summary is the class overview, computed from the results alone.
type Summary struct {
	// Assignment is the assignment's name.
	Assignment string `json:"assignment"`
	// Students is how many submissions have a result; Pass, Fail and
	// Rerun count them by gradebook status.
	Students int `json:"students"`
	Pass     int `json:"pass"`
	Fail     int `json:"fail"`
	Rerun    int `json:"rerun"`
	// Distribution counts the final scores, highest first; results to be
	// graded again are not in it.
	Distribution []ScoreCount `json:"distribution"`
	// Parallel is how many submissions had a run judged parallel, of
	// Observed that had any observed run.
	Parallel int `json:"parallel"`
	Observed int `json:"observed"`
	// MedianSpeedup is the median of the submissions' own speedups (each
	// one's sequential time over its parallel time, the figure judged),
	// over Speedups submissions measured; zero when none was.
	MedianSpeedup float64 `json:"median_speedup"`
	Speedups      int     `json:"speedups"`
	// Failures are the most common reasons a check failed.
	Failures []FailureCount `json:"failures"`
	// GradeSeconds is the sum of the submissions' grading times, and
	// RunSeconds the sum of the wall times of the runs they observed:
	// the rest is the grader's own work.
	GradeSeconds float64 `json:"grade_seconds"`
	RunSeconds   float64 `json:"run_seconds"`
	// CPUSets are the distinct CPU sets submissions were graded on.
	CPUSets []string `json:"cpu_sets"`
}

// A ScoreCount is how many students got a score.
type ScoreCount struct {
	Score    float64 `json:"score"`
	MaxScore float64 `json:"max_score"`
	Count    int     `json:"count"`
}

// A FailureCount is how many submissions failed checks with the same first
// line of feedback, and which checks.
type FailureCount struct {
	Reason string   `json:"reason"`
	Checks []string `json:"checks"`
	Count  int      `json:"count"`
}

// Summarize computes the class overview of results.
func Summarize(results []*grade.Result) Summary {
	s := Summary{Students: len(results)}
	dist := map[[2]float64]int{}
	failures := map[string]*failure{}
	var speedups []float64
	sets := map[string]bool{}
	for _, r := range results {
		s.Assignment = r.Assignment
		switch gradebookStatus(r) {
		case report.GradebookPass:
			s.Pass++
		case report.GradebookFail:
			s.Fail++
		default:
			s.Rerun++
		}
		if gradebookStatus(r) != report.GradebookRerun {
			dist[[2]float64{r.Score, r.MaxScore}]++
		}
		observed, parallel := parallelism(r)
		if observed {
			s.Observed++
		}
		if parallel {
			s.Parallel++
		}
		for _, c := range r.Checks {
			if c.Status == grade.Fail {
				f := failures[firstLine(c.Message)]
				if f == nil {
					f = &failure{students: map[string]bool{}}
					failures[firstLine(c.Message)] = f
				}
				f.students[r.Submission] = true
				if !slices.Contains(f.checks, c.Name) {
					f.checks = append(f.checks, c.Name)
				}
			}
			if c.Speedup != nil && c.Speedup.Submission.Median > 0 {
				speedups = append(speedups, c.Speedup.Submission.Median)
			}
		}
		s.GradeSeconds += r.Seconds
		s.RunSeconds += RunSeconds(r)
		sets[FormatCPUs(r.Environment.CPUs.Affinity)] = true
	}
	for k, n := range dist {
		s.Distribution = append(s.Distribution, ScoreCount{Score: k[0], MaxScore: k[1], Count: n})
	}
	sort.Slice(s.Distribution, func(i, j int) bool {
		a, b := s.Distribution[i], s.Distribution[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.MaxScore > b.MaxScore
	})
	for reason, f := range failures {
		s.Failures = append(s.Failures, FailureCount{Reason: reason, Checks: f.checks, Count: len(f.students)})
	}
	sort.Slice(s.Failures, func(i, j int) bool {
		a, b := s.Failures[i], s.Failures[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Reason < b.Reason
	})
	if len(s.Failures) > topFailures {
		s.Failures = s.Failures[:topFailures]
	}
	s.Speedups = len(speedups)
	s.MedianSpeedup = median(speedups)
	for set := range sets {
		s.CPUSets = append(s.CPUSets, set)
	}
	sort.Strings(s.CPUSets)
	return s
}

// A failure is one reason's submissions and checks, while counting.
type failure struct {
	students map[string]bool
	checks   []string
}

// parallelism says whether r observed any run, and whether one of its
// runs was judged parallel.
func parallelism(r *grade.Result) (observed, parallel bool) {
	for _, c := range r.Checks {
		for _, run := range c.Runs {
			observed = true
			if run.Analysis.Verdict == judge.Parallel {
				parallel = true
			}
		}
	}
	return observed, parallel
}

// RunSeconds is the wall time of the runs r observed, each counted once:
// checks that look at the same run share it, and list it each.
func RunSeconds(r *grade.Result) float64 {
	seen := map[string]bool{}
	total := 0.0
	for _, c := range r.Checks {
		for _, run := range c.Runs {
			if run.Observation == nil {
				continue
			}
			key := run.Observation.Started.String() + "\x00" + strings.Join(run.Observation.Command, "\x00")
			if !seen[key] {
				seen[key] = true
				total += run.Observation.WallSeconds
			}
		}
	}
	return total
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func firstLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

// gradebookStatus is the status the gradebook gives r: pass, fail or
// rerun.
func gradebookStatus(r *grade.Result) string {
	switch {
	case len(r.Checks) == 0 || len(report.Unjudged(r)) > 0:
		return report.GradebookRerun
	case r.Count(grade.Fail) > 0:
		return report.GradebookFail
	}
	return report.GradebookPass
}

func num(x float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
}
