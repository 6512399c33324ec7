package diagnose

import (
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
)

// Explain returns what went wrong in one run, most important first, or
// nothing when the program started, ended with status 0, within its limits,
// leaving nothing behind and writing valid UTF-8. obs is Observe's result
// (nil when the program could not be started), stdout and stderr what was
// kept of its output, and startErr the error Observe or ResolvePython
// returned.
func Explain(obs *observe.Observation, stdout, stderr []byte, startErr error) []msg.Message {
	var out []msg.Message
	add := func(m msg.Message) { out = append(out, m) }
	if startErr != nil {
		m, beforeStart := explainStart(startErr)
		add(m)
		if beforeStart || obs == nil {
			return out
		}
	}
	if obs == nil {
		return nil
	}
	if file, ok := scriptMissing(stderr); ok {
		add(msg.New(msgScriptMissing, file))
		return out
	}
	limited := obs.Limit != ""
	if m, ok := explainLimit(obs); ok {
		add(m)
	}
	tb, hasTraceback := lastTraceback(stderr)
	switch {
	case hasTraceback && !limited:
		add(tb.message())
	case obs.Signal != "" && !limited:
		add(msg.New(msgSignal, obs.Signal))
	case obs.ExitCode > 0 && !limited:
		add(msg.New(msgExitCode, obs.ExitCode))
	}
	if n := len(obs.Leftovers); n > 0 {
		add(msg.New(msgLeftovers, n))
	}
	if obs.Output.Truncated && obs.Limit != observe.LimitOutput {
		add(msg.New(msgOutputCut, obs.Output.StdoutBytes+obs.Output.StderrBytes, obs.Limits.Output))
	}
	if off, bad := invalidUTF8(stdout, obs.Output.Truncated); bad {
		add(msg.New(msgNonUTF8Stdout, off))
	}
	if off, bad := invalidUTF8(stderr, obs.Output.Truncated); bad {
		add(msg.New(msgNonUTF8Stderr, off))
	}
	return out
}

// explainStart explains an error from starting or watching a program, and
// says whether it came before the program started (then nothing else can
// be said).
func explainStart(err error) (msg.Message, bool) {
	var noPython *observe.PythonNotFoundError
	var start *observe.StartError
	switch {
	case errors.As(err, &noPython):
		return msg.New(msgNoPython, strings.Join(noPython.Tried, "; ")), true
	case errors.As(err, &start):
		name := ""
		if len(start.Command) > 0 {
			name = start.Command[0]
		}
		python := strings.HasPrefix(filepath.Base(name), "python")
		switch {
		case python && (strings.Contains(start.Reason, "no such program") || strings.Contains(start.Reason, "for user")):
			return msg.New(msgNoPython, start.Reason), true
		case strings.Contains(start.Reason, "no such program"):
			return msg.New(msgProgramNotFound, name), true
		case strings.Contains(start.Reason, "permission denied"):
			return msg.New(msgNotRunnable, name, name), true
		}
		return msg.New(msgStartFailed, start.Reason), true
	}
	return msg.New(msgObserveFailed, strings.TrimPrefix(err.Error(), "observe: ")), false
}

// explainLimit explains the limit that stopped the program, if one did.
func explainLimit(obs *observe.Observation) (msg.Message, bool) {
	lim := obs.Limits
	switch obs.Limit {
	case observe.LimitWall:
		return msg.New(msgTimeout, lim.Wall.Seconds()), true
	case observe.LimitCPU:
		return msg.New(msgCPULimit, lim.CPU.Seconds()), true
	case observe.LimitMemory:
		return msg.New(msgMemoryLimit, lim.Memory>>20), true
	case observe.LimitProcesses:
		return msg.New(msgProcessLimit, lim.Processes), true
	case observe.LimitOutput:
		return msg.New(msgOutputLimit, lim.OutputTotal>>20), true
	case observe.LimitFileSize:
		return msg.New(msgFileSizeLimit, lim.FileSize>>20), true
	case observe.LimitInterrupted:
		return msg.New(msgInterrupted), true
	}
	return msg.Message{}, false
}

var cantOpen = regexp.MustCompile(`can't open file '([^']*)': \[Errno 2\]`)

// scriptMissing recognises Python's complaint that the script to run does
// not exist.
func scriptMissing(stderr []byte) (string, bool) {
	m := cantOpen.FindSubmatch(stderr)
	if m == nil {
		return "", false
	}
	return filepath.Base(string(m[1])), true
}

// maxUTF8Tail is the most bytes a UTF-8 sequence cut by the output cap
// can leave at the end of a stream.
const maxUTF8Tail = utf8.UTFMax - 1

// invalidUTF8 returns the offset of the first byte of b that is not
// UTF-8. When the stream was cut, an incomplete sequence at its very end
// is the cut's doing, not the program's.
func invalidUTF8(b []byte, truncated bool) (int, bool) {
	if utf8.Valid(b) {
		return 0, false
	}
	for off := 0; off < len(b); {
		r, size := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && size <= 1 {
			if truncated && len(b)-off <= maxUTF8Tail && !utf8.FullRune(b[off:]) {
				return 0, false
			}
			return off, true
		}
		off += size
	}
	return 0, false
}
