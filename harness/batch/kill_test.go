//go:build linux

package batch

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leftoverWait is how long the programs of a killed grader may take to
// die: the helper that watches each gets SIGTERM, and SIGKILL after
// observe.DefaultKillGrace.
const leftoverWait = 10 * time.Second

// The grader is killed with SIGKILL while it grades, run again, and ends
// with the gradebook of a run that was never interrupted; every submission
// is in the journal once, and nothing of the killed run is left running.
func TestKilledBatchResumesToTheSameGradebook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds mpgrade and grades a class twice: not in -short")
	}
	observable(t)
	work := t.TempDir()
	mpgrade := filepath.Join(work, "mpgrade")
	build := exec.Command("go", "build", "-o", mpgrade, "./cmd/mpgrade")
	build.Dir = testenv.Root(t)
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building mpgrade: %s", out)

	class := copyFixtures(t, "correct_queue", "crash", "missing_file", "syntax_error")
	grade := func(outDir string) *exec.Cmd {
		cmd := exec.Command(mpgrade, "grade", "--only", "runs,results", "--n", strconv.Itoa(testN), class, "-o", outDir)
		cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
		return cmd
	}
	whole := filepath.Join(work, "whole")
	out, err = grade(whole).CombinedOutput()
	require.NoError(t, err, "%s", out)

	killed := filepath.Join(work, "killed")
	cmd := grade(killed)
	require.NoError(t, cmd.Start())
	require.Eventually(t, func() bool { return journalLines(killed) >= 1 }, 2*time.Minute, 20*time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	cmd.Wait()
	graded := journalLines(killed)
	require.Less(t, graded, 4, "the grader finished before it could be killed")

	marks := []string{class, killed, "mpgrade-batch-" + scratchKey(killed)}
	assert.Eventually(t, func() bool { return len(processesOf(marks)) == 0 }, leftoverWait, 100*time.Millisecond,
		"processes of the killed grader still run: %v", processesOf(marks))

	out, err = grade(killed).CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "kept "+strconv.Itoa(graded)+" already graded")
	want, err := os.ReadFile(filepath.Join(whole, GradebookFile))
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(killed, GradebookFile))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
	entries, err := ReadJournal(killed)
	require.NoError(t, err)
	count := map[string]int{}
	for _, e := range entries {
		count[e.Student]++
	}
	assert.Equal(t, map[string]int{"correct_queue": 1, "crash": 1, "missing_file": 1, "syntax_error": 1}, count)
	temps, _ := filepath.Glob(filepath.Join(killed, "*", ".*.tmp-*"))
	assert.Empty(t, temps, "no half-written file is left")
}

func journalLines(dir string) int {
	data, err := os.ReadFile(filepath.Join(dir, JournalFile))
	if err != nil {
		return 0
	}
	return strings.Count(string(data), "\n")
}

// processesOf lists the live processes whose command line or working
// folder holds one of marks.
func processesOf(marks []string) []string {
	entries, _ := os.ReadDir("/proc")
	var found []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		cwd, _ := os.Readlink(filepath.Join("/proc", e.Name(), "cwd"))
		text := strings.ReplaceAll(string(cmdline), "\x00", " ") + " " + cwd
		for _, m := range marks {
			if strings.Contains(text, m) {
				found = append(found, e.Name()+": "+text)
				break
			}
		}
	}
	return found
}
