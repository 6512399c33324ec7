// Package report presents what was observed, judged and graded, in text,
// JSON and the formats of grading platforms. It only serializes: it never
// runs or measures anything, and it does not import gopsutil.
package report
