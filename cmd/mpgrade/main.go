// Command mpgrade grades Python multiprocessing programs by watching their
// whole process tree. See the README, or run 'mpgrade help'.
package main

import (
	"os"

	"github.com/mpgrade/mpgrade/harness/cli"
)

func main() { os.Exit(cli.Main()) }
