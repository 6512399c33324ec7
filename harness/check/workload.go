package check

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mpgrade/mpgrade/assignments"
)

// DefaultTargetSeconds is the target duration of the reference's
// sequential run when the assignment sets none: long enough that process
// start-up (tens of milliseconds) is small beside it, short enough that a
// grading with a few rounds stays within a minute.
const DefaultTargetSeconds = 1.0

// costExponent is how the sequential run's time grows with N for trial
// division up to sqrt(n): about N^1.4 over the sizes used.
const costExponent = 1.4

var (
	workloadMu    sync.Mutex
	workloadCache = map[string]int{}
)

// Workload picks N so that the reference's sequential run takes about the
// target on this machine. It measures the CPU time of the reference at a
// smaller N — CPU time, not wall time, so that a machine loaded by others
// now does not shrink the workload — and scales by the cost's growth. The
// answer is kept for the rest of the process, and for a day in the user's
// cache folder (keyed by interpreter, assignment, target and the
// reference's own bytes), so that a student grading again and again does
// not pay for it each time.
func Workload(ctx context.Context, python, refDir string, a *assignments.Assignment, target float64) (int, error) {
	if a.SizeFlag == "" || refDir == "" {
		return a.DefaultN, nil
	}
	if target <= 0 {
		target = a.TargetSeconds
	}
	if target <= 0 {
		target = DefaultTargetSeconds
	}
	key := fmt.Sprint(python, refDir != "", a.Name, target)
	workloadMu.Lock()
	defer workloadMu.Unlock()
	if n, ok := workloadCache[key]; ok {
		return n, nil
	}
	diskKey := diskWorkloadKey(key, refDir, a)
	if n, ok := readWorkload(diskKey); ok {
		workloadCache[key] = n
		return n, nil
	}
	n := max(a.DefaultN/4, 1000)
	for i := 0; i < 3; i++ {
		secs, err := timeReference(ctx, python, refDir, a, n)
		if err != nil {
			return 0, err
		}
		next := int(float64(n) * math.Pow(target/math.Max(secs, 0.01), 1/costExponent))
		next = roundN(min(next, n*50))
		if secs > target/3 && math.Abs(float64(next-n)) < 0.15*float64(n) {
			n = next
			break
		}
		n = next
	}
	workloadCache[key] = n
	writeWorkload(diskKey, n)
	return n, nil
}

// workloadMaxAge is how long a workload measured on this machine is
// reused: a day, so a change of machine load pattern or hardware is caught
// soon, while one session of work measures once.
const workloadMaxAge = 24 * time.Hour

func diskWorkloadKey(key, refDir string, a *assignments.Assignment) string {
	ref, _ := os.ReadFile(filepath.Join(refDir, a.Program))
	sum := sha256.Sum256(append([]byte(key+"\x00"), ref...))
	return hex.EncodeToString(sum[:8])
}

func workloadFile(diskKey string) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "mpgrade", "workload-"+diskKey)
}

func readWorkload(diskKey string) (int, bool) {
	path := workloadFile(diskKey)
	info, err := os.Stat(path)
	if path == "" || err != nil || time.Since(info.ModTime()) > workloadMaxAge {
		return 0, false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(data)))
	return n, err == nil && n > 0
}

func writeWorkload(diskKey string, n int) {
	path := workloadFile(diskKey)
	if path == "" || os.MkdirAll(filepath.Dir(path), 0o755) != nil {
		return
	}
	tmp := path + ".tmp"
	if os.WriteFile(tmp, []byte(strconv.Itoa(n)+"\n"), 0o644) == nil {
		os.Rename(tmp, path)
	}
}

// roundN keeps two significant digits.
func roundN(n int) int {
	if n < 100 {
		return max(n, 10)
	}
	p := int(math.Pow(10, math.Floor(math.Log10(float64(n)))-1))
	return (n / p) * p
}

func timeReference(ctx context.Context, python, refDir string, a *assignments.Assignment, n int) (float64, error) {
	cmd := exec.CommandContext(ctx, python, filepath.Join(refDir, a.Program), "--mode", "seq", a.SizeFlag, strconv.Itoa(n))
	if out, err := cmd.Output(); err != nil {
		return 0, fmt.Errorf("timing the yardstick (calibration/%s, else solution/%s) at %s %d: %v (%s)", a.Program, a.Program, a.SizeFlag, n, err, out)
	}
	return (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds(), nil
}
