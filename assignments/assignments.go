// Package assignments loads assignments: folders a teacher writes, each
// holding an exercise's statement, starter, checks (testscript files),
// rubric and, kept private, its model answer and test submissions.
//
// An assignment folder holds:
//
//	assignment.json       the rubric and settings (see Assignment)
//	README.md, README.es.md  the statement, in English and Spanish
//	starter/              what students start from, PROGRAM among it
//	checks/CHECK.txtar    one script per rubric check, public and hidden
//	calibration/PROGRAM   (public, optional) a program with PROGRAM's command
//	                      line whose results are right and whose parallel mode
//	                      is plain CPU work in several processes, not an
//	                      answer: the yardstick the public checks compare with
//	solution/PROGRAM      (private) the model answer
//	tests/NAME/PROGRAM    (private) a test submission, with tests/NAME/expect.txt
//	                      saying what each check must give it
//
// The course's own assignments are built in: their public parts (every file
// but the hidden checks, solution/ and tests/) are embedded in mpgrade from
// this folder, and their private parts live in the repository's private/
// folder, a Go module of its own, so that the mpgrade module a student
// downloads does not carry them. A program built from a checkout finds
// private/ beside its sources and grades with the whole folder; one built
// from the published module has the public parts alone.
//
// Load takes a built-in name or a path to a folder, so everything that takes
// an assignment takes either.
package assignments

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

//go:embed */assignment.json */README.md */README.es.md */checks/*.txtar */starter/* */calibration/*
var files embed.FS

// An Assignment is one assignment's rubric and settings, and its folder.
type Assignment struct {
	// Name is the assignment's name, e.g. "mp_worker"; empty in
	// assignment.json means the folder's name.
	Name string `json:"name"`
	// Title is the assignment's title by language ("en", "es").
	Title map[string]string `json:"title"`
	// Program is the file students hand in, e.g. "mp_worker.py".
	Program string `json:"program"`
	// SizeFlag, DefaultN and TargetSeconds choose the workload: N is
	// picked so that the yardstick's sequential run (`--mode seq SizeFlag
	// N`, the calibration program's, else the model answer's) takes about
	// TargetSeconds on the machine at hand. Without a SizeFlag, N is
	// DefaultN.
	SizeFlag      string  `json:"size_flag,omitempty"`
	DefaultN      int     `json:"default_n,omitempty"`
	TargetSeconds float64 `json:"target_seconds,omitempty"`
	// MaxWorkers bounds $WORKERS.
	MaxWorkers int `json:"max_workers,omitempty"`
	// SpeedupFraction is the share of the yardstick's speedup a
	// submission must reach; zero means the default.
	SpeedupFraction float64 `json:"speedup_fraction,omitempty"`
	// Timeout bounds each run of a program, as a Go duration ("60s").
	Timeout string `json:"timeout,omitempty"`
	// Checks are the rubric's checks, in order.
	Checks []Check `json:"checks"`

	// Files is the assignment's folder.
	Files fs.FS `json:"-"`
	// Source is what Load was given to find it again: the built-in name,
	// or the folder's absolute path.
	Source string `json:"-"`
	// Private reports whether Files holds the private parts (hidden
	// checks, solution/, tests/): always for a folder, for a built-in only
	// when mpgrade was built from a checkout that has them.
	Private bool `json:"-"`
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

// Names lists the built-in assignments.
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

// IsPath reports whether what names an assignment folder rather than a
// built-in assignment: it holds a path separator or is "." or "..", or it is
// no built-in's name but a folder of that name exists.
func IsPath(what string) bool {
	if strings.ContainsRune(what, '/') || strings.ContainsRune(what, filepath.Separator) || what == "." || what == ".." {
		return true
	}
	if _, err := fs.Stat(files, path.Join(what, "assignment.json")); err == nil {
		return false
	}
	info, err := os.Stat(what)
	return err == nil && info.IsDir()
}

// Load reads an assignment: a built-in one by name, or the folder at a
// path (see IsPath).
func Load(what string) (*Assignment, error) {
	if IsPath(what) {
		return LoadDir(what)
	}
	if _, err := fs.Stat(files, path.Join(what, "assignment.json")); err != nil {
		return nil, fmt.Errorf("no assignment called %q: the built-in assignments are %s, or give the path of an assignment folder (mpgrade new writes one)",
			what, strings.Join(Names(), ", "))
	}
	public, _ := fs.Sub(files, what)
	a := &Assignment{Files: public, Source: what}
	if dir := privateDir(what); dir != "" {
		a.Files, a.Private = overlay{top: os.DirFS(dir), base: public}, true
	}
	if err := a.read("assignments/" + what); err != nil {
		return nil, err
	}
	return a, nil
}

// LoadDir reads the assignment folder at dir.
func LoadDir(dir string) (*Assignment, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(abs)
	if err != nil || !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder: give the path of an assignment folder, which holds assignment.json (mpgrade new NAME DIR writes one)", dir)
	}
	a := &Assignment{Files: os.DirFS(abs), Source: abs, Private: true}
	if err := a.read(dir); err != nil {
		return nil, err
	}
	if a.Name == "" {
		a.Name = filepath.Base(abs)
	}
	return a, nil
}

