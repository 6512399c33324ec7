package html_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files with the pages written now")

// golden compares a page with testdata/golden/NAME, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no golden file: run go test ./harness/report/html/ -update")
	if !assert.Equal(t, string(want), string(got), "%s is stale: if the change is meant, run go test ./harness/report/html/ -update and look at the diff", path) {
		out := filepath.Join(t.TempDir(), name)
		os.WriteFile(out, got, 0o644)
		t.Logf("the page written now is in %s", out)
	}
}

// pages are the reports the tests write: each golden file, and the pages
// opened in the browser.
type namedPage struct {
	name  string
	write func(t testing.TB) []byte
}

func pages() []namedPage {
	obsPage := func(rec string, lang msg.Lang) func(testing.TB) []byte {
		return func(t testing.TB) []byte {
			obs, a := recording(t, rec)
			var b bytes.Buffer
			require.NoError(t, renderer.WriteObservation(&b, obs, a, lang))
			return b.Bytes()
		}
	}
	subPage := func(build func(testing.TB, msg.Lang) *grade.Result, lang msg.Lang) func(testing.TB) []byte {
		return func(t testing.TB) []byte {
			var b bytes.Buffer
			require.NoError(t, renderer.WriteSubmission(&b, build(t, lang), lang))
			return b.Bytes()
		}
	}
	classPage := func(lang msg.Lang) func(testing.TB) []byte {
		return func(t testing.TB) []byte {
			var b bytes.Buffer
			require.NoError(t, renderer.WriteClass(&b, classResults(t, lang), reportLink, lang))
			return b.Bytes()
		}
	}
	return []namedPage{
		{"observation_parallel.en.html", obsPage("observe_parallel", msg.EN)},
		{"observation_start_join_loop.es.html", obsPage("observe_start_join_loop", msg.ES)},
		{"submission_correct_queue.en.html", subPage(correctQueue, msg.EN)},
		{"submission_start_join_loop.en.html", subPage(startJoinLoop, msg.EN)},
		{"submission_start_join_loop.es.html", subPage(startJoinLoop, msg.ES)},
		{"class.en.html", classPage(msg.EN)},
		{"class.es.html", classPage(msg.ES)},
	}
}

func TestGolden(t *testing.T) {
	for _, p := range pages() {
		t.Run(p.name, func(t *testing.T) { golden(t, p.name, p.write(t)) })
	}
}
