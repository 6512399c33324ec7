package judge

import "github.com/mpgrade/mpgrade/harness/msg"

var (
	msgParallel = msg.Define("judge.parallel",
		"%d processes were busy at the same time on %d cores for %.2f s (from %.2f s to %.2f s), using %.2f cores together",
		"%d procesos estuvieron ocupados a la vez en %d núcleos durante %.2f s (de %.2f s a %.2f s), usando %.2f núcleos en conjunto")
	msgPhaseShare = msg.Define("judge.phase_share",
		"the parallel phase is %.0f%% of the run; the rest ran in one process at a time",
		"la fase paralela es el %.0f%% de la ejecución; el resto corrió en un proceso a la vez")
	msgTooShort = msg.Define("judge.too_short",
		"the run lasted %.2f s, too short to judge (at least %.2f s are needed): give it more work (a larger N)",
		"la ejecución duró %.2f s, demasiado poco para juzgar (hacen falta al menos %.2f s): dale más trabajo (un N mayor)")
	msgOverlapTooShort = msg.Define("judge.overlap_too_short",
		"the workers were started together but lived side by side for only %.2f s, too short to see them run at the same time (at least %.2f s are needed): give them more work (a larger N)",
		"los trabajadores se iniciaron juntos pero convivieron solo %.2f s, demasiado poco para verlos correr a la vez (hacen falta al menos %.2f s): dales más trabajo (un N mayor)")
	msgTooLittleWork = msg.Define("judge.too_little_work",
		"the program used only %.2f s of CPU in all, too little CPU-bound work to judge (at least %.2f s are needed)",
		"el programa usó solo %.2f s de CPU en total, muy poco trabajo de CPU para juzgar (hacen falta al menos %.2f s)")
	msgFewCPUs = msg.Define("judge.few_cpus",
		"this machine lets the program use only %.2g CPUs (affinity %v, quota %.2g), so parallelism cannot be shown here; run it where 2 or more CPUs are available",
		"esta máquina deja usar al programa solo %.2g CPU (afinidad %v, cuota %.2g), así que el paralelismo no se puede mostrar aquí; ejecútalo donde haya 2 o más CPU disponibles")
	msgMachineBusy = msg.Define("judge.machine_busy",
		"%d processes were busy at the same time, but together got only %.2f cores while other programs kept %.2f cores busy: the machine was too loaded to tell; try again when it is quieter",
		"%d procesos estuvieron ocupados a la vez, pero juntos obtuvieron solo %.2f núcleos mientras otros programas ocupaban %.2f núcleos: la máquina estaba demasiado cargada para saberlo; prueba otra vez cuando esté más libre")
	msgSharedOneCore = msg.Define("judge.shared_one_core",
		"%d processes were busy at the same time but together used only %.2f cores: they took turns on one core (a shared lock held while computing, or CPU affinity?)",
		"%d procesos estuvieron ocupados a la vez pero juntos usaron solo %.2f núcleos: se turnaron en un núcleo (¿un lock compartido retenido mientras calculan, o afinidad de CPU?)")
	msgOneProcess = msg.Define("judge.one_process",
		"only one process (pid %d) did CPU work (%.2f s of CPU in %.2f s): the work was not split among processes; start several multiprocessing.Process workers",
		"solo un proceso (pid %d) hizo trabajo de CPU (%.2f s de CPU en %.2f s): el trabajo no se repartió entre procesos; inicia varios procesos multiprocessing.Process")
	msgThreads = msg.Define("judge.threads",
		"one process (pid %d) with up to %d threads did all the CPU work, using %.2f cores: under the GIL only one thread runs Python code at a time; use processes (multiprocessing), not threads",
		"un proceso (pid %d) con hasta %d hilos hizo todo el trabajo de CPU, usando %.2f núcleos: con el GIL solo un hilo ejecuta código Python a la vez; usa procesos (multiprocessing), no hilos")
	msgChildrenIdle = msg.Define("judge.children_idle",
		"%d child processes were started but none did real CPU work (the most any used was %.2f s): they only slept or waited, while the work was done elsewhere",
		"se iniciaron %d procesos hijos pero ninguno hizo trabajo real de CPU (el que más usó, %.2f s): solo durmieron o esperaron, mientras el trabajo se hacía en otra parte")
	msgOneAtATime = msg.Define("judge.one_at_a_time",
		"%d processes did CPU work, but never two at the same time: they ran one after another. Is each process joined right after it is started, in the same loop? Start them all first, then join them",
		"%d procesos hicieron trabajo de CPU, pero nunca dos a la vez: corrieron uno tras otro. ¿Se hace join de cada proceso justo después de iniciarlo, en el mismo bucle? Inícialos todos primero y luego haz join")
	msgTinyProcesses = msg.Define("judge.tiny_processes",
		"%d processes were started and each did almost nothing (%.2f s of CPU among them, mostly start-up): the work per process is too small to pay for starting it; give each process a larger share",
		"se iniciaron %d procesos y cada uno hizo casi nada (%.2f s de CPU entre todos, sobre todo el arranque): el trabajo por proceso es demasiado pequeño para compensar su arranque; da a cada proceso una parte mayor")
)
