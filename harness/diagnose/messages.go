package diagnose

import "github.com/mpgrade/mpgrade/harness/msg"

// Starting the program.
var (
	msgNoPython = msg.Define("diagnose.no_python",
		"python3 could not be found or run (%s). Install Python 3 (3.8 or newer) so that the command python3 works, then try again",
		"no se encontró o no se pudo ejecutar python3 (%s). Instala Python 3 (3.8 o posterior) de modo que el comando python3 funcione y vuelve a intentarlo")
	msgProgramNotFound = msg.Define("diagnose.program_not_found",
		"the program %q was not found. Check its name and that it is in the folder you handed in",
		"no se encontró el programa %q. Revisa su nombre y que esté en la carpeta que entregaste")
	msgScriptMissing = msg.Define("diagnose.script_missing",
		"Python could not open %s: there is no such file. Check that your program has exactly that name (lower case, underscores, .py) and is not inside a subfolder",
		"Python no pudo abrir %s: no existe ese archivo. Comprueba que tu programa tenga exactamente ese nombre (minúsculas, guiones bajos, .py) y que no esté dentro de una subcarpeta")
	msgNotRunnable = msg.Define("diagnose.not_runnable",
		"the program %q could not be started: permission denied. Run it through python3 (python3 %s) rather than as a command",
		"no se pudo iniciar el programa %q: permiso denegado. Ejecútalo con python3 (python3 %s) y no como un comando")
	msgStartFailed = msg.Define("diagnose.start_failed",
		"the program could not be started: %s",
		"no se pudo iniciar el programa: %s")
	msgObserveFailed = msg.Define("diagnose.observe_failed",
		"mpgrade could not watch the program to its end (%s). If your program kills or stops other processes than its own children, remove that; otherwise run the check again",
		"mpgrade no pudo observar el programa hasta el final (%s). Si tu programa mata o detiene procesos que no son sus propios hijos, quita eso; si no, vuelve a ejecutar la comprobación")
)

// Locating the program.
var (
	msgNoSuchPath = msg.Define("diagnose.no_such_path",
		"%s does not exist: give the path of your %s, or of the folder that holds it",
		"%s no existe: indica la ruta de tu %s, o de la carpeta que lo contiene")
	msgWrongFile = msg.Define("diagnose.wrong_file",
		"%s is not a Python file: give the path of your %s",
		"%s no es un archivo Python: indica la ruta de tu %s")
	msgMissing = msg.Define("diagnose.missing",
		"%s is missing: the folder has no Python program (it holds: %s). Hand in your program with that name",
		"falta %s: la carpeta no tiene ningún programa Python (contiene: %s). Entrega tu programa con ese nombre")
	msgMisnamed = msg.Define("diagnose.misnamed",
		"%s was not found, but %s looks like it: rename it to %s exactly",
		"no se encontró %s, pero %s se le parece: cámbiale el nombre a %s exactamente")
	msgInSubfolder = msg.Define("diagnose.in_subfolder",
		"%s was not at the top of the folder but in a subfolder (%s), and was graded from there; move it to the top of the folder you hand in",
		"%s no estaba en la raíz de la carpeta sino en una subcarpeta (%s), y se calificó desde allí; muévelo a la raíz de la carpeta que entregas")
	msgSeveralNested = msg.Define("diagnose.several_nested",
		"%s is not at the top of the folder, and its subfolders hold several (%s): leave exactly one, at the top of the folder",
		"%s no está en la raíz de la carpeta, y sus subcarpetas tienen varios (%s): deja exactamente uno, en la raíz de la carpeta")
	msgSeveralCandidates = msg.Define("diagnose.several_candidates",
		"%s was not found, and the folder has several Python programs (%s): rename the one to grade to %s",
		"no se encontró %s, y la carpeta tiene varios programas Python (%s): cambia el nombre del que se debe corregir a %s")
)

// What Python said.
var (
	msgSyntaxError = msg.Define("diagnose.syntax_error",
		"Python could not read your program: %s, at %s line %d. Fix that line (an unclosed bracket or quote on the line before often shows up there) and run it again",
		"Python no pudo leer tu programa: %s, en %s línea %d. Corrige esa línea (un paréntesis o una comilla sin cerrar en la línea anterior suele aparecer ahí) y vuelve a ejecutarlo")
	msgImportError = msg.Define("diagnose.import_error",
		"your program could not import a module: %s, at %s line %d. Use only Python's standard library, and check the module's name",
		"tu programa no pudo importar un módulo: %s, en %s línea %d. Usa solo la biblioteca estándar de Python y revisa el nombre del módulo")
	msgException = msg.Define("diagnose.exception",
		"your program stopped with an uncaught exception: %s, at %s line %d. Run it yourself to see the whole traceback",
		"tu programa se detuvo con una excepción no capturada: %s, en %s línea %d. Ejecútalo tú para ver la traza completa")
	msgExitCode = msg.Define("diagnose.exit_code",
		"your program ended with exit status %d, which means it failed, whatever it printed. A correct program ends with status 0",
		"tu programa terminó con el código de salida %d, que indica un fallo, imprima lo que imprima. Un programa correcto termina con código 0")
	msgSignal = msg.Define("diagnose.signal",
		"your program was ended by the signal %s, not by a limit of mpgrade. Did it kill itself or its own processes (os.kill, terminate)?",
		"tu programa terminó por la señal %s, no por un límite de mpgrade. ¿Se mató a sí mismo o a sus propios procesos (os.kill, terminate)?")
)

