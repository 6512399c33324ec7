"""Forces the multiprocessing start method that mpgrade asks for.

mpgrade writes this file into a folder of its own and puts that folder
first on PYTHONPATH for a run whose start method it forces (observe's
Spec.StartMethod), with MPGRADE_START_METHOD set to the method. Python's
site module imports sitecustomize at start-up, before any code of the
program, in every interpreter of the run: the program itself, the
children that spawn starts, the fork server, copies of the program
started with subprocess. Without MPGRADE_START_METHOD it does nothing but
run the sitecustomize it hides, if there is one.

The method is set with set_start_method(method, force=True). Then a call
of the program that asks for another method is kept from changing it:
set_start_method, with or without force, still checks the name it is
given but leaves the forced method in place (a program that calls it once,
as the multiprocessing documentation shows, would otherwise fail with
"context has already been set"), and get_context("fork") or any other
method name returns the forced method's context, so that Process, Pool,
Queue, ProcessPoolExecutor and managers made from an explicit context are
started the forced way too. get_start_method answers the forced method.
This makes "works under spawn" a property of the program's code, however
it chooses its method, which is what a check of spawn wants to know.

multiprocessing is imported at start-up to do this, a few milliseconds
per interpreter, in forced runs only.

Not covered: process classes named directly
(multiprocessing.context.ForkProcess), os.fork, and interpreters started
with -E, -I or -S, which ignore PYTHONPATH or site.
"""

import os


def _force(method):
    import multiprocessing
    from multiprocessing import context

    multiprocessing.set_start_method(method, force=True)
    forced = context._default_context.get_context()
    concrete = context.BaseContext.get_context

    def get_context(self, method=None):
        if method is None:
            return concrete(self)
        concrete(self, method)  # an unknown name still raises ValueError
        return forced

    def set_start_method(self, method, force=False):
        if method is not None:
            concrete(self, method)

    context.BaseContext.get_context = get_context
    context.DefaultContext.set_start_method = set_start_method
    # multiprocessing's own names are methods of the default context bound
    # when it was imported: bind them again.
    for name in ("get_context", "set_start_method"):
        setattr(multiprocessing, name, getattr(context._default_context, name))


def _chain():
    """Runs the sitecustomize this one hides on sys.path, if any."""
    import importlib.machinery
    import importlib.util
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    path = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
    if spec is None or spec.loader is None:
        return
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


_method = os.environ.get("MPGRADE_START_METHOD")
if _method:
    _force(_method)
_chain()
