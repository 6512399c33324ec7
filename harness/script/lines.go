package script

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/rogpeppe/go-internal/testscript"
)

// The commands of this file read what a run printed with regular
// expressions. A REGEX matches anywhere in the output, not only at the start
// of a line: lines printed by several processes at once may share a line.
// Its groups capture the values the command compares.

func init() {
	register(&Command{
		Name:    "lines",
		Args:    "NAME [OP] COUNT REGEX",
		Summary: "Check how many times REGEX matches what run NAME printed",
		Detail: `OP is one of ==, !=, >=, <=, >, < (default ==). The feedback shows REGEX,
the count expected and seen, and the start of the output. With !, the
comparison must not hold.`,
		Run: cmdLines,
	})
	register(&Command{
		Name:    "numbered",
		Args:    "[-ordered] NAME COUNT REGEX",
		Summary: "Check that REGEX's first group takes each of 0 … COUNT-1 exactly once in what run NAME printed",
		Detail: `For numbered lines such as "round=3 ...": every number from 0 to COUNT-1 must
be printed once, none twice, no other. With -ordered they must also come in
that order. The feedback names the numbers missing, repeated or out of
place.`,
		Run: cmdNumbered,
	})
	register(&Command{
		Name:    "among",
		Args:    "NAME REGEX1 REGEX2",
		Summary: "Check that every value REGEX1 captures in run NAME's output is one that REGEX2 captures there",
		Detail: `The values are the groups of each match, taken together. For instance,
among q 'consumed item=\d+ pid=(\d+)' 'consumer index=\d+ pid=(\d+)' checks
that every item was consumed by a process that introduced itself as a
consumer. REGEX1 must match at least once. With !, some value must be
missing from REGEX2's.`,
		Run: cmdAmong,
	})
	register(&Command{
		Name:    "same",
		Args:    "[-ordered] NAME REFNAME REGEX",
		Summary: "Check that REGEX captures the same values in run NAME's output as in run REFNAME's",
		Detail: `REFNAME is usually a reference run. The values of all matches are compared
as a whole, each match as often as it occurs: none may be missing, none
extra, none repeated more often than in REFNAME. With -ordered they must
also come in the same order. The feedback names a few values missing or
extra. With !, the values must differ.`,
		Run: cmdSame,
	})
	register(&Command{
		Name:    "sum",
		Args:    "NAME PARTS REGEX",
		Summary: "Check that the numbers PARTS captures in run NAME's output add up to the one REGEX captures",
		Detail: `PARTS and REGEX are regular expressions whose first group is a whole number;
REGEX must match at least once, and every match must equal the sum of all
of PARTS's matches. For instance, sum t 'worker index=\d+ result=(\d+)'
'total=(\d+)' checks that the workers' results add up to the total. With
!, some total must differ from the sum.`,
		Run: cmdSum,
	})
}

var (
	msgLineCount      = msg.Define("script.line_count", "run %s: expected %s %s matches of %q, but found %d; it printed:\n%s", "ejecución %s: se esperaban %s %s coincidencias de %q, pero se encontraron %d; imprimió:\n%s")
	msgNumberMissing  = msg.Define("script.number_missing", "run %s: expected %q for every number from 0 to %d, once each, but %s never appears: is a round or an item lost?", "ejecución %s: se esperaba %q para cada número de 0 a %d, una vez cada uno, pero %s no aparece nunca: ¿se pierde una ronda o un elemento?")
	msgNumberRepeated = msg.Define("script.number_repeated", "run %s: %q appears %d times for %s, once expected: is it handled twice?", "ejecución %s: %q aparece %d veces para %s, se esperaba una: ¿se procesa dos veces?")
	msgNumberExtra    = msg.Define("script.number_extra", "run %s: %q appears for %s, outside 0 to %d", "ejecución %s: %q aparece para %s, fuera de 0 a %d")
	msgNumberOrder    = msg.Define("script.number_order", "run %s: %q comes in the order %s; expected 0, 1, 2, …: the answers must come back in the order they were asked for", "ejecución %s: %q aparece en el orden %s; se esperaba 0, 1, 2, …: las respuestas deben volver en el orden en que se pidieron")
	msgNoMatch        = msg.Define("script.no_match", "run %s printed nothing that matches %q; it printed:\n%s", "la ejecución %s no imprimió nada que coincida con %q; imprimió:\n%s")
	msgNotAmong       = msg.Define("script.not_among", "run %s printed %s in %q, but no %q line has it: the values printed do not belong together", "la ejecución %s imprimió %s en %q, pero ninguna línea %q lo tiene: los valores impresos no corresponden entre sí")
	msgAllAmong       = msg.Define("script.all_among", "run %s: every value of %q is among those of %q", "ejecución %s: todos los valores de %q están entre los de %q")
	msgNotSame        = msg.Define("script.not_same", "run %s: the lines %q do not agree with the reference's: %s", "ejecución %s: las líneas %q no coinciden con las de la referencia: %s")
	msgSameMissing    = msg.Define("script.same_missing", "missing (or printed too few times): %s", "faltan (o se imprimen menos veces): %s")
	msgSameExtra      = msg.Define("script.same_extra", "not in the reference (or printed too many times): %s", "no están en la referencia (o se imprimen demasiadas veces): %s")
	msgSameOrder      = msg.Define("script.same_order", "the same values, in another order: expected %s, printed %s", "los mismos valores, en otro orden: se esperaba %s, se imprimió %s")
	msgSameUnwanted   = msg.Define("script.same_unwanted", "run %s: the lines %q agree with run %s's", "ejecución %s: las líneas %q coinciden con las de la ejecución %s")
	msgSumWrong       = msg.Define("script.sum_wrong", "run %s printed %s in %q, but the parts printed in %q add up to %d: does every part reach the total once?", "la ejecución %s imprimió %s en %q, pero las partes impresas en %q suman %d: ¿llega cada parte al total una vez?")
	msgSumUnwanted    = msg.Define("script.sum_unwanted", "run %s: the parts add up to the total %d", "ejecución %s: las partes suman el total %d")
)

