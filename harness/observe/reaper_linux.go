package observe

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// reaperArg, as the first argument, makes a binary that imports this
// package act as the reaper helper instead of running its own main.
const reaperArg = "__mpgrade_reaper__"

// reportFD is the helper's file descriptor for its JSON-lines report.
const reportFD = 3

// killRetry is how often the helper kills again while processes remain:
// a process forked between a walk of the tree and the kill survives one
// round, not two.
const killRetry = 100 * time.Millisecond

func init() {
	if len(os.Args) > 1 && os.Args[1] == reaperArg {
		os.Exit(reaperMain(os.Args[2:]))
	}
}

// A reaperConfig is what the observer tells the helper.
type reaperConfig struct {
	Limits Limits        `json:"limits"`
	Linger time.Duration `json:"linger"`
	// User is who the program runs as; nil: the helper's own user.
	User *runUser `json:"user,omitempty"`
	// Containment is Spec.Containment.
	Containment string `json:"containment,omitempty"`
	// Isolate is the run's namespaces, which the helper was started in;
	// nil for none.
	Isolate *isolateConfig `json:"isolate,omitempty"`
}

// A reaperMsg is one line of the helper's report.
type reaperMsg struct {
	Event string `json:"event"` // "started", "error" or "done"
	PID   int    `json:"pid,omitempty"`
	// T is CLOCK_BOOTTIME in seconds.
	T float64 `json:"t,omitempty"`
	// Error, for "error": why the program could not be started. It starts
	// with isolationFailure when the namespaces could not be set up.
	Error string `json:"error,omitempty"`
	// For "started": how the run is contained.
	Containment string            `json:"containment,omitempty"`
	Cgroups     []string          `json:"cgroups,omitempty"`
	Enforced    map[string]string `json:"enforced,omitempty"`
	// The rest is for "done".
	ExitCode    int          `json:"exit_code"`
	Signal      string       `json:"signal,omitempty"`
	ExitT       float64      `json:"exit_t,omitempty"`
	UserSeconds float64      `json:"user_seconds,omitempty"`
	SysSeconds  float64      `json:"sys_seconds,omitempty"`
	MaxRSSBytes uint64       `json:"max_rss_bytes,omitempty"`
	Limit       string       `json:"limit,omitempty"`
	Leftovers   []Leftover   `json:"leftovers,omitempty"`
	Cgroup      *CgroupStats `json:"cgroup,omitempty"`
}

func parseReaperArgs(args []string) (reaperConfig, []string, error) {
	var cfg reaperConfig
	if len(args) < 3 || args[1] != "--" {
		return cfg, nil, errors.New("usage: " + reaperArg + " CONFIG -- CMD [ARG...]")
	}
	if err := json.Unmarshal([]byte(args[0]), &cfg); err != nil {
		return cfg, nil, err
	}
	if cfg.Limits.KillGrace <= 0 {
		cfg.Limits.KillGrace = DefaultKillGrace
	}
	return cfg, args[2:], nil
}

func boottime() float64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_BOOTTIME, &ts); err != nil {
		return float64(time.Now().UnixNano()) / 1e9
	}
	return float64(ts.Sec) + float64(ts.Nsec)/1e9
}

type reaped struct {
	pid    int
	status unix.WaitStatus
	t      float64
}

// A reaper is the helper's state while the program runs.
type reaper struct {
	cfg      reaperConfig
	cg       *runCgroup
	enforced map[string]string
	r        *procReader
	mainPID  int
	done     reaperMsg
	left     map[int]bool
	// Timers; nil when not running.
	wallC, killC, lingerC, watchC <-chan time.Time
	watch                         *time.Ticker
}

