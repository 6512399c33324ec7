package diagnose

import (
	"errors"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMessagesHaveBothLanguages(t *testing.T) {
	assert.Empty(t, msg.Problems())
}

func keys(ms []msg.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = string(m.Key)
	}
	return out
}

func ok() *observe.Observation {
	return &observe.Observation{Limits: observe.Limits{Wall: 10 * time.Second, CPU: 20 * time.Second,
		Memory: 512 << 20, Processes: 64, Output: 1 << 20, OutputTotal: 64 << 20, FileSize: 16 << 20}}
}

func with(f func(o *observe.Observation)) *observe.Observation {
	o := ok()
	f(o)
	return o
}

func TestNothingToSayAboutAGoodRun(t *testing.T) {
	assert.Empty(t, Explain(ok(), []byte("total 42\n"), nil, nil))
}

// Python's reports, as 3.8 to 3.13 print them.
const (
	syntax311 = `  File "/tmp/mpgrade-run-1/work/mp_worker.py", line 42
    def worker(chunks, results)
                               ^
SyntaxError: expected ':'
`
	syntax38 = `  File "mp_worker.py", line 7
    print("a"
            ^
SyntaxError: unexpected EOF while parsing
`
	indentation = `  File "/w/mp_worker.py", line 3
    return x
    ^
IndentationError: expected an indented block after function definition on line 2
`
	importError = `Traceback (most recent call last):
  File "/w/mp_worker.py", line 1, in <module>
    import numpy
ModuleNotFoundError: No module named 'numpy'
`
	childException = `Process Process-2:
Traceback (most recent call last):
  File "/usr/lib/python3.11/multiprocessing/process.py", line 314, in _bootstrap
    self.run()
  File "/usr/lib/python3.11/multiprocessing/process.py", line 108, in run
    self._target(*self._args, **self._kwargs)
  File "/w/mp_worker.py", line 12, in worker
    total += data[i]
             ~~~~^^^
IndexError: list index out of range
`
	twoTracebacks = `Traceback (most recent call last):
  File "/w/a.py", line 1, in <module>
KeyError: 'x'
Traceback (most recent call last):
  File "/w/mp_worker.py", line 20, in <module>
    main()
  File "/w/mp_worker.py", line 9, in main
    return 1 / 0
ZeroDivisionError: division by zero
`
)

func TestPythonsReports(t *testing.T) {
	for _, c := range []struct {
		name, stderr, key, quote, file string
		line                           int
	}{
		{"syntax 3.11", syntax311, "diagnose.syntax_error", "SyntaxError: expected ':'", "mp_worker.py", 42},
		{"syntax 3.8", syntax38, "diagnose.syntax_error", "SyntaxError: unexpected EOF while parsing", "mp_worker.py", 7},
		{"indentation", indentation, "diagnose.syntax_error", "IndentationError: expected an indented block after function definition on line 2", "mp_worker.py", 3},
		{"import", importError, "diagnose.import_error", "ModuleNotFoundError: No module named 'numpy'", "mp_worker.py", 1},
		{"child exception", childException, "diagnose.exception", "IndexError: list index out of range", "mp_worker.py", 12},
		{"last of two", twoTracebacks, "diagnose.exception", "ZeroDivisionError: division by zero", "mp_worker.py", 9},
	} {
		t.Run(c.name, func(t *testing.T) {
			ms := Explain(with(func(o *observe.Observation) { o.ExitCode = 1 }), nil, []byte(c.stderr), nil)
			require.NotEmpty(t, ms)
			assert.Equal(t, c.key, string(ms[0].Key))
			assert.Equal(t, []any{c.quote, c.file, c.line}, ms[0].Args)
			for _, lang := range msg.Langs {
				assert.NotContains(t, ms[0].In(lang), "goroutine", "never a Go stack trace")
			}
		})
	}
}

func TestLimits(t *testing.T) {
	for limit, key := range map[string]string{
		observe.LimitWall: "diagnose.timeout", observe.LimitCPU: "diagnose.cpu_limit",
		observe.LimitMemory: "diagnose.memory_limit", observe.LimitProcesses: "diagnose.process_limit",
		observe.LimitOutput: "diagnose.output_limit", observe.LimitFileSize: "diagnose.file_size_limit",
		observe.LimitInterrupted: "diagnose.interrupted",
	} {
		o := with(func(o *observe.Observation) { o.Limit, o.ExitCode, o.Signal = limit, -1, "SIGKILL" })
		// A MemoryError traceback is the limit's doing: one message, not two.
		ms := Explain(o, nil, []byte("Traceback (most recent call last):\n  File \"a.py\", line 2, in <module>\nMemoryError\n"), nil)
		assert.Equal(t, []string{key}, keys(ms), limit)
	}
	ms := Explain(with(func(o *observe.Observation) { o.Limit = observe.LimitMemory }), nil, nil, nil)
	assert.Equal(t, "your program was stopped for using more than 512 MiB of memory, the limit. Do not keep all the data in lists at once: process it in pieces, and send results, not inputs, between processes", ms[0].In(msg.EN))
}

