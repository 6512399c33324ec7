package kit_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/kit"
	"github.com/mpgrade/mpgrade/harness/scaffold"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeKit(t *testing.T) (*assignments.Assignment, string) {
	a, err := assignments.Load("mp_worker")
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "kit")
	_, err = kit.Write(a, dir, kit.Options{MpgradeReplace: testenv.Root(t)})
	require.NoError(t, err)
	return a, dir
}

// readAll reads every file under dir, by slash-separated path.
func readAll(t *testing.T, dir string) map[string]string {
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	}))
	return files
}

// normalized is data's non-blank, non-comment lines with their spacing
// collapsed.
func normalized(data string) []string {
	var out []string
	for _, l := range strings.Split(data, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

func TestKitHoldsWhatStudentsNeed(t *testing.T) {
	a, dir := writeKit(t)
	files := readAll(t, dir)
	for _, name := range []string{"README.md", "README.es.md", a.Program, "go.mod", "grade_test.go", ".github/workflows/grade.yml"} {
		assert.Contains(t, files, name)
	}
	for _, c := range a.Checks {
		if !c.Hidden {
			assert.Contains(t, files, "checks/"+c.Name+".txtar", "every public check is in the kit")
		}
	}
	starter, err := fs.ReadFile(a.Files, "starter/"+a.Program)
	require.NoError(t, err)
	assert.Equal(t, string(starter), files[a.Program], "the student starts from the starter")
	assert.Contains(t, files["go.mod"], "replace github.com/mpgrade/mpgrade => "+testenv.Root(t))
	assert.Contains(t, files[".github/workflows/grade.yml"], "GITHUB_STEP_SUMMARY")
}

// The kit holds no hidden check and no model answer, byte for byte or
// reformatted: every file written is scanned.
func TestKitGivesNothingAway(t *testing.T) {
	a, dir := writeKit(t)
	var hidden []assignments.Check
	for _, c := range a.Checks {
		if c.Hidden {
			hidden = append(hidden, c)
		}
	}
	require.NotEmpty(t, hidden, "mp_worker needs a hidden check for this test to mean something")

	answer, err := fs.ReadFile(a.Files, "solution/"+a.Program)
	require.NoError(t, err, "the model answer is in private/ of this checkout")
	starter, _ := fs.ReadFile(a.Files, "starter/"+a.Program)
	starterLines := map[string]bool{}
	for _, l := range normalized(string(starter)) {
		starterLines[l] = true
	}

	for name, data := range readAll(t, dir) {
		for _, c := range hidden {
			assert.NotContains(t, data, c.Name, "%s names the hidden check %s", name, c.Name)
			script, err := a.Script(c.Name)
			require.NoError(t, err)
			assert.NotContains(t, data, strings.TrimSpace(string(script)), "%s holds the hidden check %s", name, c.Name)
		}
		assert.NotEqual(t, strings.TrimSpace(string(answer)), strings.TrimSpace(data), "%s is the model answer", name)
		lines := map[string]bool{}
		for _, l := range normalized(data) {
			lines[l] = true
		}
		own, shared := 0, 0
		for _, l := range normalized(string(answer)) {
			if !starterLines[l] {
				own++
				if lines[l] {
					shared++
				}
			}
		}
		assert.Less(t, shared, own/4, "%s holds %d of the model answer's %d lines that the starter lacks", name, shared, own)
	}
	assert.NoError(t, kit.Audit(dir, a))
}

// Audit catches what Write must never hand out.
func TestAuditFindsLeaks(t *testing.T) {
	a, dir := writeKit(t)
	data, err := fs.ReadFile(a.Files, "solution/"+a.Program)
	require.NoError(t, err)

	// Reindented, comments and blank lines dropped: still the answer.
	var reformatted []string
	for _, l := range strings.Split(string(data), "\n") {
		if s := strings.TrimSpace(l); s != "" && !strings.HasPrefix(s, "#") {
			reformatted = append(reformatted, strings.ReplaceAll(l, "    ", "\t"))
		}
	}
	cases := map[string]string{
		"solution/mp_worker.py": string(data),
		"notes.py":              strings.Join(reformatted, "\n"),
		"checks/odd_split.txtar": func() string {
			s, _ := a.Script("odd_split")
			return string(s)
		}(),
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(dir, filepath.FromSlash(name))
			require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
			require.NoError(t, os.WriteFile(file, []byte(content), 0o644))
			defer os.Remove(file)
			err := kit.Audit(dir, a)
			require.Error(t, err)
			assert.Contains(t, err.Error(), name)
		})
	}
}

// quickChecks are the checks a kit's go test runs in these tests, with a
// small fixed N.
var quickChecks = []string{"MPGRADE_ONLY=runs,results", "MPGRADE_N=20000", "MPGRADE_LANG=en"}

// A kit passes go test with the model answer as the student's program.
// Only the quick checks run, with a small fixed N: the point is that the
// kit's module, test file and grader work together.
func TestKitGradesTheModelAnswer(t *testing.T) {
	testenv.Linux(t)
	testenv.Python(t)
	a, dir := writeKit(t)
	_, err := a.WriteSolution(dir)
	require.NoError(t, err)

	out, err := testenv.GoTestKit(t, dir, "", quickChecks...)
	require.NoError(t, err, "go test in the kit failed:\n%s", out)
	assert.Contains(t, out, "mpgrade score: 3 of 3 points")
	assert.Contains(t, out, "--- PASS: TestSubmission/runs")
	assert.Contains(t, out, "--- PASS: TestSubmission/results")
}

// A kit made from a folder outside the repository, the scaffold of mpgrade
// new, grades its own folder under go test, with no rebuild.
func TestKitOfAFolder(t *testing.T) {
	testenv.Linux(t)
	testenv.Python(t)
	folder := filepath.Join(t.TempDir(), "collatz")
	_, err := scaffold.Write("collatz", folder)
	require.NoError(t, err)
	a, err := assignments.Load(folder)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "kit")
	_, err = kit.Write(a, dir, kit.Options{MpgradeReplace: testenv.Root(t)})
	require.NoError(t, err)
	files := readAll(t, dir)
	assert.Contains(t, files, "calibration/collatz.py")
	assert.NotContains(t, files, "checks/odd_workers.txtar")
	assert.NotContains(t, files["assignment.json"], "odd_workers")
	_, err = a.WriteSolution(dir)
	require.NoError(t, err)

	out, err := testenv.GoTestKit(t, dir, "", "MPGRADE_ONLY=runs,results", "MPGRADE_N=3000", "MPGRADE_LANG=en")
	require.NoError(t, err, "go test in the kit failed:\n%s", out)
	assert.Contains(t, out, "mpgrade score: 3 of 3 points")
	assert.Contains(t, out, "--- PASS: TestSubmission/results")
}
