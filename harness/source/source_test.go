package source_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/mpgrade/mpgrade/harness/source"
	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// assignmentNeeds is what each assignment's statement asks the program to
// use (see assignments/*/CHECKS.md).
var assignmentNeeds = map[string][]source.Need{
	"mp_worker":    {source.NeedProcesses},
	"process_tree": {source.NeedProcess, source.NeedJoin, source.NeedIsAlive},
	"pipe":         {source.NeedProcess, source.NeedPipe},
	"queue":        {source.NeedProcess, source.NeedQueue},
	"lock":         {source.NeedProcess, source.NeedValue, source.NeedLock},
	"gil":          {source.NeedProcess, source.NeedThread},
}

// programs returns every Python program of the assignments, keyed by its
// path from the repository root: model answers, starters and fixtures.
func programs(t *testing.T) map[string]string {
	t.Helper()
	root := testenv.Root(t)
	out := map[string]string{}
	for _, pattern := range []string{"private/*/solution/*.py", "assignments/*/starter/*.py", "private/*/tests/*/*.py"} {
		files, err := filepath.Glob(filepath.Join(root, pattern))
		require.NoError(t, err)
		for _, f := range files {
			rel, err := filepath.Rel(root, f)
			require.NoError(t, err)
			out[filepath.ToSlash(rel)] = f
		}
	}
	require.NotEmpty(t, out)
	return out
}

// checked holds the reports of every program, read once for all tests.
var checked struct {
	once    sync.Once
	reports map[string]source.Report
	err     error
}

// checkAll reads every program with one run of Python.
func checkAll(t *testing.T) map[string]source.Report {
	t.Helper()
	py := testenv.Python(t)
	files := programs(t)
	checked.once.Do(func() {
		var rels, paths []string
		for rel, path := range files {
			rels = append(rels, rel)
			paths = append(paths, path)
		}
		reports, err := source.CheckFiles(context.Background(), py, paths...)
		if err != nil {
			checked.err = err
			return
		}
		checked.reports = map[string]source.Report{}
		for i, r := range reports {
			if r.File != paths[i] {
				checked.err = fmt.Errorf("report %d is of %s, expected %s: reports must come back in the order of the files", i, r.File, paths[i])
				return
			}
			checked.reports[rels[i]] = r
		}
	})
	require.NoError(t, checked.err)
	return checked.reports
}

// assignmentOf names the assignment a program belongs to.
func assignmentOf(rel string) string {
	// assignments/NAME/starter/, private/NAME/solution/, private/NAME/tests/FIXTURE/
	return strings.Split(rel, "/")[1]
}

