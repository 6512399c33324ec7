package script_test

import (
	"flag"
	"os"
	"testing"

	"github.com/mpgrade/mpgrade/harness/script"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite REFERENCE.md from the registry")

// REFERENCE.md is generated from the registry; it must not go stale.
func TestReferenceIsCurrent(t *testing.T) {
	want := script.Reference()
	if *update {
		require.NoError(t, os.WriteFile("REFERENCE.md", []byte(want), 0o644))
	}
	got, err := os.ReadFile("REFERENCE.md")
	require.NoError(t, err)
	assert.Equal(t, want, string(got), "REFERENCE.md is stale: run 'go test ./harness/script -update' and commit it")
}

// Every command and condition documents itself.
func TestRegistryDocumentsItself(t *testing.T) {
	require.NotEmpty(t, script.Commands())
	for _, c := range script.Commands() {
		assert.NotEmpty(t, c.Summary, c.Name)
		assert.NotEmpty(t, c.Args, c.Name)
		assert.NotEmpty(t, c.Detail, c.Name)
	}
	for _, c := range script.Conditions() {
		assert.NotEmpty(t, c.Summary, c.Name)
	}
}
