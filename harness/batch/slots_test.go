package batch

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTwoCPUsMakeOneSlot(t *testing.T) {
	slots := Partition([]int{0, 1}, DefaultCPUsPerSlot, 2, 0)
	require.Len(t, slots, 1)
	assert.Equal(t, []int{0, 1}, slots[0].CPUs)
}

func TestSlotsNeverShareACPU(t *testing.T) {
	cases := []struct {
		name     string
		cpus     []int
		perSlot  int
		usable   float64
		maxSlots int
		want     [][]int
	}{
		{"sixteen cores in pairs", seq(16), 2, 16, 0, [][]int{{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}, {10, 11}, {12, 13}, {14, 15}}},
		{"leftover CPUs stay idle", seq(8), 3, 8, 0, [][]int{{0, 1, 2}, {3, 4, 5}}},
		{"a quota bounds the slots", seq(8), 2, 4.5, 0, [][]int{{0, 1}, {2, 3}}},
		{"--slots caps them", seq(8), 2, 8, 3, [][]int{{0, 1}, {2, 3}, {4, 5}}},
		{"an affinity with holes", []int{9, 2, 3, 8}, 2, 4, 0, [][]int{{2, 3}, {8, 9}}},
		{"fewer CPUs than a slot", []int{5}, 2, 1, 0, [][]int{{5}}},
		{"one CPU each", seq(2), 1, 2, 0, [][]int{{0}, {1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			slots := Partition(c.cpus, c.perSlot, c.usable, c.maxSlots)
			var got [][]int
			owner := map[int]int{}
			for i, s := range slots {
				assert.Equal(t, i, s.Index)
				got = append(got, s.CPUs)
				for _, cpu := range s.CPUs {
					prev, shared := owner[cpu]
					assert.False(t, shared, "CPU %d is in slots %d and %d", cpu, prev, i)
					owner[cpu] = i
				}
			}
			assert.Equal(t, c.want, got)
		})
	}
}

func TestSlotsDoNotAliasTheirCPUs(t *testing.T) {
	slots := Partition(seq(4), 2, 4, 0)
	slots[0].CPUs = append(slots[0].CPUs, 99)
	assert.Equal(t, []int{2, 3}, slots[1].CPUs)
}

func TestFormatCPUs(t *testing.T) {
	assert.Equal(t, "0-3,8,10-11", FormatCPUs([]int{11, 0, 1, 2, 3, 8, 10}))
	assert.Equal(t, "", FormatCPUs(nil))
}

func TestShardsSplitTheClassOnce(t *testing.T) {
	_, err := ParseShard("4/4")
	assert.ErrorContains(t, err, "0 <= i < n")
	_, err = ParseShard("x")
	assert.Error(t, err)
	counts := make([]int, 3)
	for i := 0; i < 300; i++ {
		id := "student" + string(rune('a'+i%26)) + string(rune('0'+i/26))
		n := 0
		for k := 0; k < 3; k++ {
			s, err := ParseShard(string(rune('0'+k)) + "/3")
			require.NoError(t, err)
			if s.Has(id) {
				n++
				counts[k]++
			}
		}
		assert.Equal(t, 1, n, "%s is in %d shards", id, n)
	}
	for k, c := range counts {
		assert.Greater(t, c, 50, "shard %d got %d of 300: the hash does not spread ids", k, c)
	}
	assert.True(t, Shard{}.Has("anyone"))
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
