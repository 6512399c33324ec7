// Package speedup measures a submission's parallel speedup on its own
// work — its sequential time over its parallel time — against a reference
// solution's, run side by side on the same machine, and decides whether it
// is good enough without failing anyone for a noisy machine.
//
// The protocol follows hyperfine's and benchstat's habits. After a warm-up
// of each program, it runs rounds; each round runs the reference's and
// the submission's sequential and parallel modes once each, in a shuffled
// order, so that drift in the machine's load hits all four alike. Ratios
// are taken within a round (the submission's own speedup over the
// reference's, from the same round), then summarized by their median with
// a distribution-free confidence interval from order statistics. Outliers
// are flagged with the MAD-based modified z-score. The number of rounds
// adapts: it stops once the interval is clearly on one side of the
// required fraction, and goes on, up to a bound, while it is not.
//
// The reference's speedup is the yardstick of what this machine can show
// now, so a slower algorithm than the reference's, used in both modes,
// costs nothing. A sequential mode padded to inflate the submission's own
// speedup is caught by the kernel's accounting of each run's CPU time:
// padded with a sleep, its wall time is well above its CPU time; padded
// with extra work, its CPU time is well above the whole parallel run's.
//
// Times are the observed wall and CPU times of whole runs, never what the
// programs print.
package speedup
