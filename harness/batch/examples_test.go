//go:build linux

package batch

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgrade/mpgrade/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exampleFlags keep the examples' gradings short in a test: two cheap
// checks and a small fixed workload.
const exampleFlags = "--only runs --n 20000"

// The examples' shard and merge commands, run here on a small class, merge
// into the gradebook of a single run.
func TestExamplesShardAndMerge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds mpgrade and grades a class several times: not in -short")
	}
	observable(t)
	examples := filepath.Join(testenv.Root(t), "examples")
	work := t.TempDir()
	bin := filepath.Join(work, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "mpgrade"), "./cmd/mpgrade")
	build.Dir = testenv.Root(t)
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building mpgrade: %s", out)
	class := copyFixtures(t, "syntax_error", "missing_file")
	env := append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "LANG=C.UTF-8")
	sh := func(dir, script string, extra ...string) {
		t.Helper()
		cmd := exec.Command("bash", "-c", script)
		cmd.Dir, cmd.Env = dir, append(env, extra...)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s\n%s", script, out)
	}
	single := filepath.Join(work, "single")
	sh(work, "mpgrade grade "+exampleFlags+" "+class+" -o "+single)
	want, err := os.ReadFile(filepath.Join(single, GradebookFile))
	require.NoError(t, err)
	same := func(t *testing.T, merged string) {
		got, err := os.ReadFile(filepath.Join(merged, GradebookFile))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	}

	t.Run("slurm", func(t *testing.T) {
		dir := filepath.Join(examples, "slurm")
		for _, f := range []string{"submit.sh", "grade-shard.sbatch", "merge.sbatch"} {
			sh(dir, "bash -n "+f)
		}
		out := filepath.Join(work, "slurm")
		vars := []string{"CLASS_DIR=" + class, "OUT_DIR=" + out, "SHARDS=3", "MPGRADE_FLAGS=" + exampleFlags}
		for _, task := range []string{"0", "1", "2"} {
			sh(dir, "bash grade-shard.sbatch", append(vars, "SLURM_ARRAY_TASK_ID="+task)...)
		}
		sh(dir, "bash merge.sbatch", vars...)
		same(t, filepath.Join(out, "class"))
	})

	yamlCommands := func(t *testing.T, file, program string) map[string]any {
		t.Helper()
		cmd := exec.Command("python3", "-c", program, file)
		out, err := cmd.Output()
		if err != nil && strings.Contains(string(err.(*exec.ExitError).Stderr), "No module named 'yaml'") {
			t.Skip("parsing the example needs PyYAML (python3 -m pip install pyyaml)")
		}
		require.NoError(t, err, "%s", out)
		var v map[string]any
		require.NoError(t, json.Unmarshal(out, &v))
		return v
	}

	t.Run("github-actions", func(t *testing.T) {
		v := yamlCommands(t, filepath.Join(examples, "github-actions", "grade-class.yml"), `
import json, sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
jobs = w["jobs"]
runs = lambda job: [s["run"] for s in jobs[job]["steps"] if "mpgrade grade" in s.get("run", "") or "mpgrade merge" in s.get("run", "")]
print(json.dumps({"shards": jobs["shard"]["strategy"]["matrix"]["shard"], "env": w["env"],
                  "needs": jobs["merge"]["needs"], "grade": runs("shard")[0], "merge": runs("merge")[0]}))`)
		assert.Equal(t, "shard", v["needs"])
		shards := v["shards"].([]any)
		assert.Equal(t, v["env"].(map[string]any)["SHARDS"], jsonInt(len(shards)), "the matrix has SHARDS entries")
		dir := filepath.Join(work, "gha")
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.Symlink(class, filepath.Join(dir, "submissions")))
		for _, s := range shards {
			run := strings.NewReplacer("${{ matrix.shard }}", jsonInt(int(s.(float64))), "${{ inputs.assignment || 'mp_worker' }}", "mp_worker",
				"mpgrade grade", "mpgrade grade "+exampleFlags).Replace(v["grade"].(string))
			sh(dir, run, "SHARDS="+v["env"].(map[string]any)["SHARDS"].(string))
		}
		sh(dir, v["merge"].(string), "GITHUB_STEP_SUMMARY="+filepath.Join(dir, "summary.md"))
		same(t, filepath.Join(dir, "class"))
	})

	t.Run("kubernetes", func(t *testing.T) {
		v := yamlCommands(t, filepath.Join(examples, "kubernetes", "grade-class.yaml"), `
import json, sys, yaml
job, merge = list(yaml.safe_load_all(open(sys.argv[1])))
spec = job["spec"]
print(json.dumps({"mode": spec["completionMode"], "completions": spec["completions"],
                  "grade": spec["template"]["spec"]["containers"][0]["args"][0],
                  "merge": merge["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["args"][0]}))`)
		assert.Equal(t, "Indexed", v["mode"])
		data := filepath.Join(work, "k8s")
		require.NoError(t, os.MkdirAll(data, 0o755))
		require.NoError(t, os.Symlink(class, filepath.Join(data, "submissions")))
		paths := strings.NewReplacer("/data/", data+"/", "mpgrade grade", "mpgrade grade "+exampleFlags)
		for i := 0; i < int(v["completions"].(float64)); i++ {
			sh(data, paths.Replace(v["grade"].(string)), "JOB_COMPLETION_INDEX="+jsonInt(i))
		}
		sh(data, paths.Replace(v["merge"].(string)))
		same(t, filepath.Join(data, "out", "class"))
	})
}

func jsonInt(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
