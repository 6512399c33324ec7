package html_test

import (
	"bytes"
	"encoding/xml"
	stdhtml "html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var svgBlock = regexp.MustCompile(`(?s)<svg\b.*?</svg>`)

// An svgElement is an element of a chart, as encoding/xml reads it.
type svgElement struct {
	XMLName  xml.Name
	Attrs    []xml.Attr   `xml:",any,attr"`
	Children []svgElement `xml:",any"`
	Text     string       `xml:",chardata"`
}

func (e svgElement) attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// all returns the element and its descendants that match.
func (e svgElement) all(match func(svgElement) bool) []svgElement {
	var out []svgElement
	if match(e) {
		out = append(out, e)
	}
	for _, c := range e.Children {
		out = append(out, c.all(match)...)
	}
	return out
}

func xmlUnmarshal(s string, e *svgElement) error { return xml.Unmarshal([]byte(s), e) }

func atof(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return f
}

func hasClass(class string) func(svgElement) bool {
	return func(e svgElement) bool { return strings.Contains(" "+e.attr("class")+" ", " "+class+" ") }
}

// charts parses every SVG chart of a page as strict XML.
func charts(t *testing.T, page []byte) []svgElement {
	t.Helper()
	var out []svgElement
	for _, block := range svgBlock.FindAll(page, -1) {
		// The whole token stream must be well formed, not only what the
		// struct holds.
		dec := xml.NewDecoder(bytes.NewReader(block))
		dec.Strict = true
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			require.NoError(t, err, "a chart is not well-formed XML:\n%.600s", block)
		}
		var e svgElement
		require.NoError(t, xml.Unmarshal(block, &e))
		require.Equal(t, "svg", e.XMLName.Local)
		require.Equal(t, "http://www.w3.org/2000/svg", e.XMLName.Space, "the chart names the SVG namespace, so that it also stands alone")
		out = append(out, e)
	}
	return out
}

// timelinePIDs returns the pids of the lanes of each timeline of a page.
func timelinePIDs(t *testing.T, page []byte) [][]int {
	t.Helper()
	var out [][]int
	for _, c := range charts(t, page) {
		if !hasClass("timeline")(c) {
			continue
		}
		pids := []int{}
		for _, lane := range c.all(hasClass("lane")) {
			pid, err := strconv.Atoi(lane.attr("data-pid"))
			require.NoError(t, err)
			pids = append(pids, pid)
		}
		out = append(out, pids)
	}
	return out
}

func pidsOf(o *observe.Observation) []int {
	pids := []int{}
	for _, p := range o.Processes {
		pids = append(pids, p.PID)
	}
	return pids
}

// contains asserts that the text of a page holds want, without printing
// the whole page when it does not.
func contains(t *testing.T, page, want string, msgAndArgs ...any) bool {
	t.Helper()
	return assert.True(t, strings.Contains(stdhtml.UnescapeString(page), want), append([]any{"the page lacks %q", want}, msgAndArgs...)...)
}

func lacks(t *testing.T, page, unwanted string) bool {
	t.Helper()
	return assert.False(t, strings.Contains(stdhtml.UnescapeString(page), unwanted), "the page has %q", unwanted)
}

func TestOneLanePerProcess(t *testing.T) {
	t.Run("observation", func(t *testing.T) {
		for _, rec := range []string{"observe_parallel", "observe_start_join_loop", "correct_queue_par"} {
			obs, a := recording(t, rec)
			var b bytes.Buffer
			require.NoError(t, renderer.WriteObservation(&b, obs, a, msg.EN))
			assert.Equal(t, [][]int{pidsOf(obs)}, timelinePIDs(t, b.Bytes()), rec)
		}
	})
	t.Run("submission", func(t *testing.T) {
		for _, res := range []*grade.Result{correctQueue(t, msg.EN), startJoinLoop(t, msg.ES)} {
			var want [][]int
			for _, ck := range res.Checks {
				for _, run := range ck.Runs {
					want = append(want, pidsOf(run.Observation))
				}
			}
			require.Len(t, want, 2, "the fixture has a seq and a par run")
			var b bytes.Buffer
			require.NoError(t, renderer.WriteSubmission(&b, res, msg.EN))
			assert.Equal(t, want, timelinePIDs(t, b.Bytes()), res.Submission)
		}
	})
}

