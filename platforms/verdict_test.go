package platforms_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/cli"
	"github.com/mpgrade/mpgrade/harness/kit"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/mpgrade/mpgrade/platforms"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets this test binary be mpgrade: copied into a Gradescope zip
// under that name, it runs the command, as the platforms would.
func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == "mpgrade" {
		os.Exit(cli.Main())
	}
	os.Exit(m.Run())
}

// The verdict fixture: a submission that passes one check and fails the
// other, graded quickly.
const (
	verdictFixture = "wrong_count"
	verdictChecks  = "runs,results"
	verdictN       = "20000"
	// verdictHidden is a hidden check: Gradescope grades it too, and
	// shows it after the due date; the kit never does.
	verdictHidden = "odd_split"
)

// points is a grading's outcome as each way of grading reports it.
type points struct {
	Score, Max float64
	// Checks are the points of each check.
	Checks map[string]float64
}

// The same submission gets the same points through go test (a kit's test
// file), the CLI and Gradescope's run_autograder.
func TestSameVerdictEverywhere(t *testing.T) {
	testenv.Linux(t)
	testenv.Python(t)
	if runtime.GOARCH != "amd64" {
		t.Skip("the Gradescope set-up ships an x86-64 mpgrade")
	}
	submission := filepath.Join(testenv.Root(t), "private", "mp_worker", "tests", verdictFixture)

	viaCLI := gradeWithCLI(t, submission)
	viaGradescope := gradeWithGradescope(t, submission)
	viaGoTest := gradeWithGoTest(t, submission)

	assert.Equal(t, 1.0, viaCLI.Score, "runs passes, results fails")
	assert.Equal(t, 3.0, viaCLI.Max)
	assert.Equal(t, viaCLI, viaGradescope, "the CLI and Gradescope agree")
	assert.Equal(t, viaCLI.Score, viaGoTest.Score, "the CLI and go test agree on the score")
	assert.Equal(t, viaCLI.Max, viaGoTest.Max, "the CLI and go test agree on the maximum")
	for name, p := range viaCLI.Checks {
		assert.Equal(t, p, viaGoTest.Checks[name], "check %s", name)
	}
}

func gradeWithCLI(t *testing.T, submission string) points {
	var stdout, stderr bytes.Buffer
	env := &cli.Env{Ctx: context.Background(), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	status := cli.Run(env, []string{"check", "--format", "json", "--only", verdictChecks, "--n", verdictN, submission})
	require.Equal(t, 1, status, "a failed check is exit status 1\n%s", stderr.String())
	var out struct {
		Score    float64 `json:"score"`
		MaxScore float64 `json:"max_score"`
		Checks   []struct {
			Name   string  `json:"name"`
			Points float64 `json:"points"`
		} `json:"checks"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &out), stdout.String())
	p := points{Score: out.Score, Max: out.MaxScore, Checks: map[string]float64{}}
	for _, c := range out.Checks {
		p.Checks[c.Name] = c.Points
	}
	return p
}

// gradeWithGradescope unpacks the autograder zip as Gradescope does and
// runs run_autograder on the submission, with its paths moved into a
// temporary folder.
func gradeWithGradescope(t *testing.T, submission string) points {
	root := t.TempDir()
	source := filepath.Join(root, "source")
	unzipAutograder(t, source)
	results := filepath.Join(root, "results")
	cmd := exec.Command(filepath.Join(source, "run_autograder"))
	cmd.Env = append(os.Environ(),
		"MPGRADE_AUTOGRADER_SOURCE="+source,
		"MPGRADE_AUTOGRADER_SUBMISSION="+submission,
		"MPGRADE_AUTOGRADER_RESULTS="+results,
		"MPGRADE_EXTRA_FLAGS=--only "+verdictChecks+","+verdictHidden+" --n "+verdictN)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "run_autograder always exits 0\n%s", out)
	data, err := os.ReadFile(filepath.Join(results, "results.json"))
	require.NoError(t, err, "run_autograder writes results.json\n%s", out)
	var res struct {
		Score float64 `json:"score"`
		Tests []struct {
			Name       string  `json:"name"`
			Score      float64 `json:"score"`
			MaxScore   float64 `json:"max_score"`
			Visibility string  `json:"visibility"`
		} `json:"tests"`
	}
	require.NoError(t, json.Unmarshal(data, &res), string(data))
	p := points{Score: res.Score, Checks: map[string]float64{}}
	sawHidden := false
	for _, tc := range res.Tests {
		name, _, _ := strings.Cut(tc.Name, ":")
		if name == verdictHidden {
			sawHidden = true
			assert.Equal(t, "after_due_date", tc.Visibility, "hidden checks show after the due date")
			p.Score -= tc.Score
			continue
		}
		assert.Equal(t, "visible", tc.Visibility, "check %s", name)
		p.Checks[name] = tc.Score
		p.Max += tc.MaxScore
	}
	assert.True(t, sawHidden, "run_autograder grades the hidden checks:\n%s", data)
	return p
}

func unzipAutograder(t *testing.T, dir string) {
	self, err := os.Executable()
	require.NoError(t, err)
	var zipped bytes.Buffer
	a, err := assignments.Load("mp_worker")
	require.NoError(t, err)
	require.NoError(t, platforms.GradescopeZip(&zipped, platforms.Config{Assignment: "mp_worker", Binary: self, Folder: a.Files}))
	zr, err := zip.NewReader(bytes.NewReader(zipped.Bytes()), int64(zipped.Len()))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for _, f := range zr.File {
		r, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(r)
		r.Close()
		require.NoError(t, err)
		file := filepath.Join(dir, filepath.FromSlash(f.Name))
		require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
		require.NoError(t, os.WriteFile(file, data, f.Mode().Perm()))
	}
}

// gradeWithGoTest writes a kit, puts the submission in it and runs go
// test there; the points come from the test's log and its subtests.
func gradeWithGoTest(t *testing.T, submission string) points {
	a, err := assignments.Load("mp_worker")
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "kit")
	_, err = kit.Write(a, dir, kit.Options{MpgradeReplace: testenv.Root(t)})
	require.NoError(t, err)
	program, err := os.ReadFile(filepath.Join(submission, a.Program))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, a.Program), program, 0o644))

	out, _ := testenv.GoTestKit(t, dir, "", "MPGRADE_ONLY="+verdictChecks, "MPGRADE_N="+verdictN, "MPGRADE_LANG=en")

	m := regexp.MustCompile(`mpgrade score: ([0-9.]+) of ([0-9.]+) points`).FindStringSubmatch(string(out))
	require.NotNil(t, m, "go test logs the score:\n%s", out)
	p := points{Checks: map[string]float64{}}
	p.Score, _ = strconv.ParseFloat(m[1], 64)
	p.Max, _ = strconv.ParseFloat(m[2], 64)
	for _, c := range a.Checks {
		switch {
		case strings.Contains(string(out), "--- PASS: TestSubmission/"+c.Name+" "):
			p.Checks[c.Name] = c.Points
		case strings.Contains(string(out), "--- FAIL: TestSubmission/"+c.Name+" "):
			p.Checks[c.Name] = 0
		}
	}
	return p
}
