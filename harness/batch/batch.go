package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/mpgrade/mpgrade/harness/report/html"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mpgrade/mpgrade/assignments"
	"github.com/mpgrade/mpgrade/harness/check"
	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/msg"
	"github.com/mpgrade/mpgrade/harness/observe"
)

// DefaultSubmissionTimeout bounds the grading of one submission. Every
// run a check makes is bounded by the assignment's timeout (a minute), and
// a full grading makes a few dozen runs; a grading still going after half
// an hour is stuck in the grader itself, not in a student's program.
const DefaultSubmissionTimeout = 30 * time.Minute

// Options say what to grade and how.
type Options struct {
	// Assignment is the assignment graded.
	Assignment *assignments.Assignment
	// Submissions is the folder of submissions, one subfolder or .zip
	// file per student.
	Submissions string
	// Out is the output folder; see the package documentation.
	Out string
	// Lang is the language of the feedback and the summary.
	Lang msg.Lang
	// Regrade grades every submission again, even those the journal
	// holds.
	Regrade bool
	// Slots caps the number of slots; zero means as many as the CPUs
	// allow.
	Slots int
	// CPUsPerSlot is how many CPUs each slot gets; zero means
	// DefaultCPUsPerSlot.
	CPUsPerSlot int
	// CPUs are the CPUs to share among slots; nil means those this
	// process may use.
	CPUs []int
	// Shard picks the share of the submissions to grade; the zero Shard
	// grades them all.
	Shard Shard
	// Python is the interpreter; empty means the python3 on PATH,
	// resolved to the interpreter itself once for the batch.
	Python string
	// Hidden, Only, N and TargetSeconds are as in check.Options.
	Hidden        bool
	Only          []string
	N             int
	TargetSeconds float64
	// SubmissionTimeout bounds one submission's grading; zero means
	// DefaultSubmissionTimeout.
	SubmissionTimeout time.Duration
	// Version is mpgrade's version, for the results.
	Version string
	// Progress receives the progress display; nil shows none. Terminal
	// draws it as a bar in place rather than as lines.
	Progress io.Writer
	Terminal bool
	// MoodleIDColumn is the header of the Moodle file's identifier
	// column; empty means "Username".
	MoodleIDColumn string
}

// An Outcome says what a Run did.
type Outcome struct {
	// Submissions is how many submissions are in the shard, Graded how
	// many this run graded, Kept how many it kept from the journal.
	Submissions int
	Graded      int
	Kept        int
	// Ignored are entries of the submissions folder that are neither a
	// folder nor a zip file.
	Ignored []string
	// Interrupted says the run was stopped before the end.
	Interrupted bool
	// Slots are the slots the run graded with.
	Slots []Slot
	// N is the workload size every submission was graded with.
	N int
	// Seconds is how long the run took.
	Seconds float64
	// Summary is the class overview of every result in the folder.
	Summary Summary
}

// settings are what an output folder was graded with (batch.json): a run
// that asks for something else is refused, not mixed in.
type settings struct {
	Assignment    string   `json:"assignment"`
	Hidden        bool     `json:"hidden"`
	Only          []string `json:"only"`
	TargetSeconds float64  `json:"target_seconds"`
	// N is the workload size, chosen once for the whole class.
	N int `json:"n"`
}

// SettingsFile is the name of the settings in the output folder.
const SettingsFile = "batch.json"

var (
	msgZip           = msg.Define("batch.zip", "the zip file could not be unpacked safely: %s", "el archivo zip no se pudo descomprimir con seguridad: %s")
	msgGraderStopped = msg.Define("batch.grader_stopped", "the grader could not grade this submission: %s", "el corrector no pudo calificar esta entrega: %s")
)

// A run is one Run's state.
type run struct {
	opts    Options
	a       *assignments.Assignment
	n       int
	python  string // the interpreter itself, found once
	key     string // names this output folder's scratch folders
	journal *journal
}

