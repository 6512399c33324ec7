package diagnose

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/mpgrade/mpgrade/harness/msg"
)

// A traceback is what the last Python traceback in stderr says: the
// exception line and where it was raised.
type traceback struct {
	// Exception is the last line, e.g. "ZeroDivisionError: division by
	// zero".
	Exception string
	// Kind is the exception's class, e.g. "ZeroDivisionError".
	Kind string
	// File and Line locate the innermost frame in the student's code
	// (outside Python's own library), or the innermost frame.
	File string
	Line int
}

var (
	frameLine     = regexp.MustCompile(`(?m)^\s*File "([^"]+)", line (\d+)`)
	exceptionLine = regexp.MustCompile(`^([A-Za-z_][\w.]*)(: .*)?$`)
)

// lastTraceback finds the last traceback (or syntax error report, which
// has a frame line but no "Traceback" header) in stderr.
func lastTraceback(stderr []byte) (traceback, bool) {
	text := strings.ReplaceAll(string(stderr), "\r\n", "\n")
	frames := frameLine.FindAllStringSubmatchIndex(text, -1)
	if len(frames) == 0 {
		return traceback{}, false
	}
	last := frames[len(frames)-1]
	var tb traceback
	for _, line := range strings.Split(text[last[1]:], "\n") {
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		if m := exceptionLine.FindStringSubmatch(line); m != nil {
			tb.Exception, tb.Kind = strings.TrimSpace(line), m[1]
			break
		}
	}
	if tb.Exception == "" {
		return traceback{}, false
	}
	// The frames of this traceback: back from the last to its header.
	start := strings.LastIndex(text[:last[0]], "Traceback (most recent call last):")
	for i := len(frames) - 1; i >= 0; i-- {
		f := frames[i]
		if start >= 0 && f[0] < start {
			break
		}
		file, line := text[f[2]:f[3]], text[f[4]:f[5]]
		if tb.File == "" || !isLibrary(file) {
			tb.File = file
			tb.Line, _ = strconv.Atoi(line)
			if !isLibrary(file) {
				break
			}
		}
	}
	return tb, true
}

// isLibrary says whether a frame's file is Python's own, not the
// student's.
func isLibrary(file string) bool {
	return strings.Contains(file, "/lib/python") || strings.HasPrefix(file, "<frozen ") ||
		strings.Contains(file, `\Lib\`) || strings.Contains(file, "site-packages")
}

// message explains the traceback.
func (tb traceback) message() msg.Message {
	file := baseName(tb.File)
	switch tb.Kind {
	case "SyntaxError", "IndentationError", "TabError":
		return msg.New(msgSyntaxError, tb.Exception, file, tb.Line)
	case "ModuleNotFoundError", "ImportError":
		return msg.New(msgImportError, tb.Exception, file, tb.Line)
	}
	return msg.New(msgException, tb.Exception, file, tb.Line)
}

// baseName keeps only the file's name: the folder it ran in is the
// grader's temporary one, meaningless to the student.
func baseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}
