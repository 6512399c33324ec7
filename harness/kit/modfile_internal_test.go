package kit

import (
	"strings"
	"testing"

	"github.com/mpgrade/mpgrade"
	"github.com/stretchr/testify/assert"
)

// goModHash gives what go.sum says: testify v1.12.1's go.mod, whose line
// in go.sum is h1:MDEgiDPPsNp5cuIrHPPCyornHKgEVbtFUmoNlxoYthg=.
func TestGoModHash(t *testing.T) {
	testifyGoMod := "module github.com/stretchr/testify\n\n" +
		"// This should match the minimum supported version that is tested in\n" +
		"// .github/workflows/main.yml\n" +
		"go 1.17\n\n" +
		"require (\n" +
		"\tgithub.com/stretchr/objx v0.5.3\n" +
		"\tgo.yaml.in/yaml/v3 v3.0.5\n" +
		")\n"
	assert.Equal(t, "h1:MDEgiDPPsNp5cuIrHPPCyornHKgEVbtFUmoNlxoYthg=", goModHash([]byte(testifyGoMod)))
}

// A kit's go.mod lists every module mpgrade requires, at mpgrade's
// versions, and its go directive is mpgrade's.
func TestKitRequiresWhatMpgradeRequires(t *testing.T) {
	goVersion, reqs := modRequirements(mpgrade.GoMod)
	assert.Equal(t, GoVersion, goVersion)
	assert.NotEmpty(t, reqs)
	opts := Options{MpgradeReplace: "/src/mpgrade"}
	version, _ := mpgradeVersion(opts)
	kitMod := string(goMod("mp_worker", version, opts))
	for _, r := range reqs {
		assert.Contains(t, kitMod, "\t"+r.Path+" "+r.Version+" // indirect\n")
		assert.Contains(t, string(mpgrade.GoSum), r.Path+" "+r.Version+"/go.mod h1:", "mpgrade's go.sum has %s", r.Path)
	}
	assert.True(t, strings.HasPrefix(kitMod, "module mp_worker\n\ngo "+goVersion+"\n"), kitMod)
}