// read parses assignment.json and checks that every check has its
// script; where names the folder in messages.
func (a *Assignment) read(where string) error {
	file := path.Join(filepath.ToSlash(where), "assignment.json")
	data, err := fs.ReadFile(a.Files, "assignment.json")
	if err != nil {
		return fmt.Errorf("%s: %v: an assignment folder holds assignment.json, its rubric (mpgrade new NAME DIR writes one)", file, errors.Unwrap(err))
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(a); err != nil {
		return fmt.Errorf("%s:%s", file, jsonProblem(data, err))
	}
	if a.Program == "" {
		return fmt.Errorf("%s: no \"program\": name the file students hand in, e.g. \"program\": \"mp_worker.py\"", file)
	}
	if len(a.Checks) == 0 {
		return fmt.Errorf("%s: no \"checks\": the rubric lists at least one check, each with its script checks/NAME.txtar", file)
	}
	seen := map[string]bool{}
	for _, c := range a.Checks {
		line := lineOf(data, `"`+c.Name+`"`)
		switch {
		case c.Name == "":
			return fmt.Errorf("%s: a check has no \"name\": each check names its script checks/NAME.txtar", file)
		case seen[c.Name]:
			return fmt.Errorf("%s:%d: check %q is listed twice", file, line, c.Name)
		}
		seen[c.Name] = true
		if _, err := fs.Stat(a.Files, a.ScriptPath(c.Name)); err != nil && (a.Private || !c.Hidden) {
			return fmt.Errorf("%s:%d: check %q has no script: expected %s", file, line, c.Name, path.Join(filepath.ToSlash(where), a.ScriptPath(c.Name)))
		}
	}
	return nil
}

// jsonProblem says where in data a decoding error is, as LINE:COL: what.
func jsonProblem(data []byte, err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	offset := int64(-1)
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	}
	what := strings.TrimPrefix(err.Error(), "json: ")
	if offset < 0 {
		if name, ok := strings.CutPrefix(what, "unknown field "); ok {
			return fmt.Sprintf("%d: unknown field %s: an assignment.json that mpgrade new writes shows every field", lineOf(data, name), name)
		}
		return " " + what
	}
	line, col := 1, 1
	for _, b := range data[:max(min(int(offset)-1, len(data)), 0)] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("%d:%d: %s", line, col, what)
}

// lineOf is the line of data's first s, or 0.
func lineOf(data []byte, s string) int {
	i := strings.Index(string(data), s)
	if i < 0 {
		return 0
	}
	return strings.Count(string(data[:i]), "\n") + 1
}

// ScriptPath is the path of a check's script in the folder.
func (a *Assignment) ScriptPath(check string) string {
	return path.Join("checks", check+".txtar")
}

// Script reads a check's script.
func (a *Assignment) Script(check string) ([]byte, error) {
	data, err := fs.ReadFile(a.Files, a.ScriptPath(check))
	if err != nil && !a.Private {
		return nil, fmt.Errorf("the script of %s's check %s is not in this copy of mpgrade: hidden checks, model answers and test submissions are left out of the published module; grade from a checkout, a platform bundle or the assignment's folder", a.Name, check)
	}
	return data, err
}

// HasSolution reports whether the folder holds a model answer,
// solution/PROGRAM.
func (a *Assignment) HasSolution() bool {
	_, err := fs.Stat(a.Files, path.Join("solution", a.Program))
	return err == nil
}

// HasCalibration reports whether the folder holds a calibration program,
// calibration/PROGRAM.
func (a *Assignment) HasCalibration() bool {
	_, err := fs.Stat(a.Files, path.Join("calibration", a.Program))
	return err == nil
}

// WriteSolution writes the model answer's files into dir, and returns
// false when there is none.
func (a *Assignment) WriteSolution(dir string) (bool, error) {
	if !a.HasSolution() {
		return false, nil
	}
	return true, a.CopyOut("solution", dir)
}

// WriteYardstick writes into dir the programs that public checks compare
// with (the reference of the script commands reference and speedup): the
// calibration program when there is one, else the model answer. It
// returns false when there is neither.
func (a *Assignment) WriteYardstick(dir string) (bool, error) {
	if a.HasCalibration() {
		return true, a.CopyOut("calibration", dir)
	}
	return a.WriteSolution(dir)
}

// Tests lists the test submissions, the folders of tests/, sorted.
func (a *Assignment) Tests() []string {
	entries, _ := fs.ReadDir(a.Files, "tests")
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names
}

// CopyOut writes the regular files of the folder's sub-folder sub (not its
// own sub-folders) into dir, which must exist.
func (a *Assignment) CopyOut(sub, dir string) error {
	entries, err := fs.ReadDir(a.Files, sub)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := fs.ReadFile(a.Files, path.Join(sub, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// privateDir is the folder holding the private parts of the built-in
// assignment name, private/NAME/ of the checkout mpgrade was built from,
// or "" when there is none (a program built from the published module,
// or with -trimpath).
func privateDir(name string) string {
	root := PrivateRoot()
	if root == "" {
		return ""
	}
	dir := filepath.Join(root, name)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return ""
	}
	return dir
}

// PrivateRoot is the checkout's private/ folder, the Go module that
// holds the private parts of the built-in assignments, or "" when mpgrade
// was not built from a checkout that has it.
func PrivateRoot() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	root := filepath.Join(filepath.Dir(file), "..", "private")
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return ""
	}
	return root
}
