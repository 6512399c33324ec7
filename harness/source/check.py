"""Read Python programs with the ast module and say how they use processes.

Usage: python3 -I check.py FILE...

For each FILE it prints one line of JSON with the facts found in the
program's syntax tree, in the order the files were given. The program is
never run or imported. Only the standard library is used, and the script
runs on Python 3.8 and later. mpgrade embeds this file; see
harness/source for what each field means.
"""

import ast
import json
import platform
import sys

# What each kind of object is called once imports are resolved.
PROCESS = {"multiprocessing.Process", "multiprocessing.context.Process",
           "multiprocessing.process.BaseProcess"}
POOL = {"multiprocessing.Pool", "multiprocessing.pool.Pool",
        "concurrent.futures.ProcessPoolExecutor",
        "concurrent.futures.process.ProcessPoolExecutor"}
THREAD = {"threading.Thread", "threading.Timer", "_thread.start_new_thread",
          "concurrent.futures.ThreadPoolExecutor",
          "concurrent.futures.thread.ThreadPoolExecutor",
          "multiprocessing.pool.ThreadPool"}
PIPE = {"multiprocessing.Pipe"}
QUEUE = {"multiprocessing.Queue", "multiprocessing.JoinableQueue",
         "multiprocessing.SimpleQueue"}
LOCK = {"multiprocessing.Lock", "multiprocessing.RLock"}
VALUE = {"multiprocessing.Value", "multiprocessing.RawValue", "multiprocessing.Array",
         "multiprocessing.RawArray", "multiprocessing.sharedctypes.Value",
         "multiprocessing.sharedctypes.RawValue", "multiprocessing.sharedctypes.Array",
         "multiprocessing.sharedctypes.RawArray"}
# Other objects that only work when the processes share one of them.
OTHER_SHARED = {"multiprocessing.Semaphore", "multiprocessing.BoundedSemaphore",
                "multiprocessing.Event", "multiprocessing.Condition",
                "multiprocessing.Barrier", "multiprocessing.Manager"}
FORK = {"os.fork", "os.forkpty"}
OS_EXIT = {"os._exit"}
DUMMY_PREFIX = "multiprocessing.dummy."
# Names a "from multiprocessing import *" brings in that matter here.
STAR_NAMES = {"multiprocessing": {n.split(".", 1)[1] for n in
                                  PROCESS | POOL | PIPE | QUEUE | LOCK | VALUE | OTHER_SHARED
                                  if n.count(".") == 1}}
# Methods that send a function to the workers of a process pool.
POOL_METHODS = {"map", "imap", "imap_unordered", "starmap", "apply", "apply_async",
                "map_async", "starmap_async", "submit"}
# Calls that are harmless at module level: they compute a constant or look
# something up, and running them again in every child costs nothing.
HARMLESS = {"int", "float", "str", "bool", "bytes", "len", "range", "tuple", "list",
            "dict", "set", "frozenset", "object", "max", "min", "sorted", "abs",
            "os.environ.get", "os.getenv", "os.cpu_count", "os.path.join",
            "os.path.dirname", "os.path.abspath", "os.path.basename",
            "collections.namedtuple", "typing.NamedTuple", "typing.TypeVar",
            "re.compile", "logging.getLogger", "enum.Enum", "dataclasses.dataclass",
            "pathlib.Path", "math.isqrt", "math.sqrt", "math.ceil", "math.floor"}


# Module-level calls from the most to the least harmful.
KIND_RANK = {"process_start": 0, "shared_object": 1, "call": 2}


SHARED = PIPE | QUEUE | LOCK | VALUE | OTHER_SHARED


def shared_kind(name):
    """The shared object `name` creates, or None."""
    return name if name in SHARED else None


