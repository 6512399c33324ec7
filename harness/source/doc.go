// Package source reads a Python program's syntax tree and reports how it
// uses processes, so that its code can be graded without running it.
//
// The reading is done by Python itself: a small standard-library script,
// check.py, embedded in the package, parses each file with the ast module
// and prints its facts as JSON. Check runs it with the interpreter the
// submission will run with, so the program is read by the same grammar
// that will run it. Nothing of the program is executed or imported.
//
// A Report holds the facts: whether the file parses (and where it does
// not), which of multiprocessing.Process, Pool, threading.Thread, Pipe,
// Queue, Lock and Value it uses and where, the `if __name__ ==
// "__main__":` guard, every start() and join() and whether a join sits in
// the loop body that starts the same object, code that runs at import time
// outside the guard (run again in every child under the spawn start
// method), process targets that cannot be pickled (lambdas, nested
// functions), shared objects created inside a worker function, and the
// ends of each Pipe with whether they are closed.
//
// Findings turns a report into rubric items: one Finding per problem,
// each with a stable Code, a Severity and a message in English and
// Spanish (harness/msg). The statement's requirements are given as
// Needs, e.g. NeedProcess and NeedPipe for the pipe assignment:
//
//	r, err := source.Check(ctx, python, "mp_pipe.py")
//	if err != nil { ... } // python could not be run: not the student's fault
//	for _, f := range r.Findings(source.NeedProcess, source.NeedPipe) {
//		fmt.Println(f.Code, f.Message.In(msg.ES))
//	}
//
// Static facts are hints, never proof: a name can hide anything. The
// graders trust what they observe when the program runs; these findings
// explain what they observed (a missing guard behind a hang under spawn,
// a join inside the start loop behind workers that never overlap).
package source
