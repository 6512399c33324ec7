//go:build linux

package batch

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A slurmCluster is a single-node Slurm started for one test: munged,
// slurmctld and slurmd from the machine's packages, run in the foreground
// as the test's children, with the configuration, state, spool, logs, pid
// files and the MUNGE key and socket in one temporary folder. It is
// stopped when the test ends, passed or failed, and the test fails if any
// of its processes is left. A test binary that is killed (go test's
// -timeout) runs no cleanup: its daemons die with it (PR_SET_PDEATHSIG),
// and the jobs' slurmstepd and processes, which have left slurmd's tree,
// are killed by the next startSlurm (sweepStaleClusters).
type slurmCluster struct {
	t *testing.T
	// dir holds everything the cluster writes.
	dir string
	// env is the environment of every command run on the cluster: the
	// test's, less any Slurm variables it runs under, with SLURM_CONF and
	// the marker of this cluster's processes.
	env []string
	// node is the node's name, and cpus and memoryMB what slurmd found it
	// has (slurmd -C).
	node     string
	cpus     int
	memoryMB int
	// daemons are munged, slurmctld and slurmd, in the order started.
	daemons []*daemon
	keeper  *keeper
}

// A daemon is one of the cluster's processes and the end of its Wait.
type daemon struct {
	name   string
	cmd    *exec.Cmd
	exited chan struct{}
}

// slurmMarker is the environment variable set, to the cluster's folder,
// for every process the cluster starts: its daemons, and through sbatch
// its jobs. slurmstepd clears its environment; it is known by its working
// folder, the cluster's, where slurmd started.
const slurmMarker = "MPGRADE_TEST_SLURM"

// slurmCommands are the programs a cluster needs, found on PATH or in the
// sbin folders where Debian's slurm-wlm and munge put the daemons.
var slurmCommands = []string{"munged", "slurmctld", "slurmd", "sbatch", "scontrol", "scancel", "sinfo", "squeue"}

// slurmWait bounds each wait on the cluster: for a daemon to be ready,
// or for jobs to end. The test's class is graded in seconds, and its runs
// may wait on the machine's measuring lock behind other tests' runs for
// a minute or two; five minutes is a hang, not a busy machine.
const slurmWait = 5 * time.Minute

// needSlurm is the path of each of slurmCommands, or skips the test,
// saying why, where Slurm is not installed or the test does not run as
// root.
func needSlurm(t *testing.T) map[string]string {
	t.Helper()
	paths := map[string]string{}
	var missing []string
	for _, name := range slurmCommands {
		if p := findCommand(name); p != "" {
			paths[name] = p
		} else {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Skipf("needs Slurm and MUNGE, and %s are not installed: apt-get install slurm-wlm munge", strings.Join(missing, ", "))
	}
	if os.Geteuid() != 0 {
		t.Skip("a single-node Slurm runs its daemons as root, and the tests do not run as root")
	}
	return paths
}

// startSlurm starts a cluster, or skips the test as needSlurm does.
func startSlurm(t *testing.T) *slurmCluster {
	t.Helper()
	paths := needSlurm(t)
	start := time.Now()
	sweepStaleClusters()
	dir, err := os.MkdirTemp("", slurmDirPrefix)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "owner"), []byte(processIdentity(os.Getpid())), 0o644); err != nil {
		t.Fatal(err)
	}
	c := &slurmCluster{t: t, dir: dir, keeper: newKeeper()}
	t.Cleanup(c.stop)
	c.env = append(withoutSlurm(os.Environ()), "SLURM_CONF="+c.path("slurm.conf"), slurmMarker+"="+dir)
	for _, d := range []string{"log", "state", "spool", "run", "munge", "munge-key"} {
		if err := os.MkdirAll(c.path(d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// munged wants the socket's folders open to all, the key's to root.
	os.Chmod(dir, 0o755)
	os.Chmod(c.path("munge-key"), 0o700)
	c.readNode(paths["slurmd"])
	c.writeConfig()
	c.startMunge(paths["munged"])
	c.start("slurmctld", paths["slurmctld"], "-D", "-f", c.path("slurm.conf"))
	c.start("slurmd", paths["slurmd"], "-D", "-f", c.path("slurm.conf"), "-N", c.node)
	c.waitFor("the node to be idle in sinfo", func() bool {
		out, _ := c.slurm("sinfo", "-h", "-N", "-n", c.node, "-o", "%T")
		return strings.TrimSpace(out) == "idle"
	})
	t.Logf("Slurm cluster in %s, up in %.1f s", dir, time.Since(start).Seconds())
	return c
}

// slurmDirPrefix starts the name of every cluster's folder, in the
// temporary folder.
const slurmDirPrefix = "mpgrade-slurm-"

// processIdentity is a process's PID and start time (field 22 of
// /proc/PID/stat), which no later process with the same PID shares; ""
// when there is no such process.
func processIdentity(pid int) string {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	_, rest, _ := strings.Cut(string(stat), ") ") // the name, in parentheses, may hold spaces
	fields := strings.Fields(rest)
	if len(fields) < 20 {
		return ""
	}
	return fmt.Sprintf("%d %s", pid, fields[19])
}

// sweepStaleClusters kills the processes of the clusters whose test is no
// longer running, and removes their folders: what a killed test binary
// left.
func sweepStaleClusters() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), slurmDirPrefix+"*"))
	for _, dir := range dirs {
		owner, err := os.ReadFile(filepath.Join(dir, "owner"))
		if err != nil {
			continue
		}
		var pid int
		fmt.Sscan(string(owner), &pid)
		if processIdentity(pid) == string(owner) {
			continue
		}
		for i := 0; i < 50; i++ {
			left := slurmProcesses(dir)
			if len(left) == 0 {
				break
			}
			killAll(left)
			time.Sleep(100 * time.Millisecond)
		}
		os.RemoveAll(dir)
	}
}

