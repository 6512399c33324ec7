// Package grade turns an assignment's checks into a Result: it runs each
// check's script against a submission, scores it with the rubric and
// keeps every observation. A Result is the one model every report format
// is written from.
package grade
