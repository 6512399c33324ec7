//go:build linux

package batch

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slurmFlags keep the gradings of the Slurm test short: two checks that
// do not time, so every status is one the machine can tell, on a small
// fixed workload.
const slurmFlags = "--only runs,results --n 20000"

// slurmClass is the class the Slurm test grades: passes and failures of
// several kinds, four students in shard 0 of 2 (the one requeued mid-way)
// and two in shard 1.
var slurmClass = []string{"correct_pool", "correct_queue", "crash", "missing_file", "syntax_error", "wrong_count"}

// examples/slurm/submit.sh grades a class on a real single-node Slurm: a
// job array of 2 shards, one task requeued mid-way, then the merge job.
// The merged gradebook is the one a single mpgrade grade writes, and the
// requeued task graded nothing twice.
func TestSlurmJobArrayGradesTheClass(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Slurm cluster and grades a class twice: not in -short")
	}
	observable(t)
	c := startSlurm(t)
	if c.cpus < DefaultCPUsPerSlot {
		t.Skipf("a shard asks for a slot's %d CPUs, and this node has %d", DefaultCPUsPerSlot, c.cpus)
	}
	bin := buildMpgrade(t)
	class := copyFixtures(t, slurmClass...)
	first := Shard{Index: 0, Count: 2}
	var inFirst []string
	for _, s := range slurmClass {
		if first.Has(s) {
			inFirst = append(inFirst, s)
		}
	}
	require.Len(t, inFirst, 4, "the class puts four students in shard 0, to stop it with some graded and some not")
	env := append(slices.Clone(c.env), "PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"), "LANG=C.UTF-8", "MPGRADE_FLAGS="+slurmFlags)

	// The single run grades while the cluster does: both take turns on
	// the machine's measuring lock, and wait for other tests' runs side
	// by side rather than one after the other.
	single := filepath.Join(t.TempDir(), "single")
	grade := exec.Command(bin, append(append([]string{"grade"}, strings.Fields(slurmFlags)...), class, "-o", single)...)
	var gradeOut bytes.Buffer
	grade.Env, grade.Stdout, grade.Stderr = env, &gradeOut, &gradeOut
	require.NoError(t, grade.Start())
	graded := make(chan struct{})
	var gradeErr error
	go func() { gradeErr = grade.Wait(); close(graded) }()
	t.Cleanup(func() { grade.Process.Kill(); <-graded })

	// submit.sh is run as a user would, from a folder of their own, with
	// sbatch options that fit the example's requests to this node.
	home := filepath.Join(c.dir, "teacher")
	require.NoError(t, os.MkdirAll(home, 0o755))
	results := filepath.Join(home, "out")
	submit := exec.Command("bash", filepath.Join(testenv.Root(t), "examples", "slurm", "submit.sh"), class, "out", "2",
		fmt.Sprintf("--cpus-per-task=%d", DefaultCPUsPerSlot), "--mem=1G")
	submit.Dir, submit.Env = home, env
	out, err := submit.CombinedOutput()
	require.NoError(t, err, "submit.sh: %s", out)
	submitted := time.Now()
	ids := strings.Fields(string(out))
	require.Len(t, ids, 2, "submit.sh prints the array's job id and the merge's: %s", out)
	array, merge := ids[0], ids[1]

	kept := requeueMidway(t, c, array, filepath.Join(results, "shard-0"), len(inFirst))
	t.Logf("task 0 requeued after grading %d of %d students, %.1f s after submit.sh", kept, len(inFirst), time.Since(submitted).Seconds())
	c.waitFor("the merge job to end", func() bool { return ended(t, c, merge) })
	t.Logf("the merge job ended %.1f s after submit.sh", time.Since(submitted).Seconds())
	for i := 0; i < 2; i++ {
		task := c.task(array, i)
		require.NotNil(t, task, "task %d of job %s", i, array)
		assert.Equal(t, "COMPLETED", task["JobState"], "task %d", i)
		assert.Equal(t, "0:0", task["ExitCode"], "task %d", i)
	}
	assert.Equal(t, "1", c.task(array, 0)["Restarts"], "task 0 was requeued once")

	// Went on where it stopped, and graded nothing twice.
	entries, err := ReadJournal(filepath.Join(results, "shard-0"))
	require.NoError(t, err)
	var journaled []string
	for _, e := range entries {
		journaled = append(journaled, e.Student)
	}
	assert.ElementsMatch(t, inFirst, journaled, "shard 0's journal holds each of its students once")
	log, err := os.ReadFile(filepath.Join(results, "logs", fmt.Sprintf("shard-%s_0.log", array)))
	require.NoError(t, err)
	assert.Contains(t, string(log), fmt.Sprintf("Interrupted: %d of %d", kept, len(inFirst)), "the log keeps the first start's end")
	assert.Contains(t, string(log), fmt.Sprintf("Graded %d submissions (kept %d already graded) of %d", len(inFirst)-kept, kept, len(inFirst)))

	<-graded
	require.NoError(t, gradeErr, "mpgrade grade: %s", &gradeOut)
	want, err := os.ReadFile(filepath.Join(single, GradebookFile))
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(results, "class", GradebookFile))
	require.NoError(t, err, "the merge job's gradebook")
	assert.Equal(t, string(want), string(got), "the merged gradebook is the single run's%s",
		feedbackOfDifferences(string(want), string(got), single, filepath.Join(results, "class")))
	assert.FileExists(t, filepath.Join(results, "logs", "merge-"+merge+".log"))
}

