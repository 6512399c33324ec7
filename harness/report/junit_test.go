package report

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// junitSchema is the Jenkins xUnit plugin's JUnit schema; see
// testdata/schema/README.md.
var junitSchema = filepath.Join("testdata", "schema", "junit-10.xsd")

// xmllint returns the path of xmllint, or skips the test.
func xmllint(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed (Debian package libxml2-utils): the JUnit schema check needs it")
	}
	return path
}

// validate runs xmllint on doc against the JUnit schema and returns its
// error and what it said.
func validate(t *testing.T, lint string, doc []byte) (string, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "report.xml")
	require.NoError(t, os.WriteFile(file, doc, 0o644))
	out, err := exec.Command(lint, "--noout", "--schema", junitSchema, file).CombinedOutput()
	return string(out), err
}

// Every JUnit output validates against a JUnit consumer's schema, and the
// check does catch a document that breaks it.
func TestJUnitValidatesAgainstSchema(t *testing.T) {
	lint := xmllint(t)
	cases := map[string][]*grade.Result{
		"all":     sampleResults(),
		"passing": {samplePassing()},
		"mixed":   {sampleMixed()},
		"empty":   {sampleEmpty()},
		"none":    nil,
	}
	for name, results := range cases {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, WriteJUnit(&b, results, JUnitOptions{Name: "mp_worker", Hostname: "grader-1"}))
			out, err := validate(t, lint, b.Bytes())
			assert.NoError(t, err, "xmllint: %s", out)
		})
	}
	t.Run("broken", func(t *testing.T) {
		broken := []byte(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="x" tests="1" failures="0" errors="0"><testcase classname="x"/></testsuite></testsuites>
`)
		out, err := validate(t, lint, broken)
		assert.Error(t, err, "a testcase without a name must not validate")
		assert.Contains(t, out, "name")
	})
}

type parsedSuites struct {
	Tests    int           `xml:"tests,attr"`
	Failures int           `xml:"failures,attr"`
	Errors   int           `xml:"errors,attr"`
	Suites   []parsedSuite `xml:"testsuite"`
}

type parsedSuite struct {
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Cases    []parsedCase `xml:"testcase"`
}

type parsedCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *parsedDetail `xml:"failure"`
	Error     *parsedDetail `xml:"error"`
	Skipped   *parsedDetail `xml:"skipped"`
}

type parsedDetail struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// One suite per submission, one case per check, and an inconclusive check
// is skipped, never a failure; the failure text is the feedback.
func TestJUnitCountsAndFeedback(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteJUnit(&b, sampleResults(), JUnitOptions{}))
	var doc parsedSuites
	require.NoError(t, xml.Unmarshal(b.Bytes(), &doc))

	require.Len(t, doc.Suites, 3)
	assert.Equal(t, 10, doc.Tests)
	assert.Equal(t, 2, doc.Failures)
	assert.Equal(t, 1, doc.Errors)

	mixed := doc.Suites[1]
	assert.Equal(t, "alu0102", mixed.Name)
	assert.Equal(t, []int{7, 2, 1, 2}, []int{mixed.Tests, mixed.Failures, mixed.Errors, mixed.Skipped})
	cases := map[string]parsedCase{}
	for _, c := range mixed.Cases {
		assert.Equal(t, "mp_worker", c.Classname)
		cases[c.Name] = c
	}
	parallel := cases["parallel"]
	assert.Nil(t, parallel.Failure, "inconclusive must not be a failure")
	require.NotNil(t, parallel.Skipped)
	assert.Contains(t, parallel.Skipped.Message, "Inconclusive")

	output := cases["output"]
	require.NotNil(t, output.Failure)
	assert.Equal(t, Feedback(sampleMixed().Checks[1], msg.EN), output.Failure.Text)
	assert.Equal(t, `Expected the last line to be "total: 500000500000", saw "total: 0".`, output.Failure.Message)
	assert.NotNil(t, cases["limits"].Error)
	assert.NotNil(t, cases["cleanup"].Skipped)
	assert.Nil(t, cases["runs"].Failure)
	assert.Nil(t, cases["runs"].Skipped)
}

// A report with no results is still a report, with no suites.
func TestJUnitNoResults(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteJUnit(&b, nil, JUnitOptions{}))
	var doc parsedSuites
	require.NoError(t, xml.Unmarshal(b.Bytes(), &doc))
	assert.Empty(t, doc.Suites)
	assert.Contains(t, b.String(), `<testsuites name="mpgrade" tests="0" failures="0" errors="0" time="0.000">`)
}
