package observe

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// RunMarkerVar is set in the environment of every observed program to a
// value of its own run. When the helper dies before it can kill the tree
// (killed by the program itself, on a laptop where both run as the same
// user), the observer finds what is left by this mark in
// /proc/PID/environ.
const RunMarkerVar = "MPGRADE_RUN"

func newRunMarker() string {
	var b [12]byte
	rand.Read(b[:])
	return RunMarkerVar + "=" + hex.EncodeToString(b[:])
}

// sweepMarked stops and kills every process whose environment holds
// marker, round after round until none is left or maxKillRounds pass, and
// returns how many it killed.
func sweepMarked(marker string) int {
	needle := append([]byte(marker), 0)
	self := os.Getpid()
	killed := map[int]bool{}
	for round := 0; round < maxKillRounds; round++ {
		found := markedPids(needle, self)
		if len(found) == 0 {
			break
		}
		for _, pid := range found {
			unix.Kill(pid, unix.SIGSTOP)
		}
		for _, pid := range found {
			unix.Kill(pid, unix.SIGKILL)
			killed[pid] = true
		}
	}
	return len(killed)
}

// markedPids lists the live processes, other than self, whose environment
// holds needle.
func markedPids(needle []byte, self int) []int {
	r := newProcReader()
	var out []int
	for _, pid := range numbered("/proc") {
		if pid == self {
			continue
		}
		if st, err := r.stat(pid); err != nil || st.state == 'Z' {
			continue
		}
		env, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
		if err == nil && bytes.Contains(append(env, 0), needle) {
			out = append(out, pid)
		}
	}
	return out
}
