package speedup

import (
	"math"
	"sort"
)

// Median returns the median of xs (0 for none).
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := sorted(xs)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// MAD returns the median absolute deviation of xs from their median.
func MAD(xs []float64) float64 {
	m := Median(xs)
	dev := make([]float64, len(xs))
	for i, x := range xs {
		dev[i] = math.Abs(x - m)
	}
	return Median(dev)
}

// OutlierZ is the modified z-score beyond which a value is an outlier:
// Iglewicz and Hoaglin (1993), "How to Detect and Handle Outliers", who
// define z = 0.6745 (x - median) / MAD and recommend 3.5.
const OutlierZ = 3.5

// madToSigma is 0.6745, the 0.75 quantile of the standard normal: it makes
// the MAD comparable with a standard deviation.
const madToSigma = 0.6745

// Outliers returns the indexes of the values of xs whose modified z-score
// is beyond OutlierZ.
func Outliers(xs []float64) []int {
	m, mad := Median(xs), MAD(xs)
	if mad == 0 {
		return nil
	}
	var out []int
	for i, x := range xs {
		if math.Abs(madToSigma*(x-m)/mad) > OutlierZ {
			out = append(out, i)
		}
	}
	return out
}

// Without returns xs without the values at the given indexes.
func Without(xs []float64, drop []int) []float64 {
	skip := map[int]bool{}
	for _, i := range drop {
		skip[i] = true
	}
	var out []float64
	for i, x := range xs {
		if !skip[i] {
			out = append(out, x)
		}
	}
	return out
}

// MedianCI returns a confidence interval for the median of xs from order
// statistics, distribution-free: the widest interval [x(k), x(n-k+1)]
// whose coverage 1 - 2 P(Binomial(n, 1/2) < k) is at least level, or, when
// n is too small for that, [min, max] with its actual coverage.
func MedianCI(xs []float64, level float64) (low, high, confidence float64) {
	s := sorted(xs)
	n := len(s)
	if n == 0 {
		return 0, 0, 0
	}
	k, coverage := 1, 1-2*binomCDF(n, 0)
	for j := 2; j <= n/2; j++ {
		c := 1 - 2*binomCDF(n, j-1)
		if c < level {
			break
		}
		k, coverage = j, c
	}
	return s[k-1], s[n-k], coverage
}

// binomCDF is P(Binomial(n, 1/2) <= k).
func binomCDF(n, k int) float64 {
	sum := 0.0
	for i := 0; i <= k; i++ {
		sum += math.Exp(lchoose(n, i) - float64(n)*math.Ln2)
	}
	return sum
}

func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

func sorted(xs []float64) []float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s
}