class Names(object):
    """Resolves the names of a module to what they were imported as."""

    def __init__(self, tree):
        self.alias = {}
        self.star = []
        self.contexts = set()  # names bound to multiprocessing.get_context()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        self.alias[a.asname] = a.name
                    else:
                        top = a.name.split(".")[0]
                        self.alias[top] = top
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for a in node.names:
                    if a.name == "*":
                        self.star.append(node.module)
                    else:
                        self.alias[a.asname or a.name] = node.module + "." + a.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                if self.dotted(node.value.func).endswith("get_context"):
                    for t in node.targets:
                        if isinstance(t, ast.Name):
                            self.contexts.add(t.id)

    def dotted(self, node):
        """The dotted name of an expression such as mp.Process, or ""."""
        if isinstance(node, ast.Name):
            if node.id in self.contexts:
                return "multiprocessing"
            if node.id in self.alias:
                return self.alias[node.id]
            for module in self.star:
                if node.id in STAR_NAMES.get(module, ()):
                    return module + "." + node.id
            return node.id
        if isinstance(node, ast.Attribute):
            base = self.dotted(node.value)
            return base + "." + node.attr if base else ""
        if isinstance(node, ast.Call):
            # multiprocessing.get_context("spawn").Process(...)
            if self.dotted(node.func).endswith("get_context"):
                return "multiprocessing"
        return ""


def is_main_guard(node):
    """Whether node is `if __name__ == "__main__":`."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    test = node.test
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    has_name = any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides)
    has_main = any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides)
    return has_name and has_main


def text(source, node, limit=80):
    """The first line of a node's source text, cut to `limit` characters."""
    segment = ast.get_source_segment(source, node) or ""
    line = segment.splitlines()[0] if segment else ""
    return line if len(line) <= limit else line[:limit - 3] + "..."


def method_call(node, name):
    """The receiver of a call `receiver.name(...)`, or None."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == name):
        return node.func.value
    return None


def is_start(node):
    receiver = method_call(node, "start")
    return receiver is not None and not node.args and not node.keywords


def is_join(node):
    """A process or thread join: join() or join(timeout), not str.join."""
    receiver = method_call(node, "join")
    if receiver is None or isinstance(receiver, ast.Constant):
        return False
    if any(k.arg == "timeout" for k in node.keywords):
        return True
    if not node.args:
        return True
    arg = node.args[0]
    return (len(node.args) == 1 and isinstance(arg, ast.Constant)
            and isinstance(arg.value, (int, float)) and not isinstance(arg.value, bool))


# Nodes that run code of their own, apart from the statements around them.
NESTED = (ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.AsyncFunctionDef,
          ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp, ast.GeneratorExp,
          ast.DictComp)


def walk_body(nodes):
    """Every node under `nodes`, without entering nested loops, functions,
    classes or lambdas: what one pass of a loop body runs itself."""
    stack = [n for n in nodes if not isinstance(n, NESTED)]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(c for c in ast.iter_child_nodes(node) if not isinstance(c, NESTED))


def loop_bodies(tree):
    """(loop node, statements of one pass) for every loop and comprehension."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            yield node, node.body
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            yield node, [node.elt]
        elif isinstance(node, ast.DictComp):
            yield node, [node.key, node.value]


def start_join_loops(tree):
    found = []
    for loop, body in loop_bodies(tree):
        starts, joins = {}, {}
        for node in walk_body(body):
            if is_start(node):
                starts.setdefault(ast.dump(node.func.value), node)
            elif is_join(node):
                joins.setdefault(ast.dump(node.func.value), node)
        for key, start in starts.items():
            join = joins.get(key)
            if join is not None:
                found.append({"loop": loop.lineno, "start": start.lineno,
                              "join": join.lineno,
                              "receiver": text_of_receiver(start)})
    return sorted(found, key=lambda f: (f["join"], f["start"]))


def text_of_receiver(call):
    node = call.func.value
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


