package batch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// An Entry is one line of the journal: a submission graded.
type Entry struct {
	// Student is the student's id.
	Student string `json:"student"`
	// Hash is the hash of the submission's content when it was graded.
	Hash string `json:"hash"`
	// Result is the result file, relative to the output folder.
	Result string `json:"result"`
	// Score, MaxScore and Status are the gradebook's (pass, fail, rerun).
	Score    float64 `json:"score"`
	MaxScore float64 `json:"max_score"`
	Status   string  `json:"status"`
	// CPUs are the CPUs the submission was graded on.
	CPUs []int `json:"cpus"`
	// Seconds is how long grading took; Finished is when it ended.
	Seconds  float64   `json:"seconds"`
	Finished time.Time `json:"finished"`
}

// JournalFile is the journal's name in the output folder.
const JournalFile = "journal.jsonl"

// A journal is the append-only record of graded submissions.
type journal struct {
	f *os.File
}

// openJournal opens the journal of dir for appending, after reading the
// entries it already holds. A last line cut short (the grader was killed
// while writing it) is cut off, so that the next line starts afresh.
func openJournal(dir string, truncate bool) (*journal, []Entry, error) {
	path := filepath.Join(dir, JournalFile)
	flags := os.O_CREATE | os.O_RDWR
	if truncate {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	whole := bytes.LastIndexByte(data, '\n') + 1
	if whole < len(data) {
		if err := f.Truncate(int64(whole)); err != nil {
			f.Close()
			return nil, nil, err
		}
	}
	if _, err := f.Seek(int64(whole), io.SeekStart); err != nil {
		f.Close()
		return nil, nil, err
	}
	return &journal{f: f}, parseJournal(data[:whole]), nil
}

// parseJournal reads journal lines; lines that are not entries are
// skipped.
func parseJournal(data []byte) []Entry {
	var entries []Entry
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var e Entry
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.Student != "" {
			entries = append(entries, e)
		}
	}
	return entries
}

// ReadJournal reads the entries of the journal in dir; none when there is
// no journal.
func ReadJournal(dir string) ([]Entry, error) {
	data, err := os.ReadFile(filepath.Join(dir, JournalFile))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	whole := bytes.LastIndexByte(data, '\n') + 1
	return parseJournal(data[:whole]), nil
}

// append writes one entry as one line, in one write, and syncs it to disk.
func (j *journal) append(e Entry) error {
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := j.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("writing the journal: %w", err)
	}
	return j.f.Sync()
}

func (j *journal) close() error { return j.f.Close() }

// latest keeps the last entry of each student.
func latest(entries []Entry) map[string]Entry {
	m := map[string]Entry{}
	for _, e := range entries {
		m[e.Student] = e
	}
	return m
}

// writeFileAtomic writes data to path so that a reader, or a crash, sees
// either the old file or the whole new one: a temporary file beside it,
// synced, renamed over it, and the folder synced.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
