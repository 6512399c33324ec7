package kit

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/platforms"
)

// Module is the module path of mpgrade, which a kit requires.
const Module = "github.com/mpgrade/mpgrade"

// unknownVersion is the version a kit requires when it replaces mpgrade
// with a local checkout and no version is known: the one the go command
// itself writes for a replaced module with none.
const unknownVersion = "v0.0.0-00010101000000-000000000000"

//go:embed template/*
var templates embed.FS

// Options say how to write a kit.
type Options struct {
	// ModulePath is the student repository's module path; empty means
	// the assignment's name.
	ModulePath string

	// MpgradeVersion is the version of mpgrade the kit requires; empty
	// means the published version this program was built from, if any,
	// else the latest (which `go mod tidy` resolves).
	MpgradeVersion string

	// MpgradeReplace, when set, is a local checkout of mpgrade that the
	// kit uses instead of the published module (a replace directive).
	MpgradeReplace string

	// Lang is the language of the CI job's feedback: "en" or "es"; empty
	// means English.
	Lang string
}

// Write writes the kit of assignment a into dir, which must be empty or
// not exist yet, and returns the files written, relative to dir and
// sorted. It audits the folder before it returns.
func Write(a *assignments.Assignment, dir string, opts Options) ([]string, error) {
	files, err := Files(a, opts)
	if err != nil {
		return nil, err
	}
	if err := emptyDir(dir); err != nil {
		return nil, err
	}
	var names []string
	for name, data := range files {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(file, data, 0o644); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	sort.Strings(names)
	if err := Audit(dir, a); err != nil {
		return nil, fmt.Errorf("the kit written to %s would give away what it must not, so it must not be handed out: %v", dir, err)
	}
	return names, nil
}

// Files returns the kit's files by slash-separated path: the public part
// of the assignment (statement, starter, public checks, calibration
// program and a rubric without the hidden checks, so that the kit's folder
// is itself an assignment folder go test grades with) and what grades it.
func Files(a *assignments.Assignment, opts Options) (map[string][]byte, error) {
	out := map[string][]byte{}
	starter, err := fs.ReadDir(a.Files, "starter")
	if err != nil {
		return nil, fmt.Errorf("assignment %s has no starter/ folder: a kit gives students the files they start from", a.Name)
	}
	for _, e := range starter {
		if e.IsDir() {
			continue
		}
		data, err := fs.ReadFile(a.Files, path.Join("starter", e.Name()))
		if err != nil {
			return nil, err
		}
		out[e.Name()] = data
	}
	if _, ok := out[a.Program]; !ok {
		return nil, fmt.Errorf("assignment %s has no starter/%s: a kit must give students the file they hand in", a.Name, a.Program)
	}
	calibration, _ := fs.ReadDir(a.Files, "calibration")
	for _, e := range calibration {
		if e.Type().IsRegular() {
			if out["calibration/"+e.Name()], err = fs.ReadFile(a.Files, path.Join("calibration", e.Name())); err != nil {
				return nil, err
			}
		}
	}
	public := *a
	public.Checks = nil
	var names []string
	for _, c := range a.Checks {
		if c.Hidden {
			continue
		}
		data, err := a.Script(c.Name)
		if err != nil {
			return nil, err
		}
		out["checks/"+c.Name+".txtar"] = data
		public.Checks = append(public.Checks, c)
		names = append(names, c.Name)
	}
	rubric, err := json.MarshalIndent(public, "", "  ")
	if err != nil {
		return nil, err
	}
	out["assignment.json"] = append(rubric, '\n')
	vars := map[string]string{
		"Assignment": a.Name, "Program": a.Program, "GoVersion": GoVersion,
		"Checks": strings.Join(names, ", "),
	}
	version, pinned := mpgradeVersion(opts)
	if !pinned {
		vars["Tidy"] = "yes"
	}
	for lang, readme := range map[string]string{"en": "README.md", "es": "README.es.md"} {
		statement, err := fs.ReadFile(a.Files, readme)
		if err != nil {
			return nil, fmt.Errorf("assignment %s has no %s: a kit gives students the statement", a.Name, readme)
		}
		section, err := render("template/grading."+lang+".md", vars)
		if err != nil {
			return nil, err
		}
		out[readme] = append(starterPaths(statement, starter), section...)
	}
	if out["grade_test.go"], err = render("template/grade_test.go.tmpl", vars); err != nil {
		return nil, err
	}
	out["go.mod"] = goMod(a.Name, version, opts)
	out["go.sum"] = goSum(version, opts)
	out[".github/workflows/grade.yml"] = platforms.Workflow(platforms.Config{Assignment: ".", Lang: opts.Lang})
	return out, nil
}

// starterPaths makes the statement's paths to starter files (links and
// their text) point at the kit's root, where the starter is.
func starterPaths(statement []byte, starter []fs.DirEntry) []byte {
	for _, e := range starter {
		statement = bytes.ReplaceAll(statement, []byte("starter/"+e.Name()), []byte(e.Name()))
	}
	return statement
}

func render(name string, vars map[string]string) ([]byte, error) {
	t, err := template.ParseFS(templates, name)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, vars); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// quoteModPath quotes a path for go.mod when it holds spaces or quotes.
func quoteModPath(p string) string {
	if strings.ContainsAny(p, " \t\"'`") {
		return fmt.Sprintf("%q", p)
	}
	return p
}

func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty: give a new or empty folder, so that nothing in it is overwritten", dir)
	}
	return nil
}
