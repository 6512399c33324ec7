package batch

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// DefaultCPUsPerSlot is how many CPUs each slot gets unless told
// otherwise: a graded program is given $WORKERS worker processes, at least
// two, so two CPUs is the least on which its parallelism can be seen.
const DefaultCPUsPerSlot = 2

// A Slot is a set of CPUs that grades one submission at a time.
type Slot struct {
	// Index numbers the slots from 0.
	Index int
	// CPUs are the slot's CPUs, ascending; no other slot has any of them.
	CPUs []int
}

// Partition splits cpus into slots of perSlot CPUs each, disjoint and in
// ascending order. usable is how many CPUs may be busy at once (a cgroup
// quota can allow fewer than the affinity lists); zero or less means all
// of cpus. maxSlots, when above zero, caps the number of slots. CPUs left
// over stay idle, so that every slot measures on as many CPUs as the
// others. With fewer CPUs than one slot needs, there is one slot with all
// of them.
func Partition(cpus []int, perSlot int, usable float64, maxSlots int) []Slot {
	if perSlot <= 0 {
		perSlot = DefaultCPUsPerSlot
	}
	sorted := append([]int(nil), cpus...)
	sort.Ints(sorted)
	n := len(sorted)
	if usable > 0 && int(math.Floor(usable)) < n {
		n = int(math.Floor(usable))
	}
	count := n / perSlot
	if maxSlots > 0 && count > maxSlots {
		count = maxSlots
	}
	if count < 1 {
		return []Slot{{Index: 0, CPUs: sorted}}
	}
	slots := make([]Slot, count)
	for i := range slots {
		slots[i] = Slot{Index: i, CPUs: sorted[i*perSlot : (i+1)*perSlot : (i+1)*perSlot]}
	}
	return slots
}

// FormatCPUs writes a CPU list the way Linux does: "0-3,8,10-11".
func FormatCPUs(cpus []int) string {
	sorted := append([]int(nil), cpus...)
	sort.Ints(sorted)
	var parts []string
	for i := 0; i < len(sorted); {
		j := i
		for j+1 < len(sorted) && sorted[j+1] == sorted[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, strconv.Itoa(sorted[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", sorted[i], sorted[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// A Shard is a share of the submissions: those whose id hashes to Index
// modulo Count. The zero Shard is every submission.
type Shard struct {
	Index, Count int
}

// ParseShard reads "i/n", with 0 <= i < n.
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	index, err1 := strconv.Atoi(i)
	count, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || count < 1 || index < 0 || index >= count {
		return Shard{}, fmt.Errorf("--shard %q: expected i/n with 0 <= i < n, such as 0/4 for the first of four shards", s)
	}
	return Shard{Index: index, Count: count}, nil
}

// Has reports whether the student id belongs to the shard. The share is
// a hash of the id alone (FNV-1a), so every machine agrees on it whatever
// else the folder holds.
func (s Shard) Has(id string) bool {
	if s.Count <= 1 {
		return true
	}
	h := uint32(2166136261)
	for i := 0; i < len(id); i++ {
		h ^= uint32(id[i])
		h *= 16777619
	}
	return int(h%uint32(s.Count)) == s.Index
}

func (s Shard) String() string {
	if s.Count <= 1 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}
