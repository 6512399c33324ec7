package diagnose

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mpgrade/mpgrade/harness/msg"
)

// maxListed bounds the file names quoted in a message.
const maxListed = 8

// Locate finds the program name (e.g. "mp_worker.py") of a submission.
// path is the program file itself or the folder that holds it. Locate
// returns the folder the program is in, with notes for the student when it
// was found somewhere other than expected (in a subfolder), or "" and a
// message saying what is there instead: no such path, not a Python file, a
// file with nearly that name (other case, dashes, a second extension, a
// name that contains it), several copies in subfolders, one or several
// other Python programs, or none.
func Locate(path, name string) (dir string, notes []msg.Message, problem *msg.Message) {
	bad := func(k msg.Key, args ...any) (string, []msg.Message, *msg.Message) {
		m := msg.New(k, args...)
		return "", nil, &m
	}
	info, err := os.Stat(path)
	if err != nil {
		return bad(msgNoSuchPath, path, name)
	}
	if !info.IsDir() {
		switch {
		case !strings.EqualFold(filepath.Ext(path), ".py"):
			return bad(msgWrongFile, path, name)
		case filepath.Base(path) != name:
			return bad(msgMisnamed, name, filepath.Base(path), name)
		}
		return filepath.Dir(path), nil, nil
	}
	if isFile(filepath.Join(path, name)) {
		return path, nil, nil
	}
	var nested []string
	filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && d.Name() == name {
			rel, _ := filepath.Rel(path, p)
			nested = append(nested, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(nested)
	switch {
	case len(nested) == 1:
		sub := filepath.Join(path, filepath.FromSlash(filepath.Dir(nested[0])))
		return sub, []msg.Message{msg.New(msgInSubfolder, name, nested[0])}, nil
	case len(nested) > 1:
		return bad(msgSeveralNested, name, listNames(nested))
	}
	entries, _ := os.ReadDir(path)
	var all, programs, alike []string
	for _, e := range entries {
		all = append(all, e.Name())
		if !e.Type().IsRegular() {
			continue
		}
		if sameName(e.Name(), name) {
			return bad(msgMisnamed, name, e.Name(), name)
		}
		if strings.HasSuffix(strings.ToLower(e.Name()), ".py") {
			programs = append(programs, e.Name())
			if nearName(e.Name(), name) {
				alike = append(alike, e.Name())
			}
		}
	}
	sort.Strings(programs)
	sort.Strings(alike)
	switch {
	case len(alike) > 0:
		return bad(msgMisnamed, name, alike[0], name)
	case len(programs) == 1:
		return bad(msgMisnamed, name, programs[0], name)
	case len(programs) > 1:
		return bad(msgSeveralCandidates, name, listNames(programs), name)
	}
	return bad(msgMissing, name, listNames(all))
}

// sameName says whether file is name written differently: other case,
// dashes or spaces for underscores, or an extra extension (mp_worker.py.txt).
func sameName(file, name string) bool {
	return stem(file) == stem(name)
}

// nearName says whether one of file and name contains the other once case,
// punctuation and extensions are set aside, and the shorter is at least
// half the longer (mpworker.py, mp_worker (1).py, my_mp_worker.py for
// mp_worker.py; not w.py).
func nearName(file, name string) bool {
	f, n := letters(stem(file)), letters(stem(name))
	short, long := min(len(f), len(n)), max(len(f), len(n))
	return short >= 3 && 2*short >= long && (strings.Contains(f, n) || strings.Contains(n, f))
}

// stem lowers a file name and drops its .py and .txt extensions, dashes,
// underscores and spaces.
func stem(s string) string {
	s = strings.ToLower(s)
	for _, ext := range []string{".txt", ".py"} {
		s = strings.TrimSuffix(s, ext)
	}
	return strings.NewReplacer("_", "", "-", "", " ", "").Replace(s)
}

// letters keeps the letters of s.
func letters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

func listNames(names []string) string {
	if len(names) == 0 {
		return "—"
	}
	if len(names) > maxListed {
		return strings.Join(names[:maxListed], ", ") + ", …"
	}
	return strings.Join(names, ", ")
}