// reaperMain is the helper: it starts the program, reaps the whole tree,
// enforces the limits, kills what outlives the main process and reports.
// It returns the helper's own exit status; the program's is in the report.
func reaperMain(args []string) int {
	// The program's parent-death signal is tied to the thread that
	// started it; keep that thread for the helper's whole life.
	runtime.LockOSThread()
	unix.CloseOnExec(reportFD)
	report := json.NewEncoder(os.NewFile(reportFD, "report"))
	fail := func(format string, a ...any) int {
		report.Encode(reaperMsg{Event: "error", Error: fmt.Sprintf(format, a...)})
		return 2
	}
	cfg, command, err := parseReaperArgs(args)
	if err != nil {
		return fail("reaper: %v", err)
	}
	if cfg.Isolate != nil {
		if err := holdHostView(); err != nil {
			return fail("%s", isolationError(fmt.Errorf("the machine's /proc: %w", err)))
		}
	}
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		return fail("reaper: cannot become a subreaper: %v", err)
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGUSR1)

	path, err := exec.LookPath(command[0])
	if err != nil {
		return fail("%s", describeStartError(command[0], err))
	}
	nice := currentNice()
	// Root in a user namespace of its own is root there alone: no
	// priority of root's, no cgroups.
	root := os.Geteuid() == 0 && (cfg.Isolate == nil || !cfg.Isolate.UserNS)
	if root {
		raisePriority(reaperNice)
	}
	rp := &reaper{cfg: cfg, r: newProcReader(), left: map[int]bool{}}
	if cfg.Containment != ContainmentSubreaper && root {
		rp.cg = newRunCgroup(cfg.Limits)
	}
	defer rp.cg.remove()
	uid, tasks := os.Geteuid(), tasksOfUser
	if cfg.User != nil {
		uid = int(cfg.User.UID)
	}
	if iso := cfg.Isolate; iso != nil && iso.UserNS {
		// The helper is root in its user namespace only.
		uid, tasks = iso.UID, func(int) int { return iso.UserTasks }
	}
	rls, enforced := planLimits(cfg.Limits, rp.cg, uid, tasks)
	rp.enforced = enforced
	if cfg.Isolate != nil {
		if err := isolateHelper(cfg.Isolate, path); err != nil {
			return fail("%s", isolationError(err))
		}
	}
	t0 := boottime()
	pid, err := startProgram(path, command, execConfig{Join: rp.cg.procsFiles(), Rlimits: rls, User: cfg.User, Nice: nice, Isolate: cfg.Isolate})
	if err != nil {
		return fail("%s", err.Error())
	}
	rp.mainPID = pid
	started := reaperMsg{Event: "started", PID: pid, T: t0, Containment: ContainmentSubreaper, Enforced: enforced}
	if rp.cg != nil {
		started.Containment = fmt.Sprintf("cgroup v%d", rp.cg.version)
		started.Cgroups = rp.cg.created
	}
	report.Encode(started)
	defer func() {
		if v := recover(); v != nil {
			// Never leave the tree behind, whatever went wrong here.
			for i := 0; i < maxKillRounds && len(killTree(rp.r, unix.SIGKILL)) > 0; i++ {
				time.Sleep(killRetry)
			}
			panic(v)
		}
	}()
	rp.run(sigs)
	report.Encode(rp.done)
	return 0
}

// run reaps and watches until every process of the tree is gone, and
// fills in rp.done.
func (rp *reaper) run(sigs <-chan os.Signal) {
	rp.done = reaperMsg{Event: "done", ExitCode: -1}
	waits := make(chan reaped, 64)
	go reapAll(waits)
	if rp.cfg.Limits.Wall > 0 {
		rp.wallC = time.After(rp.cfg.Limits.Wall)
	}
	if rp.needsWatch() {
		rp.watch = time.NewTicker(WatchInterval)
		defer rp.watch.Stop()
		rp.watchC = rp.watch.C
	}
	for {
		select {
		case w, ok := <-waits:
			if !ok {
				rp.finish()
				return
			}
			rp.reaped(w)
		case <-rp.lingerC:
			rp.addLeftovers(rp.killAll(true))
			rp.lingerC = time.After(killRetry)
		case <-rp.wallC:
			rp.stop(LimitWall, true)
		case <-rp.killC:
			rp.killAll(false)
			rp.killC = time.After(killRetry)
		case <-rp.watchC:
			if limit := rp.check(); limit != "" {
				rp.stop(limit, false)
			}
		case s := <-sigs:
			if s == syscall.SIGUSR1 {
				rp.stop(LimitOutput, false)
			} else {
				rp.stop(LimitInterrupted, false)
			}
		}
	}
}

