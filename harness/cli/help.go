package cli

import (
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
)

func init() {
	Register(&Command{
		Name:    "help",
		Summary: "Print the list of commands, or the usage of one",
		Args:    "[COMMAND]",
		Run: func(env *Env, fs *flag.FlagSet) func([]string) error {
			return func(args []string) error {
				if len(args) == 1 {
					c, ok := registry[args[0]]
					if !ok {
						return &UsageError{Message: fmt.Sprintf("unknown command %q", args[0])}
					}
					fmt.Fprint(env.Stdout, Usage(c))
					return nil
				}
				fmt.Fprint(env.Stdout, Overview())
				return nil
			}
		},
	})
}

// Overview is the text of `mpgrade help`.
func Overview() string {
	var b strings.Builder
	b.WriteString("mpgrade grades Python multiprocessing programs by watching their process tree.\n\n")
	b.WriteString("usage: mpgrade [COMMAND] [FLAGS] [ARGS]\n\n")
	fmt.Fprintf(&b, "With no command, mpgrade runs %q.\n\ncommands:\n", DefaultCommand)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, c := range Commands() {
		fmt.Fprintf(tw, "  %s\t%s\n", c.Name, c.Summary)
	}
	tw.Flush()
	b.WriteString("\nRun 'mpgrade help COMMAND' for the usage of one. Messages are in English,\nor in Spanish with --lang es (or LANG=es_...).\n")
	return b.String()
}
