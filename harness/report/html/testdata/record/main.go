// Command record observes a program and writes the observation as JSON,
// one sample per line, for the HTML report's tests.
//
// Run from the repository root, e.g.:
//
//	go run ./harness/report/html/testdata/record -o harness/report/html/testdata/observe_parallel.json \
//	    -dir testdata/observe -- "$(python3 -c 'import sys;print(sys.executable)')" parallel_processes.py
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/observe"
)

func main() {
	out := flag.String("o", "", "write the observation to this file")
	dir := flag.String("dir", "", "run the program in this directory")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: record -o FILE [-dir DIR] -- CMD [ARG...]")
		os.Exit(2)
	}
	unlock := observe.LockMachine()
	obs, err := observe.Local{}.Observe(context.Background(), observe.Spec{
		Args: flag.Args(), Dir: *dir, Stdout: os.Stderr, Stderr: os.Stderr,
	})
	unlock()
	if err != nil {
		fmt.Fprintln(os.Stderr, "record:", err)
		os.Exit(1)
	}
	a := judge.Analyze(obs)
	fmt.Fprintf(os.Stderr, "record: %s %s, %d processes, %d samples, wall %.2f s\n",
		a.Verdict, a.Cause, len(obs.Processes), len(obs.Samples), obs.WallSeconds)
	data, err := encode(obs)
	if err == nil {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "record:", err)
		os.Exit(1)
	}
}

// encode writes the observation indented, but each sample on one line, so
// that a recording stays small and still reads in a diff.
func encode(obs *observe.Observation) ([]byte, error) {
	rest := *obs
	rest.Samples = nil
	head, err := json.MarshalIndent(rest, "", "  ")
	if err != nil {
		return nil, err
	}
	samples := []byte("[\n")
	for i, s := range obs.Samples {
		line, err := json.Marshal(s)
		if err != nil {
			return nil, err
		}
		samples = append(append(append(samples, "    "...), line...), ",\n"...)
		if i == len(obs.Samples)-1 {
			samples = samples[:len(samples)-2]
			samples = append(samples, '\n')
		}
	}
	samples = append(samples, "  ]"...)
	out := bytes.Replace(head, []byte(`"samples": null`), append([]byte(`"samples": `), samples...), 1)
	var check observe.Observation
	if err := json.Unmarshal(out, &check); err != nil || len(check.Samples) != len(obs.Samples) {
		return nil, fmt.Errorf("the encoded observation does not read back (%v)", err)
	}
	return append(out, '\n'), nil
}
