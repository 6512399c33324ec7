package report

import (
	"encoding/xml"
	"io"
	"strconv"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
)

// JUnitOptions says how results are written as JUnit XML.
type JUnitOptions struct {
	// Name is the name of the whole report, the <testsuites> element;
	// empty means "mpgrade".
	Name string

	// Hostname, when set, is written on every suite as the machine that
	// graded it.
	Hostname string
}

// junitTimeLayout is the timestamp format of Ant's JUnit reports, which
// the readers of the format expect: local ISO 8601 without a zone; results
// are written in UTC.
const junitTimeLayout = "2006-01-02T15:04:05"

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Hostname   string          `xml:"hostname,attr,omitempty"`
	Package    string          `xml:"package,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string       `xml:"name,attr"`
	Classname string       `xml:"classname,attr"`
	Time      string       `xml:"time,attr"`
	Failure   *junitDetail `xml:"failure"`
	Error     *junitDetail `xml:"error"`
	Skipped   *junitDetail `xml:"skipped"`
}

// A junitDetail is a <failure>, <error> or <skipped> element: a one-line
// message attribute and the whole text as content.
type junitDetail struct {
	Message string
	Type    string
	Text    string
}

// MarshalXML writes the text as it is, newlines and all (encoding/xml
// would write a newline inside element text as &#xA;); characters XML
// cannot hold become U+FFFD.
func (d *junitDetail) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "message"}, Value: d.Message})
	if d.Type != "" {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "type"}, Value: d.Type})
	}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	if d.Text != "" {
		if err := e.EncodeToken(xml.CharData(d.Text)); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// WriteJUnit writes results as JUnit XML, in the form GitHub test
// reporters and GitLab's test reports read: one <testsuite> per
// submission, one <testcase> per check, named by the check with the
// assignment as its class.
//
// A failed check has a <failure> whose text is the student's feedback; a
// grader error has an <error>; a skipped or inconclusive check has a
// <skipped>, so an inconclusive check is never counted as a failure. Each
// suite's properties carry the score and where it was graded.
func WriteJUnit(w io.Writer, results []*grade.Result, opts JUnitOptions) error {
	doc := junitSuites{Name: opts.Name, Suites: []junitSuite{}}
	if doc.Name == "" {
		doc.Name = "mpgrade"
	}
	var seconds float64
	for _, r := range results {
		s := junitResult(r, opts)
		doc.Suites = append(doc.Suites, s)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		seconds += r.Seconds
	}
	doc.Time = junitSeconds(seconds)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitResult(r *grade.Result, opts JUnitOptions) junitSuite {
	lang := msg.ParseLang(r.Lang)
	s := junitSuite{
		Name:     r.Submission,
		Tests:    len(r.Checks),
		Failures: r.Count(grade.Fail),
		Errors:   r.Count(grade.Error),
		Skipped:  r.Count(grade.Skip) + r.Count(grade.Inconclusive),
		Time:     junitSeconds(r.Seconds),
		Hostname: opts.Hostname,
		Package:  r.Assignment,
		Properties: []junitProperty{
			{"assignment", r.Assignment},
			{"submission", r.Submission},
			{"score", points(r.Score)},
			{"max_score", points(r.MaxScore)},
			{"mpgrade_version", r.Environment.Version},
			{"python_version", r.Environment.PythonVersion},
			{"cpus_available", points(r.Environment.CPUs.Available)},
		},
		Cases: []junitCase{},
	}
	if s.Name == "" {
		s.Name = r.Assignment
	}
	if !r.Started.IsZero() {
		s.Timestamp = r.Started.UTC().Format(junitTimeLayout)
	}
	for _, c := range r.Checks {
		s.Cases = append(s.Cases, junitCheck(r.Assignment, c, lang))
	}
	return s
}

func junitCheck(assignment string, c grade.CheckResult, lang msg.Lang) junitCase {
	tc := junitCase{Name: c.Name, Classname: assignment, Time: junitSeconds(c.Seconds)}
	text := Feedback(c, lang)
	if c.Speedup != nil {
		text = joinParagraphs(text, speedupLine(c.Speedup, lang))
	}
	detail := &junitDetail{Message: firstLine(text), Type: string(c.Status), Text: text}
	switch c.Status {
	case grade.Fail:
		tc.Failure = detail
	case grade.Error:
		tc.Error = detail
	case grade.Skip, grade.Inconclusive:
		tc.Skipped = detail
	}
	return tc
}

// junitSeconds writes a duration in seconds as JUnit's time attribute:
// plain decimal, milliseconds.
func junitSeconds(s float64) string {
	return strconv.FormatFloat(max(s, 0), 'f', 3, 64)
}
