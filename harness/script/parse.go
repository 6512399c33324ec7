package script

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/imports"
	"github.com/rogpeppe/go-internal/txtar"
)

// A Problem is something wrong with a script, found without running it.
type Problem struct {
	// File is the script's name, as given to Parse.
	File string
	// Line is the line of the script, counting from 1.
	Line int
	// Command is the command the line runs, or "" for the line itself.
	Command string
	// What says what is wrong and what to write instead.
	What string
}

// Error is the problem as file:line: command: what is wrong.
func (p Problem) Error() string {
	if p.Command == "" {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.What)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Command, p.What)
}

// builtinCommands are testscript's own commands.
var builtinCommands = []string{"cd", "chmod", "cmp", "cmpenv", "cp", "env", "exec", "exists", "grep", "kill",
	"mkdir", "mv", "rm", "skip", "stderr", "stdin", "stdout", "stop", "symlink", "ttyin", "ttyout", "unquote", "wait"}

var goVersionCondition = regexp.MustCompile(`^go1\.\d+$`)

// Parse reads a check's script (a .txtar file) without running it: every
// line must be a known command (testscript's own, or the registry's) with
// arguments its usage allows, under known conditions. It returns the
// problems found, each naming file and line.
func Parse(file string, data []byte) []Problem {
	var problems []Problem
	for i, line := range strings.Split(string(txtar.Parse(data).Comment), "\n") {
		problems = append(problems, parseLine(file, i+1, line)...)
	}
	return problems
}

func parseLine(file string, n int, line string) []Problem {
	bad := func(cmd, format string, args ...any) []Problem {
		return []Problem{{File: file, Line: n, Command: cmd, What: fmt.Sprintf(format, args...)}}
	}
	args, err := splitArgs(line)
	if err != nil {
		return bad("", "%v", err)
	}
	conditioned := len(args) > 0 && strings.HasPrefix(args[0], "[")
	for len(args) > 0 && strings.HasPrefix(args[0], "[") {
		cond := strings.TrimSpace(strings.TrimPrefix(strings.TrimSuffix(args[0], "]"), "["))
		if !strings.HasSuffix(args[0], "]") {
			return bad("", "condition %s has no closing ]", args[0])
		}
		if err := knownCondition(strings.TrimSpace(strings.TrimPrefix(cond, "!"))); err != nil {
			return bad("", "%v", err)
		}
		args = args[1:]
	}
	if len(args) > 0 && args[0] == "!" {
		args = args[1:]
		if len(args) == 0 {
			return bad("", "! must be followed by a command")
		}
	}
	if len(args) == 0 && conditioned {
		return bad("", "a condition must be followed by a command")
	}
	if len(args) == 0 {
		return nil
	}
	name, rest := args[0], args[1:]
	if c, ok := commands[name]; ok {
		if what := synopsisOf(c.Args).check(rest); what != "" {
			return bad(name, "%s (usage: %s %s)", what, c.Name, c.Args)
		}
		return nil
	}
	if slices.Contains(builtinCommands, name) {
		return nil
	}
	return bad(name, "unknown command; the commands are testscript's own (%s) and mpgrade's, listed in harness/script/REFERENCE.md",
		strings.Join(builtinCommands, ", "))
}

// knownCondition reports an error for a condition neither testscript nor
// the registry knows.
func knownCondition(cond string) error {
	switch {
	case cond == "short" || cond == "net" || cond == "link" || cond == "symlink" || cond == "unix" ||
		cond == "gc" || cond == "gccgo" || imports.KnownOS[cond] || imports.KnownArch[cond] ||
		strings.HasPrefix(cond, "exec:") || goVersionCondition.MatchString(cond):
		return nil
	}
	name, arg, hasArg := strings.Cut(cond, ":")
	c, ok := conditions[name]
	if !ok {
		return fmt.Errorf("unknown condition [%s] (the conditions are listed in harness/script/REFERENCE.md)", cond)
	}
	if takesArg := strings.Contains(c.Name, ":"); takesArg != hasArg || (hasArg && arg == "") {
		return fmt.Errorf("condition [%s]: written [%s]", cond, c.Name)
	}
	return nil
}

