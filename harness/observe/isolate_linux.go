package observe

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// An isolateConfig is what the observer tells the helper, and the helper
// the exec stage, about a run's namespaces.
type isolateConfig struct {
	// UserNS: the observer is not root and the namespaces hang from a
	// user namespace of their own, in which the helper is root.
	UserNS bool `json:"user_ns,omitempty"`
	// UID and GID are the observer's own, outside the user namespace.
	UID int `json:"uid,omitempty"`
	GID int `json:"gid,omitempty"`
	// UserTasks counts the processes and threads of the observer's user
	// when the run starts, for RLIMIT_NPROC: inside a user namespace the
	// helper cannot count them.
	UserTasks int `json:"user_tasks,omitempty"`
	// Visible are more files and folders, read-only.
	Visible []string `json:"visible,omitempty"`
	// TmpBytes is the size of the private /tmp and /dev/shm, each; 0 is
	// the kernel's default (half the memory).
	TmpBytes int64 `json:"tmp_bytes,omitempty"`
}

// runNamespaces are the namespaces every isolated run gets, as
// Isolation.Namespaces names them.
var runNamespaces = []string{"pid", "net", "mount", "ipc", "uts"}

// cloneFlags are the namespaces the helper is started in.
const cloneFlags = unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWNS | unix.CLONE_NEWIPC | unix.CLONE_NEWUTS

// runHostname is the host name a run sees, in its own uts namespace.
const runHostname = "mpgrade"

// isolationFailure starts an error of the helper or the exec stage that
// says the namespaces could not be set up: the program was not started,
// and the run can be started again without them.
const isolationFailure = "isolation: "

// isolationBroken remembers why namespaces could not be made on this
// machine, so that later runs do not try again.
var isolationBroken struct {
	sync.Mutex
	why string
}

func noteIsolationBroken(why string) {
	isolationBroken.Lock()
	isolationBroken.why = why
	isolationBroken.Unlock()
}

// planIsolation decides whether a run asking for mode (Spec.Isolation)
// gets namespaces: it returns their configuration, or nil and why not.
func planIsolation(mode string) (*isolateConfig, string, error) {
	switch mode {
	case "", IsolationNamespaces:
	case IsolationNone:
		return nil, "not asked for", nil
	default:
		return nil, "", fmt.Errorf("observe: unknown isolation %q; give %q, %q or leave it empty", mode, IsolationNamespaces, IsolationNone)
	}
	isolationBroken.Lock()
	why := isolationBroken.why
	isolationBroken.Unlock()
	if why == "" && os.Geteuid() != 0 {
		why = userNamespacesMissing()
	}
	if why != "" {
		if mode == IsolationNamespaces {
			return nil, why, &IsolationError{Missing: why}
		}
		return nil, why, nil
	}
	cfg := &isolateConfig{}
	if os.Geteuid() != 0 {
		cfg.UserNS, cfg.UID, cfg.GID = true, os.Geteuid(), os.Getegid()
		cfg.UserTasks = tasksOfUser(cfg.UID)
	}
	return cfg, "", nil
}

// userNamespacesMissing says why an ordinary user cannot make user
// namespaces here, or "" when the kernel's settings allow it (a security
// module may still refuse; the first run then finds out).
func userNamespacesMissing() string {
	if v := strings.TrimSpace(readString("/proc/sys/kernel/unprivileged_userns_clone")); v == "0" {
		return "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0)"
	}
	if v := strings.TrimSpace(readString("/proc/sys/user/max_user_namespaces")); v == "0" {
		return "user namespaces are disabled (user.max_user_namespaces = 0)"
	}
	return ""
}

// helperAttr is how the helper is started for iso (nil: no namespaces).
func helperAttr(iso *isolateConfig) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if iso == nil {
		return attr
	}
	attr.Cloneflags = cloneFlags
	if iso.UserNS {
		attr.Cloneflags |= unix.CLONE_NEWUSER
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: iso.UID, Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: iso.GID, Size: 1}}
		attr.GidMappingsEnableSetgroups = false
	}
	return attr
}

// namespacesOf lists the namespaces of an isolated run.
func namespacesOf(iso *isolateConfig) []string {
	ns := append([]string(nil), runNamespaces...)
	if iso.UserNS {
		ns = append(ns, "user")
	}
	return ns
}

// pidNamespaceOf is the inode of pid's pid namespace, or 0.
func pidNamespaceOf(pid int) uint64 {
	var st unix.Stat_t
	if unix.Stat("/proc/"+strconv.Itoa(pid)+"/ns/pid", &st) != nil {
		return 0
	}
	return st.Ino
}

// The helper's view of the machine, once it is in its namespaces.
var (
	// hostProc is a descriptor of the machine's /proc, opened before the
	// run's own was mounted over it; -1 when the helper is not isolated.
	hostProc = -1
	// hostPID is the helper's pid outside its pid namespace, where it is
	// 1; 0 when it is not isolated.
	hostPID int
)

