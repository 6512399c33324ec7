package observe

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// A StartError says the program could not be started at all.
type StartError struct {
	Command []string
	Reason  string
}

func (e *StartError) Error() string { return e.Reason }

func observe(ctx context.Context, spec Spec) (*Observation, error) {
	if len(spec.Args) == 0 {
		return nil, errors.New("observe: no command given")
	}
	interval := spec.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("observe: cannot find mpgrade's own executable to start the helper: %w", err)
	}
	rpipe, wpipe, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer rpipe.Close()

	grace := spec.Limits.KillGrace
	if grace <= 0 {
		grace = DefaultKillGrace
	}
	args := []string{exe, reaperArg,
		"-wall=" + spec.Limits.Wall.String(),
		"-grace=" + grace.String(),
		"-linger=" + LingerGrace.String(),
		"--"}
	args = append(args, spec.Args...)
	stdout := &countingWriter{w: spec.Stdout}
	stderr := &countingWriter{w: spec.Stderr}
	cmd := &exec.Cmd{
		Path:        exe,
		Args:        args,
		Dir:         spec.Dir,
		Env:         spec.Env,
		Stdin:       spec.Stdin,
		Stdout:      stdout,
		Stderr:      stderr,
		ExtraFiles:  []*os.File{wpipe},
		SysProcAttr: &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM},
	}
	// Pdeathsig is sent when the thread that started the helper ends, not
	// the process; keep this goroutine on its thread until the helper is
	// gone.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	obs := &Observation{
		Command:         append([]string(nil), spec.Args...),
		CPUs:            AvailableCPUs(),
		IntervalSeconds: interval.Seconds(),
		Containment:     "subreaper",
		ExitCode:        -1,
	}
	busy0 := machineBusyTicks()
	if err := cmd.Start(); err != nil {
		wpipe.Close()
		return nil, fmt.Errorf("observe: cannot start the helper: %w", err)
	}
	wpipe.Close()
	msgs := make(chan reaperMsg, 4)
	go readReport(rpipe, msgs)

	first, ok := <-msgs
	if !ok || first.Event != "started" {
		cmd.Wait()
		if first.Event == "error" {
			return nil, &StartError{Command: obs.Command, Reason: first.Error}
		}
		return nil, errors.New("observe: the helper ended before starting the program")
	}
	obs.Started = time.Now()
	s := newSampler(cmd.Process.Pid, first.T)
	s.sample(boottime())
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	var done *reaperMsg
	cancelled := false
loop:
	for {
		select {
		case <-ticker.C:
			s.sample(boottime())
		case m, ok := <-msgs:
			if !ok {
				break loop
			}
			if m.Event == "done" {
				done = &m
			}
		case <-ctx.Done():
			if !cancelled {
				cancelled = true
				cmd.Process.Signal(syscall.SIGTERM)
			}
		}
	}
	waitErr := cmd.Wait()
	obs.MachineBusySeconds = float64(machineBusyTicks()-busy0) / clockTicks
	obs.Processes, obs.Samples = s.procs, s.samples
	obs.Output = OutputStats{StdoutBytes: stdout.n, StderrBytes: stderr.n}
	if done == nil {
		return obs, fmt.Errorf("observe: the helper ended without a report (%v); the program's processes were killed with it", waitErr)
	}
	obs.WallSeconds = done.ExitT - first.T
	obs.ExitCode = done.ExitCode
	obs.Signal = done.Signal
	obs.CPU = CPUTotals{UserSeconds: done.UserSeconds, SystemSeconds: done.SysSeconds, MaxRSSBytes: done.MaxRSSBytes}
	obs.Leftovers = done.Leftovers
	obs.Limit = done.Limit
	if cancelled && obs.Limit == "interrupted" {
		return obs, ctx.Err()
	}
	return obs, nil
}

func readReport(r io.Reader, out chan<- reaperMsg) {
	defer close(out)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		var m reaperMsg
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			m = reaperMsg{Event: "error", Error: "bad report line: " + strings.TrimSpace(sc.Text())}
		}
		out <- m
	}
}

// countingWriter counts what passes through; a nil w discards.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	if c.w == nil {
		return len(p), nil
	}
	if _, err := c.w.Write(p); err != nil {
		// The reader went away; keep draining so the program is not
		// blocked on a full pipe.
		c.w = nil
	}
	return len(p), nil
}
