package observe

// StartupCosts are the CPU seconds a Python process costs on this machine
// just by being started and ended, before and after any work of its own.
// The judge credits a process only with its CPU beyond them, so that
// hundreds of processes that only start up are not taken for work.
type StartupCosts struct {
	// Interpreter is the interpreter measured.
	Interpreter string `json:"interpreter"`
	// InterpreterSeconds is what a new interpreter costs: one started as
	// `python3 -c "from multiprocessing.spawn import spawn_main"`, the
	// imports a child started by spawn (or the fork server, or the
	// program itself) makes before the program's code runs. The median of
	// startupRounds runs.
	InterpreterSeconds float64 `json:"interpreter_seconds"`
	// ForkSeconds is what a child forked by multiprocessing that does
	// nothing costs, from its fork to its exit: the median over
	// startupRounds batches of forkBatch children.
	ForkSeconds float64 `json:"fork_seconds"`
}
