//go:build !linux

package observe

import (
	"context"
	"runtime"
)

func observe(ctx context.Context, spec Spec) (*Observation, error) {
	return nil, ErrUnsupported
}

// AvailableCPUs says how many CPUs a program started now could use; on
// this system, the number of CPUs.
func AvailableCPUs() CPUBudget {
	n := runtime.NumCPU()
	b := CPUBudget{Online: n, Available: float64(n)}
	for i := 0; i < n; i++ {
		b.Affinity = append(b.Affinity, i)
	}
	return b
}
