//go:build !linux

package batch

import "io"

// IsTerminal reports whether w is a terminal; here it says no, and
// progress is shown as plain lines.
func IsTerminal(w io.Writer) bool { return false }