// Limits.
var (
	msgTimeout = msg.Define("diagnose.timeout",
		"your program was stopped after %.1f s, the time limit. Is it waiting forever (a join on a process that never ends, a get() on an empty queue, a lock never released) or stuck in a loop?",
		"tu programa se detuvo tras %.1f s, el límite de tiempo. ¿Espera para siempre (un join a un proceso que no termina, un get() en una cola vacía, un lock que nunca se libera) o está atascado en un bucle?")
	msgCPULimit = msg.Define("diagnose.cpu_limit",
		"your program was stopped after using %.1f s of CPU, the limit. Look for a loop that never ends, or give it less work",
		"tu programa se detuvo tras usar %.1f s de CPU, el límite. Busca un bucle que no termina, o dale menos trabajo")
	msgMemoryLimit = msg.Define("diagnose.memory_limit",
		"your program was stopped for using more than %d MiB of memory, the limit. Do not keep all the data in lists at once: process it in pieces, and send results, not inputs, between processes",
		"tu programa se detuvo por usar más de %d MiB de memoria, el límite. No guardes todos los datos en listas a la vez: procésalos por partes, y envía resultados, no datos de entrada, entre procesos")
	msgProcessLimit = msg.Define("diagnose.process_limit",
		"your program tried to have more than %d processes and threads at once, the limit, and was stopped. Do not create processes in a loop without bound; only the main program (under if __name__ == \"__main__\":) should start them",
		"tu programa intentó tener más de %d procesos e hilos a la vez, el límite, y se detuvo. No crees procesos en un bucle sin límite; solo el programa principal (bajo if __name__ == \"__main__\":) debe iniciarlos")
	msgOutputLimit = msg.Define("diagnose.output_limit",
		"your program was stopped after writing %d MiB of output, the limit. Is a print inside a loop that never ends?",
		"tu programa se detuvo tras escribir %d MiB de salida, el límite. ¿Hay un print dentro de un bucle que no termina?")
	msgFileSizeLimit = msg.Define("diagnose.file_size_limit",
		"your program tried to write a file larger than %d MiB, the limit. Write less, or check the loop that writes it",
		"tu programa intentó escribir un archivo de más de %d MiB, el límite. Escribe menos, o revisa el bucle que lo escribe")
	msgInterrupted = msg.Define("diagnose.interrupted",
		"the run was interrupted before your program ended, so it could not be judged; run the check again",
		"la ejecución se interrumpió antes de que tu programa terminara, así que no se pudo juzgar; vuelve a ejecutar la comprobación")
)

// What the program left or wrote.
var (
	msgLeftovers = msg.Define("diagnose.leftovers",
		"%d processes of your program were still running after it ended, and were killed. Wait for every process you start (join) before the program ends",
		"%d procesos de tu programa seguían en marcha cuando terminó, y se mataron. Espera a cada proceso que inicies (join) antes de que el programa termine")
	msgOutputCut = msg.Define("diagnose.output_cut",
		"your program wrote %d bytes; only the first %d of each stream were kept and checked. Print less: a summary, not every step",
		"tu programa escribió %d bytes; solo se guardaron y comprobaron los primeros %d de cada salida. Imprime menos: un resumen, no cada paso")
	msgNonUTF8Stdout = msg.Define("diagnose.non_utf8_stdout",
		"the output of your program is not valid UTF-8 text (first bad byte at offset %d). Print text (str), not bytes, and do not write binary data to the screen",
		"la salida de tu programa no es texto UTF-8 válido (primer byte erróneo en la posición %d). Imprime texto (str), no bytes, y no escribas datos binarios en la pantalla")
	msgNonUTF8Stderr = msg.Define("diagnose.non_utf8_stderr",
		"the error output of your program is not valid UTF-8 text (first bad byte at offset %d). Write text (str), not bytes, to sys.stderr",
		"la salida de errores de tu programa no es texto UTF-8 válido (primer byte erróneo en la posición %d). Escribe texto (str), no bytes, en sys.stderr")
)
