package html

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
)

// importedModule finds the module a "python -c" command line starts
// from, as Python's own helpers and spawned workers are started.
var importedModule = regexp.MustCompile(`^\s*from\s+([\w.]+)\s+import`)

// shortCommand names a command in at most n characters: the program's
// base name and as many of its arguments as fit. A "python -c" command
// that imports a module is named by the module's last part, such as
// "python3: resource_tracker".
func shortCommand(cmdline []string, n int) string {
	if len(cmdline) == 0 {
		return "?"
	}
	program := filepath.Base(cmdline[0])
	for i, arg := range cmdline[:len(cmdline)-1] {
		if arg != "-c" {
			continue
		}
		if m := importedModule.FindStringSubmatch(cmdline[i+1]); m != nil {
			module := m[1][strings.LastIndex(m[1], ".")+1:]
			return shorten(program+": "+module, n)
		}
	}
	parts := append([]string{program}, cmdline[1:]...)
	return shorten(strings.Join(parts, " "), n)
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func joinInts(xs []int) string {
	if len(xs) == 0 {
		return "–"
	}
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
}

func roleWord(r judge.Role, lang msg.Lang) string {
	if k, ok := roleWords[r]; ok {
		return say(lang, k)
	}
	return string(r)
}

// anchor makes a check's name safe for an element id.
func anchor(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func itoa(n int) string { return fmt.Sprint(n) }

func fmtFloat(x float64) string { return fmt.Sprintf("%.2f", x) }
