package observe_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/diagnose"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileLimits are the limits of the corpus's runs: small, so the whole
// corpus runs in seconds; a fixture's "# limits:" line changes some.
func hostileLimits() observe.Limits {
	return observe.Limits{
		Wall:        3 * time.Second,
		KillGrace:   300 * time.Millisecond,
		CPU:         2 * time.Second,
		Memory:      256 << 20,
		Processes:   64,
		Output:      64 << 10,
		OutputTotal: 8 << 20,
		FileSize:    16 << 20,
	}
}

// graderMemoryBound is how much the grader's peak resident memory may grow
// during one hostile run: it keeps Limits.Output of each stream, a few
// samples and its buffers, whatever the program does (1 GiB of output
// included).
const graderMemoryBound = 64 << 20

// endSlack is how long past its wall limit and kill grace a run may take to
// end: the helper's kill rounds (100 ms each), the linger after the main
// process (300 ms) and reaping.
const endSlack = time.Second

// helperSlack is how long past the wall limit and its grace the observer
// waits for a helper that does not report (observe's helperSlack).
const helperSlack = 5 * time.Second

// survivorWait bounds the wait for processes killed by the observer after
// its helper died: init reaps them, not the observer.
const survivorWait = 2 * time.Second

// childEnv marks the test binary started again as an ordinary user.
const childEnv = "MPGRADE_HOSTILE_CHILD"

// A figure is what one hostile run cost the grader.
type figure struct {
	name      string
	regained  time.Duration
	peakRSS   uint64 // growth of the grader's peak resident memory
	alloc     uint64 // bytes the grader allocated
	limit     string
	outcome   string
	contain   string
	isolation string
}

// TestHostileCorpus runs every program of testdata/hostile and holds it
// to its header, then checks that nothing of it is left, that the
// grader's memory stayed bounded and that a normal program still runs.
// It runs the corpus with the best containment and isolation (cgroups
// as root, namespaces), and without -short also without namespaces
// ("open", the containment of a machine that cannot make them) and, as
// root, with the fallback containment (subreaper), as an unprivileged uid.
func TestHostileCorpus(t *testing.T) {
	testenv.Linux(t)
	modes := []corpusMode{{name: "best"}}
	if !testing.Short() {
		modes = append(modes, corpusMode{name: "open", isolation: observe.IsolationNone})
		if os.Geteuid() == 0 {
			modes = append(modes, corpusMode{name: "subreaper", containment: observe.ContainmentSubreaper})
		}
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) { runCorpus(t, mode) })
	}
}

// A corpusMode is how the corpus's runs are contained and isolated, as
// Spec.Containment and Spec.Isolation say.
type corpusMode struct {
	name, containment, isolation string
}

func runCorpus(t *testing.T, mode corpusMode) {
	dir := filepath.Join(testenv.Root(t), "testdata", "hostile")
	files, _ := filepath.Glob(filepath.Join(dir, "*.py"))
	require.NotEmpty(t, files)
	user, uid := "", os.Geteuid()
	if os.Geteuid() == 0 {
		uid = hostileUID(0)
		user = strconv.Itoa(uid)
	}
	py, version, err := observe.ResolvePython(user)
	require.NoError(t, err)
	t.Logf("python %s (%s), run as uid %d", py, version, uid)
	// Hostile programs load the machine: wait until no one measures, and
	// keep others from measuring meanwhile, for the whole corpus (seconds).
	// Tests that run beside this one then take turns instead of spoiling
	// each other's runs, which is faster for both; one turn rather than
	// one per program, because file locks are not handed out in order.
	unlock := observe.LockMachine()
	defer unlock()
	var figures []figure
	for _, file := range files {
		h := testenv.Header(t, file)
		name := strings.TrimSuffix(filepath.Base(file), ".py")
		if strings.HasPrefix(name, "_") || h["role"] == "control" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			f := runHostile(t, hostileRun{dir: dir, file: file, header: h, py: py, user: user, uid: uid, mode: mode})
			figures = append(figures, f)
			runControl(t, dir, py, user, mode)
		})
	}
	logFigures(t, figures)
}