// helperPID is the helper's pid as the rest of the machine sees it: it
// names the run's cgroups.
func helperPID() int {
	if hostPID != 0 {
		return hostPID
	}
	return os.Getpid()
}

// holdHostView keeps what the helper needs of the machine's view before it
// mounts the run's own /proc: its pid there, and /proc itself.
func holdHostView() error {
	self, err := os.Readlink("/proc/self")
	if err != nil {
		return err
	}
	if hostPID, err = strconv.Atoi(self); err != nil {
		return fmt.Errorf("/proc/self is %q", self)
	}
	hostProc, err = unix.Open("/proc", unix.O_DIRECTORY|unix.O_RDONLY|unix.O_CLOEXEC, 0)
	return err
}

// isolateHelper makes the helper's namespaces ready: nothing it mounts
// reaches the machine, its /proc shows the run's processes alone, the
// loopback interface is up and the host has a name of its own. Inside a
// user namespace, where there are no cgroups to keep reaching, the helper
// then moves into the run's file system view itself (enterView); as root
// the exec stage does, after joining the cgroups. Last, the helper becomes
// undumpable: a program of the run, even one of the same user, cannot
// read its executable (the grader), memory or files through /proc/1.
func isolateHelper(iso *isolateConfig, program string) error {
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make the mounts private: %w", err)
	}
	if err := unix.Mount("proc", "/proc", "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		return fmt.Errorf("mount the run's /proc: %w", err)
	}
	if err := loopbackUp(); err != nil {
		return fmt.Errorf("bring up the loopback interface: %w", err)
	}
	if err := unix.Sethostname([]byte(runHostname)); err != nil {
		return fmt.Errorf("set the host name: %w", err)
	}
	if iso.UserNS {
		if err := enterView(iso, program); err != nil {
			return err
		}
	}
	return unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)
}

// loopbackUp brings up lo, which a new network namespace has down.
func loopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return err
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	return unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr)
}

// execStageAttr is how the helper starts the exec stage: in a user
// namespace, a nested one in which the program is the observer's user
// again, with no capabilities over the run's namespaces (the helper is
// root in the outer one).
func execStageAttr(iso *isolateConfig) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	if iso != nil && iso.UserNS {
		attr.Cloneflags = unix.CLONE_NEWUSER
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: iso.UID, HostID: 0, Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: iso.GID, HostID: 0, Size: 1}}
		attr.GidMappingsEnableSetgroups = false
	}
	return attr
}

// hostPIDs maps the pids of the run's namespace to the machine's, for the
// processes under the helper now.
func hostPIDs() map[int]int {
	out := map[int]int{}
	if hostProc < 0 {
		return out
	}
	queue := []int{hostPID}
	for len(queue) > 0 && len(out) < 1<<16 {
		pid := queue[0]
		queue = queue[1:]
		tasks, err := readDirAt(hostProc, strconv.Itoa(pid)+"/task")
		if err != nil {
			continue
		}
		for _, tid := range tasks {
			data, _ := readFileAt(hostProc, strconv.Itoa(pid)+"/task/"+tid+"/children")
			for _, f := range strings.Fields(string(data)) {
				child, err := strconv.Atoi(f)
				if err != nil {
					continue
				}
				if ns := nsPID(child); ns > 0 {
					out[ns] = child
				}
				queue = append(queue, child)
			}
		}
	}
	return out
}

// nsPID is the pid of a process of the machine in its own namespace,
// from the last field of NSpid in its status.
func nsPID(pid int) int {
	data, _ := readFileAt(hostProc, strconv.Itoa(pid)+"/status")
	return innermostOfStatus(data)
}

// innermostOfStatus is the pid, in the innermost pid namespace the process
// is in, that a /proc/PID/status gives: the last field of its NSpid line;
// 0 when it has none.
func innermostOfStatus(status []byte) int {
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "NSpid:"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				n, _ := strconv.Atoi(f[len(f)-1])
				return n
			}
		}
	}
	return 0
}

// toHostPIDs changes the pids of left to the machine's, which is how the
// observation names every process.
func toHostPIDs(left []Leftover) {
	if hostProc < 0 || len(left) == 0 {
		return
	}
	m := hostPIDs()
	for i := range left {
		if h, ok := m[left[i].PID]; ok {
			left[i].PID = h
		}
	}
}

func readFileAt(dir int, name string) ([]byte, error) {
	fd, err := unix.Openat(dir, name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	buf := make([]byte, 0, 4096)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil || n == 0 {
			return buf, nil
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

func readDirAt(dir int, name string) ([]string, error) {
	fd, err := unix.Openat(dir, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	return f.Readdirnames(-1)
}

// isolationError marks an error of setting up the namespaces.
func isolationError(err error) string { return isolationFailure + err.Error() }

// isIsolationFailure says whether a helper's error was one of setting
// up the namespaces, and returns it without its mark.
func isIsolationFailure(reason string) (string, bool) {
	return strings.CutPrefix(reason, isolationFailure)
}

var errNotDir = errors.New("not a folder")
