package observe

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
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

func init() {
	if len(os.Args) > 1 && os.Args[1] == reaperArg {
		os.Exit(reaperMain(os.Args[2:]))
	}
}

// A reaperMsg is one line of the helper's report.
type reaperMsg struct {
	Event string `json:"event"` // "started", "error" or "done"
	PID   int    `json:"pid,omitempty"`
	// T is CLOCK_BOOTTIME in seconds.
	T     float64 `json:"t,omitempty"`
	Error string  `json:"error,omitempty"`
	// The rest is for "done".
	ExitCode    int        `json:"exit_code"`
	Signal      string     `json:"signal,omitempty"`
	ExitT       float64    `json:"exit_t,omitempty"`
	UserSeconds float64    `json:"user_seconds,omitempty"`
	SysSeconds  float64    `json:"sys_seconds,omitempty"`
	MaxRSSBytes uint64     `json:"max_rss_bytes,omitempty"`
	Limit       string     `json:"limit,omitempty"`
	Leftovers   []Leftover `json:"leftovers,omitempty"`
}

type reaperConfig struct {
	wall, grace, linger time.Duration
}

func parseReaperArgs(args []string) (reaperConfig, []string, error) {
	var cfg reaperConfig
	fs := flag.NewFlagSet("reaper", flag.ContinueOnError)
	fs.DurationVar(&cfg.wall, "wall", 0, "")
	fs.DurationVar(&cfg.grace, "grace", DefaultKillGrace, "")
	fs.DurationVar(&cfg.linger, "linger", LingerGrace, "")
	if err := fs.Parse(args); err != nil {
		return cfg, nil, err
	}
	if fs.NArg() == 0 {
		return cfg, nil, errors.New("no command")
	}
	return cfg, fs.Args(), nil
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

// reaperMain is the helper: it starts the program, reaps the whole tree,
// kills what outlives the main process and reports. It returns the
// helper's own exit status; the program's is in the report.
func reaperMain(args []string) int {
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
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		return fail("reaper: cannot become a subreaper: %v", err)
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)

	path, err := exec.LookPath(command[0])
	if err != nil {
		return fail("%s", describeStartError(command[0], err))
	}
	t0 := boottime()
	proc, err := os.StartProcess(path, command, &os.ProcAttr{
		Files: []*os.File{os.Stdin, os.Stdout, os.Stderr},
		Sys:   &syscall.SysProcAttr{Setpgid: true},
	})
	if err != nil {
		return fail("%s", describeStartError(command[0], err))
	}
	mainPID := proc.Pid
	report.Encode(reaperMsg{Event: "started", PID: mainPID, T: t0})

	done := reaperMsg{Event: "done", ExitCode: -1}
	waits := make(chan reaped, 64)
	go reapAll(waits)

	var wallC, killC, lingerC <-chan time.Time
	if cfg.wall > 0 {
		wallC = time.After(cfg.wall)
	}
	r := newProcReader()
	for {
		select {
		case w, ok := <-waits:
			if !ok {
				ru := unix.Rusage{}
				unix.Getrusage(unix.RUSAGE_CHILDREN, &ru)
				done.UserSeconds = tvSeconds(ru.Utime)
				done.SysSeconds = tvSeconds(ru.Stime)
				done.MaxRSSBytes = uint64(ru.Maxrss) * 1024
				report.Encode(done)
				return 0
			}
			if w.pid == mainPID {
				done.ExitT = w.t
				switch {
				case w.status.Exited():
					done.ExitCode = w.status.ExitStatus()
				case w.status.Signaled():
					done.Signal = unix.SignalName(w.status.Signal())
				}
				lingerC = time.After(cfg.linger)
				wallC = nil
			}
		case <-lingerC:
			done.Leftovers = append(done.Leftovers, killTree(r, unix.SIGKILL)...)
			lingerC = time.After(100 * time.Millisecond)
		case <-wallC:
			done.Limit = "wall"
			signalTree(r, unix.SIGTERM)
			killC = time.After(cfg.grace)
		case <-killC:
			killTree(r, unix.SIGKILL)
			killC = time.After(100 * time.Millisecond)
		case <-sigs:
			if done.Limit == "" {
				done.Limit = "interrupted"
			}
			killTree(r, unix.SIGKILL)
			killC = time.After(100 * time.Millisecond)
		}
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

// killTree stops every descendant, walking the tree again until no new
// process appears (a stopped process cannot fork, so a fork bomb cannot
// outrun it), then kills them all. It returns the ones that were still
// running, not zombies.
func killTree(r *procReader, sig unix.Signal) []Leftover {
	stopped := map[int]bool{}
	var order []int
	var left []Leftover
	for round := 0; round < 1000; round++ {
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
