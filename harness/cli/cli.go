// Package cli is the mpgrade command: a registry of subcommands, each with
// its own usage text, and the one place where exit codes are decided.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/mpgrade/mpgrade/harness/msg"
)

// A Command is one subcommand of mpgrade.
type Command struct {
	// Name is what follows "mpgrade" on the command line.
	Name string
	// Summary is one line saying what it does.
	Summary string
	// Args is the synopsis of its arguments.
	Args string
	// Detail says more, in paragraphs.
	Detail string
	// Flags declares the command's flags on fs, and returns the function
	// that runs it once they are parsed.
	Run func(env *Env, fs *flag.FlagSet) func(args []string) error
}

// Env is what a command runs with.
type Env struct {
	Ctx    context.Context
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Lang is the language of messages, from --lang or the environment.
	Lang msg.Lang
	// Getenv reads the environment.
	Getenv func(string) string
}

var registry = map[string]*Command{}

// Register adds a command to the registry.
func Register(c *Command) { registry[c.Name] = c }

// Commands returns the registered commands, sorted by name.
func Commands() []*Command {
	var cs []*Command
	for _, c := range registry {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	return cs
}

// An ExitError ends mpgrade with a given status; its message, if any, is
// printed on standard error first.
type ExitError struct {
	Code    int
	Message string
}

func (e *ExitError) Error() string { return e.Message }

// A UsageError is a mistake on the command line: exit status 2.
type UsageError struct{ Message string }

func (e *UsageError) Error() string { return e.Message }

// DefaultCommand runs when mpgrade is given no command.
var DefaultCommand = "check"

// Main runs mpgrade with os.Args and returns its exit status.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &Env{Ctx: ctx, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	return Run(env, os.Args[1:])
}

// Run runs mpgrade with args and returns its exit status.
func Run(env *Env, args []string) int {
	env.Lang = msg.ParseLang(firstNonEmpty(env.Getenv("MPGRADE_LANG"), env.Getenv("LANG")))
	name := DefaultCommand
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	} else if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		name, args = "help", nil
	}
	cmd, ok := registry[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "mpgrade: unknown command %q\nRun 'mpgrade help' for the list of commands.\n", name)
		return 2
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	lang := fs.String("lang", string(env.Lang), "language of messages: en or es")
	run := cmd.Run(env, fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(env.Stdout, Usage(cmd))
			return 0
		}
		fmt.Fprintf(env.Stderr, "mpgrade %s: %v\n\n%s", name, err, Usage(cmd))
		return 2
	}
	env.Lang = msg.ParseLang(*lang)
	return exitStatus(env, name, run(fs.Args()))
}

// exitStatus is the one place where errors become exit statuses.
func exitStatus(env *Env, name string, err error) int {
	var exit *ExitError
	var usage *UsageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		if exit.Message != "" {
			fmt.Fprintln(env.Stderr, exit.Message)
		}
		return exit.Code
	case errors.As(err, &usage):
		fmt.Fprintf(env.Stderr, "mpgrade %s: %s\n\n%s", name, usage.Message, Usage(registry[name]))
		return 2
	default:
		fmt.Fprintf(env.Stderr, "mpgrade %s: %v\n", name, err)
		return 1
	}
}

// Usage is a command's help text, built from its registry entry and its
// flags.
func Usage(c *Command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: mpgrade %s %s\n\n%s.\n", c.Name, c.Args, c.Summary)
	if c.Detail != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(c.Detail))
	}
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.String("lang", "en", "language of messages: en or es")
	c.Run(&Env{Getenv: func(string) string { return "" }}, fs)
	b.WriteString("\nflags:\n")
	fs.SetOutput(&b)
	fs.PrintDefaults()
	return b.String()
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