type hostileRun struct {
	dir, file, py, user string
	mode                corpusMode
	header              map[string]string
	uid                 int
}

// runHostile runs one fixture in a fresh work folder and checks it.
func runHostile(t *testing.T, hr hostileRun) figure {
	name := filepath.Base(hr.file)
	lim := hostileLimits()
	applyLimits(t, &lim, hr.header["limits"])
	wd, err := observe.PrepareWorkdir(os.DirFS(hr.dir), hr.user)
	require.NoError(t, err)
	defer wd.Remove()
	secret := filepath.Join(t.TempDir(), "model_answer.py")
	require.NoError(t, os.WriteFile(secret, []byte("ANSWER = 42\n"), 0o600))
	outside := t.TempDir()
	marker := fmt.Sprintf("HOSTILE_MARK=%d-%s-%d", os.Getpid(), name, time.Now().UnixNano())
	pidfile := filepath.Join(wd.Dir, "pids")
	out := startOutside(t, name, hr.uid)
	env := observe.ScrubEnv(os.Environ())
	env = append(env, marker, "HOSTILE_PIDS="+pidfile, "SECRET_FILE="+secret, "OUTSIDE_DIR="+outside, "HOME="+wd.Dir)
	env = append(env, out.env...)
	var stdout, stderr bytes.Buffer
	spec := observe.Spec{Args: []string{hr.py, name}, Dir: wd.Dir, Env: env, Stdout: &stdout, Stderr: &stderr,
		Limits: lim, User: hr.user, Containment: hr.mode.containment, Isolation: hr.mode.isolation}

	base := resetPeakRSS(t)
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	start := time.Now()
	obs, obsErr := observe.Local{}.Observe(context.Background(), spec)
	regained := time.Since(start)
	runtime.ReadMemStats(&ms1)
	peak := peakRSS(t)

	isolated := obs != nil && obs.Isolation.Mode == observe.IsolationNamespaces
	if obs == nil {
		// The helper died: the observation says nothing; what the corpus
		// would have had is what a plain run of this machine gets.
		isolated = hr.mode.isolation != observe.IsolationNone && machineIsolates(t, hr.py, hr.user)
	}
	conds := runConditions(isolated)
	expect := expectations(hr.header, conds)
	require.NotEmpty(t, expect, "%s: no '# expect:' line applies here", name)
	checkExpectations(t, expect, obs, obsErr, stdout.Bytes(), stderr.Bytes())
	t.Logf("%s, stdout: %.400q", strings.Join(conds, ", "), stdout.Bytes())
	if obs != nil {
		assert.LessOrEqual(t, obs.WallSeconds, (lim.Wall + lim.KillGrace + endSlack).Seconds(), "the run must end within its limits")
	}
	assert.Less(t, regained, lim.Wall+lim.KillGrace+helperSlack+endSlack, "the grader must regain control even from a stuck helper")
	out.check(t, isolated)
	if obs != nil && len(obs.Leftovers) > 0 {
		// Leftovers are named by the machine's pids, as the sampler
		// names every process, isolated or not.
		assert.True(t, slices.ContainsFunc(obs.Leftovers, func(l observe.Leftover) bool { _, ok := obs.Process(l.PID); return ok }),
			"no leftover %+v is among the processes seen", obs.Leftovers)
	}
	noted := pidsIn(pidfile)
	var pidns uint64
	if isolated {
		// The program noted the pids of its own namespace, not the
		// machine's; what is left of the run is what is left in it.
		noted = nil
		if obs != nil {
			pidns = obs.Isolation.PIDNamespace
		}
	}
	left := survivorsOf(noted, marker, hr.uid, pidns)
	if escapes(hr.header, conds) {
		t.Logf("%s is not contained here (%s), as its header says: %d processes escaped; killing them", name, strings.Join(conds, ", "), len(left))
		killSurvivors(noted)
	} else {
		assert.Empty(t, left, "processes of %s left running", name)
	}
	growth := uint64(max(0, int64(peak)-int64(base)))
	assert.Less(t, growth, uint64(graderMemoryBound), "the grader's peak memory grew by %d MiB", growth>>20)
	if os.Geteuid() == 0 {
		assert.NoFileExists(t, filepath.Join(filepath.Dir(wd.Dir), "escaped.txt"))
		assert.NoFileExists(t, filepath.Join(outside, "escaped.txt"))
	}
	f := figure{name: strings.TrimSuffix(name, ".py"), regained: regained, peakRSS: growth, alloc: ms1.TotalAlloc - ms0.TotalAlloc}
	if obs != nil {
		f.limit = obs.Limit
		f.outcome = outcome(obs)
		f.contain = obs.Containment
		f.isolation = obs.Isolation.Mode
	} else {
		f.outcome = "error"
	}
	return f
}