class Facts(object):
    """The facts of one parsed module."""

    def __init__(self, tree, source):
        self.tree = tree
        self.source = source
        self.names = Names(tree)
        self.functions = {}  # top-level and nested function names -> nodes
        self.nested = set()  # names of functions defined inside functions
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions.setdefault(node.name, node)
                for inner in ast.walk(node):
                    if inner is not node and isinstance(inner, (ast.FunctionDef,
                                                                ast.AsyncFunctionDef)):
                        self.nested.add(inner.name)
        self.top_functions = {n.name for n in tree.body
                              if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        self.nested -= self.top_functions

    def call_name(self, call):
        return self.names.dotted(call.func)

    def uses(self):
        kinds = {"process": [], "pool": [], "thread": [], "dummy": [], "pipe": [],
                 "queue": [], "lock": [], "value": [], "fork": [], "os_exit": []}
        sets = [("process", PROCESS), ("pool", POOL), ("thread", THREAD), ("pipe", PIPE),
                ("queue", QUEUE), ("lock", LOCK), ("value", VALUE), ("fork", FORK),
                ("os_exit", OS_EXIT)]
        for node in ast.walk(self.tree):
            names = []
            if isinstance(node, ast.Call):
                names.append(self.call_name(node))
                if method_call(node, "get_lock") is not None:
                    kinds["lock"].append(node.lineno)
            elif isinstance(node, ast.ClassDef):
                names.extend(self.names.dotted(b) for b in node.bases)
            for name in names:
                if name.startswith(DUMMY_PREFIX):
                    kinds["dummy"].append(node.lineno)
                    kinds["thread"].append(node.lineno)
                    continue
                for kind, members in sets:
                    if name in members:
                        kinds[kind].append(node.lineno)
        return {k: sorted(set(v)) for k, v in kinds.items()}

    def calls(self, method_test):
        return sorted({n.lineno for n in ast.walk(self.tree)
                       if isinstance(n, ast.Call) and method_test(n)})

    def main_guard(self):
        for node in self.tree.body:
            if is_main_guard(node):
                return node.lineno
        return 0

    def starters(self):
        """Names of module functions that create or start processes, directly
        or through other module functions."""
        direct = {}
        for name, fn in self.functions.items():
            callees, starts = set(), False
            for node in ast.walk(fn):
                if isinstance(node, ast.Call):
                    called = self.call_name(node)
                    if called in PROCESS or called in POOL or is_start(node):
                        starts = True
                    if isinstance(node.func, ast.Name):
                        callees.add(node.func.id)
            direct[name] = (starts, callees)
        result = {n for n, (s, _) in direct.items() if s}
        changed = True
        while changed:
            changed = False
            for name, (_, callees) in direct.items():
                if name not in result and callees & result:
                    result.add(name)
                    changed = True
        return result

    def module_level(self):
        starters = self.starters()
        found = []
        for stmt in self.tree.body:
            if (isinstance(stmt, (ast.Import, ast.ImportFrom, ast.FunctionDef,
                                  ast.AsyncFunctionDef, ast.ClassDef, ast.Pass))
                    or is_main_guard(stmt)):
                continue
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                continue  # a docstring
            for node in walk_module_statement(stmt):
                if not isinstance(node, ast.Call):
                    continue
                name = self.call_name(node)
                if name in HARMLESS:
                    continue
                if (name in PROCESS or name in POOL or is_start(node)
                        or (isinstance(node.func, ast.Name) and node.func.id in starters)):
                    kind = "process_start"
                elif shared_kind(name):
                    kind = "shared_object"
                else:
                    kind = "call"
                found.append({"line": node.lineno, "kind": kind,
                              "name": name or text(self.source, node.func),
                              "text": text(self.source, node)})
        # One entry per line: the call that matters most, and of those the
        # shortest (Process(...).start() is one thing, and so is
        # raise SystemExit(main())).
        best = {}
        for f in found:
            old = best.get(f["line"])
            if old is None or (KIND_RANK[f["kind"]], len(f["text"])) < \
                    (KIND_RANK[old["kind"]], len(old["text"])):
                best[f["line"]] = f
        return [best[line] for line in sorted(best)]

    def pool_names(self):
        """Names bound to a process pool, by assignment or `with ... as`."""
        names = set()
        for node in ast.walk(self.tree):
            pairs = []
            if isinstance(node, ast.Assign):
                pairs = [(t, node.value) for t in node.targets]
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                pairs = [(i.optional_vars, i.context_expr) for i in node.items]
            for target, value in pairs:
                if (isinstance(target, ast.Name) and isinstance(value, ast.Call)
                        and self.call_name(value) in POOL):
                    names.add(target.id)
        return names

    def unpicklable_targets(self):
        pools = self.pool_names()
        found = []
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Call):
                continue
            target = None
            if self.call_name(node) in PROCESS:
                target = process_target(node)
            else:
                receiver = None
                if isinstance(node.func, ast.Attribute) and node.func.attr in POOL_METHODS:
                    receiver = node.func.value
                if isinstance(receiver, ast.Name) and receiver.id in pools and node.args:
                    target = node.args[0]
            if isinstance(target, ast.Lambda):
                found.append({"line": node.lineno, "kind": "lambda", "name": "lambda"})
            elif isinstance(target, ast.Name) and target.id in self.nested:
                found.append({"line": node.lineno, "kind": "nested_function",
                              "name": target.id})
        return found

    def shared_in_target(self):
        """Shared objects created inside a function that is a process target."""
        targets = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and self.call_name(node) in PROCESS:
                target = process_target(node)
                if isinstance(target, ast.Name):
                    targets.add(target.id)
        found = []
        for name in sorted(targets):
            fn = self.functions.get(name)
            if fn is None:
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Call) and shared_kind(self.call_name(node)):
                    found.append({"line": node.lineno, "function": name,
                                  "name": self.call_name(node)})
        return sorted(found, key=lambda f: f["line"])

    def pipe_ends(self):
        """Names bound to the ends of a Pipe, and whether each is closed."""
        closed = {n.func.value.id for n in ast.walk(self.tree)
                  if method_call(n, "close") is not None
                  and isinstance(n.func.value, ast.Name)}
        ends = []
        for node in ast.walk(self.tree):
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                    and self.call_name(node.value) in PIPE):
                for target in node.targets:
                    if isinstance(target, (ast.Tuple, ast.List)):
                        for elt in target.elts:
                            if isinstance(elt, ast.Name):
                                ends.append({"line": node.lineno, "name": elt.id,
                                             "closed": elt.id in closed})
        return ends


