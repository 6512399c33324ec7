package html

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"time"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
)

//go:embed templates
var files embed.FS

var (
	templates = template.Must(template.New("html").Funcs(template.FuncMap{
		"tr":      tr(msg.EN), // replaced by the page's language in render
		"num":     num,
		"add":     func(a, b float64) float64 { return a + b },
		"shorten": shorten,
	}).ParseFS(files, "templates/*.tmpl"))
	style      = template.CSS(mustRead("templates/style.css"))
	sortScript = template.JS(mustRead("templates/sort.js"))
)

func mustRead(name string) string {
	data, err := files.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(data)
}

// num writes an SVG coordinate: one decimal is a tenth of a pixel.
func num(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// A Renderer writes reports. Its zero value uses the real clock and
// prints no version.
type Renderer struct {
	// Now is the time printed in a page's footer; nil means time.Now.
	Now func() time.Time
	// Version is mpgrade's version, printed in a page's footer.
	Version string
}

// Default is the Renderer behind the package's functions; the command
// sets its Version once, at start.
var Default = &Renderer{}

// WriteObservation writes the page of one observed run: its verdict and
// reasons, its figures and its timeline. It uses Default.
func WriteObservation(w io.Writer, obs *observe.Observation, a judge.Analysis, lang msg.Lang) error {
	return Default.WriteObservation(w, obs, a, lang)
}

// WriteSubmission writes the report of one graded submission: its score,
// its checks with their feedback, the timelines of the runs they observed
// and the speedup against the reference. It uses Default.
func WriteSubmission(w io.Writer, r *grade.Result, lang msg.Lang) error {
	return Default.WriteSubmission(w, r, lang)
}

// WriteClass writes the report of a class: the gradebook, a histogram of
// the speedups and why checks failed. link gives the address of each
// student's own report, relative to the class report; an empty address
// (or a nil link) leaves the student's name unlinked. It uses Default.
func WriteClass(w io.Writer, results []*grade.Result, link func(*grade.Result) string, lang msg.Lang) error {
	return Default.WriteClass(w, results, link, lang)
}

// A page is what every template is executed with.
type page struct {
	Lang   msg.Lang
	Title  string
	CSS    template.CSS
	Script template.JS
	Footer string
	Body   any
}

// render executes the template name into w, all at once: a page that
// fails halfway writes nothing.
func (r *Renderer) render(w io.Writer, name string, lang msg.Lang, title string, script bool, body any) error {
	t, err := templates.Clone()
	if err != nil {
		return err
	}
	t.Funcs(template.FuncMap{"tr": tr(lang)})
	p := page{Lang: lang, Title: title, CSS: style, Footer: r.footer(lang), Body: body}
	if script {
		p.Script = sortScript
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, p); err != nil {
		return fmt.Errorf("html: writing the %s page: %w", name, err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func (r *Renderer) footer(lang msg.Lang) string {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	when := now().Format("2006-01-02 15:04 MST")
	if r.Version == "" {
		return say(lang, labels["footer.no_version"], when)
	}
	return say(lang, labels["footer"], r.Version, when)
}

// ids hands out the ids of a page's charts, so that the patterns of two
// charts on one page never clash.
type ids struct{ n int }

func (c *ids) next(kind string) string {
	c.n++
	return fmt.Sprintf("%s%d", kind, c.n)
}
