package html

import (
	"fmt"

	"github.com/mpgrade/mpgrade/harness/grade"
	"github.com/mpgrade/mpgrade/harness/judge"
	"github.com/mpgrade/mpgrade/harness/msg"
)

// labels are the page texts the templates may ask for by their short
// name; see tr.
var labels = map[string]msg.Key{}

// label defines a page text as the message "html.NAME".
func label(name, en, es string) msg.Key {
	k := msg.Define("html."+name, en, es)
	labels[name] = k
	return k
}

// tr returns the function the templates call as {{tr "name" args...}}.
// An unknown name is an error, so a misspelt label fails the page rather
// than showing its key.
func tr(lang msg.Lang) func(name string, args ...any) (string, error) {
	return func(name string, args ...any) (string, error) {
		k, ok := labels[name]
		if !ok {
			return "", fmt.Errorf("html: no label %q is defined", name)
		}
		return msg.New(k, args...).In(lang), nil
	}
}

// say puts a label into words.
func say(lang msg.Lang, k msg.Key, args ...any) string { return msg.New(k, args...).In(lang) }

// Texts of the observation page.
var (
	_ = label("observation.title", "CPU timeline of %s", "Línea de tiempo de CPU de %s")
	_ = label("verdict", "Verdict", "Veredicto")
	_ = label("cause", "cause: %s", "causa: %s")
	_ = label("figures", "Figures", "Cifras")
	_ = label("fig.processes", "Processes seen", "Procesos vistos")
	_ = label("fig.workers", "Workers (processes that did CPU work)", "Trabajadores (procesos que hicieron trabajo de CPU)")
	_ = label("fig.peak_busy", "Most processes busy at once", "Máximo de procesos ocupados a la vez")
	_ = label("fig.cores", "Cores used", "Núcleos usados")
	_ = label("fig.cpu", "CPU time", "Tiempo de CPU")
	_ = label("fig.wall", "Wall time", "Tiempo real")
	_ = label("fig.parallelism", "Parallelism (CPU time ÷ wall time)", "Paralelismo (tiempo de CPU ÷ tiempo real)")
	_ = label("fig.other_load", "Other programs' load", "Carga de otros programas")
	_ = label("fig.end", "End", "Fin")
	_ = label("fig.leftovers", "Left running", "Quedaron en ejecución")
	_ = label("fig.command", "Command", "Comando")

	valCores     = label("val.cores", "%s of %.2g available", "%s de %.2g disponibles")
	valNoCores   = label("val.no_cores", "none busy (%.2g available)", "ninguno ocupado (%.2g disponibles)")
	valSeconds   = label("val.seconds", "%.2f s", "%.2f s")
	valLoad      = label("val.load", "%.2f cores", "%.2f núcleos")
	valExit      = label("val.exit", "exit code %d", "código de salida %d")
	valSignal    = label("val.signal", "killed by signal %s", "terminado por la señal %s")
	valLimit     = label("val.limit", "stopped by the %s limit", "detenido por el límite de %s")
	valLeftovers = label("val.leftovers", "%d processes outlived the main process and were killed", "%d procesos sobrevivieron al proceso principal y se les eliminó")
)

// Texts of the timeline.
var (
	tlTitle = label("timeline.title", "CPU timeline of %s: %d processes in %.2f s", "Línea de tiempo de CPU de %s: %d procesos en %.2f s")
	tlDesc  = label("timeline.desc",
		"One lane per process, time in seconds across. A bar's height is the share of one core the process used in that sample interval; its pattern and the number on it are the CPU it ran on. A grey box marks when the process was alive.",
		"Un carril por proceso, el tiempo en segundos en horizontal. La altura de una barra es la parte de un núcleo que el proceso usó en ese intervalo de muestreo; su trama y el número sobre ella son la CPU en la que corrió. Un recuadro gris marca cuándo el proceso estaba vivo.")
	tlPhase     = label("timeline.phase", "parallel phase", "fase paralela")
	tlAxis      = label("timeline.axis", "time (s)", "tiempo (s)")
	tlCPU       = label("timeline.cpu", "CPU %d", "CPU %d")
	tlLaneBusy  = label("timeline.lane_busy", "pid %d, %s: %.2f s of CPU, busy from %.2f s to %.2f s on %s", "pid %d, %s: %.2f s de CPU, ocupado de %.2f s a %.2f s en %s")
	tlLaneIdle  = label("timeline.lane_idle", "pid %d, %s: %.2f s of CPU, never busy", "pid %d, %s: %.2f s de CPU, nunca ocupado")
	tlNoSamples = label("timeline.no_samples", "no process was sampled: the program ended before the first sample", "no se muestreó ningún proceso: el programa terminó antes de la primera muestra")
	_           = label("timeline.caption",
		"Each lane is one process. Bar height: share of one core used in each sample interval (a full lane is one whole core). Pattern and number: the CPU it ran on. Grey box: the process was alive. Bars one above another at the same time mean processes ran in parallel; a staircase means they ran one after another.",
		"Cada carril es un proceso. Altura de la barra: parte de un núcleo usada en cada intervalo de muestreo (un carril lleno es un núcleo entero). Trama y número: la CPU en la que corrió. Recuadro gris: el proceso estaba vivo. Barras una sobre otra al mismo tiempo indican procesos en paralelo; una escalera indica que corrieron uno tras otro.")
	_        = label("table.summary", "Why, and the figures of each process", "Por qué, y las cifras de cada proceso")
	_        = label("table.pid", "PID", "PID")
	_        = label("table.ppid", "PPID", "PPID")
	_        = label("table.role", "Role", "Rol")
	_        = label("table.cpu", "CPU (s)", "CPU (s)")
	_        = label("table.alive", "Alive (s)", "Vivo (s)")
	_        = label("table.busy", "Busy (s)", "Ocupado (s)")
	_        = label("table.cpus", "CPUs", "CPU")
	_        = label("table.command", "Command", "Comando")
	valNever = label("val.never", "never", "nunca")
	valSpan  = label("val.span", "%.2f–%.2f", "%.2f–%.2f")
)