// mustCompile compiles a script's regular expression; a bad one is an
// error of the script.
func mustCompile(ts *testscript.TestScript, st *State, expr string) *regexp.Regexp {
	re, err := regexp.Compile(expr)
	if err != nil {
		st.Error = true
		ts.Fatalf("bad regular expression %q: %v", expr, err)
	}
	return re
}

// captures returns the groups of every match of re in out, in order.
func captures(re *regexp.Regexp, out string) [][]string {
	var all [][]string
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		all = append(all, m[1:])
	}
	return all
}

// tuple is the values of one match, as the feedback shows them.
func tuple(vals []string) string {
	if len(vals) == 1 {
		return vals[0]
	}
	return "(" + strings.Join(vals, ", ") + ")"
}

// firstInts returns the first group of every match as a number; a group
// that is not one is an error of the script.
func firstInts(ts *testscript.TestScript, st *State, re *regexp.Regexp, out string) []int {
	if re.NumSubexp() < 1 {
		st.Error = true
		ts.Fatalf("%q has no group (…) to capture a number", re)
	}
	var ns []int
	for _, c := range captures(re, out) {
		n, err := strconv.Atoi(c[0])
		if err != nil {
			st.Error = true
			ts.Fatalf("%q captured %q, which is not a whole number", re, c[0])
		}
		ns = append(ns, n)
	}
	return ns
}

func cmdLines(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) == 3 {
		args = []string{args[0], "==", args[1], args[2]}
	}
	if len(args) != 4 {
		st.Error = true
		usage(ts, "lines")
	}
	name, op, want, expr := args[0], args[1], args[2], args[3]
	r := st.run(ts, name)
	n := len(mustCompile(ts, st, expr).FindAllStringIndex(r.Stdout, -1))
	holds, err := compare(float64(n), op, want)
	if err != nil {
		st.Error = true
		ts.Fatalf("lines: %v", err)
	}
	if holds == neg {
		shown := op
		if neg {
			shown = "not " + op
		}
		st.fail(ts, msg.New(msgLineCount, name, shown, want, expr, n, excerpt(r.Stdout)))
	}
}

func cmdNumbered(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	ordered := len(args) > 0 && args[0] == "-ordered"
	if ordered {
		args = args[1:]
	}
	count, err := strconv.Atoi(argAt(args, 1))
	if len(args) != 3 || err != nil || count < 1 {
		st.Error = true
		usage(ts, "numbered")
	}
	name, expr := args[0], args[2]
	r := st.run(ts, name)
	ns := firstInts(ts, st, mustCompile(ts, st, expr), r.Stdout)
	st.settle(ts, neg, "numbered", args, numberingProblem(name, expr, ns, count, ordered))
}

// numberingProblem says what is wrong with the numbers ns, or nil.
func numberingProblem(name, expr string, ns []int, count int, ordered bool) *msg.Message {
	m := func(k msg.Key, args ...any) *msg.Message { x := msg.New(k, args...); return &x }
	seen := map[int]int{}
	for _, n := range ns {
		seen[n]++
		if n < 0 || n >= count {
			return m(msgNumberExtra, name, expr, strconv.Itoa(n), count-1)
		}
	}
	for i := 0; i < count; i++ {
		switch {
		case seen[i] == 0:
			return m(msgNumberMissing, name, expr, count-1, strconv.Itoa(i))
		case seen[i] > 1:
			return m(msgNumberRepeated, name, expr, seen[i], strconv.Itoa(i))
		}
	}
	if ordered && !sort.IntsAreSorted(ns) {
		return m(msgNumberOrder, name, expr, shortList(intStrings(ns)))
	}
	return nil
}

var msgHeld = msg.Define("script.held", "%s held, though it was expected not to", "%s se cumplió, aunque se esperaba que no")

