package kit

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/mpgrade/mpgrade/assignments"
)

// shortLine is the length under which a normalized line of a model answer
// is too common to tell it apart ("p.start()", "total = 0", "return
// total"): such lines are left out when looking for copies.
const shortLine = 16

// copiedShare is the share of a model answer's telling lines that a file
// must hold to count as a copy of it. Half: a statement quoting a few of
// its lines stays well under, while a copy, even reformatted or with a
// few lines changed, stays well over.
const copiedShare = 0.5

// Audit scans every file under dir for what a kit must never hold: a
// hidden check of assignment a (its script, or a file at its path) or a
// copy of any model answer (a's own and every built-in assignment's). It
// returns an error naming each file and what it holds.
func Audit(dir string, a *assignments.Assignment) error {
	answers, err := modelAnswers(a)
	if err != nil {
		return err
	}
	hidden := hiddenLines(a)
	var problems []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for name := range hidden {
			if rel == "checks/"+name+".txtar" || strings.HasSuffix(rel, "/"+name+".txtar") {
				problems = append(problems, fmt.Sprintf("%s is the script of the hidden check %s", rel, name))
			}
		}
		lines := lineSet(data)
		for name, script := range hidden {
			for _, l := range script {
				if lines[l] {
					problems = append(problems, fmt.Sprintf("%s holds a line of the hidden check %s: %q", rel, name, l))
					break
				}
			}
		}
		for file, answer := range answers {
			if bytes.Equal(bytes.TrimSpace(data), bytes.TrimSpace(answer.data)) {
				problems = append(problems, fmt.Sprintf("%s is a copy of the model answer %s", rel, file))
				continue
			}
			if held := answer.heldBy(lines); held >= copiedShare {
				problems = append(problems, fmt.Sprintf("%s holds %.0f%% of the telling lines of the model answer %s", rel, 100*held, file))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// A modelAnswer is one file of a model answer, with the lines that tell
// it apart from its assignment's starter.
type modelAnswer struct {
	data    []byte
	telling []string
}

// heldBy is the share of the answer's telling lines found in lines.
func (m modelAnswer) heldBy(lines map[string]bool) float64 {
	if len(m.telling) == 0 {
		return 0
	}
	n := 0
	for _, l := range m.telling {
		if lines[l] {
			n++
		}
	}
	return float64(n) / float64(len(m.telling))
}

// modelAnswers reads the model answers of a and of every built-in
// assignment that has one here, by "ASSIGNMENT/solution/FILE".
func modelAnswers(a *assignments.Assignment) (map[string]modelAnswer, error) {
	all := []*assignments.Assignment{a}
	for _, name := range assignments.Names() {
		if b, err := assignments.Load(name); err == nil && b.Source != a.Source {
			all = append(all, b)
		}
	}
	out := map[string]modelAnswer{}
	for _, b := range all {
		entries, _ := fs.ReadDir(b.Files, "solution")
		starter := starterLines(b)
		for _, e := range entries {
			if !e.Type().IsRegular() {
				continue
			}
			data, err := fs.ReadFile(b.Files, path.Join("solution", e.Name()))
			if err != nil {
				return nil, err
			}
			m := modelAnswer{data: data}
			for l := range lineSet(data) {
				if len(l) >= shortLine && !starter[l] {
					m.telling = append(m.telling, l)
				}
			}
			out[b.Name+"/solution/"+e.Name()] = m
		}
	}
	return out, nil
}

// starterLines are the normalized lines of an assignment's starter and
// calibration files: what its model answer shares with what students get
// anyway.
func starterLines(a *assignments.Assignment) map[string]bool {
	all := map[string]bool{}
	for _, dir := range []string{"starter", "calibration"} {
		entries, _ := fs.ReadDir(a.Files, dir)
		for _, e := range entries {
			data, _ := fs.ReadFile(a.Files, path.Join(dir, e.Name()))
			for l := range lineSet(data) {
				all[l] = true
			}
		}
	}
	return all
}

// hiddenLines are, for each hidden check of a, the lines of its script
// that no public script has.
func hiddenLines(a *assignments.Assignment) map[string][]string {
	public := map[string]bool{}
	for _, c := range a.Checks {
		if !c.Hidden {
			data, _ := a.Script(c.Name)
			for l := range lineSet(data) {
				public[l] = true
			}
		}
	}
	out := map[string][]string{}
	for _, c := range a.Checks {
		if !c.Hidden {
			continue
		}
		data, _ := a.Script(c.Name)
		out[c.Name] = nil
		for l := range lineSet(data) {
			if !public[l] {
				out[c.Name] = append(out[c.Name], l)
			}
		}
	}
	return out
}

// lineSet is the set of data's lines with their spacing normalized,
// leaving out blank lines and comments ("#" for Python and scripts).
func lineSet(data []byte) map[string]bool {
	set := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		l := strings.Join(strings.Fields(sc.Text()), " ")
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		set[l] = true
	}
	return set
}