// Words for roles, verdict symbols and statuses.
var (
	roleWords = map[judge.Role]msg.Key{
		judge.RoleMain:   label("role.main", "main", "principal"),
		judge.RoleWorker: label("role.worker", "worker", "trabajador"),
		judge.RoleHelper: label("role.helper", "helper", "auxiliar"),
		judge.RoleIdle:   label("role.idle", "idle", "inactivo"),
	}
	statusWords = map[grade.Status]msg.Key{
		grade.Pass:         label("status.pass", "passed", "aprobado"),
		grade.Fail:         label("status.fail", "failed", "no aprobado"),
		grade.Inconclusive: label("status.inconclusive", "inconclusive", "no concluyente"),
		grade.Skip:         label("status.skip", "skipped", "omitido"),
		grade.Error:        label("status.error", "grader error", "error del corrector"),
	}
)

// Texts of the submission page.
var (
	_ = label("submission.title", "%s: report for %s", "%s: informe de %s")
	_ = label("score", "Score", "Puntaje")
	_ = label("score.value", "%.4g of %.4g points", "%.4g de %.4g puntos")
	_ = label("checks", "Checks", "Verificaciones")
	_ = label("check.status", "Status", "Estado")
	_ = label("check.name", "Check", "Verificación")
	_ = label("check.points", "Points", "Puntos")
	_ = label("check.feedback", "Feedback", "Comentarios")
	_ = label("check.hidden", "hidden", "oculta")
	_ = label("runs", "Runs", "Ejecuciones")
	_ = label("run.not_observed", "This run was not observed.", "Esta ejecución no se observó.")
	_ = label("environment", "Graded with", "Corregido con")
	_ = label("env.version", "mpgrade version", "Versión de mpgrade")
	_ = label("env.python", "Python", "Python")
	_ = label("env.cpus", "CPUs available", "CPU disponibles")
	_ = label("env.containment", "Containment", "Contención")
	_ = label("env.isolation", "Isolation", "Aislamiento")
	_ = label("env.started", "Started", "Inicio")
	_ = label("env.seconds", "Grading took", "La corrección tardó")
	_ = label("speedup", "Speedup against the reference solution", "Aceleración frente a la solución de referencia")
	_ = label("speedup.caption",
		"Bars: median speedup over the rounds; whiskers: the confidence interval. The dashed line is the speedup needed to pass.",
		"Barras: mediana de la aceleración en las rondas; bigotes: el intervalo de confianza. La línea discontinua es la aceleración necesaria para aprobar.")
	spRowReference  = label("speedup.reference", "reference", "referencia")
	spRowSubmission = label("speedup.submission", "submission", "entrega")
	spRowHonest     = label("speedup.honest", "reference seq ÷ submission par", "seq de referencia ÷ par de la entrega")
	spValue         = label("speedup.value", "%.2f× (%.0f%% CI %.2f–%.2f)", "%.2f× (IC %.0f%% %.2f–%.2f)")
	spNeeded        = label("speedup.needed", "needed %.2f×", "necesario %.2f×")
	spNone          = label("speedup.none", "no gain", "sin ganancia")
	spTitle         = label("speedup.chart_title", "Speedups: reference %.2f×, submission %.2f×, reference seq ÷ submission par %.2f×", "Aceleraciones: referencia %.2f×, entrega %.2f×, seq de referencia ÷ par de la entrega %.2f×")
	_               = label("speedup.summary",
		"The submission reached %.0f%% of the reference's speedup (%.0f%% CI %.0f%%–%.0f%%); %.0f%% is needed. Measured over %d rounds with %d workers and N = %d.",
		"La entrega alcanzó el %.0f%% de la aceleración de la referencia (IC %.0f%% %.0f%%–%.0f%%); hace falta el %.0f%%. Medido en %d rondas con %d trabajadores y N = %d.")
)

