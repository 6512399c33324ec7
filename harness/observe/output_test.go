package observe

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOutputSinkKeepsACapOfEachStream(t *testing.T) {
	var out bytes.Buffer
	over := 0
	s := newOutputSink(&out, &out, Limits{Output: 10, OutputTotal: 25}, func() { over++ })
	s.stdout.Write([]byte("0123456789abc"))
	s.stderr.Write([]byte("ERR"))
	s.stdout.Write([]byte("more"))
	assert.Equal(t, "0123456789ERR", out.String(), "10 bytes of stdout, all 3 of stderr")
	assert.Equal(t, OutputStats{StdoutBytes: 17, StderrBytes: 3, Truncated: true}, s.stats())
	assert.Equal(t, 0, over, "20 bytes are under the total of 25")
	s.stderr.Write([]byte("123456"))
	s.stderr.Write([]byte("x"))
	assert.Equal(t, 1, over, "called once, when the total is passed")
}

func TestOutputSinkWithoutCapPassesEverything(t *testing.T) {
	var out, errOut bytes.Buffer
	s := newOutputSink(&out, &errOut, Limits{}, nil)
	s.stdout.Write([]byte(strings.Repeat("x", 1<<16)))
	assert.Equal(t, 1<<16, out.Len())
	assert.False(t, s.stats().Truncated)
}

func TestOutputSinkKeepsTheEndOfStderr(t *testing.T) {
	s := newOutputSink(nil, nil, Limits{Output: 1}, nil)
	s.stderr.Write([]byte(strings.Repeat("a", 3*stderrTailBytes)))
	s.stderr.Write([]byte("Traceback...\nMemoryError\n"))
	tail := s.stderrTail()
	assert.Len(t, tail, stderrTailBytes)
	assert.True(t, strings.HasSuffix(tail, "MemoryError\n"))
	s.stderr.Write([]byte(strings.Repeat("b", 2*stderrTailBytes)))
	assert.Equal(t, strings.Repeat("b", stderrTailBytes), s.stderrTail())
}
