// Package reference holds the model answers the grader compares
// submissions with. They are embedded in mpgrade and written out, for a
// grading, to a folder the submission cannot read.
package reference

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed */*.py
var files embed.FS

// Extract writes the reference solution of an assignment into dir, and
// returns false when there is none.
func Extract(assignment, dir string) (bool, error) {
	entries, err := fs.ReadDir(files, assignment)
	if err != nil {
		return false, nil
	}
	for _, e := range entries {
		data, err := fs.ReadFile(files, assignment+"/"+e.Name())
		if err != nil {
			return false, err
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			return false, err
		}
	}
	return true, nil
}

// Has reports whether an assignment has a reference solution.
func Has(assignment string) bool {
	_, err := fs.ReadDir(files, assignment)
	return err == nil
}
