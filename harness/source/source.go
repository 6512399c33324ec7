package source

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// script is the Python program that reads the files; see check.py.
//
//go:embed check.py
var script string

// A Report is what the syntax tree of one Python file shows. Line numbers
// count from 1; a list of lines is empty when nothing was found.
type Report struct {
	// File is the file as given to Check.
	File string `json:"file"`
	// Python is the version of the interpreter that read it.
	Python string `json:"python"`
	// SyntaxError is set when the file does not compile; then no other
	// field is filled in.
	SyntaxError *SyntaxError `json:"syntax_error,omitempty"`
	// Uses says where each kind of object is created.
	Uses Uses `json:"uses"`
	// MainGuardLine is the line of the module-level
	// `if __name__ == "__main__":`, or 0 when there is none.
	MainGuardLine int `json:"main_guard"`
	// Starts, Joins and IsAlive are the lines of the calls x.start(),
	// x.join() or x.join(timeout), and x.is_alive(), whatever x is
	// (processes and threads alike; str.join is not counted).
	Starts  []int `json:"starts"`
	Joins   []int `json:"joins"`
	IsAlive []int `json:"is_alive"`
	// StartJoinLoops lists each loop whose body starts an object and then
	// joins the same one: the objects run one after another.
	StartJoinLoops []StartJoinLoop `json:"start_join_loops"`
	// ModuleLevel lists the calls that run when the module is imported,
	// outside the main guard: under spawn every child runs them again.
	ModuleLevel []ModuleCall `json:"module_level"`
	// UnpicklableTargets lists process targets (and functions sent to a
	// process pool) that cannot be pickled, so cannot reach a child
	// started with spawn or forkserver.
	UnpicklableTargets []Target `json:"unpicklable_targets"`
	// SharedInTarget lists shared objects (a Lock, a Queue, a Value...)
	// created inside a function that is a process target: each process
	// makes its own, so nothing is shared.
	SharedInTarget []SharedObject `json:"shared_in_target"`
	// PipeEnds lists the names bound to the two ends of each Pipe().
	PipeEnds []PipeEnd `json:"pipe_ends"`
}

// A SyntaxError is where and why a file does not compile.
type SyntaxError struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
	// Text is the offending line of source, trimmed.
	Text string `json:"text"`
}

// Uses gives, for each kind of object, the lines where one is created
// (a call, or a class that derives from it).
type Uses struct {
	// Process: multiprocessing.Process, also through a context from
	// get_context() or a subclass.
	Process []int `json:"process"`
	// Pool: multiprocessing.Pool or concurrent.futures.ProcessPoolExecutor.
	Pool []int `json:"pool"`
	// Thread: threading.Thread, thread pools, and multiprocessing.dummy.
	Thread []int `json:"thread"`
	// Dummy: multiprocessing.dummy, threads behind the multiprocessing API.
	Dummy []int `json:"dummy"`
	// Pipe: multiprocessing.Pipe.
	Pipe []int `json:"pipe"`
	// Queue: multiprocessing.Queue, JoinableQueue or SimpleQueue.
	Queue []int `json:"queue"`
	// Lock: multiprocessing.Lock or RLock, or a call of x.get_lock().
	Lock []int `json:"lock"`
	// Value: multiprocessing.Value, RawValue, Array or RawArray.
	Value []int `json:"value"`
	// Fork: os.fork, which multiprocessing makes unnecessary.
	Fork []int `json:"fork"`
	// OSExit: os._exit, which skips the clean-up that waits for children.
	OSExit []int `json:"os_exit"`
}

// A StartJoinLoop is a loop whose body starts an object and joins it.
type StartJoinLoop struct {
	Loop  int `json:"loop"`
	Start int `json:"start"`
	Join  int `json:"join"`
	// Receiver is the name of what is started and joined, e.g. "p".
	Receiver string `json:"receiver"`
}

// ModuleCallKind says what a call at module level does.
type ModuleCallKind string

const (
	// ModuleProcessStart creates or starts processes, directly or through
	// a function of the module (e.g. main()).
	ModuleProcessStart ModuleCallKind = "process_start"
	// ModuleSharedObject creates a shared object: Queue, Pipe, Lock, Value,
	// Manager...
	ModuleSharedObject ModuleCallKind = "shared_object"
	// ModuleOtherCall is any other call that is not known to be harmless.
	ModuleOtherCall ModuleCallKind = "call"
)