// runControl runs a well-behaved program after a hostile one.
func runControl(t *testing.T, dir, py, user string, mode corpusMode) {
	wd, err := observe.PrepareWorkdir(os.DirFS(dir), user)
	require.NoError(t, err)
	defer wd.Remove()
	var out bytes.Buffer
	obs, err := observe.Local{}.Observe(context.Background(), observe.Spec{
		Args: []string{py, "control.py"}, Dir: wd.Dir, Env: observe.ScrubEnv(os.Environ()),
		Stdout: &out, Stderr: &out, Limits: hostileLimits(), User: user, Containment: mode.containment, Isolation: mode.isolation})
	require.NoError(t, err, "the control program after a hostile one")
	assert.Equal(t, 0, obs.ExitCode, "the control program failed: %s", out.String())
	assert.Empty(t, obs.Limit)
	assert.Contains(t, out.String(), "hello")
}

func outcome(obs *observe.Observation) string {
	s := fmt.Sprintf("exit=%d", obs.ExitCode)
	if obs.Signal != "" {
		s = obs.Signal
	}
	if len(obs.Leftovers) > 0 {
		s += fmt.Sprintf(" leftovers=%d", len(obs.Leftovers))
	}
	if obs.Output.Truncated {
		s += fmt.Sprintf(" out=%dMiB", (obs.Output.StdoutBytes+obs.Output.StderrBytes)>>20)
	}
	return s
}

func logFigures(t *testing.T, figures []figure) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-16s %-10s %-10s %9s %13s %10s %-10s %s\n", "case", "contained", "isolated", "regained", "grader RSS+", "allocated", "limit", "outcome")
	for _, f := range figures {
		fmt.Fprintf(&b, "%-16s %-10s %-10s %8.2fs %9.1f MiB %6.1f MiB %-10s %s\n", f.name, f.contain, f.isolation, f.regained.Seconds(),
			float64(f.peakRSS)/(1<<20), float64(f.alloc)/(1<<20), f.limit, f.outcome)
	}
	t.Log(b.String())
}

// runConditions are what a run of the corpus was: "root" or "user" (the
// test's own user), "isolated" or "open" (namespaces or none).
func runConditions(isolated bool) []string {
	conds := []string{"user"}
	if os.Geteuid() == 0 {
		conds[0] = "root"
	}
	if isolated {
		return append(conds, "isolated")
	}
	return append(conds, "open")
}

// expectations returns the words of the "# expect" lines that apply:
// expect always, expect-COND-COND... when every condition holds (see
// runConditions): expect-root, expect-user-open, expect-isolated.
func expectations(h map[string]string, conds []string) []string {
	var out []string
	for _, key := range sortedKeys(h) {
		rest, ok := strings.CutPrefix(key, "expect")
		if ok && holds(strings.TrimPrefix(rest, "-"), conds) {
			out = append(out, strings.Fields(h[key])...)
		}
	}
	return out
}

