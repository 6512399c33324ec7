// Package scaffold writes a new assignment folder that works as written: a
// small CPU-bound exercise (adding up Collatz steps with several processes)
// with its statement in English and Spanish, starter, model answer,
// calibration program, public and hidden checks, and test submissions that
// between them fail every check, so that `mpgrade validate` passes on it
// before the teacher changes anything.
//
// The files are those of template/, with __NAME__ replaced by the
// assignment's name, in their paths and their text.
package scaffold

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

//go:embed all:template
var template embed.FS

// placeholder is what the template's paths and text hold in place of the
// assignment's name.
const placeholder = "__NAME__"

// validName is what an assignment's name may be: it names the program
// (NAME.py), which Python must be able to import under the spawn start
// method, so a Python identifier in lower case.
var validName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Write writes the scaffold of the assignment name into dir, which must be
// new or empty, and returns the files written, relative to dir and sorted.
func Write(name, dir string) ([]string, error) {
	if !validName.MatchString(name) {
		return nil, fmt.Errorf("%q cannot name an assignment: its program is NAME.py, so use lower-case letters, digits and _, starting with a letter (e.g. barrier_pool)", name)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty: give a new or empty folder, so that nothing in it is overwritten", dir)
	}
	var written []string
	err := fs.WalkDir(template, "template", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(template, p)
		if err != nil {
			return err
		}
		rel := strings.ReplaceAll(strings.TrimPrefix(p, "template/"), placeholder, name)
		file := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		written = append(written, rel)
		return os.WriteFile(file, []byte(strings.ReplaceAll(string(data), placeholder, name)), 0o644)
	})
	sort.Strings(written)
	return written, err
}
