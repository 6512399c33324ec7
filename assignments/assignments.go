// Package assignments holds the course's assignments: for each, its
// statement, starter, checks (testscript files) and rubric, embedded in
// mpgrade so that it grades with no files beside it.
//
// An assignment is a folder NAME/ holding assignment.json (the rubric and
// settings, see Assignment), README.md and README.es.md (the statement),
// starter/ (what students start from) and checks/CHECK.txtar, one script
// per rubric check.
package assignments

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

//go:embed */assignment.json */README.md */README.es.md */checks/*.txtar */starter/*
var files embed.FS

// FS is every assignment's files.
var FS fs.FS = files

// An Assignment is one assignment's rubric and settings.
type Assignment struct {
	// Name is the assignment's folder name, e.g. "mp_worker".
	Name string `json:"name"`
	// Title is the assignment's title by language ("en", "es").
	Title map[string]string `json:"title"`
	// Program is the file students hand in, e.g. "mp_worker.py".
	Program string `json:"program"`
	// SizeFlag, DefaultN and TargetSeconds choose the workload: N is
	// picked so that the reference's sequential run (`--mode seq SizeFlag
	// N`) takes about TargetSeconds on the machine at hand. Without a
	// SizeFlag, N is DefaultN.
	SizeFlag      string  `json:"size_flag,omitempty"`
	DefaultN      int     `json:"default_n,omitempty"`
	TargetSeconds float64 `json:"target_seconds,omitempty"`
	// MaxWorkers bounds $WORKERS.
	MaxWorkers int `json:"max_workers,omitempty"`
	// SpeedupFraction is the share of the reference's speedup a
	// submission must reach; zero means the default.
	SpeedupFraction float64 `json:"speedup_fraction,omitempty"`
	// Timeout bounds each run of a program, as a Go duration ("60s").
	Timeout string `json:"timeout,omitempty"`
	// Checks are the rubric's checks, in order.
	Checks []Check `json:"checks"`
}

// A Check is one rubric item: a script and its points.
type Check struct {
	// Name is the script's name, checks/NAME.txtar.
	Name string `json:"name"`
	// Points are what passing it is worth.
	Points float64 `json:"points"`
	// Hidden checks run in official grading only.
	Hidden bool `json:"hidden,omitempty"`
	// Title says what it checks, by language.
	Title map[string]string `json:"title"`
}

// TitleIn returns the title in lang, or the English one.
func (c Check) TitleIn(lang string) string {
	if t, ok := c.Title[lang]; ok {
		return t
	}
	return c.Title["en"]
}

// WallTimeout is the assignment's timeout per run.
func (a *Assignment) WallTimeout() time.Duration {
	d, err := time.ParseDuration(a.Timeout)
	if err != nil || d <= 0 {
		return 60 * time.Second
	}
	return d
}

// Names lists the assignments.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	var names []string
	for _, e := range entries {
		if _, err := fs.Stat(files, path.Join(e.Name(), "assignment.json")); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// Load reads an assignment by name.
func Load(name string) (*Assignment, error) {
	data, err := fs.ReadFile(files, path.Join(name, "assignment.json"))
	if err != nil {
		return nil, fmt.Errorf("no assignment called %q; the assignments are: %s", name, strings.Join(Names(), ", "))
	}
	var a Assignment
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("%s/assignment.json: %v", name, err)
	}
	for _, c := range a.Checks {
		if _, err := fs.Stat(files, a.ScriptPath(c.Name)); err != nil {
			return nil, fmt.Errorf("%s/assignment.json: check %q has no script %s", name, c.Name, a.ScriptPath(c.Name))
		}
	}
	return &a, nil
}

// ScriptPath is the path in FS of a check's script.
func (a *Assignment) ScriptPath(check string) string {
	return path.Join(a.Name, "checks", check+".txtar")
}
