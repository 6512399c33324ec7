// Package speedup measures a submission's parallel speedup against a
// reference solution run side by side on the same machine, and decides
// whether it is good enough without failing anyone for a noisy machine.
//
// The protocol follows hyperfine's and benchstat's habits. After a warm-up
// of each program, it runs rounds; each round runs the reference's and
// the submission's sequential and parallel modes once each, in a shuffled
// order, so that drift in the machine's load hits all four alike. Ratios
// are taken pair by pair within a round (the reference's parallel time
// over the submission's, from the same round), then summarized by their
// median with a distribution-free confidence interval from order
// statistics. Outliers are flagged with the MAD-based modified z-score.
// The number of rounds adapts: it stops once the interval is clearly on
// one side of the required fraction, and goes on, up to a bound, while it
// is not.
//
// Times are the observed wall times of whole runs, never what the
// programs print.
package speedup
