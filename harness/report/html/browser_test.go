package html_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The reports are opened in headless Chromium, as a person would open
// them: the page must render without errors, show one lane per process,
// fetch nothing, and look different for a program whose workers ran one
// after another than for one whose workers ran together.

const (
	// browserTimeout bounds the browser's whole life in a test; a cold
	// start on a loaded two-core machine takes about 6 s, a page about 1 s.
	browserTimeout = 2 * time.Minute
	// windowWidth and windowHeight are the screenshots' size: the pages'
	// width and room for a submission's report.
	windowWidth  = 1200
	windowHeight = 1600
)

// chromium returns Debian's headless-capable Chromium, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("opening pages in Chromium takes seconds; skipped with -short")
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("Chromium is not installed: install Debian's chromium package (apt-get install -y chromium); .ci/run installs it")
	return ""
}

// errorCatcher goes first in the page's head: it writes every script
// error, console error and blocked fetch into an attribute of the page,
// where the dumped DOM shows it.
const errorCatcher = `<script>
(function () {
  var root = document.documentElement;
  function note(kind, text) { root.setAttribute("data-page-errors", (root.getAttribute("data-page-errors") || "") + kind + ": " + text + "\n"); }
  window.addEventListener("error", function (e) { note("error", e.message); });
  document.addEventListener("securitypolicyviolation", function (e) { note("blocked", e.blockedURI); });
  var error = console.error;
  console.error = function () { note("console", Array.prototype.join.call(arguments, " ")); error.apply(console, arguments); };
})();
</script>`

// withScripts returns a page with the error catcher at the start of its
// head and extra at the end of its body.
func withScripts(page []byte, extra string) []byte {
	s := strings.Replace(string(page), "<head>", "<head>\n"+errorCatcher, 1)
	s = strings.Replace(s, "</body>", extra+"\n</body>", 1)
	return []byte(s)
}

// A browsed page is what Chromium made of a file.
type browsed struct {
	dom      string
	problems []string // what the browser reported: exceptions, console errors, blocked loads
	shot     image.Image
}

// browse opens each file in one headless Chromium and returns the DOM
// after loading, the problems reported and a screenshot of each: of the
// window, or of the whole page when full is set.
func browse(t *testing.T, bin string, files []string, full bool) []browsed {
	t.Helper()
	b, err := startBrowser(bin, t.TempDir(), browserTimeout)
	require.NoError(t, err)
	defer b.close()
	var out []browsed
	for _, file := range files {
		abs, err := filepath.Abs(file)
		require.NoError(t, err)
		dom, shot, problems, err := b.open(abs, full)
		require.NoError(t, err, "%s", file)
		img, err := png.Decode(bytes.NewReader(shot))
		require.NoError(t, err, "the screenshot of %s", file)
		require.NoError(t, os.WriteFile(strings.TrimSuffix(abs, ".html")+".png", shot, 0o644))
		out = append(out, browsed{dom: dom, problems: problems, shot: img})
	}
	return out
}

var pageErrors = regexp.MustCompile(`data-page-errors="([^"]*)"`)

// assertClean asserts that a page loaded without errors or fetches.
func assertClean(t *testing.T, name string, b browsed) {
	t.Helper()
	assert.Empty(t, pageErrors.FindAllStringSubmatch(b.dom, -1), "%s: the page reported errors", name)
	assert.Empty(t, b.problems, "%s: the browser reported problems", name)
	require.NotNil(t, b.shot)
	assert.Equal(t, image.Rect(0, 0, windowWidth, windowHeight), b.shot.Bounds(), name)
	assert.Greater(t, colours(b.shot), 20, "%s: the screenshot is nearly blank", name)
}

// colours counts the distinct colours of an image, up to 1000.
func colours(img image.Image) int {
	seen := map[[3]uint32]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y && len(seen) < 1000; y += 3 {
		for x := r.Min.X; x < r.Max.X; x += 3 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			seen[[3]uint32{cr >> 8, cg >> 8, cb >> 8}] = true
		}
	}
	return len(seen)
}

