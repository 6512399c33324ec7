package script

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// A Command is one script command with its usage.
type Command struct {
	// Name is the command's name in scripts.
	Name string
	// Args is the synopsis of its arguments.
	Args string
	// Summary says in one sentence what it does.
	Summary string
	// Detail says more: what it checks and how, and what negation (!)
	// means for it.
	Detail string
	// Run runs it.
	Run func(ts *testscript.TestScript, neg bool, args []string)
}

// A Condition is one script condition, such as [cpus:2].
type Condition struct {
	// Name is the condition's prefix, with ":ARG" when it takes one.
	Name string
	// Summary says when it holds.
	Summary string
	// Eval evaluates it for arg (empty when it takes none).
	Eval func(arg string) (bool, error)
}

var (
	commands   = map[string]*Command{}
	conditions = map[string]*Condition{}
)

func register(c *Command)    { commands[c.Name] = c }
func condition(c *Condition) { conditions[strings.SplitN(c.Name, ":", 2)[0]] = c }

// Commands returns the registry's commands, sorted by name.
func Commands() []*Command {
	var cs []*Command
	for _, c := range commands {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	return cs
}

// Conditions returns the registry's conditions, sorted by name.
func Conditions() []*Condition {
	var cs []*Condition
	for _, c := range conditions {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	return cs
}

// Cmds is the registry in the form testscript.Params.Cmds takes.
func Cmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	m := map[string]func(*testscript.TestScript, bool, []string){}
	for name, c := range commands {
		c := c
		m[name] = func(ts *testscript.TestScript, neg bool, args []string) {
			c.Run(ts, neg, args)
		}
	}
	return m
}

// Condition evaluates a condition for testscript.Params.Condition.
func Cond(cond string) (bool, error) {
	name, arg, _ := strings.Cut(cond, ":")
	c, ok := conditions[name]
	if !ok {
		return false, fmt.Errorf("unknown condition %q (the conditions are listed in harness/script/REFERENCE.md)", cond)
	}
	return c.Eval(arg)
}

// usage ends the script with the command's usage: the script, not the
// student, is wrong.
func usage(ts *testscript.TestScript, name string) {
	c := commands[name]
	ts.Fatalf("usage: %s %s", c.Name, c.Args)
}

// Reference is the Markdown reference of every command and condition.
func Reference() string {
	var b strings.Builder
	b.WriteString("# Script commands and conditions\n\n")
	b.WriteString("<!-- Generated from the registry in harness/script. Do not edit; run `go test ./harness/script -update`. -->\n\n")
	b.WriteString("An assignment's checks are testscript files (`.txtar`). Besides testscript's own\n")
	b.WriteString("commands (`exec`, `stdout`, `stderr`, `cmp`, `exists`, ...; see\n")
	b.WriteString("https://pkg.go.dev/github.com/rogpeppe/go-internal/testscript), a check may use these.\n")
	b.WriteString("A command preceded by `!` expects the opposite.\n\n")
	b.WriteString("Each script runs in a fresh folder holding a copy of the submission. Its environment has:\n\n")
	for _, v := range envDoc {
		fmt.Fprintf(&b, "- `$%s`: %s\n", v[0], v[1])
	}
	b.WriteString("\n## Commands\n")
	for _, c := range Commands() {
		fmt.Fprintf(&b, "\n### %s\n\n    %s %s\n\n%s.\n", c.Name, c.Name, c.Args, c.Summary)
		if c.Detail != "" {
			fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(c.Detail))
		}
	}
	b.WriteString("\n## Conditions\n\n")
	for _, c := range Conditions() {
		fmt.Fprintf(&b, "- `[%s]`: %s.\n", c.Name, c.Summary)
	}
	b.WriteString("- `[exec:PROGRAM]`, `[unix]`, `[linux]`, `[go1.x]` and testscript's other built-in conditions.\n")
	return b.String()
}