// findCommand is the path of name on PATH or in an sbin folder, or "".
func findCommand(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, d := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin"} {
		if info, err := os.Stat(filepath.Join(d, name)); err == nil && info.Mode()&0o111 != 0 {
			return filepath.Join(d, name)
		}
	}
	return ""
}

// withoutSlurm is env less the variables Slurm gives a job and its
// commands read, so that a test run inside a Slurm job talks to its own
// cluster alone.
func withoutSlurm(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "SLURM_") && !strings.HasPrefix(kv, "SBATCH_") && !strings.HasPrefix(kv, "SALLOC_") && !strings.HasPrefix(kv, "SRUN_") {
			out = append(out, kv)
		}
	}
	return out
}

func (c *slurmCluster) path(name string) string { return filepath.Join(c.dir, name) }

// readNode takes the node's name, CPUs and memory from slurmd -C, which
// prints the NodeName line of slurm.conf for this machine.
func (c *slurmCluster) readNode(slurmd string) {
	out, err := exec.Command(slurmd, "-C").Output()
	if err != nil {
		c.t.Fatalf("slurmd -C: %v\n%s", err, out)
	}
	line, _, _ := strings.Cut(string(out), "\n")
	fields := keyValues(line)
	c.node = fields["NodeName"]
	c.cpus, _ = strconv.Atoi(fields["CPUs"])
	c.memoryMB, _ = strconv.Atoi(fields["RealMemory"])
	if c.node == "" || c.cpus == 0 || c.memoryMB == 0 {
		c.t.Fatalf("slurmd -C printed %q: expected NodeName=, CPUs= and RealMemory= on its first line", line)
	}
}

// slurmConfig is the cluster's slurm.conf: one node, one partition, root
// as the daemons' user, the plugins that need no cgroups, no accounting
// database, and short delays so that the test does not wait on timers
// made for big clusters.
const slurmConfig = `# A single-node Slurm for a test.
ClusterName=mpgrade-test
SlurmctldHost={{node}}(127.0.0.1)
SlurmctldPort={{ctldPort}}
SlurmdPort={{slurmdPort}}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# cred_expire is also how long a requeued job waits before it starts
# again (120 s by default); 5 is the least Slurm takes.
AuthInfo=socket={{dir}}/munge/munge.socket,cred_expire=5
StateSaveLocation={{dir}}/state
SlurmdSpoolDir={{dir}}/spool
SlurmctldPidFile={{dir}}/run/slurmctld.pid
SlurmdPidFile={{dir}}/run/slurmd.pid
SlurmctldLogFile={{dir}}/log/slurmctld.log
SlurmdLogFile={{dir}}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/builtin
# The main scheduling loop every second rather than every minute: a
# requeued task starts again as soon as it may.
SchedulerParameters=sched_interval=1
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
KillWait=5
MinJobAge=600
NodeName={{node}} NodeAddr=127.0.0.1 CPUs={{cpus}} RealMemory={{memory}} State=UNKNOWN
PartitionName=grading Nodes={{node}} Default=YES MaxTime=INFINITE State=UP
`