// settle ends a command: with neg, problem must be set; without, nil.
func (st *State) settle(ts *testscript.TestScript, neg bool, cmd string, args []string, problem *msg.Message) {
	switch {
	case problem != nil && !neg:
		st.fail(ts, *problem)
	case problem == nil && neg:
		st.fail(ts, msg.New(msgHeld, cmd+" "+strings.Join(args, " ")))
	}
}

func cmdAmong(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) != 3 {
		st.Error = true
		usage(ts, "among")
	}
	name, expr1, expr2 := args[0], args[1], args[2]
	r := st.run(ts, name)
	vals := captures(mustCompile(ts, st, expr1), r.Stdout)
	if len(vals) == 0 {
		st.fail(ts, msg.New(msgNoMatch, name, expr1, excerpt(r.Stdout)))
	}
	known := map[string]bool{}
	for _, v := range captures(mustCompile(ts, st, expr2), r.Stdout) {
		known[tuple(v)] = true
	}
	for _, v := range vals {
		if !known[tuple(v)] {
			if !neg {
				st.fail(ts, msg.New(msgNotAmong, name, tuple(v), expr1, expr2))
			}
			return
		}
	}
	if neg {
		st.fail(ts, msg.New(msgAllAmong, name, expr1, expr2))
	}
}

func cmdSame(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	ordered := len(args) > 0 && args[0] == "-ordered"
	if ordered {
		args = args[1:]
	}
	if len(args) != 3 {
		st.Error = true
		usage(ts, "same")
	}
	name, refName, expr := args[0], args[1], args[2]
	re := mustCompile(ts, st, expr)
	got := tuples(captures(re, st.run(ts, name).Stdout))
	want := tuples(captures(re, st.run(ts, refName).Stdout))
	if len(want) == 0 {
		st.Error = true
		ts.Fatalf("same: run %s printed nothing that matches %q", refName, expr)
	}
	problem := difference(got, want, ordered)
	switch {
	case problem != nil && !neg:
		st.fail(ts, msg.New(msgNotSame, name, expr, *problem))
	case problem == nil && neg:
		st.fail(ts, msg.New(msgSameUnwanted, name, expr, refName))
	}
}

func tuples(cs [][]string) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = tuple(c)
	}
	return out
}

// difference says how got differs from want, or nil: as multisets, and
// with ordered, in order too.
func difference(got, want []string, ordered bool) *msg.Message {
	count := map[string]int{}
	for _, w := range want {
		count[w]++
	}
	var extra []string
	for _, g := range got {
		if count[g] > 0 {
			count[g]--
		} else {
			extra = append(extra, g)
		}
	}
	var missing []string
	for _, w := range want {
		if count[w] > 0 {
			count[w]--
			missing = append(missing, w)
		}
	}
	m := func(k msg.Key, args ...any) *msg.Message { x := msg.New(k, args...); return &x }
	switch {
	case len(missing) > 0 && len(extra) > 0:
		return m(msgPair, msg.New(msgSameMissing, shortList(missing)), msg.New(msgSameExtra, shortList(extra)))
	case len(missing) > 0:
		return m(msgSameMissing, shortList(missing))
	case len(extra) > 0:
		return m(msgSameExtra, shortList(extra))
	}
	if ordered {
		for i := range got {
			if got[i] != want[i] {
				return m(msgSameOrder, shortList(want), shortList(got))
			}
		}
	}
	return nil
}

var msgPair = msg.Define("script.pair", "%s; %s", "%s; %s")

// shortList shows the first few values of a list.
func shortList(vals []string) string {
	const shown = 5
	if len(vals) > shown {
		return strings.Join(vals[:shown], ", ") + fmt.Sprintf(", … (%d in all)", len(vals))
	}
	return strings.Join(vals, ", ")
}

func intStrings(ns []int) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = strconv.Itoa(n)
	}
	return out
}

func argAt(args []string, i int) string {
	if i < len(args) {
		return args[i]
	}
	return ""
}

func cmdSum(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	if len(args) != 3 {
		st.Error = true
		usage(ts, "sum")
	}
	name, partsExpr, totalExpr := args[0], args[1], args[2]
	r := st.run(ts, name)
	sum := 0
	for _, n := range firstInts(ts, st, mustCompile(ts, st, partsExpr), r.Stdout) {
		sum += n
	}
	totals := firstInts(ts, st, mustCompile(ts, st, totalExpr), r.Stdout)
	if len(totals) == 0 {
		st.fail(ts, msg.New(msgNoMatch, name, totalExpr, excerpt(r.Stdout)))
	}
	for _, t := range totals {
		if t != sum {
			if !neg {
				st.fail(ts, msg.New(msgSumWrong, name, strconv.Itoa(t), totalExpr, partsExpr, sum))
			}
			return
		}
	}
	if neg {
		st.fail(ts, msg.New(msgSumUnwanted, name, sum))
	}
}