// feedbackOfDifferences is the feedback, from both folders, of the
// students whose gradebook rows differ: what a failure needs to say why.
func feedbackOfDifferences(want, got, wantDir, gotDir string) string {
	rows := map[string]bool{}
	for _, row := range strings.Split(want, "\n") {
		rows[row] = true
	}
	var b strings.Builder
	for _, row := range strings.Split(got, "\n") {
		if rows[row] {
			continue
		}
		student, _, _ := strings.Cut(row, ",")
		for _, dir := range []string{wantDir, gotDir} {
			feedback, _ := os.ReadFile(filepath.Join(dir, FeedbackDir, student+".txt"))
			fmt.Fprintf(&b, "\n--- %s's feedback in %s\n%s", student, dir, feedback)
		}
	}
	return b.String()
}

// requeueMidway requeues task 0 of array once it has graded some of its
// students and not all, and returns how many it had graded. The test
// holds the machine's measuring lock (observe.LockMachine) while it
// requeues: the task waits in its next run, so it is stopped mid-way
// however fast or loaded the machine is.
func requeueMidway(t *testing.T, c *slurmCluster, array, shard string, students int) int {
	t.Helper()
	c.waitFor("task 0 to grade its first student", func() bool {
		entries, _ := ReadJournal(shard)
		return len(entries) > 0
	})
	unlock := observe.LockMachine()
	defer unlock()
	if task := c.task(array, 0); task == nil || task["JobState"] != "RUNNING" {
		t.Fatalf("task 0 ended before it could be requeued: %v%s", task, c.state())
	}
	c.mustSlurm("scontrol", "requeue", array+"_0")
	c.waitFor("task 0 to be pending again", func() bool {
		task := c.task(array, 0)
		return task != nil && task["JobState"] == "PENDING"
	})
	c.waitFor("task 0's mpgrade to end", func() bool { return unlocked(shard) })
	entries, err := ReadJournal(shard)
	require.NoError(t, err)
	require.Less(t, len(entries), students, "task 0 was stopped before it graded every student")
	return len(entries)
}

// unlocked says whether no grader holds the output folder's lock.
func unlocked(out string) bool {
	f, err := os.Open(filepath.Join(out, ".lock"))
	if err != nil {
		return false
	}
	defer f.Close()
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}

// ended says whether job id has ended well, and fails the test when it,
// or a job it waits for, ended otherwise.
func ended(t *testing.T, c *slurmCluster, id string) bool {
	jobs := c.jobs(id)
	require.Len(t, jobs, 1, "job %s", id)
	switch state := jobs[0]["JobState"]; state {
	case "COMPLETED":
		return true
	case "PENDING", "RUNNING", "COMPLETING", "CONFIGURING", "REQUEUED":
		return false
	default:
		t.Fatalf("job %s ended %s (reason %s)%s", id, state, jobs[0]["Reason"], c.state())
		return false
	}
}

