// Package html writes mpgrade's reports as self-contained HTML pages with
// SVG charts: one observed run, one graded submission, or a whole class.
//
// A page needs nothing but itself: its CSS and its little script are
// inline, it loads no fonts or images, and a Content-Security-Policy forbids
// the browser from fetching anything. The package only presents what it is
// given (an observe.Observation with its judge.Analysis, or grade.Results);
// it never runs or measures anything.
//
// # The timeline
//
// Each observed run is drawn as a timeline with one lane per process, time
// on the x axis. In every sample interval a process gets a bar whose height
// is the share of one core it used (from the growth of its CPU time between
// two samples); the bar's fill pattern, and the number written over a busy
// stretch, say which CPU it ran on. A grey box shows when the process was
// alive. Workers run one after another look like a staircase, workers run
// side by side like stacked bars. The runs of one check share a time scale,
// so they can be compared by eye.
//
// Every chart has a text alternative (an SVG title and description) and a
// table with the same figures, and nothing is told by colour alone:
// patterns, numbers and symbols carry the same meaning.
//
// # Stable output
//
// A Renderer holds the clock and the version printed in a page's footer;
// tests set both so that the pages can be compared with golden files.
package html