def walk_module_statement(stmt):
    """The nodes a module-level statement runs at import, skipping function
    and class bodies and lambdas defined inside it."""
    stack = [stmt]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                  ast.Lambda)):
                continue
            stack.append(child)


def process_target(call):
    """The target of multiprocessing.Process(group, target, ...), or None."""
    for k in call.keywords:
        if k.arg == "target":
            return k.value
    if len(call.args) >= 2:
        return call.args[1]
    return None


def nul_line(source):
    """The line of the first null byte, or 0: Python reports none."""
    at = source.find("\0")
    return source[:at].count("\n") + 1 if at >= 0 else 0


def syntax_error(err, source):
    line = err.lineno or nul_line(source)
    lines = source.splitlines()
    return {"line": line, "column": err.offset or 0, "message": err.msg or str(err),
            "text": lines[line - 1].strip() if 0 < line <= len(lines) else ""}


def check(path):
    with open(path, "rb") as f:
        data = f.read()
    source = data.decode("utf-8", "replace")
    report = {"file": path, "python": platform.python_version(), "syntax_error": None}
    try:
        tree = ast.parse(data, filename=path)
        # Some errors (return outside a function, a misplaced nonlocal) are
        # only found when the tree is compiled.
        compile(tree, path, "exec", dont_inherit=True)
    except SyntaxError as err:
        report["syntax_error"] = syntax_error(err, source)
        return report
    except ValueError as err:  # null bytes, up to Python 3.11.3
        report["syntax_error"] = {"line": nul_line(source), "column": 0, "message": str(err),
                                  "text": ""}
        return report
    facts = Facts(tree, source)
    report.update({
        "uses": facts.uses(),
        "main_guard": facts.main_guard(),
        "starts": facts.calls(is_start),
        "joins": facts.calls(is_join),
        "is_alive": facts.calls(lambda n: method_call(n, "is_alive") is not None),
        "start_join_loops": start_join_loops(tree),
        "module_level": facts.module_level(),
        "unpicklable_targets": facts.unpicklable_targets(),
        "shared_in_target": facts.shared_in_target(),
        "pipe_ends": facts.pipe_ends(),
    })
    return report


def main(paths):
    if not paths:
        sys.stderr.write("usage: check.py FILE...\n")
        return 2
    for path in paths:
        try:
            report = check(path)
        except (IOError, OSError) as err:
            report = {"file": path, "error": str(err)}
        sys.stdout.write(json.dumps(report, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