// A ModuleCall is a call that runs at import time, outside the main guard.
type ModuleCall struct {
	Line int            `json:"line"`
	Kind ModuleCallKind `json:"kind"`
	// Name is what is called, imports resolved, e.g.
	// "multiprocessing.Value" or "main".
	Name string `json:"name"`
	// Text is the call's source, cut to one line.
	Text string `json:"text"`
}

// TargetKind says why a target cannot be pickled.
type TargetKind string

const (
	TargetLambda TargetKind = "lambda"
	// TargetNested is a function defined inside another function.
	TargetNested TargetKind = "nested_function"
)

// A Target is an unpicklable function given to a process or a pool.
type Target struct {
	Line int        `json:"line"`
	Kind TargetKind `json:"kind"`
	Name string     `json:"name"`
}

// A SharedObject is a shared object created inside a process target.
type SharedObject struct {
	Line int `json:"line"`
	// Function is the target function it is created in.
	Function string `json:"function"`
	// Name is what creates it, e.g. "multiprocessing.Lock".
	Name string `json:"name"`
}

// A PipeEnd is a name bound to one end of a Pipe().
type PipeEnd struct {
	Line int    `json:"line"`
	Name string `json:"name"`
	// Closed is true when x.close() is called on that name anywhere.
	Closed bool `json:"closed"`
}

// Parsed reports whether the file compiled.
func (r Report) Parsed() bool { return r.SyntaxError == nil }

// MainGuard reports whether the module has an `if __name__ == "__main__":`
// guard at its top level.
func (r Report) MainGuard() bool { return r.MainGuardLine > 0 }

// JoinInStartLoop reports whether some loop joins what it starts, so that
// the processes it starts never run at the same time.
func (r Report) JoinInStartLoop() bool { return len(r.StartJoinLoops) > 0 }

// JoinsWhatItStarts reports whether a program that starts something also
// joins something. It is true for a program that starts nothing.
func (r Report) JoinsWhatItStarts() bool { return len(r.Starts) == 0 || len(r.Joins) > 0 }

// UsesProcesses reports whether the program creates processes with
// multiprocessing (Process or a process pool).
func (r Report) UsesProcesses() bool { return len(r.Uses.Process)+len(r.Uses.Pool) > 0 }

// Check reads file with the Python interpreter python and reports what its
// syntax tree shows. A file that does not compile is not an error: its
// report has SyntaxError set. An error means the file or the interpreter
// could not be used.
func Check(ctx context.Context, python, file string) (Report, error) {
	rs, err := CheckFiles(ctx, python, file)
	if err != nil {
		return Report{}, err
	}
	return rs[0], nil
}

// CheckFiles is Check for several files with a single run of python; the
// reports are in the order of files.
func CheckFiles(ctx context.Context, python string, files ...string) ([]Report, error) {
	if len(files) == 0 {
		return nil, nil
	}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			return nil, fmt.Errorf("source check: %w", err)
		}
	}
	// -I: ignore PYTHON* variables and the user's site-packages, and do not
	// put the current directory on sys.path, so that a student's ast.py or
	// json.py cannot stand in for the standard library's.
	args := append([]string{"-I", "-c", script}, files...)
	cmd := exec.CommandContext(ctx, python, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("source check: %s could not read the files (it needs Python 3.8 or later): %v: %s",
			python, err, strings.TrimSpace(stderr.String()))
	}
	return decode(&stdout, files)
}

// decode reads check.py's output: one JSON object per file.
func decode(out *bytes.Buffer, files []string) ([]Report, error) {
	var reports []Report
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var line struct {
			Report
			Error string `json:"error"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return nil, fmt.Errorf("source check: unreadable output of check.py (%v): %.200s", err, sc.Text())
		}
		if line.Error != "" {
			return nil, fmt.Errorf("source check: %s: %s", line.File, line.Error)
		}
		reports = append(reports, line.Report)
	}
	if len(reports) != len(files) {
		return nil, fmt.Errorf("source check: expected a report for each of %d files, got %d", len(files), len(reports))
	}
	return reports, nil
}