// splitArgs splits a script line into words as testscript does: spaces
// separate them, single quotes group (” is a quote), # starts a comment.
// Variables are left as written.
func splitArgs(line string) ([]string, error) {
	var args []string
	var arg strings.Builder
	inArg, quoted := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quoted && c == '\'' && i+1 < len(line) && line[i+1] == '\'':
			arg.WriteByte('\'')
			i++
		case c == '\'':
			quoted, inArg = !quoted, true
		case !quoted && (c == ' ' || c == '\t' || c == '\r' || c == '#'):
			if inArg {
				args, inArg = append(args, arg.String()), false
				arg.Reset()
			}
			if c == '#' {
				return args, nil
			}
		default:
			arg.WriteByte(c)
			inArg = true
		}
	}
	if quoted {
		return nil, fmt.Errorf("unterminated quoted argument")
	}
	if inArg {
		args = append(args, arg.String())
	}
	return args, nil
}

// A synopsis is what a command's Args allows: its flags and the count and
// words of its positional arguments.
type synopsis struct {
	flags    map[string]synFlag
	min, max int // max < 0: no limit
	// words are the allowed words of each position, where the
	// positions are fixed (no optional one) and the synopsis lists them
	// (on|off).
	words map[int][]string
}

type synFlag struct{ value, required bool }

var wordsPattern = regexp.MustCompile(`^[a-z]+(\|[a-z]+)+$`)

// synopsisOf reads a command's Args, such as
// "[-fraction F] -seq 'ARGS' NAME [OP] COUNT REGEX [ARG...]".
func synopsisOf(args string) synopsis {
	s := synopsis{flags: map[string]synFlag{}, words: map[int][]string{}}
	toks := strings.Fields(args)
	fixed := true
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		optional := strings.HasPrefix(t, "[")
		body := strings.Trim(t, "[]")
		switch {
		case strings.HasPrefix(body, "-"):
			f := synFlag{required: !optional}
			// A flag's value is the next word of its group.
			if optional && !strings.Contains(strings.TrimSuffix(t, "..."), "]") && i+1 < len(toks) {
				f.value, i = true, i+1
			} else if !optional && i+1 < len(toks) && !strings.HasPrefix(toks[i+1], "[") && toks[i+1] == strings.ToUpper(toks[i+1]) {
				f.value, i = true, i+1
			}
			s.flags[strings.TrimPrefix(body, "-")] = f
		case strings.HasSuffix(body, "..."):
			s.max = -1
			fixed = fixed && optional
		case optional:
			if s.max >= 0 {
				s.max++
			}
			fixed = false
		default:
			if wordsPattern.MatchString(body) {
				s.words[s.min] = strings.Split(body, "|")
			}
			s.min++
			if s.max >= 0 {
				s.max++
			}
		}
	}
	if !fixed {
		s.words = nil
	}
	return s
}

// check says what is wrong with args, or "".
func (s synopsis) check(args []string) string {
	seen := map[string]bool{}
	for len(args) > 0 && len(s.flags) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 {
		name, _, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		f, ok := s.flags[name]
		if !ok {
			return fmt.Sprintf("unknown flag %s", args[0])
		}
		seen[name] = true
		args = args[1:]
		if f.value && !hasValue {
			if len(args) == 0 {
				return fmt.Sprintf("flag -%s needs a value", name)
			}
			args = args[1:]
		}
	}
	for name, f := range s.flags {
		if f.required && !seen[name] {
			return fmt.Sprintf("flag -%s is required", name)
		}
	}
	switch {
	case len(args) < s.min:
		return fmt.Sprintf("%d arguments, expected at least %d", len(args), s.min)
	case s.max >= 0 && len(args) > s.max:
		return fmt.Sprintf("%d arguments, expected at most %d", len(args), s.max)
	}
	for i, words := range s.words {
		if i < len(args) && !slices.Contains(words, args[i]) {
			return fmt.Sprintf("argument %d is %q, expected one of %s", i+1, args[i], strings.Join(words, ", "))
		}
	}
	return ""
}

// Uses lists the commands a script's lines run, each once, in the order
// of their first use.
func Uses(data []byte) []string {
	var used []string
	for _, line := range strings.Split(string(txtar.Parse(data).Comment), "\n") {
		args, err := splitArgs(line)
		for err == nil && len(args) > 0 && (strings.HasPrefix(args[0], "[") || args[0] == "!") {
			args = args[1:]
		}
		if err == nil && len(args) > 0 && !slices.Contains(used, args[0]) {
			used = append(used, args[0])
		}
	}
	return used
}