// differing is the share of pixels that differ between two images.
func differing(a, b image.Image) float64 {
	r := a.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

var domLane = regexp.MustCompile(`<g class="lane" data-pid="(\d+)"`)

// sortCheck clicks the Score heading twice and notes the first row after
// each click.
const sortCheck = `<script>
(function () {
  var table = document.querySelector("table.gradebook");
  var button = table.querySelectorAll("thead th")[1].querySelector("button");
  var first = function () { return table.tBodies[0].rows[0].cells[0].textContent; };
  button.click();
  table.setAttribute("data-first-ascending", first());
  button.click();
  table.setAttribute("data-first-descending", first());
})();
</script>`

// brokenPage is a report with a script error and an image from the
// network: the test's own detectors must catch both.
const brokenPage = `<img src="https://example.invalid/tracker.png" alt=""><script>undefinedFunction();</script>`

func TestReportsInBrowser(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	write := func(name string, page []byte) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, page, 0o644))
		return path
	}
	render := func(name string) []byte {
		for _, p := range pages() {
			if p.name == name {
				return p.write(t)
			}
		}
		t.Fatalf("no page %s", name)
		return nil
	}
	obs, _ := recording(t, "observe_parallel")
	correct, staircase := correctQueue(t, msg.EN), startJoinLoop(t, msg.EN)
	files := []string{
		write("observation.html", withScripts(render("observation_parallel.en.html"), "")),
		write("correct_queue.html", withScripts(render("submission_correct_queue.en.html"), "")),
		write("start_join_loop.html", withScripts(render("submission_start_join_loop.en.html"), "")),
		write("class.html", withScripts(render("class.en.html"), sortCheck)),
		write("broken.html", withScripts(render("observation_parallel.en.html"), brokenPage)),
		write("par_runs.html", parRunsPage(t, correct, staircase)),
	}
	got := browse(t, bin, files, false)
	observation, correctShot, staircaseShot, class, broken, parRuns := got[0], got[1], got[2], got[3], got[4], got[5]

	t.Run("the detectors catch errors", func(t *testing.T) {
		errs := pageErrors.FindStringSubmatch(broken.dom)
		require.NotNil(t, errs, "the error catcher saw nothing on a broken page")
		assert.Contains(t, errs[1], "undefinedFunction")
		assert.Contains(t, errs[1], "blocked: https://example.invalid/tracker.png", "the page's policy blocks the fetch")
		assert.NotEmpty(t, broken.problems, "the browser reports them too")
		t.Logf("the browser reported: %q", broken.problems)
	})
	t.Run("observation", func(t *testing.T) {
		assertClean(t, "observation", observation)
		assert.Len(t, domLane.FindAllString(observation.dom, -1), len(obs.Processes), "one lane per observed process")
	})
	t.Run("submissions", func(t *testing.T) {
		for _, s := range []struct {
			name string
			b    browsed
			runs int
		}{{"correct_queue", correctShot, lanes(correct)}, {"start_join_loop", staircaseShot, lanes(staircase)}} {
			assertClean(t, s.name, s.b)
			assert.Len(t, domLane.FindAllString(s.b.dom, -1), s.runs, "%s: one lane per process of each run", s.name)
		}
		share := differing(correctShot.shot, staircaseShot.shot)
		t.Logf("%.1f%% of the pixels differ between the two reports", 100*share)
		assert.Greater(t, share, 0.02, "the reports of a correct and a sequential-in-disguise submission look different")
	})
	t.Run("class", func(t *testing.T) {
		assertClean(t, "class", class)
		assert.Contains(t, class.dom, `data-first-ascending="crash"`, "sorting by score puts the lowest first")
		assert.Contains(t, class.dom, `data-first-descending="correct_queue"`, "and then the highest")
	})
	t.Run("staircase and stacked bars", func(t *testing.T) {
		assertClean(t, "par runs", parRuns)
		stacked := stackedColumns(t, parRuns.shot, 0, parRunsTimeline(t, correct))
		stairs := stackedColumns(t, parRuns.shot, parRunsOffset, parRunsTimeline(t, staircase))
		t.Logf("pixel columns with two or more busy lanes: correct_queue %d, start_join_loop %d", stacked, stairs)
		assert.Greater(t, stacked, 100, "the correct program's workers are drawn stacked")
		assert.Greater(t, stacked, 5*stairs, "the staircase has (almost) no two busy lanes at once")
	})
}

// lanes counts the processes of every observed run of a result.
func lanes(res *grade.Result) int {
	n := 0
	for _, ck := range res.Checks {
		for _, run := range ck.Runs {
			n += len(run.Observation.Processes)
		}
	}
	return n
}