// buildMpgrade builds the mpgrade command into a temporary folder and
// returns its path.
func buildMpgrade(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mpgrade")
	build := exec.Command("go", "build", "-o", bin, "./cmd/mpgrade")
	build.Dir = testenv.Root(t)
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building mpgrade: %s", out)
	return bin
}

// slurmChildTest, set, makes TestSlurmLeavesNothingRunning the child
// test it runs in a process of its own: "fail" fails with a job running,
// "hang" waits with a job running to be killed.
const slurmChildTest = "MPGRADE_TEST_SLURM_CHILD"

// A test that fails with a job running leaves nothing of its cluster
// running: not the daemons, the job's slurmstepd, nor the job's own
// processes; its cleanup stops the cluster and removes its folder. A
// killed test runs no cleanup (as when go test's -timeout ends it): its
// daemons die with it, and the next cluster started kills what is left.
func TestSlurmLeavesNothingRunning(t *testing.T) {
	if mode := os.Getenv(slurmChildTest); mode != "" {
		c := startSlurm(t)
		job := strings.TrimSpace(c.mustSlurm("sbatch", "--parsable", "--output=/dev/null", "--wrap", "sleep 600"))
		c.waitFor("the job to run", func() bool { return c.jobs(job)[0]["JobState"] == "RUNNING" })
		if mode == "hang" {
			fmt.Println("job running")
			time.Sleep(10 * time.Minute)
		}
		t.Fatal("failing on purpose with a job running")
	}
	if testing.Short() {
		t.Skip("starts Slurm clusters: not in -short")
	}
	needSlurm(t)
	child := func(mode string) (*exec.Cmd, *bufio.Scanner) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSlurmLeavesNothingRunning$", "-test.v")
		cmd.Env = append(os.Environ(), slurmChildTest+"="+mode)
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		cmd.Stderr = cmd.Stdout
		require.NoError(t, cmd.Start())
		return cmd, bufio.NewScanner(out)
	}
	clusterDir := regexp.MustCompile(`Slurm cluster in (\S+),`)
	// read reads the child's output up to a line that holds until, and
	// returns it all and the cluster's folder.
	read := func(out *bufio.Scanner, until string) (string, string) {
		var b strings.Builder
		dir := ""
		for out.Scan() {
			b.WriteString(out.Text() + "\n")
			if m := clusterDir.FindStringSubmatch(out.Text()); m != nil {
				dir = m[1]
			}
			if until != "" && strings.Contains(out.Text(), until) {
				break
			}
		}
		require.NotEmpty(t, dir, "the child names its cluster's folder: %s", b.String())
		return b.String(), dir
	}

	t.Run("fails", func(t *testing.T) {
		cmd, out := child("fail")
		text, dir := read(out, "")
		require.Error(t, cmd.Wait(), "the child test fails: %s", text)
		require.Contains(t, text, "failing on purpose with a job running", "the child failed where it was meant to")
		assert.Empty(t, slurmProcesses(dir), "no process of the failed test's cluster is left")
		assert.NoDirExists(t, dir)
	})
	t.Run("killed", func(t *testing.T) {
		cmd, out := child("hang")
		text, dir := read(out, "job running")
		defer os.RemoveAll(dir)
		require.Contains(t, text, "job running")
		require.NotEmpty(t, slurmProcesses(dir), "the job runs")
		require.NoError(t, cmd.Process.Kill())
		cmd.Wait()
		for _, daemon := range []string{"munged", "slurmctld", "slurmd"} {
			c := daemonCommand(daemon)
			deadline := time.Now().Add(10 * time.Second)
			for slices.ContainsFunc(slurmProcesses(dir), c) && time.Now().Before(deadline) {
				time.Sleep(100 * time.Millisecond)
			}
			assert.False(t, slices.ContainsFunc(slurmProcesses(dir), c), "%s died with the killed test", daemon)
		}
		sweepStaleClusters()
		left := slurmProcesses(dir)
		assert.Empty(t, left, "the next cluster's start kills what the killed test's left")
		killAll(left)
		assert.NoDirExists(t, dir)
	})
}

// daemonCommand matches slurmProcesses' "PID NAME" of the daemon name.
func daemonCommand(name string) func(string) bool {
	return func(p string) bool { return strings.HasSuffix(p, " "+name) }
}
