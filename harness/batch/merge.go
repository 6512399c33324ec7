package batch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
)

// Merge joins the output folders of shards into out: every result of
// every folder's journal, with the feedback, gradebook, Moodle file,
// summary, journal and settings that one run over all the submissions
// would have written. A student graded in two folders is an error (the
// shards overlap), as are folders graded with different settings.
func Merge(dirs []string, out string, lang msg.Lang, moodleID string) (Summary, error) {
	if moodleID == "" {
		moodleID = "Username"
	}
	var all []Entry
	from := map[string]string{}
	results := map[string]*grade.Result{}
	var set *settings
	for _, dir := range dirs {
		s, err := readSettings(dir)
		if err != nil {
			return Summary{}, err
		}
		if set == nil {
			set = &s
		} else if s.Assignment != set.Assignment || s.Hidden != set.Hidden || !reflect.DeepEqual(nonNil(s.Only), nonNil(set.Only)) {
			return Summary{}, fmt.Errorf("%s was graded with %s, but %s with %s: merge only shards of one grading", dirs[0], describe(*set), dir, describe(s))
		} else if s.N != set.N {
			set.N = 0 // shards chose their workloads each on its machine
		}
		entries, err := ReadJournal(dir)
		if err != nil {
			return Summary{}, err
		}
		for _, e := range latest(entries) {
			if other, dup := from[e.Student]; dup {
				return Summary{}, fmt.Errorf("student %q was graded in both %s and %s: were the shards run with the same --shard i/n count?", e.Student, other, dir)
			}
			r, err := readResult(filepath.Join(dir, e.Result))
			if err != nil {
				return Summary{}, fmt.Errorf("student %q's result: %w", e.Student, err)
			}
			from[e.Student] = dir
			results[e.Student] = r
			all = append(all, e)
		}
	}
	if set == nil {
		return Summary{}, fmt.Errorf("no folder to merge")
	}
	return writeMerged(out, *set, all, results, lang, moodleID)
}

func writeMerged(out string, set settings, entries []Entry, results map[string]*grade.Result, lang msg.Lang, moodleID string) (Summary, error) {
	for _, d := range []string{out, filepath.Join(out, ResultsDir), filepath.Join(out, FeedbackDir), filepath.Join(out, ReportsDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return Summary{}, err
		}
	}
	unlock, err := lockOut(out)
	if err != nil {
		return Summary{}, err
	}
	defer unlock()
	sort.Slice(entries, func(i, j int) bool { return entries[i].Student < entries[j].Student })
	var journal bytes.Buffer
	for _, e := range entries {
		if err := writeSubmissionFiles(out, results[e.Student], lang); err != nil {
			return Summary{}, err
		}
		line, _ := json.Marshal(e)
		journal.Write(append(line, '\n'))
	}
	if err := writeFileAtomic(filepath.Join(out, JournalFile), journal.Bytes()); err != nil {
		return Summary{}, err
	}
	if err := writeSettings(out, set); err != nil {
		return Summary{}, err
	}
	if err := writeClassFiles(out, values(results), lang, moodleID); err != nil {
		return Summary{}, err
	}
	return Summarize(sortedValues(results)), nil
}

func readSettings(dir string) (settings, error) {
	var s settings
	data, err := os.ReadFile(filepath.Join(dir, SettingsFile))
	if err != nil {
		return s, fmt.Errorf("%s holds no %s: is it an output folder of mpgrade grade? (%v)", dir, SettingsFile, err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("%s: %v", filepath.Join(dir, SettingsFile), err)
	}
	return s, nil
}
