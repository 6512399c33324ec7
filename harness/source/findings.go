package source

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/mpgrade/mpgrade/harness/msg"
)

// A Need is something an assignment's statement asks the program to use.
type Need string

const (
	NeedProcess Need = "process" // multiprocessing.Process
	// NeedProcesses is met by multiprocessing.Process or a process pool.
	NeedProcesses Need = "processes"
	NeedThread    Need = "thread"   // threading.Thread
	NeedPipe      Need = "pipe"     // multiprocessing.Pipe
	NeedQueue     Need = "queue"    // multiprocessing.Queue
	NeedLock      Need = "lock"     // multiprocessing.Lock (or a Value's get_lock())
	NeedValue     Need = "value"    // multiprocessing.Value (or Array)
	NeedJoin      Need = "join"     // join() on what it starts
	NeedIsAlive   Need = "is_alive" // is_alive()
)

// needs lists every Need with what the statement calls it, which is the
// same in every language.
var needs = []struct {
	need Need
	api  string
}{
	{NeedProcess, "multiprocessing.Process"},
	{NeedProcesses, "multiprocessing.Process or multiprocessing.Pool"},
	{NeedThread, "threading.Thread"},
	{NeedPipe, "multiprocessing.Pipe"},
	{NeedQueue, "multiprocessing.Queue"},
	{NeedLock, "multiprocessing.Lock"},
	{NeedValue, "multiprocessing.Value"},
	{NeedJoin, "join()"},
	{NeedIsAlive, "is_alive()"},
}

// ParseNeeds reads needs written as "process,pipe" or "process pipe".
func ParseNeeds(s string) ([]Need, error) {
	var out []Need
	for _, word := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		found := false
		for _, n := range needs {
			if string(n.need) == word {
				out = append(out, n.need)
				found = true
			}
		}
		if !found {
			var names []string
			for _, n := range needs {
				names = append(names, string(n.need))
			}
			return nil, fmt.Errorf("unknown need %q: expected one of %s", word, strings.Join(names, ", "))
		}
	}
	return out, nil
}

// A Code names a kind of finding; codes are stable, for rubrics and tests.
type Code string

const (
	// CodeSyntaxError: the file does not compile; no other finding is made.
	CodeSyntaxError Code = "syntax_error"
	// CodeMissingPrefix + a Need: the statement asks for it, the code
	// never uses it (e.g. "missing_process").
	CodeMissingPrefix = "missing_"
	// CodeNoMainGuard: processes are used without the main guard.
	CodeNoMainGuard Code = "no_main_guard"
	// CodeNotJoined: something is started and nothing is ever joined.
	CodeNotJoined Code = "not_joined"
	// CodeStartJoinLoop: a loop joins what it has just started.
	CodeStartJoinLoop Code = "start_join_loop"
	// CodeModuleProcessStart: processes are started at import time.
	CodeModuleProcessStart Code = "module_process_start"
	// CodeModuleSharedObject: a shared object is created at import time.
	CodeModuleSharedObject Code = "module_shared_object"
	// CodeModuleCall: other code runs at import time (a warning).
	CodeModuleCall Code = "module_call"
	// CodeUnpicklableTarget: a lambda or nested function given to a
	// process or a process pool.
	CodeUnpicklableTarget Code = "unpicklable_target"
	// CodeSharedInTarget: a shared object created inside a worker.
	CodeSharedInTarget Code = "shared_in_target"
	// CodeDummyThreads: multiprocessing.dummy where processes are asked for.
	CodeDummyThreads Code = "dummy_threads"
	// CodePipeNotClosed: a pipe end is never closed (a warning).
	CodePipeNotClosed Code = "pipe_not_closed"
)

// MissingCode is the code of a finding that need is not met.
func MissingCode(need Need) Code { return Code(CodeMissingPrefix + string(need)) }

// Severity says whether a finding costs points.
type Severity string

const (
	// Error: the program is wrong, or breaks under some start method.
	Error Severity = "error"
	// Warning: worth fixing, but the program still does what it should.
	Warning Severity = "warning"
)

// A Finding is one problem in a program's code.
type Finding struct {
	Code     Code     `json:"code"`
	Severity Severity `json:"severity"`
	// Line is where it is, or 0 when it is about the whole file.
	Line int `json:"line,omitempty"`
	// Message says what was found, why it matters and what to do.
	Message msg.Message `json:"message"`
}

