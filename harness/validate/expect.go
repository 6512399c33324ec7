package validate

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mpgrade/mpgrade/harness/grade"
)

// An Expectation is what a test submission's expect.txt says: for each
// check it names, the statuses it may get and texts its feedback must
// hold.
type Expectation struct {
	// Status lists, by check, the statuses allowed.
	Status map[string][]grade.Status
	// Messages lists, by check, texts its feedback must contain; a text
	// may list alternatives joined by " | ", of which one must be there.
	Messages map[string][]string
	// Order is the checks named, in the order of the file.
	Order []string
}

// statuses are those an expect.txt may name.
var statuses = []grade.Status{grade.Pass, grade.Fail, grade.Inconclusive, grade.Skip, grade.Error}

// ReadExpect reads an expect.txt: lines "CHECK STATUS", where STATUS may
// list alternatives (pass|inconclusive), and "message CHECK: TEXT"; blank
// lines and lines starting with # are left out. A message's TEXT may list
// alternatives joined by " | " (one conclusion can be reached by two
// commands, each with its own words). Errors name the line.
func ReadExpect(name string, r io.Reader) (Expectation, error) {
	e := Expectation{Status: map[string][]grade.Status{}, Messages: map[string][]string{}}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "message "); ok {
			check, text, ok := strings.Cut(rest, ":")
			if !ok || strings.TrimSpace(text) == "" {
				return e, fmt.Errorf("%s:%d: %q is not 'message CHECK: TEXT'", name, n, line)
			}
			e.Messages[check] = append(e.Messages[check], strings.TrimSpace(text))
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 2 {
			return e, fmt.Errorf("%s:%d: %q is not 'CHECK STATUS' (or 'message CHECK: TEXT')", name, n, line)
		}
		if _, dup := e.Status[fields[0]]; dup {
			return e, fmt.Errorf("%s:%d: check %s is named twice", name, n, fields[0])
		}
		for _, s := range strings.Split(fields[1], "|") {
			if !slices.Contains(statuses, grade.Status(s)) {
				return e, fmt.Errorf("%s:%d: %q is no status: use %s, or several joined by |", name, n, s, statusList())
			}
			e.Status[fields[0]] = append(e.Status[fields[0]], grade.Status(s))
		}
		e.Order = append(e.Order, fields[0])
	}
	return e, sc.Err()
}

func statusList() string {
	var names []string
	for _, s := range statuses {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}

// Unsaid returns the texts of check's expected messages that its feedback
// message does not contain: for a text with alternatives, none of them.
func (e Expectation) Unsaid(check, message string) []string {
	var out []string
	for _, text := range e.Messages[check] {
		found := false
		for _, alt := range strings.Split(text, " | ") {
			found = found || strings.Contains(message, strings.TrimSpace(alt))
		}
		if !found {
			out = append(out, text)
		}
	}
	return out
}
