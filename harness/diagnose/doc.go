// Package diagnose turns what went wrong in one run of a student's program
// — it could not start, Python refused it, it raised an exception, a limit
// stopped it, its output was cut or not UTF-8 — into messages, in English
// and Spanish, that say what happened and what to try.
//
// Explain reads an observation, the output that was kept and the error
// from starting it:
//
//	obs, err := observe.Local{}.Observe(ctx, spec)
//	for _, m := range diagnose.Explain(obs, stdout.Bytes(), stderr.Bytes(), err) {
//		fmt.Println(m.In(msg.ES))
//	}
//
// Locate finds the program a student was asked to hand in, and explains a
// missing or misnamed file or a folder with several candidates.
//
// Messages never quote a Go error's internals or a Go stack trace: only the
// program's own words (the last line of its traceback, the file and line)
// and what mpgrade measured.
package diagnose