// Findings returns the problems of the program, for an assignment whose
// statement asks for needs, ordered by line. An empty result means that
// the code shows no problem.
func (r Report) Findings(needs ...Need) []Finding {
	if !r.Parsed() {
		e := r.SyntaxError
		return []Finding{{CodeSyntaxError, Error, e.Line, msg.New(msgSyntaxError, e.Line, e.Message, e.Text)}}
	}
	var fs []Finding
	add := func(code Code, sev Severity, line int, key msg.Key, args ...any) {
		fs = append(fs, Finding{code, sev, line, msg.New(key, args...)})
	}
	for _, n := range needs {
		if !r.meets(n) {
			add(MissingCode(n), Error, 0, msgMissing, apiName(n))
		}
	}
	wantsProcesses := slices.Contains(needs, NeedProcess) || slices.Contains(needs, NeedProcesses)
	if !r.MainGuard() && (r.UsesProcesses() || wantsProcesses) {
		add(CodeNoMainGuard, Error, 0, msgNoMainGuard)
	}
	if !r.JoinsWhatItStarts() && !slices.Contains(needs, NeedJoin) {
		add(CodeNotJoined, Error, r.Starts[0], msgNotJoined, r.Starts[0])
	}
	for _, l := range r.StartJoinLoops {
		add(CodeStartJoinLoop, Error, l.Join, msgStartJoinLoop, l.Join, l.Receiver, l.Start)
	}
	for _, c := range r.ModuleLevel {
		switch c.Kind {
		case ModuleProcessStart:
			add(CodeModuleProcessStart, Error, c.Line, msgModuleProcessStart, c.Line, c.Text)
		case ModuleSharedObject:
			add(CodeModuleSharedObject, Error, c.Line, msgModuleSharedObject, c.Line, c.Text, c.Name)
		default:
			add(CodeModuleCall, Warning, c.Line, msgModuleCall, c.Line, c.Text)
		}
	}
	for _, t := range r.UnpicklableTargets {
		if t.Kind == TargetLambda {
			add(CodeUnpicklableTarget, Error, t.Line, msgUnpicklableLambda, t.Line)
		} else {
			add(CodeUnpicklableTarget, Error, t.Line, msgUnpicklableNested, t.Line, t.Name)
		}
	}
	for _, s := range r.SharedInTarget {
		add(CodeSharedInTarget, Error, s.Line, msgSharedInTarget, s.Line, s.Function, s.Name)
	}
	if len(r.Uses.Dummy) > 0 && wantsProcesses {
		add(CodeDummyThreads, Error, r.Uses.Dummy[0], msgDummyThreads, r.Uses.Dummy[0])
	}
	if slices.Contains(needs, NeedPipe) {
		for _, e := range r.PipeEnds {
			if !e.Closed {
				add(CodePipeNotClosed, Warning, e.Line, msgPipeNotClosed, e.Name, e.Line)
			}
		}
	}
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Line < fs[j].Line })
	return fs
}

// meets reports whether the code uses what n asks for.
func (r Report) meets(n Need) bool {
	switch n {
	case NeedProcess:
		return len(r.Uses.Process) > 0
	case NeedProcesses:
		return r.UsesProcesses()
	case NeedThread:
		return !onlyDummy(r.Uses)
	case NeedPipe:
		return len(r.Uses.Pipe) > 0
	case NeedQueue:
		return len(r.Uses.Queue) > 0
	case NeedLock:
		return len(r.Uses.Lock) > 0
	case NeedValue:
		return len(r.Uses.Value) > 0
	case NeedJoin:
		return len(r.Joins) > 0
	case NeedIsAlive:
		return len(r.IsAlive) > 0
	}
	return true
}

// onlyDummy reports whether every thread use, if any, is
// multiprocessing.dummy.
func onlyDummy(u Uses) bool {
	dummy := map[int]bool{}
	for _, l := range u.Dummy {
		dummy[l] = true
	}
	for _, l := range u.Thread {
		if !dummy[l] {
			return false
		}
	}
	return true
}

func apiName(n Need) string {
	for _, x := range needs {
		if x.need == n {
			return x.api
		}
	}
	return string(n)
}

// Only returns the findings whose code is one of codes, e.g. to grade one
// rubric item from them.
func Only(fs []Finding, codes ...Code) []Finding {
	var out []Finding
	for _, f := range fs {
		for _, c := range codes {
			if f.Code == c || c == CodeMissingPrefix && strings.HasPrefix(string(f.Code), CodeMissingPrefix) {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// Errors returns the findings of severity Error.
func Errors(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Severity == Error {
			out = append(out, f)
		}
	}
	return out
}