// escapes says whether the header's "# escapes:" line names this run's
// conditions: a run where the case is known not to be contained.
func escapes(h map[string]string, conds []string) bool {
	for _, c := range strings.Fields(h["escapes"]) {
		if holds(c, conds) {
			return true
		}
	}
	return false
}

// holds says whether every condition of want ("user-open"; "" for none)
// is among conds.
func holds(want string, conds []string) bool {
	if want == "" {
		return true
	}
	for _, c := range strings.Split(want, "-") {
		if !slices.Contains(conds, c) {
			return false
		}
	}
	return true
}

func sortedKeys(h map[string]string) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// machineIsolates says whether a plain run as user gets namespaces here.
func machineIsolates(t *testing.T, py, user string) bool {
	obs, err := observe.Local{}.Observe(context.Background(), observe.Spec{Args: []string{py, "-c", "pass"}, User: user,
		Env: observe.ScrubEnv(os.Environ()), Limits: hostileLimits()})
	require.NoError(t, err)
	return obs.Isolation.Mode == observe.IsolationNamespaces
}

var expectToken = regexp.MustCompile(`^([a-z_]+)(>=|=|~)(.+)$`)

// checkExpectations holds a run to the tokens of its header: key=value,
// key>=number or key~regexp.
func checkExpectations(t *testing.T, expect []string, obs *observe.Observation, obsErr error, stdout, stderr []byte) {
	t.Helper()
	wantErr := false
	for _, tok := range expect {
		if strings.HasPrefix(tok, "error~") {
			wantErr = true
		}
	}
	if !wantErr {
		require.NoError(t, obsErr, "stderr: %.500s", stderr)
		require.NotNil(t, obs)
	}
	for _, tok := range expect {
		m := expectToken.FindStringSubmatch(tok)
		require.NotNil(t, m, "bad expectation %q", tok)
		key, op, want := m[1], m[2], m[3]
		switch key {
		case "error":
			require.Error(t, obsErr)
			assert.Regexp(t, want, obsErr.Error())
		case "limit":
			assert.Equal(t, want, obs.Limit, "stderr: %.500s", stderr)
		case "exit":
			assert.Equal(t, want, strconv.Itoa(obs.ExitCode), "stderr: %.500s", stderr)
		case "signal":
			assert.Equal(t, want, obs.Signal)
		case "truncated":
			assert.Equal(t, want, strconv.FormatBool(obs.Output.Truncated))
		case "leftovers":
			assertAtLeast(t, op, want, int64(len(obs.Leftovers)), "leftovers: %+v", obs.Leftovers)
		case "stdout_bytes":
			assertAtLeast(t, op, want, obs.Output.StdoutBytes, "stdout bytes")
		case "stdout":
			assert.Regexp(t, regexp.MustCompile("(?m)"+want), string(stdout))
		case "stderr":
			assert.Regexp(t, regexp.MustCompile("(?m)"+want), string(stderr))
		case "diagnose":
			var keys []string
			for _, msg := range diagnose.Explain(obs, stdout, stderr, obsErr) {
				keys = append(keys, string(msg.Key))
			}
			assert.Contains(t, keys, "diagnose."+want)
		default:
			t.Fatalf("unknown expectation key %q", key)
		}
	}
}

func assertAtLeast(t *testing.T, op, want string, got int64, what string, args ...any) {
	t.Helper()
	n, err := strconv.ParseInt(want, 10, 64)
	require.NoError(t, err)
	if op == ">=" {
		assert.GreaterOrEqual(t, got, n, append([]any{what}, args...)...)
	} else {
		assert.Equal(t, n, got, append([]any{what}, args...)...)
	}
}

// applyLimits changes lim by a "# limits:" line: wall=1s cpu=500ms
// memory=128MiB output_total=0.
func applyLimits(t *testing.T, lim *observe.Limits, line string) {
	for _, tok := range strings.Fields(line) {
		k, v, ok := strings.Cut(tok, "=")
		require.True(t, ok, "bad limit %q", tok)
		switch k {
		case "wall", "cpu":
			d, err := time.ParseDuration(v)
			require.NoError(t, err)
			if k == "wall" {
				lim.Wall = d
			} else {
				lim.CPU = d
			}
		case "memory":
			lim.Memory = parseSize(t, v)
		case "output_total":
			lim.OutputTotal = parseSize(t, v)
		default:
			t.Fatalf("unknown limit %q", k)
		}
	}
}

