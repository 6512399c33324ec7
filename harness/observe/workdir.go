package observe

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// MaxWorkdirBytes bounds what PrepareWorkdir copies: a submission of the
// course is a few source files and small data, and a huge one must not
// fill the disk of the grader.
const MaxWorkdirBytes = 64 << 20

// A Workdir is a fresh temporary folder holding a copy of a submission,
// which the program that runs in it may read and write. Its parent folder
// lets others through but not list or write it, so a program cannot reach
// the grader's other files from "..".
type Workdir struct {
	// Dir is the folder to run the program in.
	Dir string
	// base is the private parent of Dir, removed by Remove.
	base string
}

// PrepareWorkdir copies the regular files and folders of src (os.DirFS of
// a submission, or an fstest.MapFS of files) into a new temporary folder
// owned by asUser (as in Spec.User; "" for the observer's own user).
// Symbolic links and special files are skipped, so a submission cannot
// make the grader copy what it points to. Call Remove when done.
func PrepareWorkdir(src fs.FS, asUser string) (*Workdir, error) {
	u, err := lookupUser(asUser)
	if err != nil {
		return nil, err
	}
	base, err := os.MkdirTemp("", "mpgrade-run-")
	if err != nil {
		return nil, fmt.Errorf("prepare a work folder: %w", err)
	}
	w := &Workdir{Dir: filepath.Join(base, "work"), base: base}
	if err := w.fill(src, u); err != nil {
		w.Remove()
		return nil, err
	}
	return w, nil
}

func (w *Workdir) fill(src fs.FS, u *runUser) error {
	if err := os.Chmod(w.base, 0o711); err != nil {
		return err
	}
	if err := os.Mkdir(w.Dir, 0o700); err != nil {
		return err
	}
	if err := chownTo(w.Dir, u); err != nil {
		return err
	}
	var copied int64
	return fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("prepare a work folder: read the submission: %w", err)
		}
		if name == "." {
			return nil
		}
		dst := filepath.Join(w.Dir, filepath.FromSlash(name))
		switch {
		case d.IsDir():
			if err := os.Mkdir(dst, 0o700); err != nil {
				return err
			}
			return chownTo(dst, u)
		case !d.Type().IsRegular():
			return nil // a link or a device: not part of a submission
		}
		n, err := copyFile(src, name, dst, MaxWorkdirBytes-copied)
		copied += n
		if err != nil {
			return err
		}
		return chownTo(dst, u)
	})
}

var errTooLarge = errors.New("too large")

func copyFile(src fs.FS, name, dst string, room int64) (int64, error) {
	in, err := src.Open(name)
	if err != nil {
		return 0, fmt.Errorf("prepare a work folder: %w", err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, io.LimitReader(in, room+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > room {
		err = fmt.Errorf("prepare a work folder: the submission is larger than %d MiB (at %s); leave data files out of it", MaxWorkdirBytes>>20, name)
	}
	return n, err
}

func chownTo(path string, u *runUser) error {
	if u == nil {
		return nil
	}
	return os.Lchown(path, int(u.UID), int(u.GID))
}

// Add writes one more file into the work folder, owned by the folder's
// owner, e.g. a test's input.
func (w *Workdir) Add(name string, data []byte) error {
	dst := filepath.Join(w.Dir, filepath.FromSlash(name))
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		return err
	}
	var st fs.FileInfo
	st, err := os.Stat(w.Dir)
	if err != nil {
		return err
	}
	return chownLike(dst, st)
}

// Remove deletes the work folder and everything the program left in it,
// even folders it made unreadable.
func (w *Workdir) Remove() error {
	if w.base == "" {
		return nil
	}
	if err := os.RemoveAll(w.base); err == nil {
		return nil
	}
	filepath.WalkDir(w.base, func(path string, d fs.DirEntry, err error) error {
		if d != nil && d.IsDir() {
			os.Chmod(path, 0o700)
		}
		return nil
	})
	return os.RemoveAll(w.base)
}

// PassableTempDir is where a folder that a run reads goes: the temporary
// folder, unless the run is made as another user (otherUser) who could not
// pass through it (a TMPDIR inside a private home), then /tmp.
func PassableTempDir(otherUser bool) string {
	base := os.TempDir()
	if !otherUser {
		return base
	}
	for dir := base; ; dir = filepath.Dir(dir) {
		info, err := os.Stat(dir)
		if err != nil || info.Mode().Perm()&0o001 == 0 {
			return "/tmp"
		}
		if dir == filepath.Dir(dir) {
			return base
		}
	}
}