// parRunsOffset is where the second timeline starts on the page of par
// runs, below the first.
const parRunsOffset = 400

// parRunsTimeline is the timeline of the par run of a submission, as its
// report draws it.
func parRunsTimeline(t *testing.T, res *grade.Result) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, renderer.WriteSubmission(&b, res, msg.EN))
	blocks := svgBlock.FindAllString(b.String(), -1)
	var timelines []string
	for _, block := range blocks {
		if strings.Contains(block[:200], `class="timeline"`) {
			timelines = append(timelines, block)
		}
	}
	require.Len(t, timelines, 2, "a seq and a par timeline")
	return timelines[1]
}

var styleBlock = regexp.MustCompile(`(?s)<style>.*?</style>`)

// parRunsPage shows the par timelines of two submissions at known places,
// with the reports' own style.
func parRunsPage(t *testing.T, first, second *grade.Result) []byte {
	var b bytes.Buffer
	require.NoError(t, renderer.WriteSubmission(&b, first, msg.EN))
	style := styleBlock.FindString(b.String())
	page := fmt.Sprintf(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>par runs</title>%s</head>
<body style="margin:0">
<div style="position:absolute;left:0;top:0">%s</div>
<div style="position:absolute;left:0;top:%dpx">%s</div>
</body></html>`, style, parRunsTimeline(t, first), parRunsOffset, parRunsTimeline(t, second))
	return withScripts([]byte(page), "")
}

// minBusyPixels is how many coloured pixels a column of a lane needs to
// count as a drawn bar: a bar for a fifth of a core is five pixels high.
const minBusyPixels = 4

// stackedColumns counts the pixel columns of a screenshotted timeline in
// which two or more lanes show a bar. The timeline's SVG, drawn at full
// size with its top at y top, says where its lanes are.
func stackedColumns(t *testing.T, shot image.Image, top int, svg string) int {
	t.Helper()
	var root svgElement
	require.NoError(t, xmlUnmarshal(svg, &root))
	type band struct{ y0, y1 int }
	var bands []band
	for _, lane := range root.all(hasClass("lane")) {
		alive := lane.all(hasClass("alive"))
		require.Len(t, alive, 1)
		y, h := atof(t, alive[0].attr("y")), atof(t, alive[0].attr("height"))
		bands = append(bands, band{top + int(y), top + int(y+h)})
	}
	require.NotEmpty(t, bands)
	width := int(atof(t, root.attr("width")))
	stacked := 0
	for x := 0; x < width; x++ {
		busy := 0
		for _, b := range bands {
			n := 0
			for y := b.y0; y < b.y1; y++ {
				if saturated(shot.At(x, y)) {
					n++
				}
			}
			if n >= minBusyPixels {
				busy++
			}
		}
		if busy >= 2 {
			stacked++
		}
	}
	return stacked
}

// saturated tells a bar's colour from the greys and the pale yellow of
// the rest of a timeline.
func saturated(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	hi, lo := max(r, g, b)>>8, min(r, g, b)>>8
	return hi-lo >= 80
}

// screenshotsDir names the environment variable that asks
// TestScreenshots for the screenshots, and the folder they go to.
const screenshotsDir = "MPGRADE_SCREENSHOTS"

// TestScreenshots writes every report of the golden files, and a
// screenshot of each, into the folder $MPGRADE_SCREENSHOTS:
//
//	MPGRADE_SCREENSHOTS=/tmp/mpgrade-shots go test ./harness/report/html/ -run TestScreenshots -v
func TestScreenshots(t *testing.T) {
	dir := os.Getenv(screenshotsDir)
	if dir == "" {
		t.Skipf("set %s to a folder to get the reports and their screenshots there", screenshotsDir)
	}
	bin := chromium(t)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	var files []string
	for _, p := range pages() {
		path := filepath.Join(dir, p.name)
		require.NoError(t, os.WriteFile(path, p.write(t), 0o644))
		files = append(files, path)
	}
	for i, b := range browse(t, bin, files, true) {
		assert.Empty(t, b.problems, "%s: the browser reported problems", files[i])
		t.Logf("%s", strings.TrimSuffix(files[i], ".html")+".png")
	}
}