// Texts of the class page.
var (
	_ = label("class.title", "%s: class report", "%s: informe del curso")
	_ = label("class.summary", "%d submissions; %d passed every check; mean score %.3g of %.3g.", "%d entregas; %d aprobaron todas las verificaciones; puntaje medio %.3g de %.3g.")
	_ = label("gradebook", "Gradebook", "Planilla de notas")
	_ = label("gradebook.hint", "Select a column heading to sort by it.", "Selecciona el encabezado de una columna para ordenar por ella.")
	_ = label("col.submission", "Submission", "Entrega")
	_ = label("col.score", "Score", "Puntaje")
	_ = label("col.percent", "%%", "%%")
	_ = label("col.speedup", "Speedup (×)", "Aceleración (×)")
	_ = label("col.ratio", "%% of the reference's", "%% de la de referencia")
	_ = label("col.report", "Report", "Informe")
	_ = label("open_report", "open", "abrir")
	_ = label("histogram", "Speedups", "Aceleraciones")
	_ = label("histogram.caption",
		"Each submission's own speedup: its sequential run's time over its parallel run's (median of the rounds). The dashed line is the reference's own speedup on the same machine.",
		"La aceleración propia de cada entrega: el tiempo de su ejecución secuencial entre el de su ejecución paralela (mediana de las rondas). La línea discontinua es la aceleración de la propia referencia en la misma máquina.")
	_           = label("histogram.none", "No submission has a speedup measurement.", "Ninguna entrega tiene una medición de aceleración.")
	histTitle   = label("histogram.title", "Histogram of the speedups of %d submissions", "Histograma de las aceleraciones de %d entregas")
	histBin     = label("histogram.bin", "%.2f× to %.2f×: %d", "%.2f× a %.2f×: %d")
	histAxis    = label("histogram.axis", "speedup (×)", "aceleración (×)")
	histCount   = label("histogram.count", "submissions", "entregas")
	histRefLine = label("histogram.reference", "reference %.2f×", "referencia %.2f×")
	_           = label("histogram.range", "Range", "Rango")
	_           = label("failures", "Why checks failed", "Por qué fallaron las verificaciones")
	_           = label("failures.none", "No check failed.", "Ninguna verificación falló.")
	_           = label("col.check", "Check", "Verificación")
	_           = label("col.cause", "Cause seen in the runs", "Causa vista en las ejecuciones")
	_           = label("col.count", "Submissions", "Entregas")
	_           = label("col.who", "Who", "Quiénes")
	causeNone   = label("cause.none", "no observed cause (output or result)", "sin causa observada (salida o resultado)")
	causeWords  = map[judge.Cause]msg.Key{
		judge.CauseParallel:      label("cause.parallel", "ran in parallel", "corrió en paralelo"),
		judge.CauseTooShort:      label("cause.too_short", "too short to judge", "demasiado corto para juzgar"),
		judge.CauseTooLittleWork: label("cause.too_little_work", "too little CPU work", "muy poco trabajo de CPU"),
		judge.CauseFewCPUs:       label("cause.few_cpus", "too few CPUs available", "muy pocas CPU disponibles"),
		judge.CauseMachineBusy:   label("cause.machine_busy", "machine too busy", "máquina demasiado cargada"),
		judge.CauseOneProcess:    label("cause.one_process", "all the work in one process", "todo el trabajo en un proceso"),
		judge.CauseThreads:       label("cause.threads", "threads instead of processes", "hilos en lugar de procesos"),
		judge.CauseChildrenIdle:  label("cause.children_idle", "child processes did no work", "los procesos hijos no trabajaron"),
		judge.CauseOneAtATime:    label("cause.one_at_a_time", "processes ran one after another", "los procesos corrieron uno tras otro"),
		judge.CauseTinyProcesses: label("cause.tiny_processes", "many tiny processes", "muchos procesos diminutos"),
		judge.CauseSharedOneCore: label("cause.shared_one_core", "processes took turns on one core", "los procesos se turnaron en un núcleo"),
	}
)

// Texts shared by every page.
var (
	_ = label("footer", "Written by mpgrade %s on %s.", "Escrito por mpgrade %s el %s.")
	_ = label("footer.no_version", "Written by mpgrade on %s.", "Escrito por mpgrade el %s.")
)
