// Package batch grades a class's submissions into a gradebook: resumably,
// in parallel slots pinned to disjoint CPUs, and in shards across machines.
//
// # Layout
//
// The submissions folder holds one submission per subfolder, or per .zip
// file, named by the student's id. The output folder receives:
//
//	gradebook.csv        one row per student, one column per check
//	moodle.csv           the same grades as Moodle's gradebook import takes them
//	results/ID.json      the whole Result, every observation included
//	feedback/ID.txt      the feedback for the student, in the chosen language
//	summary.txt, .md     the class overview
//	journal.jsonl        one line per graded submission, synced to disk
//	batch.json           the settings the folder was graded with
//
// # Nothing lost
//
// Each finished submission is written at once: its result and feedback
// (written to a temporary file, synced, renamed), then its journal line
// (appended and synced), then the gradebook and summary again (atomically).
// Running the same command again reads the journal and grades only the
// submissions it does not hold with the same content hash.
//
// # Slots
//
// Every submission is graded by a worker process (the running executable
// started again, recognised by this package's init function). A slot is a
// goroutine locked to its OS thread, whose CPU affinity is set to the slot's
// CPUs before it starts its workers: a process inherits the affinity of the
// thread that started it, and so do the helpers and student programs it
// starts in turn. Slots have disjoint CPU sets, and observe.LockMachine
// locks per CPU, so slots measure at the same time without sharing a core.
// A worker is killed with the grader (PR_SET_PDEATHSIG), and its observed
// programs with it.
package batch
