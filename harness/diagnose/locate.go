package diagnose

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mpgrade/mpgrade/harness/msg"
)

// maxListed bounds the file names quoted in a message.
const maxListed = 8

// Locate finds the program name (e.g. "mp_worker.py") in the submission
// folder dir. It returns its path, or "" and a message saying what is
// there instead: a file with nearly that name (other case, dashes, a
// second extension), the file in a subfolder, one or several other Python
// programs, or none.
func Locate(dir, name string) (string, *msg.Message) {
	path := filepath.Join(dir, name)
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		return path, nil
	}
	entries, _ := os.ReadDir(dir)
	var all, programs []string
	for _, e := range entries {
		all = append(all, e.Name())
		if e.Type().IsRegular() && sameName(e.Name(), name) {
			m := msg.New(msgMisnamed, name, e.Name(), name)
			return "", &m
		}
		if e.IsDir() {
			if sub := filepath.Join(dir, e.Name(), name); isFile(sub) {
				m := msg.New(msgInSubfolder, name, filepath.ToSlash(filepath.Join(e.Name(), name)))
				return "", &m
			}
		}
		if e.Type().IsRegular() && strings.HasSuffix(strings.ToLower(e.Name()), ".py") {
			programs = append(programs, e.Name())
		}
	}
	sort.Strings(programs)
	var m msg.Message
	switch len(programs) {
	case 0:
		m = msg.New(msgMissing, name, listNames(all))
	case 1:
		m = msg.New(msgMisnamed, name, programs[0], name)
	default:
		m = msg.New(msgSeveralCandidates, name, listNames(programs), name)
	}
	return "", &m
}

// sameName says whether file is name written differently: other case,
// dashes or spaces for underscores, or an extra extension (mp_worker.py.txt).
func sameName(file, name string) bool {
	norm := func(s string) string {
		s = strings.ToLower(s)
		for _, ext := range []string{".txt", ".py"} {
			s = strings.TrimSuffix(s, ext)
		}
		return strings.NewReplacer("_", "", "-", "", " ", "").Replace(s)
	}
	return norm(file) == norm(name)
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
