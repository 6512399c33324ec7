package observe

import (
	"io"
	"sync"
)

// stderrTailBytes is how much of the end of stderr the observer keeps, even
// past Limits.Output, to recognise how a program that hit a limit set by
// setrlimit died ("MemoryError" is the last line of its traceback).
const stderrTailBytes = 4096

// An outputSink passes a program's stdout and stderr on to their writers,
// Limits.Output bytes of each at most, counts everything, and calls
// overTotal once when both together pass Limits.OutputTotal. One lock
// serialises both streams, so the same writer may receive both.
type outputSink struct {
	mu        sync.Mutex
	keep      int64 // bytes passed on per stream; 0: all
	total     int64 // bytes in all before overTotal; 0: no limit
	overTotal func()
	fired     bool
	truncated bool
	stdout    outputStream
	stderr    outputStream
	tail      []byte // the last stderrTailBytes of stderr
}

// An outputStream is one of a sink's two streams.
type outputStream struct {
	sink  *outputSink
	w     io.Writer
	n     int64
	isErr bool
}

func newOutputSink(stdout, stderr io.Writer, lim Limits, overTotal func()) *outputSink {
	s := &outputSink{keep: lim.Output, total: lim.OutputTotal, overTotal: overTotal}
	s.stdout = outputStream{sink: s, w: stdout}
	s.stderr = outputStream{sink: s, w: stderr, isErr: true}
	return s
}

// Write keeps what fits under the cap and always reports all of p
// written, so the program is never blocked on a full pipe.
func (o *outputStream) Write(p []byte) (int, error) {
	s := o.sink
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := p
	if s.keep > 0 {
		room := max(0, s.keep-o.n)
		if int64(len(kept)) > room {
			kept = kept[:room]
			s.truncated = true
		}
	}
	o.n += int64(len(p))
	if o.w != nil && len(kept) > 0 {
		if _, err := o.w.Write(kept); err != nil {
			o.w = nil // the reader went away; keep draining
		}
	}
	if o.isErr {
		s.keepTail(p)
	}
	if s.total > 0 && !s.fired && s.stdout.n+s.stderr.n > s.total {
		s.fired = true
		if s.overTotal != nil {
			s.overTotal()
		}
	}
	return len(p), nil
}

func (s *outputSink) keepTail(p []byte) {
	if len(p) >= stderrTailBytes {
		s.tail = append(s.tail[:0], p[len(p)-stderrTailBytes:]...)
		return
	}
	if drop := len(s.tail) + len(p) - stderrTailBytes; drop > 0 {
		s.tail = append(s.tail[:0], s.tail[drop:]...)
	}
	s.tail = append(s.tail, p...)
}

// stats returns the counts so far.
func (s *outputSink) stats() OutputStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return OutputStats{StdoutBytes: s.stdout.n, StderrBytes: s.stderr.n, Truncated: s.truncated}
}

// stderrTail returns a copy of the end of stderr.
func (s *outputSink) stderrTail() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.tail)
}
