package source_test

import (
	"testing"

	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/source"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clean is a report of a program that does everything right.
func clean() source.Report {
	return source.Report{
		Uses: source.Uses{Process: []int{10}, Pipe: []int{9}, Queue: []int{8}, Lock: []int{7},
			Value: []int{6}, Thread: []int{11}},
		MainGuardLine: 40,
		Starts:        []int{12},
		Joins:         []int{14},
		IsAlive:       []int{13},
		PipeEnds:      []source.PipeEnd{{Line: 9, Name: "a", Closed: true}},
	}
}

var allNeeds = []source.Need{source.NeedProcess, source.NeedProcesses, source.NeedThread, source.NeedPipe,
	source.NeedQueue, source.NeedLock, source.NeedValue, source.NeedJoin, source.NeedIsAlive}

func TestCleanReportHasNoFindings(t *testing.T) {
	assert.Empty(t, clean().Findings(allNeeds...))
}

func TestSyntaxErrorIsTheOnlyFinding(t *testing.T) {
	r := source.Report{SyntaxError: &source.SyntaxError{Line: 3, Message: "expected ':'", Text: "def f()"}}
	fs := r.Findings(allNeeds...)
	require.Len(t, fs, 1)
	assert.Equal(t, source.CodeSyntaxError, fs[0].Code)
	assert.Equal(t, 3, fs[0].Line)
	assert.Contains(t, fs[0].Message.In(msg.EN), "line 3: Python cannot compile the program (expected ':'): def f()")
	assert.Contains(t, fs[0].Message.In(msg.ES), "línea 3")
}

func TestEachProblemHasItsFinding(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *source.Report)
		needs  []source.Need
		code   source.Code
		sev    source.Severity
		line   int
	}{
		{"missing need", func(r *source.Report) { r.Uses.Queue = nil }, []source.Need{source.NeedQueue},
			source.MissingCode(source.NeedQueue), source.Error, 0},
		{"dummy threads do not meet a thread need", func(r *source.Report) { r.Uses.Dummy = r.Uses.Thread },
			[]source.Need{source.NeedThread}, "missing_thread", source.Error, 0},
		{"no guard", func(r *source.Report) { r.MainGuardLine = 0 }, nil, source.CodeNoMainGuard, source.Error, 0},
		{"never joined", func(r *source.Report) { r.Joins = nil }, nil, source.CodeNotJoined, source.Error, 12},
		{"start-join loop", func(r *source.Report) {
			r.StartJoinLoops = []source.StartJoinLoop{{Loop: 11, Start: 12, Join: 14, Receiver: "p"}}
		}, nil, source.CodeStartJoinLoop, source.Error, 14},
		{"process start at import", func(r *source.Report) {
			r.ModuleLevel = []source.ModuleCall{{Line: 5, Kind: source.ModuleProcessStart, Name: "main", Text: "main()"}}
		}, nil, source.CodeModuleProcessStart, source.Error, 5},
		{"shared object at import", func(r *source.Report) {
			r.ModuleLevel = []source.ModuleCall{{Line: 5, Kind: source.ModuleSharedObject, Name: "multiprocessing.Lock", Text: "Lock()"}}
		}, nil, source.CodeModuleSharedObject, source.Error, 5},
		{"other call at import", func(r *source.Report) {
			r.ModuleLevel = []source.ModuleCall{{Line: 5, Kind: source.ModuleOtherCall, Name: "print", Text: "print(1)"}}
		}, nil, source.CodeModuleCall, source.Warning, 5},
		{"lambda target", func(r *source.Report) {
			r.UnpicklableTargets = []source.Target{{Line: 10, Kind: source.TargetLambda, Name: "lambda"}}
		}, nil, source.CodeUnpicklableTarget, source.Error, 10},
		{"nested target", func(r *source.Report) {
			r.UnpicklableTargets = []source.Target{{Line: 10, Kind: source.TargetNested, Name: "inner"}}
		}, nil, source.CodeUnpicklableTarget, source.Error, 10},
		{"lock made in the worker", func(r *source.Report) {
			r.SharedInTarget = []source.SharedObject{{Line: 20, Function: "worker", Name: "multiprocessing.Lock"}}
		}, nil, source.CodeSharedInTarget, source.Error, 20},
		{"dummy where processes are asked for", func(r *source.Report) { r.Uses.Dummy = []int{3} },
			[]source.Need{source.NeedProcess}, source.CodeDummyThreads, source.Error, 3},
		{"a pool meets processes but not process", func(r *source.Report) {
			r.Uses.Pool, r.Uses.Process = r.Uses.Process, nil
		}, []source.Need{source.NeedProcesses, source.NeedProcess}, source.MissingCode(source.NeedProcess), source.Error, 0},
		{"open pipe end", func(r *source.Report) { r.PipeEnds[0].Closed = false },
			[]source.Need{source.NeedPipe}, source.CodePipeNotClosed, source.Warning, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := clean()
			tt.change(&r)
			fs := r.Findings(tt.needs...)
			require.Len(t, fs, 1, "%v", fs)
			assert.Equal(t, tt.code, fs[0].Code)
			assert.Equal(t, tt.sev, fs[0].Severity)
			assert.Equal(t, tt.line, fs[0].Line)
			for _, lang := range msg.Langs {
				assert.NotContains(t, fs[0].Message.In(lang), "%!", "%s in %s", fs[0].Message.Key, lang)
			}
		})
	}
}

func TestNotJoinedIsNotRepeatedWhenJoinIsANeed(t *testing.T) {
	r := clean()
	r.Joins = nil
	fs := r.Findings(source.NeedJoin)
	require.Len(t, fs, 1)
	assert.Equal(t, source.MissingCode(source.NeedJoin), fs[0].Code)
}

func TestFindingsAreOrderedByLine(t *testing.T) {
	r := clean()
	r.ModuleLevel = []source.ModuleCall{{Line: 30, Kind: source.ModuleOtherCall, Text: "print(1)"}}
	r.SharedInTarget = []source.SharedObject{{Line: 20, Function: "w", Name: "multiprocessing.Queue"}}
	r.Uses.Pipe = nil
	fs := r.Findings(source.NeedPipe)
	var lines []int
	for _, f := range fs {
		lines = append(lines, f.Line)
	}
	assert.Equal(t, []int{0, 20, 30}, lines)
	assert.Len(t, source.Errors(fs), 2)
	assert.Len(t, source.Only(fs, source.CodeMissingPrefix), 1)
	assert.Len(t, source.Only(fs, source.CodeModuleCall, source.CodeSharedInTarget), 2)
}

func TestParseNeeds(t *testing.T) {
	ns, err := source.ParseNeeds("process,pipe join")
	require.NoError(t, err)
	assert.Equal(t, []source.Need{source.NeedProcess, source.NeedPipe, source.NeedJoin}, ns)
	_, err = source.ParseNeeds("process,sockets")
	assert.ErrorContains(t, err, `unknown need "sockets"`)
}

func TestMessagesHaveBothLanguages(t *testing.T) {
	assert.Empty(t, msg.Problems())
}
