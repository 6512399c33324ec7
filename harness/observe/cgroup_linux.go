package observe

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// cgroupPrefix starts the name of every run's cgroup; the reaper's pid
// follows, so a cgroup left by a helper that was killed can be recognised
// and removed by the next run.
const cgroupPrefix = "mpgrade-"

// cgroupV1Controllers are the v1 controllers a run uses: memory and pids
// for limits, cpuacct for an exact CPU total, freezer to kill a tree that
// keeps forking.
var cgroupV1Controllers = []string{"memory", "pids", "cpuacct", "freezer"}

// Waiting for the kernel: how long a freeze may take before the tree is
// killed anyway, and how long an emptied cgroup may stay busy (its last
// processes being reaped) before it is left behind.
const (
	freezeTimeout = time.Second
	rmdirTimeout  = 2 * time.Second
	cgroupPoll    = 5 * time.Millisecond
)

// A runCgroup is the set of cgroups one run's processes are in.
type runCgroup struct {
	// version is 2 when limits are set through cgroup v2, else 1.
	version int
	// dirs maps a v1 controller ("memory", "pids", "cpuacct",
	// "freezer") or "unified" (the v2 hierarchy) to the run's directory.
	dirs map[string]string
	// v2Limits says the v2 directory has the memory and pids controllers.
	v2Limits bool
	created  []string
}

// A cgroupMount is one mounted cgroup hierarchy.
type cgroupMount struct {
	point, root string
	v2          bool
	controllers []string
}

// newRunCgroup makes the cgroups of a run named after the reaper's pid,
// under this process's own cgroups, and sets lim on them. It returns nil
// when this process is not root or no hierarchy is writable.
func newRunCgroup(lim Limits) *runCgroup {
	if os.Geteuid() != 0 {
		return nil
	}
	name := cgroupPrefix + strconv.Itoa(helperPID())
	own := ownCgroups()
	cg := &runCgroup{dirs: map[string]string{}}
	mounts := cgroupMounts()
	for _, m := range mounts {
		if m.v2 {
			cg.makeV2(m, own[""], name)
			break
		}
	}
	if !cg.v2Limits {
		for _, ctrl := range cgroupV1Controllers {
			for _, m := range mounts {
				if !m.v2 && contains(m.controllers, ctrl) {
					cg.make(ctrl, m, own[ctrl], name)
					break
				}
			}
		}
	}
	if len(cg.dirs) == 0 {
		return nil
	}
	cg.version = 1
	if cg.v2Limits || (len(cg.dirs) == 1 && cg.dirs["unified"] != "") {
		cg.version = 2
	}
	cg.setLimits(lim)
	return cg
}

func (cg *runCgroup) make(key string, m cgroupMount, own, name string) bool {
	parent := filepath.Join(m.point, strings.TrimPrefix(own, m.root))
	removeStale(parent)
	dir := filepath.Join(parent, name)
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return false
	}
	cg.created = append(cg.created, dir)
	cg.dirs[key] = dir
	return true
}

// makeV2 makes the run's v2 cgroup, first enabling the memory and pids
// controllers for the children of this process's cgroup where the kernel
// allows it (not where this cgroup itself holds processes and is not the
// root: the "no internal processes" rule).
func (cg *runCgroup) makeV2(m cgroupMount, own, name string) {
	parent := filepath.Join(m.point, strings.TrimPrefix(own, m.root))
	available := strings.Fields(readString(filepath.Join(parent, "cgroup.controllers")))
	for _, ctrl := range []string{"memory", "pids"} {
		if contains(available, ctrl) {
			os.WriteFile(filepath.Join(parent, "cgroup.subtree_control"), []byte("+"+ctrl), 0)
		}
	}
	if !cg.make("unified", m, own, name) {
		return
	}
	have := strings.Fields(readString(filepath.Join(cg.dirs["unified"], "cgroup.controllers")))
	cg.v2Limits = contains(have, "memory") && contains(have, "pids")
}

// setLimits writes the memory and process limits.
func (cg *runCgroup) setLimits(lim Limits) {
	if lim.Memory > 0 {
		mem := strconv.FormatInt(lim.Memory, 10)
		if cg.v2Limits {
			cg.write("unified", "memory.max", mem)
			cg.write("unified", "memory.swap.max", "0")
		} else if cg.dirs["memory"] != "" {
			cg.write("memory", "memory.limit_in_bytes", mem)
			cg.write("memory", "memory.memsw.limit_in_bytes", mem) // no swap beyond the limit
		}
	}
	if lim.Processes > 0 {
		key := "pids"
		if cg.v2Limits {
			key = "unified"
		}
		cg.write(key, "pids.max", strconv.Itoa(lim.Processes))
	}
}

