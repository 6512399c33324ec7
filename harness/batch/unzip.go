package batch

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Limits on an unpacked zip submission. A submission is a few source files
// of kilobytes; these leave a hundred times that room and stop a zip bomb
// long before it fills the disk.
const (
	// maxZipEntries is the most files and folders a zip may hold.
	maxZipEntries = 1000
	// maxZipFileBytes is the largest a file may be once unpacked.
	maxZipFileBytes = 16 << 20
	// maxZipTotalBytes is the most all files together may be once
	// unpacked.
	maxZipTotalBytes = 64 << 20
)

// An UnzipError says why a zip submission could not be unpacked: the
// student's doing, told to the student.
type UnzipError struct {
	// Entry is the offending entry's name, if one.
	Entry string
	// Reason says what was wrong.
	Reason string
}

func (e *UnzipError) Error() string {
	if e.Entry == "" {
		return e.Reason
	}
	return fmt.Sprintf("%s: %s", e.Entry, e.Reason)
}

// Unzip unpacks the zip file into dest, which must exist. It refuses, with
// an *UnzipError, an entry whose path is absolute or leaves dest ("..") and
// any zip over the limits, counting the bytes actually written rather than
// trusting the sizes the zip declares. Links and other special entries are
// skipped.
func Unzip(file, dest string) error {
	r, err := zip.OpenReader(file)
	if err != nil {
		return &UnzipError{Reason: fmt.Sprintf("not a readable zip file (%v)", err)}
	}
	defer r.Close()
	if len(r.File) > maxZipEntries {
		return &UnzipError{Reason: fmt.Sprintf("%d entries, more than the %d allowed", len(r.File), maxZipEntries)}
	}
	var total int64
	for _, f := range r.File {
		target, err := entryPath(dest, f.Name)
		if err != nil {
			return err
		}
		mode := f.Mode()
		switch {
		case mode.IsDir():
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case mode.IsRegular():
			n, err := unzipFile(f, target, maxZipTotalBytes-total)
			total += n
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// entryPath is where an entry goes under dest, or an error when its name
// would put it elsewhere.
func entryPath(dest, name string) (string, error) {
	clean := path.Clean(strings.ReplaceAll(name, `\`, "/"))
	if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") || filepath.VolumeName(clean) != "" {
		return "", &UnzipError{Entry: name, Reason: "the path leads out of the folder the zip is unpacked in"}
	}
	target := filepath.Join(dest, filepath.FromSlash(clean))
	if rel, err := filepath.Rel(dest, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", &UnzipError{Entry: name, Reason: "the path leads out of the folder the zip is unpacked in"}
	}
	return target, nil
}

// unzipFile writes one entry, at most room bytes of it, and returns the
// bytes written.
func unzipFile(f *zip.File, target string, room int64) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return 0, err
	}
	src, err := f.Open()
	if err != nil {
		return 0, &UnzipError{Entry: f.Name, Reason: fmt.Sprintf("cannot be read (%v)", err)}
	}
	defer src.Close()
	out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC|os.O_EXCL, 0o644)
	if err != nil {
		return 0, &UnzipError{Entry: f.Name, Reason: fmt.Sprintf("cannot be written (%v); is it in the zip twice?", err)}
	}
	defer out.Close()
	limit := min(int64(maxZipFileBytes), room)
	n, err := io.Copy(out, io.LimitReader(src, limit+1))
	switch {
	case err != nil:
		return n, &UnzipError{Entry: f.Name, Reason: fmt.Sprintf("cannot be unpacked (%v)", err)}
	case n > limit && limit == maxZipFileBytes:
		return n, &UnzipError{Entry: f.Name, Reason: fmt.Sprintf("larger than the %d MiB a file may be", maxZipFileBytes>>20)}
	case n > limit:
		return n, &UnzipError{Reason: fmt.Sprintf("more than the %d MiB a submission may hold once unpacked", maxZipTotalBytes>>20)}
	}
	return n, nil
}
