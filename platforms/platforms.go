// Package platforms builds the set-ups that run mpgrade on autograding
// platforms: a Gradescope autograder zip, a PrairieLearn external grader
// folder and a GitHub Actions workflow.
//
// The scripts themselves live beside this file (gradescope/,
// prairielearn/, github/), each folder with a README for the teacher, and
// are embedded here so that `mpgrade platform` writes them with no files
// around it. Gradescope and PrairieLearn run an mpgrade program that comes
// with the set-up, built for Linux on x86-64, since their images have no
// Go; the GitHub workflow fetches mpgrade through the student
// repository's go.mod.
package platforms

import (
	"archive/zip"
	"bytes"
	"debug/elf"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

//go:embed gradescope/setup.sh gradescope/run_autograder prairielearn/run github/grade.yml
var files embed.FS

// Config says what a set-up grades.
type Config struct {
	// Assignment is the assignment's name, e.g. "mp_worker".
	Assignment string
	// Lang is the language of the students' feedback: "en" or "es".
	Lang string
	// Binary is the path of the mpgrade program to ship: an executable
	// for Linux on x86-64. Only Gradescope and PrairieLearn need it.
	Binary string
	// Folder is the assignment's folder, private parts included, that
	// Gradescope and PrairieLearn set-ups carry as assignment/ and grade
	// with; nil ships none, and the program's built-in assignment called
	// Assignment is graded.
	Folder fs.FS
}

// folderFiles lists the files of c.Folder that official grading needs, by
// slash-separated path under assignment/: all but the test submissions
// (tests/), which only the teacher's validate uses.
func (c Config) folderFiles() (map[string][]byte, error) {
	out := map[string][]byte{}
	if c.Folder == nil {
		return out, nil
	}
	err := fs.WalkDir(c.Folder, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && p == "tests":
			return fs.SkipDir
		case !d.Type().IsRegular():
			return nil
		}
		data, err := fs.ReadFile(c.Folder, p)
		out["assignment/"+p] = data
		return err
	})
	return out, err
}

func (c Config) lang() string {
	if c.Lang == "" {
		return "en"
	}
	return c.Lang
}

// env is mpgrade.env, which the Gradescope and PrairieLearn scripts read.
func (c Config) env() []byte {
	return []byte(fmt.Sprintf("# Read by run_autograder / run: what to grade, and in which language.\nASSIGNMENT=%s\nGRADING_LANG=%s\n", c.Assignment, c.lang()))
}

// Script returns one of the embedded files, e.g. "gradescope/setup.sh".
func Script(name string) ([]byte, error) { return files.ReadFile(name) }

// GradescopeZip writes Gradescope's autograder zip: setup.sh and
// run_autograder at its root, with mpgrade and mpgrade.env beside them.
// Gradescope unpacks it into /autograder/source.
func GradescopeZip(w io.Writer, c Config) error {
	bin, err := linuxBinary(c.Binary)
	if err != nil {
		return err
	}
	setup, _ := files.ReadFile("gradescope/setup.sh")
	run, _ := files.ReadFile("gradescope/run_autograder")
	zw := zip.NewWriter(w)
	entries := []struct {
		name string
		mode os.FileMode
		data []byte
	}{
		{"setup.sh", 0o755, setup},
		{"run_autograder", 0o755, run},
		{"mpgrade", 0o755, bin},
		{"mpgrade.env", 0o644, c.env()},
	}
	folder, err := c.folderFiles()
	if err != nil {
		return err
	}
	for _, name := range sortedKeys(folder) {
		entries = append(entries, struct {
			name string
			mode os.FileMode
			data []byte
		}{name, 0o644, folder[name]})
	}
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		h.SetMode(e.mode)
		f, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := f.Write(e.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// PrairieLearnDir writes the folder that goes into a course's
// serverFilesCourse/ as mpgrade/: the entrypoint run, mpgrade, mpgrade.env
// and an example of a question's externalGradingOptions.
func PrairieLearnDir(dir string, c Config) error {
	bin, err := linuxBinary(c.Binary)
	if err != nil {
		return err
	}
	run, _ := files.ReadFile("prairielearn/run")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	folder, err := c.folderFiles()
	if err != nil {
		return err
	}
	for name, data := range folder {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, data, 0o644); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		name string
		mode os.FileMode
		data []byte
	}{
		{"run", 0o755, run},
		{"mpgrade", 0o755, bin},
		{"mpgrade.env", 0o644, c.env()},
		{"info-example.json", 0o644, []byte(PrairieLearnOptions)},
	} {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, f.mode); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(m map[string][]byte) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// PrairieLearnOptions is what a question's info.json needs to be graded by
// the folder PrairieLearnDir writes, installed as
// serverFilesCourse/mpgrade/. The image only has to provide python3.
const PrairieLearnOptions = `{
  "gradingMethod": "External",
  "externalGradingOptions": {
    "enabled": true,
    "image": "prairielearn/grader-python",
    "serverFilesCourse": ["mpgrade/"],
    "entrypoint": "/grade/serverFilesCourse/mpgrade/run",
    "timeout": 300
  }
}
`

// workflowEnv matches a variable of the workflow's env block.
var workflowEnv = regexp.MustCompile(`(?m)^(\s+(ASSIGNMENT|MPGRADE_LANG): ).*$`)

// Workflow returns the GitHub Actions workflow that grades c.Assignment,
// for .github/workflows/grade.yml of a student repository.
func Workflow(c Config) []byte {
	data, _ := files.ReadFile("github/grade.yml")
	return workflowEnv.ReplaceAllFunc(data, func(line []byte) []byte {
		m := workflowEnv.FindSubmatch(line)
		value := c.Assignment
		if string(m[2]) == "MPGRADE_LANG" {
			value = c.lang()
		}
		return append(append([]byte(nil), m[1]...), value...)
	})
}

// linuxBinary reads the program at path and makes sure the platforms can
// run it.
func linuxBinary(path string) ([]byte, error) {
	if path == "" {
		return nil, fmt.Errorf("no mpgrade program to ship: give the path of one built for Linux on x86-64 (GOOS=linux GOARCH=amd64 go build ./cmd/mpgrade)")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s is not a Linux program (%v): build one with GOOS=linux GOARCH=amd64 go build ./cmd/mpgrade and pass its path", path, err)
	}
	if f.Machine != elf.EM_X86_64 {
		return nil, fmt.Errorf("%s is built for %s, but the grading platforms run x86-64: build one with GOOS=linux GOARCH=amd64 go build ./cmd/mpgrade and pass its path",
			path, strings.TrimPrefix(f.Machine.String(), "EM_"))
	}
	return data, nil
}
