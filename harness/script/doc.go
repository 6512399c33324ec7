// Package script provides the testscript commands and conditions that an
// assignment's checks are written in.
//
// A check is a testscript (.txtar) file. Besides testscript's own commands
// (exec, stdout, cmp...), it may use the commands and conditions of this
// package's registry, which run the student's program under observation
// and assert on what was observed rather than on what the program printed:
//
//	# The workers really run at the same time, on several cores.
//	run par mp_worker.py --mode par --workers $WORKERS --n $N
//	parallel par
//	observed par workers >= $WORKERS
//
// Every command and condition carries its own usage text; REFERENCE.md,
// the reference for teachers writing checks, is generated from the
// registry (go test ./harness/script -update) and a test fails when it is
// stale.
//
// A command's failure is feedback for a student: it says what was
// expected, what was seen and what to try, in the student's language
// (State.Lang). When the machine cannot tell (too few CPUs, too much
// noise), a command ends the script as inconclusive instead of failing it.
package script
