package observe

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// execArg, as the first argument, makes a binary that imports this package
// act as the exec stage: the short-lived process that puts itself in the
// run's cgroups, sets the resource limits, drops to the run's user and
// becomes the program with execve. Doing this in a process of its own,
// before the program exists, leaves no moment at which the program runs
// unconfined (a cgroup v1 cannot be joined atomically at fork).
const execArg = "__mpgrade_exec__"

// execErrFD is the exec stage's pipe for a failure; it is close-on-exec,
// so the reaper reads EOF and nothing else when the program started.
const execErrFD = 3

// An execConfig is what the reaper tells the exec stage.
type execConfig struct {
	// Path is the program, already looked up in PATH.
	Path string `json:"path"`
	// Join lists the cgroup.procs files to write the stage's pid to.
	Join []string `json:"join,omitempty"`
	// Rlimits are set before dropping privileges.
	Rlimits []rlimit `json:"rlimits,omitempty"`
	// User is who to become; nil keeps the reaper's user.
	User *runUser `json:"user,omitempty"`
	// Nice is the program's scheduling priority: the observer's, not the
	// helper's raised one.
	Nice int `json:"nice"`
	// Reaper is the helper's pid: if the stage's parent is no longer the
	// helper, the helper died before the parent-death signal was set.
	Reaper int `json:"reaper"`
	// Isolate is the run's namespaces, nil for none. As root the stage
	// moves into the run's file system view itself, after joining the
	// cgroups; in a user namespace the helper already has.
	Isolate *isolateConfig `json:"isolate,omitempty"`
}

func init() {
	if len(os.Args) > 1 && os.Args[1] == execArg {
		os.Exit(execMain(os.Args[2:]))
	}
}

// execMain is the exec stage. It only returns on failure, after writing
// the reason to execErrFD.
func execMain(args []string) int {
	// prctl and the credentials below are per thread: all must be made
	// on the thread that calls execve.
	runtime.LockOSThread()
	errPipe := os.NewFile(execErrFD, "exec-error")
	unix.CloseOnExec(execErrFD)
	fail := func(format string, a ...any) int {
		fmt.Fprintf(errPipe, format, a...)
		return 127
	}
	var cfg execConfig
	if len(args) < 3 || args[1] != "--" {
		return fail("exec stage: bad arguments")
	}
	if err := json.Unmarshal([]byte(args[0]), &cfg); err != nil {
		return fail("exec stage: %v", err)
	}
	argv := args[2:]
	for _, f := range cfg.Join {
		if err := os.WriteFile(f, []byte(strconv.Itoa(os.Getpid())), 0); err != nil {
			return fail("cannot join the run's cgroup %s: %v", f, err)
		}
	}
	for _, rl := range cfg.Rlimits {
		if err := unix.Setrlimit(rl.Resource, &unix.Rlimit{Cur: rl.Cur, Max: rl.Max}); err != nil {
			return fail("cannot set resource limit %d: %v", rl.Resource, err)
		}
	}
	if currentNice() != cfg.Nice {
		if err := unix.Setpriority(unix.PRIO_PROCESS, 0, cfg.Nice); err != nil {
			return fail("cannot set the program's priority back to %d: %v", cfg.Nice, err)
		}
	}
	if cfg.Isolate != nil && !cfg.Isolate.UserNS {
		if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
			return fail("%s", isolationError(fmt.Errorf("a mount namespace for the program: %w", err)))
		}
		if err := enterView(cfg.Isolate, cfg.Path); err != nil {
			return fail("%s", isolationError(err))
		}
	}
	if cfg.User != nil {
		if err := becomeUser(cfg.User); err != nil {
			return fail("cannot switch to user %s: %v", cfg.User, err)
		}
	}
	// No set-uid program may give the tree privileges back.
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fail("cannot set no_new_privs: %v", err)
	}
	// Set after the switch of user, which clears it.
	if err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(unix.SIGKILL), 0, 0, 0); err != nil {
		return fail("cannot set the parent-death signal: %v", err)
	}
	if os.Getppid() != cfg.Reaper {
		return fail("the helper ended before the program started")
	}
	err := syscall.Exec(cfg.Path, argv, os.Environ())
	return fail("%s", describeExecError(argv[0], cfg.User, err))
}

// becomeUser switches this thread to u, with no supplementary groups. The
// raw system calls change only the calling thread, which is enough: it is
// the one that calls execve, and the others end there.
func becomeUser(u *runUser) error {
	if _, _, e := unix.RawSyscall(unix.SYS_SETGROUPS, 0, 0, 0); e != 0 {
		return e
	}
	if _, _, e := unix.RawSyscall(unix.SYS_SETRESGID, uintptr(u.GID), uintptr(u.GID), uintptr(u.GID)); e != 0 {
		return e
	}
	if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, uintptr(u.UID), uintptr(u.UID), uintptr(u.UID)); e != 0 {
		return e
	}
	return nil
}

// startProgram starts the exec stage for path and argv and waits until it
// has become the program, or says why it could not.
func startProgram(path string, argv []string, cfg execConfig) (int, error) {
	// An isolated helper may no longer see its own executable's path.
	exe := "/proc/self/exe"
	if cfg.Isolate == nil {
		var err error
		if exe, err = os.Executable(); err != nil {
			return 0, err
		}
	}
	cfg.Path, cfg.Reaper = path, os.Getpid()
	blob, err := json.Marshal(cfg)
	if err != nil {
		return 0, err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	args := append([]string{exe, execArg, string(blob), "--"}, argv...)
	proc, err := os.StartProcess(exe, args, &os.ProcAttr{
		Files: []*os.File{os.Stdin, os.Stdout, os.Stderr, w},
		Sys:   execStageAttr(cfg.Isolate),
	})
	w.Close()
	if err != nil {
		return 0, err
	}
	pid := proc.Pid
	proc.Release()
	reason, _ := io.ReadAll(io.LimitReader(r, 4096))
	if len(reason) > 0 {
		var ws unix.WaitStatus
		unix.Wait4(pid, &ws, 0, nil)
		return 0, errors.New(string(reason))
	}
	return pid, nil
}

// describeExecError explains why execve failed, naming the user when the
// program ran as another one (a common cause: an interpreter in root's
// home).
func describeExecError(name string, u *runUser, err error) string {
	if u != nil && errors.Is(err, os.ErrPermission) {
		return fmt.Sprintf("cannot start %q: permission denied for user %s (that user must be able to run the program and enter every folder above it)", name, u)
	}
	return describeStartError(name, err)
}