func (c *slurmCluster) writeConfig() {
	conf := strings.NewReplacer("{{node}}", c.node, "{{dir}}", c.dir, "{{cpus}}", strconv.Itoa(c.cpus),
		"{{memory}}", strconv.Itoa(c.memoryMB), "{{ctldPort}}", freePort(c.t), "{{slurmdPort}}", freePort(c.t)).Replace(slurmConfig)
	if err := os.WriteFile(c.path("slurm.conf"), []byte(conf), 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// freePort is a TCP port of 127.0.0.1 that no one listens on now, so that
// the cluster runs beside another Slurm, or another test's.
func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// startMunge writes a new key and starts munged on the cluster's socket.
func (c *slurmCluster) startMunge(munged string) {
	key := make([]byte, 1024)
	rand.Read(key)
	if err := os.WriteFile(c.path("munge-key/munge.key"), key, 0o400); err != nil {
		c.t.Fatal(err)
	}
	socket := c.path("munge/munge.socket")
	// --force: munged refuses to run as root, or beside a socket folder
	// it finds too open, without it.
	c.start("munged", munged, "-F", "--force", "--socket="+socket, "--key-file="+c.path("munge-key/munge.key"),
		"--pid-file="+c.path("run/munged.pid"), "--log-file="+c.path("log/munged.log"), "--seed-file="+c.path("munge/munged.seed"))
	c.waitFor("munged's socket", func() bool {
		_, err := os.Stat(socket)
		return err == nil
	})
}

// start starts a daemon in the cluster's folder, its output in
// log/NAME.out.
func (c *slurmCluster) start(name, path string, args ...string) {
	out, err := os.Create(c.path("log/" + name + ".out"))
	if err != nil {
		c.t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(path, args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = c.dir, c.env, out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := c.keeper.start(cmd); err != nil {
		c.t.Fatalf("starting %s: %v", name, err)
	}
	d := &daemon{name: name, cmd: cmd, exited: make(chan struct{})}
	go func() { cmd.Wait(); close(d.exited) }()
	c.daemons = append(c.daemons, d)
}

// A keeper starts the cluster's daemons from one OS thread, locked to
// its goroutine for as long as the cluster runs. Each daemon is started
// with PR_SET_PDEATHSIG, which fires when the thread that started it ends:
// so the daemons die with the test binary, even when it times out and
// runs no cleanup, and never before, as they would should the Go runtime
// end a thread it had started them from.
type keeper struct {
	cmds chan *exec.Cmd
	errs chan error
	done chan struct{}
}

func newKeeper() *keeper {
	k := &keeper{cmds: make(chan *exec.Cmd), errs: make(chan error), done: make(chan struct{})}
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		for {
			select {
			case cmd := <-k.cmds:
				k.errs <- cmd.Start()
			case <-k.done:
				return
			}
		}
	}()
	return k
}

func (k *keeper) start(cmd *exec.Cmd) error {
	k.cmds <- cmd
	return <-k.errs
}

// stop ends the keeper's thread, and with it any daemon still running.
func (k *keeper) stop() { close(k.done) }

// slurm runs a Slurm command on the cluster and returns its output.
func (c *slurmCluster) slurm(name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	path := findCommand(name)
	if path == "" {
		path = name
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = c.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// mustSlurm is slurm, failing the test on an error.
func (c *slurmCluster) mustSlurm(name string, args ...string) string {
	c.t.Helper()
	out, err := c.slurm(name, args...)
	if err != nil {
		c.t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, c.state())
	}
	return out
}

// jobs are the records of a job, one per array task once the tasks have
// started, as scontrol shows them.
func (c *slurmCluster) jobs(id string) []map[string]string {
	out := c.mustSlurm("scontrol", "-o", "show", "job", id)
	var jobs []map[string]string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line != "" {
			jobs = append(jobs, keyValues(line))
		}
	}
	return jobs
}

// task is the record of one task of array job id, nil while the task has
// not been split off the array's pending record.
func (c *slurmCluster) task(id string, index int) map[string]string {
	for _, j := range c.jobs(id) {
		if j["ArrayTaskId"] == strconv.Itoa(index) {
			return j
		}
	}
	return nil
}

// keyValues reads the Key=Value fields of a line of scontrol or slurmd.
func keyValues(line string) map[string]string {
	m := map[string]string{}
	for _, f := range strings.Fields(line) {
		if k, v, ok := strings.Cut(f, "="); ok {
			m[k] = v
		}
	}
	return m
}

// waitFor polls cond until it holds, failing the test, with the
// cluster's state, after slurmWait.
func (c *slurmCluster) waitFor(what string, cond func() bool) {
	c.t.Helper()
	deadline := time.Now().Add(slurmWait)
	for !cond() {
		for _, d := range c.daemons {
			select {
			case <-d.exited:
				c.t.Fatalf("waiting for %s: %s exited (%v)%s", what, d.name, d.cmd.ProcessState, c.state())
			default:
			}
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("waited %s for %s%s", slurmWait, what, c.state())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// state is what the cluster shows of itself, for a failure's message:
// its jobs, its node, and the ends of the daemons' logs.
func (c *slurmCluster) state() string {
	var b strings.Builder
	for _, cmd := range [][]string{{"scontrol", "-o", "show", "job"}, {"sinfo", "-N", "-l"}} {
		out, err := c.slurm(cmd[0], cmd[1:]...)
		fmt.Fprintf(&b, "\n--- %s (%v)\n%s", strings.Join(cmd, " "), err, out)
	}
	logs, _ := filepath.Glob(c.path("log/*"))
	for _, l := range logs {
		fmt.Fprintf(&b, "\n--- end of %s\n%s", l, lastLines(l, 20))
	}
	return b.String()
}

// lastLines is the last n lines of a file.
func lastLines(path string, n int) string {
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// stop cancels every job, stops the daemons (SIGTERM, then SIGKILL after
// a while), kills whatever of the cluster is left and fails the test if
// there was anything, then removes the cluster's folder.
func (c *slurmCluster) stop() {
	if len(c.daemons) == 3 {
		c.slurm("scancel", "--partition=grading", "--full")
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			out, err := c.slurm("squeue", "-h", "-o", "%i")
			if err != nil || strings.TrimSpace(out) == "" {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	for i := len(c.daemons) - 1; i >= 0; i-- {
		d := c.daemons[i]
		d.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-d.exited:
		case <-time.After(15 * time.Second):
			c.t.Errorf("%s did not stop within 15 s of SIGTERM: killed", d.name)
			syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL)
			<-d.exited
		}
	}
	c.keeper.stop()
	if left := c.waitLeftovers(5 * time.Second); len(left) > 0 {
		c.t.Errorf("processes of the Slurm cluster still ran after it stopped (killed now): %s", strings.Join(left, "; "))
		killAll(left)
	}
	os.RemoveAll(c.dir)
}

// waitLeftovers waits up to d for the processes of the cluster in dir to
// end, and returns those still running, as "PID NAME".
func (c *slurmCluster) waitLeftovers(d time.Duration) []string {
	deadline := time.Now().Add(d)
	for {
		left := slurmProcesses(c.dir)
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// slurmProcesses are the processes of the cluster in dir, as "PID NAME":
// those whose environment holds the cluster's marker, and those working
// in its folder.
func slurmProcesses(dir string) []string {
	marker := []byte(slurmMarker + "=" + dir + "\x00")
	entries, _ := os.ReadDir("/proc")
	var found []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		proc := filepath.Join("/proc", e.Name())
		env, _ := os.ReadFile(filepath.Join(proc, "environ"))
		cwd, _ := os.Readlink(filepath.Join(proc, "cwd"))
		if bytes.Contains(env, marker) || cwd == dir || strings.HasPrefix(cwd, dir+"/") {
			comm, _ := os.ReadFile(filepath.Join(proc, "comm"))
			found = append(found, fmt.Sprintf("%d %s", pid, strings.TrimSpace(string(comm))))
		}
	}
	return found
}

// killAll kills the processes slurmProcesses listed.
func killAll(procs []string) {
	for _, p := range procs {
		pid, _, _ := strings.Cut(p, " ")
		if n, err := strconv.Atoi(pid); err == nil {
			syscall.Kill(n, syscall.SIGKILL)
		}
	}
}