func parseSize(t *testing.T, s string) int64 {
	for suffix, mult := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.ParseInt(n, 10, 64)
			require.NoError(t, err)
			return v * mult
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	require.NoError(t, err)
	return v
}

func pidsIn(path string) []int {
	data, _ := os.ReadFile(path)
	var out []int
	for _, f := range strings.Fields(string(data)) {
		if pid, err := strconv.Atoi(f); err == nil {
			out = append(out, pid)
		}
	}
	return out
}

// survivors returns a line for every live process of the run, found by
// pid, by the marker in its environment (unless it is empty), or by its
// uid (when the run had a uid of its own), waiting up to survivorWait for
// processes being killed.
func survivors(pids []int, marker string, uid int) []string {
	return survivorsOf(pids, marker, uid, 0)
}

// survivorsOf is survivors, also finding the processes of the pid
// namespace pidns (unless it is 0).
func survivorsOf(pids []int, marker string, uid int, pidns uint64) []string {
	var found []string
	for end := time.Now().Add(survivorWait); ; time.Sleep(50 * time.Millisecond) {
		found = findSurvivors(pids, marker, uid, pidns)
		if len(found) == 0 || time.Now().After(end) {
			return found
		}
	}
}

func findSurvivors(pids []int, marker string, uid int, pidns uint64) []string {
	seen := map[int]string{}
	for _, pid := range pids {
		if alive(pid) {
			seen[pid] = "noted pid"
		}
	}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() || !alive(pid) {
			continue
		}
		if env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid)); marker != "" && err == nil && bytes.Contains(env, []byte(marker)) {
			seen[pid] = "marked"
		}
		if info, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err == nil && ownerOf(info) == uid && uid != 0 {
			seen[pid] = "uid " + strconv.Itoa(uid)
		}
		var st syscall.Stat_t
		if pidns != 0 && syscall.Stat(fmt.Sprintf("/proc/%d/ns/pid", pid), &st) == nil && st.Ino == pidns {
			seen[pid] = "in the run's pid namespace"
		}
	}
	var out []string
	for pid, why := range seen {
		cmd, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		out = append(out, fmt.Sprintf("%d (%s): %s", pid, why, bytes.ReplaceAll(cmd, []byte{0}, []byte{' '})))
	}
	sort.Strings(out)
	return out
}

// killSurvivors kills what a case known to escape left.
func killSurvivors(pids []int) {
	for _, pid := range pids {
		if alive(pid) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// alive says whether pid is a process that is not a zombie.
func alive(pid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(data, ')')
	return i >= 0 && i+2 < len(data) && data[i+2] != 'Z'
}

func ownerOf(info os.FileInfo) int {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid)
	}
	return -1
}

// resetPeakRSS resets this process's peak resident memory (VmHWM) and
// returns its current resident memory.
func resetPeakRSS(t *testing.T) uint64 {
	runtime.GC()
	require.NoError(t, os.WriteFile("/proc/self/clear_refs", []byte("5"), 0))
	return statusBytes(t, "VmRSS:")
}

// peakRSS returns this process's peak resident memory since the reset.
func peakRSS(t *testing.T) uint64 { return statusBytes(t, "VmHWM:") }

func statusBytes(t *testing.T, field string) uint64 {
	data, err := os.ReadFile("/proc/self/status")
	require.NoError(t, err)
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			require.NoError(t, err)
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/self/status", field)
	return 0
}

