package judge

import (
	"github.com/mpgrade/mpgrade/harness/msg"
)

// A Verdict is the answer to "did it run in parallel?".
type Verdict string

const (
	Parallel     Verdict = "parallel"
	NotParallel  Verdict = "not_parallel"
	Inconclusive Verdict = "inconclusive"
)

// A Role is what a process was for.
type Role string

const (
	RoleMain   Role = "main"   // the process that was started
	RoleWorker Role = "worker" // did real CPU work
	RoleHelper Role = "helper" // Python's own: resource_tracker, forkserver
	RoleIdle   Role = "idle"   // did almost nothing on its own (a small task among many still counts: Analysis.Tasks)
)

// A Cause is the one main reason for a verdict, as a stable code that
// grading rules and tests can match.
type Cause string

const (
	CauseParallel      Cause = "parallel"
	CauseTooShort      Cause = "too_short"
	CauseTooLittleWork Cause = "too_little_work"
	CauseFewCPUs       Cause = "few_cpus"
	CauseMachineBusy   Cause = "machine_busy"
	CauseOneProcess    Cause = "one_process"
	CauseThreads       Cause = "threads"
	CauseChildrenIdle  Cause = "children_idle"
	CauseOneAtATime    Cause = "one_at_a_time"
	CauseTinyProcesses Cause = "tiny_processes"
	CauseSharedOneCore Cause = "shared_one_core"
)

// An Analysis is what an observation shows.
type Analysis struct {
	Verdict Verdict `json:"verdict"`
	Cause   Cause   `json:"cause"`
	// Reasons explain the verdict, the main one first.
	Reasons []msg.Message `json:"reasons"`
	// Processes is how many processes were seen.
	Processes int `json:"processes"`
	// Workers is how many processes other than the main one did real
	// CPU work.
	Workers int `json:"workers"`
	// Tasks is how many more did a little CPU work beyond their start-up
	// (TaskMinCPU), less than a worker's: small tasks, which count in the
	// windows like workers, so that many of them busy together are seen.
	// Their role is RoleIdle. Only observations with exact CPU times have
	// them.
	Tasks int `json:"tasks,omitempty"`
	// PeakBusy is the most processes (main or workers) busy at once for at
	// least MinPhaseWindows consecutive windows.
	PeakBusy int `json:"peak_busy"`
	// CoresUsed lists the CPUs on which the main process or workers were
	// seen busy.
	CoresUsed []int `json:"cores_used"`
	// CPUsAvailable is how many CPUs the program could use.
	CPUsAvailable float64 `json:"cpus_available"`
	// Parallelism is total CPU seconds over wall seconds for the whole
	// run, from the kernel's exact totals.
	Parallelism float64 `json:"parallelism"`
	WallSeconds float64 `json:"wall_seconds"`
	CPUSeconds  float64 `json:"cpu_seconds"`
	// OtherLoad is how many cores other programs on the machine kept busy,
	// on average, during the run.
	OtherLoad float64 `json:"other_load"`
	// Phase is the longest parallel phase, if there was one.
	Phase *Phase `json:"phase,omitempty"`
	// Roles gives each process's role, by pid, in the order of the
	// observation's processes.
	Roles []ProcessRole `json:"roles"`
}

// A Phase is a stretch of the run in which several processes were busy at
// once.
type Phase struct {
	Start float64 `json:"start"`
	End   float64 `json:"end"`
	// Busy is the most processes busy at once in the phase.
	Busy int `json:"busy"`
	// Parallelism is the cores used together during the phase.
	Parallelism float64 `json:"parallelism"`
	// Cores lists the CPUs the busy processes ran on.
	Cores []int `json:"cores"`
}

// Seconds is the phase's length.
func (p Phase) Seconds() float64 { return p.End - p.Start }

// A ProcessRole is one process's role and CPU time (over its whole life,
// observe.Process.TotalCPUSeconds).
type ProcessRole struct {
	PID        int     `json:"pid"`
	Role       Role    `json:"role"`
	CPUSeconds float64 `json:"cpu_seconds"`
}

// RoleOf returns the role of pid.
func (a *Analysis) RoleOf(pid int) Role {
	for _, r := range a.Roles {
		if r.PID == pid {
			return r.Role
		}
	}
	return ""
}