// Run grades the submissions of opts that the output folder does not hold
// yet, writing every result as it comes, and returns what it did. It
// returns with Outcome.Interrupted when ctx ends first; what was graded by
// then is kept.
func Run(ctx context.Context, opts Options) (*Outcome, error) {
	start := time.Now()
	a := opts.Assignment
	if opts.Version != "" {
		html.Default.Version = opts.Version
	}
	for _, d := range []string{opts.Out, filepath.Join(opts.Out, ResultsDir), filepath.Join(opts.Out, FeedbackDir), filepath.Join(opts.Out, ReportsDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	unlock, err := lockOut(opts.Out)
	if err != nil {
		return nil, err
	}
	defer unlock()
	removeStaleTemps(opts.Out)

	all, ignored, err := Discover(opts.Submissions)
	if err != nil {
		return nil, err
	}
	var subs []Submission
	for _, s := range all {
		if opts.Shard.Has(s.ID) {
			if s.Hash, err = HashContent(s); err != nil {
				return nil, err
			}
			subs = append(subs, s)
		}
	}
	set, err := checkSettings(opts)
	if err != nil {
		return nil, err
	}
	j, entries, err := openJournal(opts.Out, opts.Regrade)
	if err != nil {
		return nil, err
	}
	defer j.close()
	r := &run{opts: opts, a: a, journal: j, key: scratchKey(opts.Out)}

	results, todo := r.resume(subs, entries)
	out := &Outcome{Submissions: len(subs), Kept: len(results), Ignored: ignored}
	prog := newProgress(opts.Progress, opts.Terminal, len(todo))
	for _, name := range ignored {
		prog.note("%s", msg.New(msgIgnored, name).In(opts.Lang))
	}
	if len(todo) > 0 {
		r.python = opts.Python
		if r.python == "" {
			r.python = interpreter()
		}
		if set.N, err = r.workload(ctx, set); err != nil {
			prog.close()
			return nil, err
		}
		r.n, out.N = set.N, set.N
	}
	if err := writeSettings(opts.Out, set); err != nil {
		prog.close()
		return nil, err
	}
	if err := writeClassFiles(opts.Out, values(results), opts.Lang, opts.moodleID()); err != nil {
		prog.close()
		return nil, err
	}
	out.Slots = r.slots()
	err = r.gradeAll(ctx, todo, out, results, prog)
	prog.close()
	out.Summary = Summarize(sortedValues(results))
	out.Seconds = time.Since(start).Seconds()
	out.Interrupted = ctx.Err() != nil && out.Graded < len(todo)
	return out, err
}

var msgIgnored = msg.Define("batch.ignored", "ignored %s: a submission is a folder or a .zip file", "se ignora %s: una entrega es una carpeta o un archivo .zip")

func (o Options) moodleID() string {
	if o.MoodleIDColumn == "" {
		return "Username"
	}
	return o.MoodleIDColumn
}

// resume splits subs into those the journal holds a result of, for the
// same content, and those to grade.
func (r *run) resume(subs []Submission, entries []Entry) (map[string]*grade.Result, []Submission) {
	done := latest(entries)
	results := map[string]*grade.Result{}
	var todo []Submission
	for _, s := range subs {
		e, ok := done[s.ID]
		if ok && e.Hash == s.Hash {
			if res, err := readResult(filepath.Join(r.opts.Out, e.Result)); err == nil {
				results[s.ID] = res
				continue
			}
		}
		todo = append(todo, s)
	}
	return results, todo
}

// slots are the CPU sets to grade on.
func (r *run) slots() []Slot {
	cpus, usable := r.opts.CPUs, float64(len(r.opts.CPUs))
	if cpus == nil {
		b := observe.AvailableCPUs()
		cpus, usable = b.Affinity, b.Available
	}
	max := r.opts.Slots
	if !canPin {
		max = 1
	}
	return Partition(cpus, r.opts.CPUsPerSlot, usable, max)
}

// A finished is a submission graded, or the error that stops the batch.
type finished struct {
	sub Submission
	res *grade.Result
	err error
}

// gradeAll grades todo in the slots, writing each result as it comes.
func (r *run) gradeAll(ctx context.Context, todo []Submission, out *Outcome, results map[string]*grade.Result, prog *progress) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan Submission)
	done := make(chan finished)
	var wg sync.WaitGroup
	for _, s := range out.Slots {
		wg.Add(1)
		go r.slot(ctx, s, jobs, done, &wg)
	}
	go func() {
		defer close(jobs)
		for _, s := range todo {
			select {
			case jobs <- s:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()
	var firstErr error
	for f := range done {
		if f.err == nil {
			f.err = r.record(f.sub, f.res, results)
		}
		if f.err != nil {
			if firstErr == nil {
				firstErr = f.err
			}
			cancel()
			continue
		}
		out.Graded++
		prog.finished(f.res)
	}
	return firstErr
}

// record writes a graded submission: its files, its journal line, and the
// class files again.
func (r *run) record(sub Submission, res *grade.Result, results map[string]*grade.Result) error {
	if err := writeSubmissionFiles(r.opts.Out, res, r.opts.Lang); err != nil {
		return err
	}
	err := r.journal.append(Entry{
		Student: sub.ID, Hash: sub.Hash, Result: filepath.ToSlash(filepath.Join(ResultsDir, sub.ID+".json")),
		Score: res.Score, MaxScore: res.MaxScore, Status: gradebookStatus(res),
		CPUs: res.Environment.CPUs.Affinity, Seconds: res.Seconds, Finished: time.Now().UTC(),
	})
	if err != nil {
		return err
	}
	results[sub.ID] = res
	return writeClassFiles(r.opts.Out, values(results), r.opts.Lang, r.opts.moodleID())
}

// slot grades submissions one after the other on its CPUs. The goroutine
// keeps its thread, pinned, to the end, so that every worker it starts is
// pinned and is killed should the grader die.
func (r *run) slot(ctx context.Context, s Slot, jobs <-chan Submission, done chan<- finished, wg *sync.WaitGroup) {
	defer wg.Done()
	if err := pinThread(s.CPUs); err != nil {
		done <- finished{err: fmt.Errorf("cannot pin slot %d to CPUs %s: %w", s.Index, FormatCPUs(s.CPUs), err)}
		return
	}
	for sub := range jobs {
		if ctx.Err() != nil {
			continue
		}
		res := r.gradeOne(ctx, s, sub)
		if res != nil {
			done <- finished{sub: sub, res: res}
		}
	}
}

// gradeOne grades one submission in a worker, and returns its result —
// one that says why, when the submission could not be graded — or nil
// when the batch was interrupted.
func (r *run) gradeOne(ctx context.Context, s Slot, sub Submission) *grade.Result {
	started := time.Now()
	scratch := filepath.Join(os.TempDir(), fmt.Sprintf("mpgrade-batch-%s-slot%d", r.key, s.Index))
	os.RemoveAll(scratch)
	defer os.RemoveAll(scratch)
	dir, path := filepath.Dir(sub.Path), filepath.Base(sub.Path)
	if err := os.MkdirAll(scratch, 0o700); err != nil {
		return r.failed(sub, s, started, grade.Error, msg.New(msgGraderStopped, err.Error()))
	}
	if sub.Zip {
		dir, path = filepath.Join(scratch, "unzipped"), sub.ID
		if err := os.MkdirAll(filepath.Join(dir, path), 0o700); err != nil {
			return r.failed(sub, s, started, grade.Error, msg.New(msgGraderStopped, err.Error()))
		}
		var uerr *UnzipError
		if err := Unzip(sub.Path, filepath.Join(dir, path)); errors.As(err, &uerr) {
			return r.failed(sub, s, started, grade.Fail, msg.New(msgZip, uerr.Error()))
		} else if err != nil {
			return r.failed(sub, s, started, grade.Error, msg.New(msgGraderStopped, err.Error()))
		}
	}
	tmp := filepath.Join(scratch, "tmp")
	os.MkdirAll(tmp, 0o700)
	j := job{Assignment: r.a.Source, Path: path, Python: r.python, Student: sub.ID, Lang: r.opts.Lang, Hidden: r.opts.Hidden,
		Only: r.opts.Only, N: r.n, TargetSeconds: r.opts.TargetSeconds, Version: r.opts.Version, Scratch: tmp}
	timeout := r.opts.SubmissionTimeout
	if timeout <= 0 {
		timeout = DefaultSubmissionTimeout
	}
	res, err := runWorker(ctx, j, dir, timeout)
	switch {
	case errors.Is(err, errInterrupted) || ctx.Err() != nil:
		return nil
	case err != nil:
		return r.failed(sub, s, started, grade.Error, msg.New(msgGraderStopped, err.Error()))
	}
	return res
}

// failed is the result of a submission that could not be graded: every
// check with the status and the message.
func (r *run) failed(sub Submission, s Slot, started time.Time, status grade.Status, m msg.Message) *grade.Result {
	res := &grade.Result{Assignment: r.a.Name, Submission: sub.ID, Started: started, Lang: string(r.opts.Lang)}
	res.Environment = grade.Environment{Version: r.opts.Version,
		CPUs: observe.CPUBudget{Affinity: s.CPUs, Available: float64(len(s.CPUs))}}
	for _, c := range check.SelectChecks(r.a, r.opts.Hidden, r.opts.Only) {
		res.Checks = append(res.Checks, check.Unrun(c, status, m, r.opts.Lang))
		if status == grade.Fail {
			res.MaxScore += c.Points
		}
	}
	res.Seconds = time.Since(started).Seconds()
	return res
}

// workload is the N every submission is graded with: the one given, the
// one the folder was graded with before, or one chosen now on this
// machine, once for the class.
func (r *run) workload(ctx context.Context, set settings) (int, error) {
	if r.opts.N > 0 {
		return r.opts.N, nil
	}
	if set.N > 0 {
		return set.N, nil
	}
	ref, err := os.MkdirTemp("", "mpgrade-reference-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(ref)
	if ok, err := r.a.WriteYardstick(ref); err != nil {
		return 0, err
	} else if !ok {
		ref = ""
	}
	unlock := observe.LockMachine()
	defer unlock()
	n, err := check.Workload(ctx, r.python, ref, r.a, r.opts.TargetSeconds)
	if err != nil {
		return 0, fmt.Errorf("choosing the workload size with the reference solution: %w (give one with --n)", err)
	}
	return n, nil
}

// scratchKey names the scratch folders of an output folder's slots
// (TMPDIR/mpgrade-batch-KEY-slotN): the same on every run, so that a run
// clears what a killed one left.
func scratchKey(out string) string {
	abs, _ := filepath.Abs(out)
	sum := sha256.Sum256([]byte(abs))
	return hex.EncodeToString(sum[:4])
}

// interpreter is the interpreter the submissions' user can run
// (observe.ResolvePython), resolved once per batch: not a wrapper such as
// pyenv's shim, which can take seconds to start and would be started
// again for every submission.
func interpreter() string {
	if path, _, err := observe.ResolvePython(observe.UnprivilegedUser()); err == nil {
		return path
	}
	return "python3"
}

// checkSettings compares opts with the settings the output folder was
// graded with, and returns those to keep.
func checkSettings(opts Options) (settings, error) {
	want := settings{Assignment: opts.Assignment.Name, Hidden: opts.Hidden, Only: opts.Only, TargetSeconds: opts.TargetSeconds, N: opts.N}
	data, err := os.ReadFile(filepath.Join(opts.Out, SettingsFile))
	if os.IsNotExist(err) || opts.Regrade {
		return want, nil
	}
	if err != nil {
		return want, err
	}
	var had settings
	if err := json.Unmarshal(data, &had); err != nil {
		return want, fmt.Errorf("%s: %v: remove it, or grade into another folder", filepath.Join(opts.Out, SettingsFile), err)
	}
	if opts.N == 0 {
		want.N = had.N
	}
	same := had.Assignment == want.Assignment && had.Hidden == want.Hidden && had.TargetSeconds == want.TargetSeconds &&
		had.N == want.N && reflect.DeepEqual(nonNil(had.Only), nonNil(want.Only))
	if !same {
		return want, fmt.Errorf("%s was graded with other settings (%s) than these (%s): grade into another folder, or add --regrade to grade everything again",
			opts.Out, describe(had), describe(want))
	}
	return want, nil
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func describe(s settings) string {
	d := fmt.Sprintf("--assignment %s", s.Assignment)
	if s.Hidden {
		d += " --hidden"
	}
	if len(s.Only) > 0 {
		d += " --only " + strings.Join(s.Only, ",")
	}
	if s.TargetSeconds > 0 {
		d += fmt.Sprintf(" --target %g", s.TargetSeconds)
	}
	if s.N > 0 {
		d += fmt.Sprintf(" --n %d", s.N)
	}
	return d
}

func writeSettings(out string, s settings) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(out, SettingsFile), append(data, '\n'))
}

// lockOut makes sure one grader at a time writes to the output folder.
func lockOut(out string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(out, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("another mpgrade is writing to %s (%v): wait for it to end, or grade into another folder", out, err)
	}
	return func() { f.Close() }, nil
}

// removeStaleTemps removes the temporary files of atomic writes that a
// killed grader left behind.
func removeStaleTemps(out string) {
	for _, d := range []string{out, filepath.Join(out, ResultsDir), filepath.Join(out, FeedbackDir)} {
		matches, _ := filepath.Glob(filepath.Join(d, ".*.tmp-*"))
		for _, m := range matches {
			os.Remove(m)
		}
	}
}

func values(m map[string]*grade.Result) []*grade.Result {
	out := make([]*grade.Result, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	return out
}

func sortedValues(m map[string]*grade.Result) []*grade.Result {
	out := values(m)
	sortResults(out)
	return out
}
