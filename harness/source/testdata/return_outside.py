# Parses, but does not compile: `return` outside a function (line 5).
import multiprocessing

x = 1
return x
