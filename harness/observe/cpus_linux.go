package observe

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// AvailableCPUs says how many CPUs a program started now by this process
// could use: its CPU affinity and the cgroup CPU quota of this process,
// v1 or v2, the tightest along the cgroup's ancestors.
func AvailableCPUs() CPUBudget {
	var b CPUBudget
	b.Online = onlineCPUs()
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err == nil {
		for i := 0; i < len(set)*64; i++ {
			if set.IsSet(i) {
				b.Affinity = append(b.Affinity, i)
			}
		}
	}
	if len(b.Affinity) == 0 {
		for i := 0; i < b.Online; i++ {
			b.Affinity = append(b.Affinity, i)
		}
	}
	b.Quota = cgroupQuota()
	b.Available = float64(len(b.Affinity))
	if b.Quota > 0 && b.Quota < b.Available {
		b.Available = b.Quota
	}
	return b
}

func onlineCPUs() int {
	data, err := os.ReadFile("/sys/devices/system/cpu/online")
	if err != nil {
		return 0
	}
	n := 0
	for _, part := range strings.Split(strings.TrimSpace(string(data)), ",") {
		lo, hi, found := strings.Cut(part, "-")
		a, _ := strconv.Atoi(lo)
		b := a
		if found {
			b, _ = strconv.Atoi(hi)
		}
		n += b - a + 1
	}
	return n
}

// cgroupQuota returns the CPU quota in CPUs for this process's cgroup, or 0
// when there is none.
func cgroupQuota() float64 {
	f, err := os.Open("/proc/self/cgroup")
	if err != nil {
		return 0
	}
	defer f.Close()
	quota := math.Inf(1)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		controllers, path := parts[1], parts[2]
		switch {
		case controllers == "":
			quota = math.Min(quota, walkQuota("/sys/fs/cgroup", path, readV2Quota))
		case hasController(controllers, "cpu"):
			for _, mount := range []string{"/sys/fs/cgroup/" + controllers, "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"} {
				quota = math.Min(quota, walkQuota(mount, path, readV1Quota))
			}
		}
	}
	if math.IsInf(quota, 1) {
		return 0
	}
	return quota
}

func hasController(list, name string) bool {
	for _, c := range strings.Split(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// walkQuota reads the quota of path under mount and of its ancestors, and
// returns the tightest. In a container the path may not exist under the
// mount (the mount's root is already the container's cgroup), so the
// mount's root is read too.
func walkQuota(mount, path string, read func(dir string) float64) float64 {
	q := math.Inf(1)
	for p := filepath.Clean("/" + path); ; p = filepath.Dir(p) {
		q = math.Min(q, read(filepath.Join(mount, p)))
		if p == "/" {
			break
		}
	}
	return q
}

func readV2Quota(dir string) float64 {
	data, err := os.ReadFile(filepath.Join(dir, "cpu.max"))
	if err != nil {
		return math.Inf(1)
	}
	fields := strings.Fields(string(data))
	if len(fields) != 2 || fields[0] == "max" {
		return math.Inf(1)
	}
	quota, err1 := strconv.ParseFloat(fields[0], 64)
	period, err2 := strconv.ParseFloat(fields[1], 64)
	if err1 != nil || err2 != nil || period <= 0 {
		return math.Inf(1)
	}
	return quota / period
}

func readV1Quota(dir string) float64 {
	q, err1 := readInt(filepath.Join(dir, "cpu.cfs_quota_us"))
	p, err2 := readInt(filepath.Join(dir, "cpu.cfs_period_us"))
	if err1 != nil || err2 != nil || q <= 0 || p <= 0 {
		return math.Inf(1)
	}
	return float64(q) / float64(p)
}

func readInt(path string) (int64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
}

// machineBusyTicks reads the first line of /proc/stat and returns the
// clock ticks all CPUs spent busy (everything but idle and iowait).
func machineBusyTicks() uint64 {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(data), "\n")
	fields := strings.Fields(line)
	var busy uint64
	for i, f := range fields {
		if i == 0 || i == 4 || i == 5 || i > 8 { // name, idle, iowait; guest is already in user
			continue
		}
		v, _ := strconv.ParseUint(f, 10, 64)
		busy += v
	}
	return busy
}