// TestHostileCorpusAsOrdinaryUser runs the corpus as a student's laptop
// would: the grader itself is an ordinary user, and the programs run as
// that same user, contained by the subreaper and resource limits alone.
// As root it starts this test binary again under an unprivileged uid.
func TestHostileCorpusAsOrdinaryUser(t *testing.T) {
	testenv.Linux(t)
	if os.Geteuid() != 0 {
		t.Skip("not root: TestHostileCorpus already ran as an ordinary user")
	}
	if testing.Short() {
		t.Skip("-short: the corpus already ran once")
	}
	self, err := os.Executable()
	require.NoError(t, err)
	binDir, err := os.MkdirTemp("", "mpgrade-hostile-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(binDir) })
	require.NoError(t, os.Chmod(binDir, 0o755))
	bin := filepath.Join(binDir, "observe.test")
	data, err := os.ReadFile(self)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(bin, data, 0o755))

	uid := hostileUID(1)
	cmd := exec.Command(bin, "-test.run=^TestHostileCorpus$", "-test.v", "-test.count=1")
	cmd.Dir = binDir
	cmd.Env = append(observe.ScrubEnv(os.Environ()), childEnv+"=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid), Groups: []uint32{}}}
	out, err := cmd.CombinedOutput()
	t.Logf("as uid %d:\n%s", uid, out)
	require.NoError(t, err)
	assert.Contains(t, string(out), "--- PASS: TestHostileCorpus")
	assert.Empty(t, survivors(nil, "", uid), "processes of uid %d left running", uid)
}

// outsideWorld is what the test keeps on the grader's side of a hostile
// run, for the run to reach if it can: a TCP listener on loopback, a
// process of the run's own user, and the names of the files the run may
// leave in /tmp and /dev/shm.
type outsideWorld struct {
	env      []string
	listener net.Listener
	conns    atomic.Int64
	sleep    *exec.Cmd
	left     []string
}

// startOutside starts the outside world of one run, whose programs run as
// uid.
func startOutside(t *testing.T, name string, uid int) *outsideWorld {
	o := &outsideWorld{}
	var err error
	o.listener, err = net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() {
		for {
			c, err := o.listener.Accept()
			if err != nil {
				return
			}
			o.conns.Add(1)
			c.Close()
		}
	}()
	o.sleep = exec.Command("sleep", "600")
	o.sleep.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if os.Geteuid() == 0 && uid != 0 {
		o.sleep.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid), Groups: []uint32{}}
	}
	require.NoError(t, o.sleep.Start())
	t.Cleanup(o.end)
	leftName := fmt.Sprintf("mpgrade-left-behind-%d-%s-%d", os.Getpid(), name, time.Now().UnixNano())
	o.left = []string{filepath.Join("/tmp", leftName), filepath.Join("/dev/shm", leftName)}
	o.env = []string{"HOSTILE_LISTEN=" + o.listener.Addr().String(), "OUTSIDE_PID=" + strconv.Itoa(o.sleep.Process.Pid), "LEFT_BEHIND=" + leftName}
	return o
}

// check holds an isolated run to having reached nothing of the outside
// world, and ends it.
func (o *outsideWorld) check(t *testing.T, isolated bool) {
	sleepAlive := alive(o.sleep.Process.Pid)
	var left []string
	for _, f := range o.left {
		if _, err := os.Stat(f); err == nil {
			left = append(left, f)
		}
	}
	o.end()
	if !isolated {
		if o.conns.Load() > 0 || !sleepAlive || len(left) > 0 {
			t.Logf("not isolated: %d connections reached the grader's side, the outside process alive %v, files left %v", o.conns.Load(), sleepAlive, left)
		}
		return
	}
	assert.Zero(t, o.conns.Load(), "connections from the isolated run reached a listener of the grader's side")
	assert.True(t, sleepAlive, "the isolated run killed a process outside it")
	assert.Empty(t, left, "the isolated run left files in /tmp or /dev/shm")
}

// end stops the outside world; it may be called again.
func (o *outsideWorld) end() {
	o.listener.Close()
	if o.sleep.ProcessState == nil {
		o.sleep.Process.Kill()
		o.sleep.Wait()
	}
	for _, f := range o.left {
		os.Remove(f)
	}
}
