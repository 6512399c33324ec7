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
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
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
	iso, missing, err := planIsolation(spec.Isolation)
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
	if iso != nil {
		iso.Visible = append(pythonPathDirs(env), spec.Visible...)
		iso.TmpBytes = limits.Memory
	}
	var started atomic.Pointer[os.Process]
	sink := newOutputSink(spec.Stdout, spec.Stderr, limits, func() {
		// Too much output: the helper stops the program.
		if p := started.Load(); p != nil {
			p.Signal(syscall.SIGUSR1)
		}
	})

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
	var h *helper
	for {
		hs := helperStart{exe: exe, args: spec.Args, dir: spec.Dir, env: env, stdin: spec.Stdin, sink: sink, started: &started,
			cfg: reaperConfig{Limits: limits, Linger: LingerGrace, User: user, Containment: spec.Containment, Isolate: iso}}
		h, err = startHelper(hs)
		why, failed := isolationFailed(err)
		if iso == nil || !failed {
			break
		}
		// The namespaces could not be made here: the program was not
		// started; start it again without them, unless they are required.
		noteIsolationBroken(why)
		if spec.Isolation == IsolationNamespaces {
			return nil, &IsolationError{Missing: why}
		}
		iso, missing = nil, why
	}
	if err != nil {
		if start, ok := err.(*StartError); ok {
			start.Command = obs.Command
		}
		return nil, err
	}
	cmd := h.cmd
	defer h.close()
	msgs, first := h.msgs, h.first
	obs.Isolation = Isolation{Mode: IsolationNone, Missing: missing}
	if iso != nil {
		obs.Isolation = Isolation{Mode: IsolationNamespaces, Namespaces: namespacesOf(iso), PIDNamespace: pidNamespaceOf(cmd.Process.Pid)}
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

// A helperStart is how to start one helper.
type helperStart struct {
	exe   string
	args  []string
	dir   string
	env   []string
	stdin io.Reader
	sink  *outputSink
	cfg   reaperConfig
	// started is given the helper's process as soon as it runs.
	started *atomic.Pointer[os.Process]
}

// A helper is a started helper that has started the program.
type helper struct {
	cmd     *exec.Cmd
	rpipe   *os.File
	release func()
	msgs    chan reaperMsg
	first   reaperMsg
}

func (h *helper) close() {
	h.release()
	h.rpipe.Close()
}

// startHelper starts the helper and waits until it says it started the
// program. When it could not, the error is a *StartError, or says that
// the helper could not be started or ended at once.
func startHelper(hs helperStart) (*helper, error) {
	cfg, err := json.Marshal(hs.cfg)
	if err != nil {
		return nil, err
	}
	rpipe, wpipe, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := &exec.Cmd{
		Path:        hs.exe,
		Args:        append([]string{hs.exe, reaperArg, string(cfg), "--"}, hs.args...),
		Dir:         hs.dir,
		Env:         hs.env,
		Stdin:       hs.stdin,
		Stdout:      &hs.sink.stdout,
		Stderr:      &hs.sink.stderr,
		ExtraFiles:  []*os.File{wpipe},
		SysProcAttr: helperAttr(hs.cfg.Isolate),
		WaitDelay:   pipeWaitDelay,
	}
	release, err := startLocked(cmd)
	wpipe.Close()
	if err == nil {
		hs.started.Store(cmd.Process)
	}
	if err != nil {
		rpipe.Close()
		if hs.cfg.Isolate != nil {
			return nil, &StartError{Reason: isolationError(fmt.Errorf("cannot make the run's namespaces: %w", err))}
		}
		return nil, fmt.Errorf("observe: cannot start the helper: %w", err)
	}
	h := &helper{cmd: cmd, rpipe: rpipe, release: release, msgs: make(chan reaperMsg, 4)}
	go readReport(rpipe, h.msgs)
	first, ok := <-h.msgs
	if !ok || first.Event != "started" {
		cmd.Wait()
		h.close()
		if first.Event == "error" {
			return nil, &StartError{Reason: first.Error}
		}
		return nil, errors.New("observe: the helper ended before starting the program")
	}
	h.first = first
	return h, nil
}

// isolationFailed says whether err is the helper's failure to set up the
// run's namespaces, and returns what it said.
func isolationFailed(err error) (string, bool) {
	start, ok := err.(*StartError)
	if !ok {
		return "", false
	}
	return isIsolationFailure(start.Reason)
}

// pythonPathDirs are the absolute folders on env's PYTHONPATH (the start
// method's folder among them): an isolated run must still see them.
func pythonPathDirs(env []string) []string {
	var dirs []string
	for _, d := range filepath.SplitList(envValue(env, "PYTHONPATH")) {
		if filepath.IsAbs(d) {
			dirs = append(dirs, d)
		}
	}
	return dirs
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
