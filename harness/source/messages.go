package source

import "github.com/mpgrade/mpgrade/harness/msg"

var (
	msgSyntaxError = msg.Define("source.syntax_error",
		"line %d: Python cannot compile the program (%s): %s. Fix this first: nothing else can be checked",
		"línea %d: Python no puede compilar el programa (%s): %s. Corrige esto primero: no se puede revisar nada más")
	msgMissing = msg.Define("source.missing",
		"the statement asks for %s, but the program never uses it",
		"el enunciado pide %s, pero el programa nunca lo usa")
	msgNoMainGuard = msg.Define("source.no_main_guard",
		"there is no `if __name__ == \"__main__\":` guard. With the spawn start method (the default on macOS and Windows) every child imports the program again and runs its top-level code, starting processes of its own; put the code that starts the program under the guard",
		"no hay guarda `if __name__ == \"__main__\":`. Con el método de inicio spawn (el de macOS y Windows) cada hijo vuelve a importar el programa y ejecuta su código de nivel superior, iniciando procesos propios; pon bajo la guarda el código que arranca el programa")
	msgNotJoined = msg.Define("source.not_joined",
		"line %d: something is started but nothing is ever joined. join() waits for a child to end and collects it: without it the parent cannot know the child's exit code, and finished children are left as zombies, or as orphans if the parent ends first",
		"línea %d: se inicia algo pero nunca se hace join. join() espera a que un hijo termine y lo recoge: sin él el padre no conoce el código de salida del hijo, y los hijos terminados quedan zombis, o huérfanos si el padre termina antes")
	msgStartJoinLoop = msg.Define("source.start_join_loop",
		"line %d: %s is joined in the same loop that starts it (line %d), so each one ends before the next one starts and they never run at the same time; start them all in one loop, then join them in another",
		"línea %d: se hace join de %s en el mismo bucle que lo inicia (línea %d), así que cada uno termina antes de que empiece el siguiente y nunca corren a la vez; inícialos todos en un bucle y luego haz join en otro")
	msgModuleProcessStart = msg.Define("source.module_process_start",
		"line %d: `%s` starts processes when the module is imported, outside the main guard. Under spawn every child imports the module again and would start processes of its own, which fails; call it under `if __name__ == \"__main__\":`",
		"línea %d: `%s` inicia procesos al importar el módulo, fuera de la guarda. Con spawn cada hijo vuelve a importar el módulo e intentaría iniciar procesos propios, lo que falla; llámalo bajo `if __name__ == \"__main__\":`")
	msgModuleSharedObject = msg.Define("source.module_shared_object",
		"line %d: `%s` creates a %s when the module is imported. Under spawn every child imports the module again and gets a new one of its own, so nothing is shared; create it in the parent, under the main guard, and pass it to the children as an argument",
		"línea %d: `%s` crea un %s al importar el módulo. Con spawn cada hijo vuelve a importar el módulo y obtiene uno nuevo y propio, así que no se comparte nada; créalo en el padre, bajo la guarda, y pásalo a los hijos como argumento")
	msgModuleCall = msg.Define("source.module_call",
		"line %d: `%s` runs when the module is imported, outside the main guard: under spawn it runs again in every child. Move it under `if __name__ == \"__main__\":`",
		"línea %d: `%s` se ejecuta al importar el módulo, fuera de la guarda: con spawn se ejecuta otra vez en cada hijo. Muévelo bajo `if __name__ == \"__main__\":`")
	msgUnpicklableLambda = msg.Define("source.unpicklable_lambda",
		"line %d: a lambda is given to a process. Under spawn or forkserver the function is pickled to reach the child, and a lambda cannot be; use a function defined at the top level of the module",
		"línea %d: se le pasa una lambda a un proceso. Con spawn o forkserver la función se serializa (pickle) para llegar al hijo, y una lambda no se puede serializar; usa una función definida en el nivel superior del módulo")
	msgUnpicklableNested = msg.Define("source.unpicklable_nested",
		"line %d: %s, a function defined inside another function, is given to a process. Under spawn or forkserver the function is pickled to reach the child, and a nested function cannot be; define it at the top level of the module",
		"línea %d: se le pasa a un proceso %s, una función definida dentro de otra. Con spawn o forkserver la función se serializa (pickle) para llegar al hijo, y una función anidada no se puede serializar; defínela en el nivel superior del módulo")
	msgSharedInTarget = msg.Define("source.shared_in_target",
		"line %d: the worker function %s creates its own %s. Every process that runs it gets a different one, so it is not shared and protects or carries nothing between them; create it once in the parent and pass it to every worker",
		"línea %d: la función trabajadora %s crea su propio %s. Cada proceso que la ejecuta obtiene uno distinto, así que no se comparte y no protege ni transporta nada entre ellos; créalo una vez en el padre y pásalo a cada trabajador")
	msgDummyThreads = msg.Define("source.dummy_threads",
		"line %d: multiprocessing.dummy has the API of multiprocessing but runs threads, not processes: under the GIL they do not run Python code in parallel; use multiprocessing itself",
		"línea %d: multiprocessing.dummy tiene la API de multiprocessing pero usa hilos, no procesos: con el GIL no ejecutan código Python en paralelo; usa multiprocessing")
	msgPipeNotClosed = msg.Define("source.pipe_not_closed",
		"the pipe end %s (line %d) is never closed: close each end in every process that no longer uses it, so that the other side can see the end of the conversation",
		"el extremo de pipe %s (línea %d) nunca se cierra: cierra cada extremo en cada proceso que ya no lo usa, para que el otro lado pueda ver el fin de la conversación")
)
