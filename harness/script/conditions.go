package script

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/mpgrade/mpgrade/harness/observe"
)

func init() {
	condition(&Condition{
		Name:    "cpus:N",
		Summary: "at least N CPUs are available to programs here (CPU affinity and cgroup quota, not merely the CPUs the machine has)",
		Eval: func(arg string) (bool, error) {
			n, err := strconv.ParseFloat(arg, 64)
			if err != nil {
				return false, fmt.Errorf("[cpus:N]: %q is not a number", arg)
			}
			return observe.AvailableCPUs().Available >= n, nil
		},
	})
	condition(&Condition{
		Name:    "python:3.X",
		Summary: "the Python that runs submissions is version 3.X or newer",
		Eval: func(arg string) (bool, error) {
			want, err := strconv.Atoi(strings.TrimPrefix(arg, "3."))
			if err != nil {
				return false, fmt.Errorf("[python:3.X]: %q is not a version such as 3.8", arg)
			}
			out, err := exec.Command("python3", "-c", "import sys; print(sys.version_info[1])").Output()
			if err != nil {
				return false, nil
			}
			got, _ := strconv.Atoi(strings.TrimSpace(string(out)))
			return got >= want, nil
		},
	})
	condition(&Condition{
		Name:    "root",
		Summary: "mpgrade runs as root (submissions then run as an unprivileged user)",
		Eval:    func(string) (bool, error) { return os.Geteuid() == 0, nil },
	})
}
