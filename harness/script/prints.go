package script

import (
	"regexp"
	"strings"

	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	register(&Command{
		Name:    "prints",
		Args:    "NAME TEMPLATE",
		Summary: "Check that run NAME printed a line of the form TEMPLATE",
		Detail: `TEMPLATE is a line as the statement gives it, where <int> stands for a
whole number, <float> for a decimal number and <word> for a word; spaces
match one or more spaces. The feedback shows the template and what the
program printed. With !, no line may have that form.`,
		Run: cmdPrints,
	})
}

var placeholders = strings.NewReplacer(
	regexp.QuoteMeta("<int>"), `-?[0-9]+`,
	regexp.QuoteMeta("<float>"), `-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?`,
	regexp.QuoteMeta("<word>"), `\S+`,
	` `, `\s+`,
)

// templateRegexp compiles a line template into a regexp for whole lines.
func templateRegexp(t string) *regexp.Regexp {
	return regexp.MustCompile(`(?m)^\s*` + placeholders.Replace(regexp.QuoteMeta(t)) + `\s*$`)
}

var (
	msgMissingLine  = msg.Define("script.missing_line", "run %s printed no line of the form %q; it printed:\n%s", "la ejecución %s no imprimió ninguna línea de la forma %q; imprimió:\n%s")
	msgUnwantedLine = msg.Define("script.unwanted_line", "run %s printed a line of the form %q, which it should not", "la ejecución %s imprimió una línea de la forma %q, que no debía")
)

func cmdPrints(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) != 2 {
		st.Error = true
		usage(ts, "prints")
	}
	r := st.run(ts, args[0])
	found := templateRegexp(args[1]).MatchString(r.Stdout)
	switch {
	case !found && !neg:
		st.fail(ts, msg.New(msgMissingLine, args[0], args[1], excerpt(r.Stdout)))
	case found && neg:
		st.fail(ts, msg.New(msgUnwantedLine, args[0], args[1]))
	}
}

// excerpt is the first lines of a program's output, for feedback.
func excerpt(out string) string {
	const maxLines = 8
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) > maxLines {
		lines = append(lines[:maxLines], "…")
	}
	if len(lines) == 1 && lines[0] == "" {
		return "  (nothing)"
	}
	return "  " + strings.Join(lines, "\n  ")
}