// Every chart of every page is well-formed XML with a text alternative:
// an accessible name from its own <title>, and a lane label per process.
func TestChartsAreXMLWithTextAlternatives(t *testing.T) {
	for _, p := range pages() {
		t.Run(p.name, func(t *testing.T) {
			cs := charts(t, p.write(t))
			require.NotEmpty(t, cs)
			for _, c := range cs {
				assert.Equal(t, "img", c.attr("role"))
				ids := strings.Fields(c.attr("aria-labelledby"))
				require.NotEmpty(t, ids, "chart %s has no accessible name", c.attr("id"))
				for _, id := range ids {
					named := c.all(func(e svgElement) bool { return e.attr("id") == id })
					require.Len(t, named, 1, "aria-labelledby names %s", id)
					assert.NotEmpty(t, strings.TrimSpace(named[0].Text), "%s is empty", id)
				}
				for _, lane := range c.all(hasClass("lane")) {
					assert.NotEmpty(t, lane.attr("aria-label"))
				}
			}
		})
	}
}

// Each process of a timeline is also a row of its table, for those who
// cannot see the chart.
func TestTableFallbackListsEveryProcess(t *testing.T) {
	obs, a := recording(t, "correct_queue_par")
	var b bytes.Buffer
	require.NoError(t, renderer.WriteObservation(&b, obs, a, msg.EN))
	page := b.String()
	table := page[strings.Index(page, `<details class="process-figures">`):]
	table = table[:strings.Index(table, "</details>")]
	assert.Equal(t, len(obs.Processes), strings.Count(table, "<tr><td"), "one row per process")
	for _, p := range obs.Processes {
		assert.Contains(t, table, `<td class="num">`+strconv.Itoa(p.PID)+`</td>`)
	}
}

var (
	externalRef    = regexp.MustCompile(`(?i)\b(src|href|action|data)\s*=\s*["']?\s*(https?:)?//`)
	externalURL    = regexp.MustCompile(`(?i)url\(\s*["']?\s*(https?:)?//`)
	externalImport = regexp.MustCompile(`(?i)@import`)
	fetchingTags   = regexp.MustCompile(`(?i)<(link|img|iframe|object|embed|audio|video|source)\b`)
)

// A page needs nothing but itself.
func TestNoExternalReferences(t *testing.T) {
	for _, p := range pages() {
		t.Run(p.name, func(t *testing.T) {
			page := p.write(t)
			assert.Empty(t, externalRef.FindAll(page, -1))
			assert.Empty(t, externalURL.FindAll(page, -1))
			assert.Empty(t, externalImport.FindAll(page, -1))
			assert.Empty(t, fetchingTags.FindAll(page, -1))
			contains(t, string(page), `content="default-src 'none';`, "the page forbids the browser to fetch anything")
		})
	}
}

// The seq and par runs of a check are drawn on one time scale, so that
// their lengths compare by eye.
func TestRunsOfACheckShareTheTimeScale(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, renderer.WriteSubmission(&b, startJoinLoop(t, msg.EN), msg.EN))
	var axes [][]string
	for _, c := range charts(t, b.Bytes()) {
		if !hasClass("timeline")(c) {
			continue
		}
		var ticks []string
		for _, axis := range c.all(hasClass("axis")) {
			for _, text := range axis.all(func(e svgElement) bool { return e.XMLName.Local == "text" && e.attr("class") == "" }) {
				ticks = append(ticks, text.attr("x")+"="+text.Text)
			}
		}
		axes = append(axes, ticks)
	}
	require.Len(t, axes, 2)
	assert.NotEmpty(t, axes[0])
	assert.Equal(t, axes[0], axes[1], "the seq and par timelines have the same ticks at the same places")
}

