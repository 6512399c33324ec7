package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/check"
	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
)

// workerArg, as the first argument, makes a binary that imports this
// package grade one submission as a batch's worker and exit.
const workerArg = "__mpgrade_batch_worker__"

func init() {
	if len(os.Args) > 2 && os.Args[1] == workerArg {
		os.Exit(workerMain(os.Args[2]))
	}
}

// A job is what the grader tells a worker: one submission to grade, and
// how.
type job struct {
	Assignment    string   `json:"assignment"`
	Path          string   `json:"path"`
	Student       string   `json:"student"`
	Python        string   `json:"python"`
	Lang          msg.Lang `json:"lang"`
	Hidden        bool     `json:"hidden"`
	Only          []string `json:"only"`
	N             int      `json:"n"`
	TargetSeconds float64  `json:"target_seconds"`
	Version       string   `json:"version"`
	// Scratch is the worker's temporary folder, removed by the grader
	// once the worker has ended, however it ended.
	Scratch string `json:"scratch"`
}

// workerMain grades the job and writes the Result as JSON on stdout.
// Exit status 0 with a result, 3 when the grader could not grade (the
// reason on stderr).
func workerMain(config string) int {
	var j job
	if err := json.Unmarshal([]byte(config), &j); err != nil {
		fmt.Fprintf(os.Stderr, "batch worker: bad job %q: %v\n", config, err)
		return 3
	}
	if j.Scratch != "" {
		os.Setenv("TMPDIR", j.Scratch)
	}
	a, err := assignments.Load(j.Assignment)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	opts := check.Options{Python: j.Python, Lang: j.Lang, Hidden: j.Hidden, Only: j.Only, N: j.N, TargetSeconds: j.TargetSeconds, Version: j.Version}
	res, err := check.Grade(context.Background(), a, j.Path, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	res.Submission = j.Student
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	return 0
}

// keptWorkerStderr is how much of a worker's standard error is kept to
// explain its failure: the end of a Go panic's first goroutine.
const keptWorkerStderr = 4 << 10

// stopGrace is how long a worker ended by a stop signal waits for the
// batch's own interruption, which the same signal brings: the two
// processes hear of it within milliseconds of each other.
const stopGrace = 2 * time.Second

// stoppedFromOutside reports whether a worker ended by a signal that asks
// a program to stop (SIGTERM, SIGINT, SIGHUP), as a scheduler's or a
// terminal's stop sends to every process of a job, rather than by a crash.
func stoppedFromOutside(err error) bool {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return false
	}
	ws, ok := exit.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return false
	}
	switch ws.Signal() {
	case syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP:
		return true
	}
	return false
}

// errInterrupted: the batch was interrupted while the worker graded.
var errInterrupted = errors.New("interrupted")

// runWorker grades j in a worker process started from the calling thread
// (which the slot has pinned), in dir (job paths are relative to it, so
// that feedback names a submission by the student's id, not by where the
// grader keeps it), and waits for it at most timeout. It returns
// errInterrupted when ctx ends first; any other error says why the worker
// gave no result.
func runWorker(ctx context.Context, j job, dir string, timeout time.Duration) (*grade.Result, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find mpgrade's own executable to start a worker: %w", err)
	}
	config, err := json.Marshal(j)
	if err != nil {
		return nil, err
	}
	var stdout, stderr bytes.Buffer
	cmd := &exec.Cmd{
		Path:        exe,
		Args:        []string{exe, workerArg, string(config)},
		Dir:         dir,
		Env:         append(os.Environ(), "TMPDIR="+j.Scratch),
		Stdout:      &stdout,
		Stderr:      &stderr,
		SysProcAttr: workerAttr(),
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot start a worker: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case err = <-exited:
	case <-ctx.Done():
		cmd.Process.Signal(syscall.SIGKILL)
		<-exited
		return nil, errInterrupted
	case <-timer.C:
		cmd.Process.Signal(syscall.SIGKILL)
		<-exited
		return nil, fmt.Errorf("grading took longer than %s and was stopped", timeout)
	}
	if err != nil && stoppedFromOutside(err) {
		// A scheduler that stops the job (Slurm's requeue or scancel, a
		// Ctrl-C) signals every process of it at once: the worker may end
		// before the batch itself hears of it. The batch's own stop comes
		// a moment later; the submission is then graded again on resume,
		// not recorded as the grader's failure.
		select {
		case <-ctx.Done():
			return nil, errInterrupted
		case <-time.After(stopGrace):
		}
	}
	if err != nil {
		return nil, fmt.Errorf("the worker failed (%v): %s", err, tail(stderr.String(), keptWorkerStderr))
	}
	var res grade.Result
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("the worker's result is not readable: %v", err)
	}
	return &res, nil
}

func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return s
}
