package observe_test

import "os"

// hostileUIDBase starts the range of uids the tests run programs as when
// they are root: a uid no other program uses, so that any process left
// with it is a survivor of the run.
const hostileUIDBase = 61000

// hostileUID returns a uid of that range for this test process; offset 0
// and 1 give two different ones.
func hostileUID(offset int) int { return hostileUIDBase + (os.Getpid()%400)*2 + offset }