// The speedup chart and its sentence give the reference's and the
// submission's speedups with their intervals.
func TestSpeedupIsShown(t *testing.T) {
	res := correctQueue(t, msg.EN)
	var b bytes.Buffer
	require.NoError(t, renderer.WriteSubmission(&b, res, msg.EN))
	page := b.String()
	contains(t, page, "1.69× (95% CI 1.55–1.80)", "the reference's speedup")
	contains(t, page, "1.47× (95% CI 1.38–1.58)", "the submission's speedup")
	contains(t, page, "needed 1.18×", "70% of the reference's 1.69")
	contains(t, page, "reached 86% of the reference's speedup")
}

// The class report groups the failures by check and by the cause the
// runs showed, leaving out the sequential runs' own one_process.
func TestClassCountsFailures(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, renderer.WriteClass(&b, classResults(t, msg.EN), reportLink, msg.EN))
	page := b.String()
	failures := page[strings.Index(page, `<table class="failures">`):]
	failures = failures[:strings.Index(failures, "</table>")]
	contains(t, failures, `<code>parallel</code></td><td>processes ran one after another <code>one_at_a_time</code></td><td class="num">1</td><td><a href="start_join_loop.html">start_join_loop</a>`)
	contains(t, failures, `<code>parallel</code></td><td>threads instead of processes <code>threads</code></td><td class="num">1</td>`)
	contains(t, failures, `<code>speedup</code></td><td>no observed cause (output or result)</td><td class="num">3</td>`)
	lacks(t, failures, "one_process") // the seq runs' own cause is no failure
	assert.Equal(t, 6, strings.Count(page, `<tr><th scope="row"`), "one gradebook row per submission")
}

// A link that is not a plain address is not followed.
func TestLinksAreEscaped(t *testing.T) {
	res := []*grade.Result{correctQueue(t, msg.EN), startJoinLoop(t, msg.EN)}
	link := func(r *grade.Result) string {
		if r.Submission == "correct_queue" {
			return "javascript:alert(1)"
		}
		return `reports/o'brien "x".html`
	}
	var b bytes.Buffer
	require.NoError(t, renderer.WriteClass(&b, res, link, msg.EN))
	page := b.String()
	lacks(t, page, "javascript:alert")
	contains(t, page, `href="#ZgotmplZ"`)
	contains(t, page, `href="reports/o%27brien%20%22x%22.html"`)
}

func TestNothingToShow(t *testing.T) {
	t.Run("no samples", func(t *testing.T) {
		obs := &observe.Observation{Command: []string{"true"}, WallSeconds: 0.001}
		var b bytes.Buffer
		require.NoError(t, renderer.WriteObservation(&b, obs, analyze(obs), msg.EN))
		contains(t, b.String(), "no process was sampled")
		assert.Equal(t, [][]int{{}}, timelinePIDs(t, b.Bytes()))
	})
	t.Run("run not observed", func(t *testing.T) {
		res := &grade.Result{Assignment: "a", Submission: "s", Checks: []grade.CheckResult{
			{Name: "parallel", Title: "t", Status: grade.Error, Runs: []grade.Run{{Name: "par", Args: []string{"python3", "x.py"}}}},
		}}
		var b bytes.Buffer
		require.NoError(t, renderer.WriteSubmission(&b, res, msg.ES))
		contains(t, b.String(), "Esta ejecución no se observó.")
		assert.Empty(t, timelinePIDs(t, b.Bytes()))
	})
	t.Run("empty class", func(t *testing.T) {
		var b bytes.Buffer
		require.NoError(t, renderer.WriteClass(&b, nil, nil, msg.EN))
		contains(t, b.String(), "No submission has a speedup measurement.")
		contains(t, b.String(), "No check failed.")
	})
}