func codes(fs []source.Finding) []string {
	seen := map[string]bool{}
	for _, f := range fs {
		seen[string(f.Code)] = true
	}
	out := []string{}
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// The facts each fixture was written to show, as its docstring says.
var fixtureFacts = map[string]func(t *testing.T, r source.Report){
	"private/mp_worker/tests/start_join_loop/mp_worker.py": func(t *testing.T, r source.Report) {
		assert.True(t, r.JoinInStartLoop())
		assert.Equal(t, []source.StartJoinLoop{{Loop: 53, Start: 55, Join: 56, Receiver: "p"}}, r.StartJoinLoops)
	},
	"private/mp_worker/tests/no_main_guard/mp_worker.py": func(t *testing.T, r source.Report) {
		assert.False(t, r.MainGuard())
		require.Len(t, r.ModuleLevel, 2)
		assert.Equal(t, source.ModuleCall{Line: 112, Kind: source.ModuleProcessStart, Name: "main", Text: "main()"}, r.ModuleLevel[1])
	},
	"private/mp_worker/tests/syntax_error/mp_worker.py": func(t *testing.T, r source.Report) {
		require.False(t, r.Parsed())
		assert.Equal(t, 42, r.SyntaxError.Line)
		assert.Equal(t, "def worker(chunks, results)", r.SyntaxError.Text)
	},
	"private/mp_worker/tests/threads/mp_worker.py": func(t *testing.T, r source.Report) {
		assert.Empty(t, r.Uses.Process)
		assert.NotEmpty(t, r.Uses.Thread)
	},
	"private/mp_worker/tests/correct_pool/mp_worker.py": func(t *testing.T, r source.Report) {
		assert.NotEmpty(t, r.Uses.Pool)
		assert.True(t, r.UsesProcesses())
		assert.Empty(t, r.Starts, "a pool starts its own workers")
	},
	"private/mp_worker/tests/correct_pipe/mp_worker.py": func(t *testing.T, r source.Report) {
		assert.NotEmpty(t, r.Uses.Pipe)
		for _, e := range r.PipeEnds {
			assert.True(t, e.Closed, "%s is closed", e.Name)
		}
	},
	"private/process_tree/tests/correct_subclass/mp_process_tree.py": func(t *testing.T, r source.Report) {
		assert.NotEmpty(t, r.Uses.Process, "a subclass of multiprocessing.Process counts")
		assert.False(t, r.JoinInStartLoop())
	},
	"private/process_tree/tests/no_join/mp_process_tree.py": func(t *testing.T, r source.Report) {
		assert.NotEmpty(t, r.Starts)
		assert.Empty(t, r.Joins)
		assert.False(t, r.JoinsWhatItStarts())
	},
	"private/process_tree/tests/orphans/mp_process_tree.py": func(t *testing.T, r source.Report) {
		assert.False(t, r.JoinsWhatItStarts())
		assert.NotEmpty(t, r.Uses.OSExit)
	},
	"private/process_tree/tests/threads_not_processes/mp_process_tree.py": func(t *testing.T, r source.Report) {
		assert.Empty(t, r.Uses.Process)
		assert.NotEmpty(t, r.Uses.Thread)
	},
	"private/process_tree/tests/nested_target/mp_process_tree.py": func(t *testing.T, r source.Report) {
		assert.Equal(t, []source.Target{{Line: 39, Kind: source.TargetNested, Name: "introduce"}}, r.UnpicklableTargets)
	},
	"private/process_tree/tests/no_main_guard/mp_process_tree.py": func(t *testing.T, r source.Report) {
		assert.False(t, r.MainGuard())
	},
	"private/pipe/tests/same_process/mp_pipe.py": func(t *testing.T, r source.Report) {
		assert.NotEmpty(t, r.Uses.Pipe)
		assert.Empty(t, r.Uses.Process)
	},
	"private/pipe/tests/correct_two_pipes/mp_pipe.py": func(t *testing.T, r source.Report) {
		require.Len(t, r.PipeEnds, 4)
		for _, e := range r.PipeEnds {
			assert.True(t, e.Closed, "%s is closed", e.Name)
		}
	},
	"private/queue/tests/single_consumer/mp_queue.py": func(t *testing.T, r source.Report) {
		assert.True(t, r.JoinInStartLoop())
	},
	"private/lock/tests/sequential/mp_lock.py": func(t *testing.T, r source.Report) {
		assert.True(t, r.JoinInStartLoop())
	},
	"private/lock/tests/lock_missing/mp_lock.py": func(t *testing.T, r source.Report) {
		assert.Equal(t, []source.SharedObject{{Line: 34, Function: "worker", Name: "multiprocessing.Lock"}}, r.SharedInTarget)
	},
	"private/lock/tests/correct/mp_lock.py": func(t *testing.T, r source.Report) {
		assert.NotEmpty(t, r.Uses.Lock, "counter.get_lock() is a lock")
		assert.Empty(t, r.SharedInTarget)
	},
	"private/lock/tests/module_globals/mp_lock.py": func(t *testing.T, r source.Report) {
		assert.Equal(t, []source.ModuleCall{
			{Line: 32, Kind: source.ModuleSharedObject, Name: "multiprocessing.Value", Text: `multiprocessing.Value("i", 0)`},
			{Line: 33, Kind: source.ModuleSharedObject, Name: "multiprocessing.Lock", Text: "multiprocessing.Lock()"},
		}, r.ModuleLevel)
	},
	"private/gil/tests/processes_same_as_threads/mp_gil.py": func(t *testing.T, r source.Report) {
		assert.Empty(t, r.Uses.Process)
		assert.NotEmpty(t, r.Uses.Dummy)
	},
	"private/gil/tests/threads_are_processes/mp_gil.py": func(t *testing.T, r source.Report) {
		assert.Empty(t, r.Uses.Thread)
		assert.NotEmpty(t, r.Uses.Process)
	},
}

// The findings every fixture must get for its assignment's needs; a
// fixture not listed must get none.
var fixtureFindings = map[string][]string{
	"private/mp_worker/tests/fake_times/mp_worker.py":                     {"missing_processes"},
	"private/mp_worker/tests/threads/mp_worker.py":                        {"missing_processes"},
	"private/mp_worker/tests/no_main_guard/mp_worker.py":                  {"module_call", "module_process_start", "no_main_guard"},
	"private/mp_worker/tests/start_join_loop/mp_worker.py":                {"start_join_loop"},
	"private/mp_worker/tests/subprocess_copies/mp_worker.py":              {"missing_processes"},
	"private/mp_worker/tests/syntax_error/mp_worker.py":                   {"syntax_error"},
	"private/process_tree/tests/nested_target/mp_process_tree.py":         {"unpicklable_target"},
	"private/process_tree/tests/no_join/mp_process_tree.py":               {"missing_join"},
	"private/process_tree/tests/no_main_guard/mp_process_tree.py":         {"module_call", "module_process_start", "no_main_guard"},
	"private/process_tree/tests/orphans/mp_process_tree.py":               {"missing_join"},
	"private/process_tree/tests/threads_not_processes/mp_process_tree.py": {"missing_process"},
	"private/pipe/tests/same_process/mp_pipe.py":                          {"missing_process"},
	"private/queue/tests/single_consumer/mp_queue.py":                     {"start_join_loop"},
	"private/lock/tests/lock_missing/mp_lock.py":                          {"shared_in_target"},
	"private/lock/tests/module_globals/mp_lock.py":                        {"module_shared_object"},
	"private/lock/tests/sequential/mp_lock.py":                            {"start_join_loop"},
	"private/gil/tests/processes_same_as_threads/mp_gil.py":               {"dummy_threads", "missing_process"},
	"private/gil/tests/threads_are_processes/mp_gil.py":                   {"missing_thread"},
	"private/gil/tests/threads_only/mp_gil.py":                            {"missing_process"},
}

func TestFixtureFacts(t *testing.T) {
	reports := checkAll(t)
	for rel, check := range fixtureFacts {
		t.Run(rel, func(t *testing.T) {
			r, ok := reports[rel]
			require.True(t, ok, "%s is not among the programs", rel)
			check(t, r)
		})
	}
}

func TestFixtureFindings(t *testing.T) {
	reports := checkAll(t)
	for rel, r := range reports {
		if !strings.HasPrefix(rel, "testdata/") {
			continue
		}
		t.Run(rel, func(t *testing.T) {
			needs, ok := assignmentNeeds[assignmentOf(rel)]
			require.True(t, ok, "no needs for the assignment of %s", rel)
			want := fixtureFindings[rel]
			if want == nil {
				want = []string{}
			}
			assert.Equal(t, want, codes(r.Findings(needs...)))
		})
	}
}

// Every model answer is clean, and every starter is still missing the
// processes the assignment is about.
func TestReferencesAndStarters(t *testing.T) {
	reports := checkAll(t)
	n := 0
	for rel, r := range reports {
		needs := assignmentNeeds[assignmentOf(rel)]
		switch {
		case strings.Contains(rel, "/solution/"):
			assert.Empty(t, r.Findings(needs...), rel)
			assert.True(t, r.MainGuard(), rel)
			n++
		case strings.HasPrefix(rel, "assignments/"):
			assert.Contains(t, codes(r.Findings(needs...)), string(source.MissingCode(needs[0])), rel)
			assert.True(t, r.MainGuard(), rel)
			n++
		}
	}
	assert.Equal(t, 2*len(assignmentNeeds), n, "a model answer and a starter per assignment")
}

// The shapes of code in testdata/, each as its comments say.
func TestEdgeCases(t *testing.T) {
	py := testenv.Python(t)
	dir := filepath.Join("testdata")
	read := func(name string) source.Report {
		r, err := source.Check(context.Background(), py, filepath.Join(dir, name))
		require.NoError(t, err)
		return r
	}

	r := read("unpicklable.py")
	assert.Equal(t, []source.Target{
		{Line: 16, Kind: source.TargetLambda, Name: "lambda"},
		{Line: 17, Kind: source.TargetNested, Name: "helper"},
		{Line: 19, Kind: source.TargetLambda, Name: "lambda"},
		{Line: 20, Kind: source.TargetNested, Name: "helper"},
	}, r.UnpicklableTargets)

	r = read("names.py")
	assert.Equal(t, []int{19, 31}, r.Uses.Process)
	assert.Equal(t, []int{20}, r.Uses.Queue)
	assert.Equal(t, []int{21}, r.Uses.Lock)
	assert.Equal(t, []int{30, 32}, r.Joins, "str.join and os.path.join are not joins")
	assert.Equal(t, []source.StartJoinLoop{{Loop: 32, Start: 32, Join: 32, Receiver: "p"}}, r.StartJoinLoops,
		"a batch loop is not a start-join loop; a comprehension that does both is")

	r = read("module_level.py")
	assert.False(t, r.MainGuard())
	var got []string
	for _, c := range r.ModuleLevel {
		got = append(got, c.Text+" "+string(c.Kind))
	}
	assert.Equal(t, []string{
		`print("starting") call`,
		"multiprocessing.Queue() shared_object",
		"multiprocessing.Process(target=work, args=(i,)) process_start",
		"spawn_more() process_start",
	}, got)

	r = read("return_outside.py")
	require.False(t, r.Parsed(), "errors found only when compiling count too")
	assert.Equal(t, 5, r.SyntaxError.Line)
}

func TestNullBytesAreASyntaxError(t *testing.T) {
	py := testenv.Python(t)
	file := filepath.Join(t.TempDir(), "nul.py")
	require.NoError(t, os.WriteFile(file, []byte("import os\nx = 1\ny = '\x00'\n"), 0o644))
	r, err := source.Check(context.Background(), py, file)
	require.NoError(t, err)
	require.False(t, r.Parsed())
	assert.Equal(t, 3, r.SyntaxError.Line)
}

func TestCheckFailsWithoutFileOrPython(t *testing.T) {
	py := testenv.Python(t)
	_, err := source.Check(context.Background(), py, filepath.Join(t.TempDir(), "absent.py"))
	assert.ErrorContains(t, err, "absent.py")

	_, err = source.Check(context.Background(), filepath.Join(t.TempDir(), "no-python"), filepath.Join("testdata", "names.py"))
	assert.ErrorContains(t, err, "Python 3.8 or later")
}

// A student's own ast.py beside the program must not replace the
// standard library's.
func TestStudentModulesDoNotShadowTheChecker(t *testing.T) {
	py := testenv.Python(t)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ast.py"), []byte("raise SystemExit('shadowed')\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "json.py"), []byte("raise SystemExit('shadowed')\n"), 0o644))
	prog := filepath.Join(dir, "prog.py")
	require.NoError(t, os.WriteFile(prog, []byte("import multiprocessing\n"), 0o644))
	t.Chdir(dir)
	r, err := source.Check(context.Background(), py, "prog.py")
	require.NoError(t, err)
	assert.True(t, r.Parsed())
}

// check.py must run on every Python the course supports: its grammar is
// held to Python 3.8's.
func TestScriptIsPython38(t *testing.T) {
	py := testenv.Python(t)
	out, err := exec.Command(py, "-c",
		"import ast, sys; ast.parse(open(sys.argv[1]).read(), feature_version=(3, 8)); print('ok')",
		"check.py").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, "ok\n", string(out))
}