// reaped takes note of one process that ended.
func (rp *reaper) reaped(w reaped) {
	if w.status.Signaled() {
		switch w.status.Signal() {
		case unix.SIGXCPU:
			rp.stop(LimitCPU, false)
		case unix.SIGXFSZ:
			rp.stop(LimitFileSize, false)
		}
	}
	if w.pid != rp.mainPID {
		return
	}
	rp.done.ExitT = w.t
	switch {
	case w.status.Exited():
		rp.done.ExitCode = w.status.ExitStatus()
	case w.status.Signaled():
		rp.done.Signal = unix.SignalName(w.status.Signal())
	}
	rp.wallC = nil
	if rp.killC == nil {
		rp.lingerC = time.After(rp.cfg.Linger)
	}
}

// stop stops the program for limit: gently with SIGTERM to every process
// and SIGKILL after the grace period, or at once.
func (rp *reaper) stop(limit string, gently bool) {
	if rp.done.Limit == "" {
		rp.done.Limit = limit
	}
	rp.wallC, rp.watchC, rp.lingerC = nil, nil, nil
	if gently {
		signalTree(rp.r, unix.SIGTERM)
		rp.killC = time.After(rp.cfg.Limits.KillGrace)
		return
	}
	rp.killAll(false)
	rp.killC = time.After(killRetry)
}

// killAll kills every process of the tree. With list, it returns those
// that were still running (not zombies), read while the tree was frozen
// or stopped: reading the command line of a process that is forking waits
// for its memory map, seconds in a fork bomb.
func (rp *reaper) killAll(list bool) []Leftover {
	if rp.cg == nil {
		return killTree(rp.r, unix.SIGKILL)
	}
	var left []Leftover
	if list && rp.cg.freeze() == nil {
		left = liveTree(rp.r)
	}
	if err := rp.cg.kill(); err != nil {
		killTree(rp.r, unix.SIGKILL)
	}
	rp.cg.thaw()
	return left
}

func (rp *reaper) addLeftovers(left []Leftover) {
	for _, l := range left {
		if !rp.left[l.PID] {
			rp.left[l.PID] = true
			rp.done.Leftovers = append(rp.done.Leftovers, l)
		}
	}
}

// needsWatch says whether a limit must be checked every WatchInterval.
func (rp *reaper) needsWatch() bool {
	lim := rp.cfg.Limits
	return lim.CPU > 0 || lim.Processes > 0 || (lim.Memory > 0 && rp.cg.enforces(LimitMemory))
}

// check returns the limit the tree has reached, if any.
func (rp *reaper) check() string {
	lim := rp.cfg.Limits
	if rp.cg != nil {
		switch {
		case rp.cg.enforces(LimitProcesses) && rp.cg.pidsRefused() > 0:
			return LimitProcesses
		case rp.cg.enforces(LimitMemory) && rp.cg.oomKills() > 0:
			return LimitMemory
		case lim.CPU > 0 && rp.cg.cpuSeconds() >= lim.CPU.Seconds():
			return LimitCPU
		}
	}
	walkCPU := lim.CPU > 0 && !rp.cg.enforces(LimitCPU)
	walkProcs := lim.Processes > 0 && !rp.cg.enforces(LimitProcesses)
	if !walkCPU && !walkProcs {
		return ""
	}
	tasks, ticks := 0, uint64(0)
	for _, pid := range rp.r.descendants(os.Getpid(), nil) {
		if st, err := rp.r.stat(pid); err == nil && st.state != 'Z' {
			tasks += max(1, st.threads)
			ticks += st.utime + st.stime
		}
	}
	var ru unix.Rusage
	unix.Getrusage(unix.RUSAGE_CHILDREN, &ru)
	cpu := float64(ticks)/clockTicks + tvSeconds(ru.Utime) + tvSeconds(ru.Stime)
	switch {
	case walkProcs && tasks >= lim.Processes:
		return LimitProcesses
	case walkCPU && cpu >= lim.CPU.Seconds():
		return LimitCPU
	}
	return ""
}