func (cg *runCgroup) write(key, file, value string) error {
	dir := cg.dirs[key]
	if dir == "" {
		return os.ErrNotExist
	}
	return os.WriteFile(filepath.Join(dir, file), []byte(value), 0)
}

// enforces says whether the cgroup enforces a limit: "memory" or
// "processes".
func (cg *runCgroup) enforces(limit string) bool {
	if cg == nil {
		return false
	}
	switch limit {
	case LimitMemory:
		return cg.v2Limits || cg.dirs["memory"] != ""
	case LimitProcesses:
		return cg.v2Limits || cg.dirs["pids"] != ""
	case LimitCPU:
		return cg.dirs["unified"] != "" || cg.dirs["cpuacct"] != ""
	}
	return false
}

// procsFiles lists the cgroup.procs files a process writes its pid to
// to join the run.
func (cg *runCgroup) procsFiles() []string {
	if cg == nil {
		return nil
	}
	var out []string
	for _, dir := range cg.created {
		out = append(out, filepath.Join(dir, "cgroup.procs"))
	}
	return out
}

// members returns the pids in the run's cgroup.
func (cg *runCgroup) members() []int {
	return readPids(filepath.Join(cg.created[0], "cgroup.procs"))
}

// kill kills every process of the run at once: with cgroup.kill (v2), or
// by freezing the tree (v1), killing every member and thawing it, so a
// process that keeps forking cannot outrun it.
func (cg *runCgroup) kill() error {
	if dir := cg.dirs["unified"]; dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "cgroup.kill"), []byte("1"), 0); err == nil {
			return nil
		}
	}
	if err := cg.freeze(); err != nil {
		return err
	}
	for _, pid := range cg.members() {
		unix.Kill(pid, unix.SIGKILL)
	}
	return cg.thaw()
}

// freeze stops every process of the run where it stands, waiting up to
// freezeTimeout for the kernel to finish. A frozen process holds no lock
// on its memory map, so its command line can be read even in a fork bomb.
func (cg *runCgroup) freeze() error {
	if dir := cg.dirs["unified"]; dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "cgroup.freeze"), []byte("1"), 0); err == nil {
			cg.waitFor(func() bool {
				n, _ := keyedValue(filepath.Join(dir, "cgroup.events"), "frozen")
				return n == 1
			})
			return nil
		}
	}
	dir := cg.dirs["freezer"]
	if dir == "" {
		return errors.New("no cgroup freezer")
	}
	state := filepath.Join(dir, "freezer.state")
	if err := os.WriteFile(state, []byte("FROZEN"), 0); err != nil {
		return err
	}
	cg.waitFor(func() bool { return readString(state) == "FROZEN" })
	return nil
}

// thaw lets the processes of the run go on (or die, if killed).
func (cg *runCgroup) thaw() error {
	if dir := cg.dirs["unified"]; dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "cgroup.freeze"), []byte("0"), 0); err == nil {
			return nil
		}
	}
	if dir := cg.dirs["freezer"]; dir != "" {
		return os.WriteFile(filepath.Join(dir, "freezer.state"), []byte("THAWED"), 0)
	}
	return errors.New("no cgroup freezer")
}

func (cg *runCgroup) waitFor(done func() bool) {
	for end := time.Now().Add(freezeTimeout); !done() && time.Now().Before(end); {
		time.Sleep(cgroupPoll)
	}
}

// cpuSeconds is the run's CPU time from the cgroup, or -1 when no cgroup
// counts it.
func (cg *runCgroup) cpuSeconds() float64 {
	if dir := cg.dirs["unified"]; dir != "" {
		if usec, ok := keyedValue(filepath.Join(dir, "cpu.stat"), "usage_usec"); ok {
			return float64(usec) / 1e6
		}
	}
	if dir := cg.dirs["cpuacct"]; dir != "" {
		if ns, err := readInt(filepath.Join(dir, "cpuacct.usage")); err == nil {
			return float64(ns) / 1e9
		}
	}
	return -1
}

// oomKills counts the processes the kernel killed for the memory limit.
func (cg *runCgroup) oomKills() int {
	if cg.v2Limits {
		n, _ := keyedValue(filepath.Join(cg.dirs["unified"], "memory.events"), "oom_kill")
		return int(n)
	}
	if dir := cg.dirs["memory"]; dir != "" {
		n, _ := keyedValue(filepath.Join(dir, "memory.oom_control"), "oom_kill")
		return int(n)
	}
	return 0
}

// pidsRefused counts the forks refused for the process limit.
func (cg *runCgroup) pidsRefused() int {
	dir := cg.dirs["pids"]
	if cg.v2Limits {
		dir = cg.dirs["unified"]
	}
	if dir == "" {
		return 0
	}
	n, _ := keyedValue(filepath.Join(dir, "pids.events"), "max")
	return int(n)
}