func TestExitAndSignal(t *testing.T) {
	assert.Equal(t, []string{"diagnose.exit_code"}, keys(Explain(with(func(o *observe.Observation) { o.ExitCode = 3 }), []byte("PASS\nscore: 100\n"), nil, nil)))
	assert.Equal(t, []string{"diagnose.signal"}, keys(Explain(with(func(o *observe.Observation) { o.ExitCode, o.Signal = -1, "SIGSEGV" }), nil, nil, nil)))
}

func TestWhatTheProgramLeftAndWrote(t *testing.T) {
	o := with(func(o *observe.Observation) {
		o.Leftovers = []observe.Leftover{{PID: 10}, {PID: 11}}
		o.Output = observe.OutputStats{StdoutBytes: 5 << 20, Truncated: true}
	})
	ms := Explain(o, []byte("caf\xc3"), []byte("bad \xff byte"), nil)
	assert.Equal(t, []string{"diagnose.leftovers", "diagnose.output_cut", "diagnose.non_utf8_stderr"}, keys(ms),
		"a UTF-8 sequence cut by the output cap is not the program's fault")
	assert.Equal(t, []any{4}, ms[2].Args)
	ms = Explain(ok(), []byte("ok caf\xe9\n"), nil, nil)
	assert.Equal(t, []string{"diagnose.non_utf8_stdout"}, keys(ms))
	assert.Equal(t, []any{6}, ms[0].Args)
}

func TestStartErrors(t *testing.T) {
	notFound := &observe.StartError{Command: []string{"python3", "mp_worker.py"}, Reason: `cannot start "python3": no such program (is it installed and on PATH?)`}
	assert.Equal(t, []string{"diagnose.no_python"}, keys(Explain(nil, nil, nil, notFound)))
	prog := &observe.StartError{Command: []string{"./mp_worker"}, Reason: `cannot start "./mp_worker": no such program (is it installed and on PATH?)`}
	assert.Equal(t, []string{"diagnose.program_not_found"}, keys(Explain(nil, nil, nil, prog)))
	denied := &observe.StartError{Command: []string{"./mp_worker.py"}, Reason: `cannot start "./mp_worker.py": permission denied (is it executable?)`}
	assert.Equal(t, []string{"diagnose.not_runnable"}, keys(Explain(nil, nil, nil, denied)))
	forUser := &observe.StartError{Command: []string{"/root/.pyenv/versions/3.11.7/bin/python3", "mp_worker.py"},
		Reason: `cannot start "/root/.pyenv/versions/3.11.7/bin/python3": permission denied for user 65534:65534 (that user must be able to run the program and enter every folder above it)`}
	assert.Equal(t, []string{"diagnose.no_python"}, keys(Explain(nil, nil, nil, forUser)))
	noPy := &observe.PythonNotFoundError{User: "nobody", Tried: []string{"/root/.pyenv/shims/python3: permission denied"}}
	ms := Explain(nil, nil, nil, noPy)
	assert.Equal(t, []string{"diagnose.no_python"}, keys(ms))
	assert.Contains(t, ms[0].In(msg.ES), "/root/.pyenv/shims/python3: permission denied")
	helper := errors.New("observe: the helper ended without a report (signal: killed: was it killed by the program?); 1 processes of the program were killed after it")
	ms = Explain(&observe.Observation{ExitCode: -1}, nil, nil, helper)
	assert.Equal(t, "diagnose.observe_failed", string(ms[0].Key))
	assert.NotContains(t, ms[0].In(msg.EN), "observe:")
}

func TestScriptMissing(t *testing.T) {
	stderr := "/usr/bin/python3: can't open file '/tmp/mpgrade-run-1/work/mp_worker.py': [Errno 2] No such file or directory\n"
	ms := Explain(with(func(o *observe.Observation) { o.ExitCode = 2 }), nil, []byte(stderr), nil)
	assert.Equal(t, []string{"diagnose.script_missing"}, keys(ms))
	assert.Equal(t, []any{"mp_worker.py"}, ms[0].Args)
}