// finish fills in the totals once every process is gone.
func (rp *reaper) finish() {
	var ru unix.Rusage
	unix.Getrusage(unix.RUSAGE_CHILDREN, &ru)
	rp.done.UserSeconds = tvSeconds(ru.Utime)
	rp.done.SysSeconds = tvSeconds(ru.Stime)
	rp.done.MaxRSSBytes = uint64(ru.Maxrss) * 1024
	if rp.cg == nil {
		return
	}
	st := rp.cg.stats()
	rp.done.Cgroup = st
	failed := rp.done.ExitCode != 0
	switch {
	case rp.done.Limit != "":
	case st.OOMKills > 0 && rp.cg.enforces(LimitMemory):
		rp.done.Limit = LimitMemory
	case st.PidsRefused > 0 && failed && rp.cg.enforces(LimitProcesses):
		rp.done.Limit = LimitProcesses
	}
}

// reapAll waits for every child, original or re-parented, until there are
// none left, then closes out.
func reapAll(out chan<- reaped) {
	for {
		var ws unix.WaitStatus
		pid, err := unix.Wait4(-1, &ws, 0, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			close(out)
			return
		}
		out <- reaped{pid: pid, status: ws, t: boottime()}
	}
}

func tvSeconds(tv unix.Timeval) float64 {
	return float64(tv.Sec) + float64(tv.Usec)/1e6
}

// signalTree sends sig to every descendant of this process.
func signalTree(r *procReader, sig unix.Signal) {
	for _, pid := range r.descendants(os.Getpid(), nil) {
		unix.Kill(pid, sig)
	}
}

// liveTree lists the descendants of this process that are still running
// (not zombies).
func liveTree(r *procReader) []Leftover {
	var left []Leftover
	for _, pid := range r.descendants(os.Getpid(), nil) {
		if st, err := r.stat(pid); err == nil && st.state != 'Z' {
			left = append(left, Leftover{PID: pid, Cmdline: readCmdline(pid)})
		}
	}
	toHostPIDs(left)
	return left
}

// maxKillRounds bounds the walks of killTree; each round stops every
// process found, and a stopped process cannot fork, so a tree is
// normally all stopped after two or three.
const maxKillRounds = 1000

// killTree stops every descendant, walking the tree again until no new
// process appears (a stopped process cannot fork, so a fork bomb cannot
// outrun it), then kills them all. It returns the ones that were still
// running, not zombies.
func killTree(r *procReader, sig unix.Signal) []Leftover {
	stopped := map[int]bool{}
	var order []int
	var left []Leftover
	for round := 0; round < maxKillRounds; round++ {
		found := false
		for _, pid := range r.descendants(os.Getpid(), nil) {
			if stopped[pid] {
				continue
			}
			found = true
			unix.Kill(pid, unix.SIGSTOP)
			stopped[pid] = true
			order = append(order, pid)
			if st, err := r.stat(pid); err == nil && st.state != 'Z' {
				left = append(left, Leftover{PID: pid, Cmdline: readCmdline(pid)})
			}
		}
		if !found {
			break
		}
	}
	toHostPIDs(left)
	for _, pid := range order {
		unix.Kill(pid, sig)
	}
	return left
}

func readCmdline(pid int) []string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || len(data) == 0 {
		return nil
	}
	return strings.Split(strings.TrimRight(string(data), "\x00"), "\x00")
}

// describeStartError explains why a program could not be started.
func describeStartError(name string, err error) string {
	switch {
	case errors.Is(err, exec.ErrNotFound), errors.Is(err, os.ErrNotExist):
		return fmt.Sprintf("cannot start %q: no such program (is it installed and on PATH?)", name)
	case errors.Is(err, os.ErrPermission):
		return fmt.Sprintf("cannot start %q: permission denied (is it executable?)", name)
	}
	return fmt.Sprintf("cannot start %q: %v", name, err)
}
