package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// A Submission is one student's hand-in.
type Submission struct {
	// ID is the student's id: the folder's name, or the zip file's
	// without ".zip".
	ID string
	// Path is the folder or the zip file.
	Path string
	// Zip says Path is a zip file, to unpack before grading.
	Zip bool
	// Hash is a hash of the submission's content (every file's path and
	// bytes), so that a changed submission is graded again.
	Hash string
}

// Discover lists the submissions in dir, sorted by id: every subfolder and
// every .zip file. Hidden entries (".git") and archive litter ("__MACOSX")
// are left out; other files are returned in ignored, for the caller to
// mention.
func Discover(dir string) (subs []Submission, ignored []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the submissions folder: %w", err)
	}
	byID := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || name == "__MACOSX" {
			continue
		}
		path := filepath.Join(dir, name)
		info, err := os.Stat(path) // follows links: a folder of links to folders is fine
		if err != nil {
			ignored = append(ignored, name)
			continue
		}
		sub := Submission{ID: name, Path: path}
		switch {
		case info.IsDir():
		case info.Mode().IsRegular() && strings.EqualFold(filepath.Ext(name), ".zip"):
			sub.ID, sub.Zip = strings.TrimSuffix(name, filepath.Ext(name)), true
		default:
			ignored = append(ignored, name)
			continue
		}
		if other, dup := byID[sub.ID]; dup {
			return nil, nil, fmt.Errorf("student %q has two submissions, %s and %s: keep one", sub.ID, other, name)
		}
		byID[sub.ID] = name
		subs = append(subs, sub)
	}
	sort.Slice(subs, func(i, j int) bool { return subs[i].ID < subs[j].ID })
	return subs, ignored, nil
}

// HashContent hashes a submission's content: for a zip file its bytes, for
// a folder every entry's path (slash-separated, sorted) and every regular
// file's bytes and link's target.
func HashContent(sub Submission) (string, error) {
	h := sha256.New()
	if sub.Zip {
		if err := hashFile(h, sub.Path); err != nil {
			return "", err
		}
		return hex.EncodeToString(h.Sum(nil)), nil
	}
	err := filepath.WalkDir(sub.Path, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(sub.Path, path)
		fmt.Fprintf(h, "%s\x00%s\x00", filepath.ToSlash(rel), d.Type())
		switch {
		case d.Type().IsRegular():
			return hashFile(h, path)
		case d.Type()&os.ModeSymlink != 0:
			target, _ := os.Readlink(path)
			fmt.Fprintf(h, "%s\x00", target)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hashing %s: %w", sub.Path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}