// stats reads the run's figures.
func (cg *runCgroup) stats() *CgroupStats {
	s := &CgroupStats{CPUSeconds: max(0, cg.cpuSeconds()), OOMKills: cg.oomKills(), PidsRefused: cg.pidsRefused()}
	if cg.v2Limits {
		if v, err := readInt(filepath.Join(cg.dirs["unified"], "memory.peak")); err == nil {
			s.PeakMemoryBytes = uint64(v)
		}
	} else if dir := cg.dirs["memory"]; dir != "" {
		if v, err := readInt(filepath.Join(dir, "memory.max_usage_in_bytes")); err == nil {
			s.PeakMemoryBytes = uint64(v)
		}
	}
	return s
}

// remove deletes the run's cgroups, waiting for the kernel to let go of
// the last processes. It kills what is still inside first.
func (cg *runCgroup) remove() {
	if cg == nil {
		return
	}
	if len(cg.members()) > 0 {
		cg.kill()
	}
	for i := len(cg.created) - 1; i >= 0; i-- {
		removeCgroupDir(cg.created[i])
	}
}

func removeCgroupDir(dir string) error {
	var err error
	for end := time.Now().Add(rmdirTimeout); ; time.Sleep(cgroupPoll) {
		err = unix.Rmdir(dir)
		if err == nil || errors.Is(err, unix.ENOENT) || time.Now().After(end) {
			break
		}
	}
	return err
}

// removeStale removes the run cgroups under parent whose helper is gone,
// killing what they still hold: a helper killed with SIGKILL cannot clean
// up after itself.
func removeStale(parent string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(strings.TrimPrefix(e.Name(), cgroupPrefix))
		if !e.IsDir() || !strings.HasPrefix(e.Name(), cgroupPrefix) || err != nil || pidAlive(pid) {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		os.WriteFile(filepath.Join(dir, "cgroup.kill"), []byte("1"), 0)
		for _, p := range readPids(filepath.Join(dir, "cgroup.procs")) {
			unix.Kill(p, unix.SIGKILL)
		}
		removeCgroupDir(dir)
	}
}

// killCgroupDirs kills every process in dirs and removes them: the
// observer's last resort when the helper died without cleaning up.
func killCgroupDirs(dirs []string) {
	for _, dir := range dirs {
		os.WriteFile(filepath.Join(dir, "cgroup.kill"), []byte("1"), 0)
		os.WriteFile(filepath.Join(dir, "freezer.state"), []byte("FROZEN"), 0)
		for _, p := range readPids(filepath.Join(dir, "cgroup.procs")) {
			unix.Kill(p, unix.SIGKILL)
		}
		os.WriteFile(filepath.Join(dir, "freezer.state"), []byte("THAWED"), 0)
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		removeCgroupDir(dirs[i])
	}
}

// pidAlive says whether pid, a pid of the machine, is a process. An
// isolated helper cannot signal outside its pid namespace, but it still
// has the machine's /proc when it makes its cgroups.
func pidAlive(pid int) bool {
	if hostProc >= 0 {
		return unix.Faccessat(hostProc, strconv.Itoa(pid), unix.F_OK, 0) == nil
	}
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM)
}

// cgroupMounts reads the cgroup hierarchies from /proc/self/mountinfo.
func cgroupMounts() []cgroupMount {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []cgroupMount
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		fields, tail := strings.Fields(pre), strings.Fields(post)
		if !ok || len(fields) < 5 || len(tail) < 3 {
			continue
		}
		m := cgroupMount{root: fields[3], point: fields[4]}
		switch tail[0] {
		case "cgroup2":
			m.v2 = true
		case "cgroup":
			m.controllers = strings.Split(tail[2], ",")
		default:
			continue
		}
		out = append(out, m)
	}
	return out
}

// ownCgroups maps each v1 controller, and "" for v2, to this process's
// cgroup path, from /proc/self/cgroup.
func ownCgroups() map[string]string {
	out := map[string]string{}
	f, err := os.Open("/proc/self/cgroup")
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[1] == "" {
			out[""] = parts[2]
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			out[c] = parts[2]
		}
	}
	return out
}

func readPids(path string) []int {
	var out []int
	for _, f := range strings.Fields(readString(path)) {
		if pid, err := strconv.Atoi(f); err == nil {
			out = append(out, pid)
		}
	}
	return out
}

func readString(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}

// keyedValue reads "key value" lines, as in cpu.stat or pids.events.
func keyedValue(path, key string) (int64, bool) {
	for _, line := range strings.Split(readString(path), "\n") {
		k, v, ok := strings.Cut(line, " ")
		if ok && k == key {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (cg *runCgroup) String() string {
	return fmt.Sprintf("cgroup v%d %v", cg.version, cg.created)
}
