package cli

import "golang.org/x/sys/unix"

func signalNumber(name string) int {
	if s := unix.SignalNum(name); s != 0 {
		return int(s)
	}
	return 9
}
