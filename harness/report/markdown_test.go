package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeMarkdown(t *testing.T, r *grade.Result, lang msg.Lang) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, WriteMarkdown(&b, r, lang))
	return b.String()
}

// Every check is one table row; feedback that holds a fence of its own is
// put inside a longer one, so it cannot end the block early.
func TestMarkdownFencesFeedback(t *testing.T) {
	md := writeMarkdown(t, sampleMixed(), msg.EN)
	rows := 0
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| `") {
			rows++
			assert.Equal(t, 4, strings.Count(strings.ReplaceAll(line, `\|`, ""), "|"), "a row has three cells: %q", line)
		}
	}
	assert.Equal(t, 7, rows)
	assert.Contains(t, md, "| `output` The total is right \\| for every n | FAIL | 0 / 2 |")
	assert.Contains(t, md, "````text\nExpected the last line")
	assert.Contains(t, md, "| `stress` It copes with 64 workers (hidden) | FAIL | 0 / 2 |")
	assert.NotContains(t, md, "\x1b", "terminal escapes are removed")
}

// A result that passed has no feedback section; the figures are in the
// reader's language.
func TestMarkdownPassing(t *testing.T) {
	md := writeMarkdown(t, samplePassing(), msg.ES)
	assert.Contains(t, md, "**Nota: 10 de 10 puntos**")
	assert.NotContains(t, md, "Qué revisar")
	assert.Contains(t, md, "Aceleración: 3.30x")
}

func TestCodeFence(t *testing.T) {
	assert.Equal(t, "```", codeFence("no backticks"))
	assert.Equal(t, "```", codeFence("`one` and ``two``"))
	assert.Equal(t, "`````", codeFence("a ```` run of four"))
}
