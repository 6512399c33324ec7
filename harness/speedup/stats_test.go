package speedup

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMedianAndMAD(t *testing.T) {
	assert.Equal(t, 2.0, Median([]float64{3, 1, 2}))
	assert.Equal(t, 2.5, Median([]float64{4, 1, 3, 2}))
	assert.Equal(t, 1.0, MAD([]float64{1, 2, 3, 4, 100}))
	assert.Equal(t, 0.0, Median(nil))
}

func TestOutliers(t *testing.T) {
	xs := []float64{1.00, 1.02, 0.98, 1.01, 0.99, 3.0}
	assert.Equal(t, []int{5}, Outliers(xs))
	assert.Equal(t, []float64{1.00, 1.02, 0.98, 1.01, 0.99}, Without(xs, Outliers(xs)))
	assert.Empty(t, Outliers([]float64{1, 1, 1}), "no spread, no outliers")
}

func TestMedianCI(t *testing.T) {
	// With 5 values the only interval is [min, max], covering 1 - 2/32.
	lo, hi, c := MedianCI([]float64{5, 1, 4, 2, 3}, 0.95)
	assert.Equal(t, 1.0, lo)
	assert.Equal(t, 5.0, hi)
	assert.InDelta(t, 0.9375, c, 1e-9)
	// With 10 values, [x(2), x(9)] covers 1 - 2*11/1024 = 0.9785.
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	lo, hi, c = MedianCI(xs, 0.95)
	assert.Equal(t, 2.0, lo)
	assert.Equal(t, 9.0, hi)
	assert.InDelta(t, 0.9785, c, 1e-4)
	_, _, c = MedianCI([]float64{1}, 0.95)
	assert.Equal(t, 0.0, c, "one value gives no confidence")
}
