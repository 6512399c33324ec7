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

// pipeWaitDelay bounds the wait for the program's output pipes to close
// once the helper has exited. Every process that could hold them is dead
// by then; the delay only guards against a kernel or helper surprise.
const pipeWaitDelay = 2 * time.Second

// helperSlack is how long past Limits.Wall and KillGrace the observer
// waits for the helper's report before it kills the helper itself: the
// helper needs a few kill rounds (killRetry) and its last reaping.
const helperSlack = 5 * time.Second

func observe(ctx context.Context, spec Spec) (*Observation, error) {
	if len(spec.Args) == 0 {
		return nil, errors.New("observe: no command given")
	}
	interval := spec.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	user, err := lookupUser(spec.User)
	if err != nil {
		return nil, fmt.Errorf("observe: %w", err)
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("observe: cannot find mpgrade's own executable to start the helper: %w", err)
	}
	limits := spec.Limits
	if limits.KillGrace <= 0 {
		limits.KillGrace = DefaultKillGrace
	}
	cfg, err := json.Marshal(reaperConfig{Limits: limits, Linger: LingerGrace, User: user, Containment: spec.Containment})
	if err != nil {
		return nil, err
	}
	env := spec.Env
	if env == nil {
		env = os.Environ()
	}
	if spec.StartMethod != "" {
		var remove func()
		env, remove, err = forcedStartMethod(env, spec.StartMethod, user)
		if err != nil {
			return nil, err
		}
		defer remove()
	}
	marker := newRunMarker()
	env = append(env[:len(env):len(env)], marker)
	rpipe, wpipe, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer rpipe.Close()

	cmd := &exec.Cmd{
		Path:        exe,
		Args:        append([]string{exe, reaperArg, string(cfg), "--"}, spec.Args...),
		Dir:         spec.Dir,
		Env:         env,
		Stdin:       spec.Stdin,
		ExtraFiles:  []*os.File{wpipe},
		SysProcAttr: &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM},
		WaitDelay:   pipeWaitDelay,
	}
	sink := newOutputSink(spec.Stdout, spec.Stderr, limits, func() {
		// Too much output: the helper stops the program.
		cmd.Process.Signal(syscall.SIGUSR1)
	})
	cmd.Stdout, cmd.Stderr = &sink.stdout, &sink.stderr

	obs := &Observation{
		Command:         append([]string(nil), spec.Args...),
		CPUs:            AvailableCPUs(),
		IntervalSeconds: interval.Seconds(),
		Containment:     ContainmentSubreaper,
		Limits:          limits,
		ExitCode:        -1,
	}
	if user != nil {
		obs.RunAs = user.String()
	}
	obs.StartMethod = spec.StartMethod
	busy0 := machineBusyTicks()
	release, err := startLocked(cmd)
	wpipe.Close()
	if err != nil {
		return nil, fmt.Errorf("observe: cannot start the helper: %w", err)
	}
	defer release()
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
	obs.Containment = first.Containment
	obs.Enforced = first.Enforced
	s := newSampler(cmd.Process.Pid, first.T)
	defer s.close()
	sampling, err := startSampling(s, interval)
	if err != nil {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		return nil, fmt.Errorf("observe: cannot start sampling: %w", err)
	}
	var deadline <-chan time.Time
	if limits.Wall > 0 {
		deadline = time.After(limits.Wall + limits.KillGrace + helperSlack)
	}
	var done *reaperMsg
	cancelled, overdue := false, false
loop:
	for {
		select {
		case <-deadline:
			// The helper is stuck (stopped by the program, on a laptop
			// where both are the same user): end it here.
			overdue = true
			cmd.Process.Kill()
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
	sampling.stop()
	swept := 0
	if done == nil {
		// The helper died without cleaning up: kill what its cgroups
		// still hold, and every process that carries the run's mark
		// (they may hold the output pipes open).
		killCgroupDirs(first.Cgroups)
		swept = sweepMarked(marker)
	}
	waitErr := cmd.Wait()
	obs.MachineBusySeconds = float64(machineBusyTicks()-busy0) / clockTicks
	obs.Processes, obs.Samples = s.procs, s.samples
	obs.Output = sink.stats()
	if done == nil {
		if overdue {
			obs.Limit = LimitWall
			return obs, fmt.Errorf("observe: the helper did not end within the wall limit and was killed (was it stopped by the program?); %d processes of the program were killed with it", swept)
		}
		return obs, fmt.Errorf("observe: the helper ended without a report (%v: was it killed by the program?); %d processes of the program were killed after it", waitErr, swept)
	}
	obs.WallSeconds = done.ExitT - first.T
	obs.ExitCode = done.ExitCode
	obs.Signal = done.Signal
	obs.CPU = CPUTotals{UserSeconds: done.UserSeconds, SystemSeconds: done.SysSeconds, MaxRSSBytes: done.MaxRSSBytes}
	obs.Leftovers = done.Leftovers
	obs.Cgroup = done.Cgroup
	obs.Limit = done.Limit
	s.finish(obs, interval)
	if obs.Limit == "" && (obs.ExitCode != 0 || obs.Signal != "") {
		obs.Limit = rlimitReached(obs.Enforced, sink.stderrTail())
	}
	if cancelled && obs.Limit == LimitInterrupted {
		return obs, ctx.Err()
	}
	return obs, nil
}

// rlimitMarks are what Python prints when a limit set by setrlimit stops
// it: the kernel refuses the allocation or the fork, and Python raises.
var rlimitMarks = []struct{ limit, mark string }{
	{LimitMemory, "MemoryError"},
	{LimitProcesses, "BlockingIOError"},
	{LimitProcesses, "Resource temporarily unavailable"},
	{LimitFileSize, "File too large"},
}

// rlimitReached tells which limit enforced by setrlimit a failed program
// reached, from the end of its stderr, or "" for none.
func rlimitReached(enforced map[string]string, stderrTail string) string {
	for _, m := range rlimitMarks {
		if enforced[m.limit] == byRlimit && strings.Contains(stderrTail, m.mark) {
			return m.limit
		}
	}
	return ""
}

// startLocked starts cmd from a goroutine locked to its thread, which
// stays parked there until release is called. Pdeathsig is sent when the
// thread that started the helper ends, not the process: Go ends a thread
// when a goroutine locked to it returns, so the thread is kept for the
// whole run. The observer itself runs unlocked: a locked goroutine that
// wakes 20 times a second costs two thread switches each time.
func startLocked(cmd *exec.Cmd) (release func(), err error) {
	started := make(chan error)
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		started <- cmd.Start()
		<-done
		runtime.UnlockOSThread()
	}()
	if err := <-started; err != nil {
		close(done)
		return nil, err
	}
	return func() { close(done) }, nil
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
