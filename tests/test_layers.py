"""The kapmail import graph has no cycles and respects the layer contract.

The graph is read from the source by AST; no kapmail module is imported. Every import counts:
module level, lazy imports inside functions, `if TYPE_CHECKING:` blocks and relative imports.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from pathlib import Path

PACKAGE = "kapmail"
PACKAGE_DIR = Path(__file__).resolve().parent.parent / PACKAGE

Layers = Sequence[tuple[str, Sequence[str]]]

# Lowest first. A module may import modules of its own layer or of lower layers only.
LAYERS: Layers = (
    (
        "foundation",
        (
            "kapmail",
            "kapmail.errors",
            "kapmail.closest",
            "kapmail.text",
            "kapmail.i18n",
            "kapmail.placeholders",
            "kapmail.outbox",
            "kapmail.hosts",
            "kapmail.mergetags",
            "kapmail.progress",
            "kapmail.parallel",
            "kapmail.typeset",
            "kapmail.mailparse",
            "kapmail.clock",
            "kapmail.shipped",
            "kapmail.lazy",
            "kapmail.folderlock",
        ),
    ),
    ("config and content", ("kapmail.config", "kapmail.content")),
    ("plan", ("kapmail.images", "kapmail.languages", "kapmail.plan", "kapmail.sizes")),
    ("platforms", ("kapmail.platforms",)),
    (
        "render, checks, deliver, preview",
        (
            "kapmail.render",
            "kapmail.checks",
            "kapmail.deliver",
            "kapmail.send",
            "kapmail.preview",
            "kapmail.manifest",
            "kapmail.buildcache",
        ),
    ),
    ("pipeline", ("kapmail.pipeline",)),
    ("writers", ("kapmail.writers",)),
    ("commands", ("kapmail.commands",)),
    ("cli", ("kapmail.cli", "kapmail.cli_options", "kapmail.__main__")),
)


# --- the finder -----------------------------------------------------------------------------


def module_files(package_dir: Path, package: str) -> dict[str, Path]:
    """Module name -> file for every .py file under package_dir (`pkg/__init__.py` is `pkg`)."""
    modules = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [package, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _inside(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _imported_names(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> Iterable[str]:
    """Every module `tree` imports, wherever the import statement sits."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                here = module.split(".") if is_package else module.split(".")[:-1]
                if node.level - 1 >= len(here):
                    raise ValueError(f"{module}: relative import beyond the top-level package")
                base = ".".join(here[: len(here) - (node.level - 1)])
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                yield candidate if candidate in known else source


def import_graph(package_dir: Path, package: str) -> dict[str, set[str]]:
    """Module -> the modules of `package` it imports (no implicit edge to a parent package)."""
    files = module_files(package_dir, package)
    known = set(files)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names = _imported_names(tree, module, path.name == "__init__.py", known)
        graph[module] = {name for name in names if _inside(name, package)}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of size > 1, plus self-imports (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph.get(succ, ())))))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in graph.get(node, ()):
                        found.append(sorted(component))
    return sorted(found)


def cycle_path(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """A shortest import cycle through component[0] within the component: [a, b, ..., a]."""
    start, members = component[0], set(component)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for succ in sorted(graph.get(node, ())):
                if succ == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if succ in members and succ not in previous:
                    previous[succ] = node
                    following.append(succ)
        frontier = following
    return [start, start]


def unresolved(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(importer, imported) pairs whose target has no file (e.g. a folder without __init__.py)."""
    return [(src, dst) for src in sorted(graph) for dst in sorted(graph[src]) if dst not in graph]


def layer_of(module: str, layers: Layers) -> int | None:
    """Index of the layer with the longest prefix matching module (a dotless prefix: exact)."""
    best: tuple[int, int] | None = None
    for position, (_, prefixes) in enumerate(layers):
        for prefix in prefixes:
            matches = module == prefix or ("." in prefix and module.startswith(prefix + "."))
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), position)
    return None if best is None else best[1]


def unplaced(graph: dict[str, set[str]], layers: Layers) -> list[str]:
    """Modules (importers or imported) that no layer claims."""
    names = set(graph).union(*graph.values())
    return sorted(name for name in names if layer_of(name, layers) is None)


def layer_violations(graph: dict[str, set[str]], layers: Layers) -> list[tuple[str, str]]:
    """(importer, imported) pairs where a module imports from a higher layer."""
    found = []
    for importer in sorted(graph):
        low = layer_of(importer, layers)
        for imported in sorted(graph[importer]):
            high = layer_of(imported, layers)
            if low is not None and high is not None and high > low:
                found.append((importer, imported))
    return found


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


# --- the real package -----------------------------------------------------------------------


def test_the_graph_is_not_empty():
    graph = import_graph(PACKAGE_DIR, PACKAGE)
    assert len(graph) >= 10, sorted(graph)
    assert graph["kapmail.cli"], "kapmail.cli imports nothing from kapmail: the finder is broken"
    assert sum(len(targets) for targets in graph.values()) >= len(graph)


def test_no_import_cycles():
    graph = import_graph(PACKAGE_DIR, PACKAGE)
    found = cycles(graph)
    lines = [
        f"  {' -> '.join(cycle_path(graph, component))}   (component: {', '.join(component)})"
        for component in found
    ]
    assert not found, "import cycles in kapmail:\n" + "\n".join(lines)


def test_every_import_resolves_to_a_module():
    """An import of a module with no file would hide its edges from the cycle check."""
    found = unresolved(import_graph(PACKAGE_DIR, PACKAGE))
    assert not found, "imports of kapmail modules that have no file:\n" + "\n".join(
        f"  {importer} -> {imported}" for importer, imported in found
    )


def test_no_layer_violations():
    graph = import_graph(PACKAGE_DIR, PACKAGE)
    found = layer_violations(graph, LAYERS)
    lines = [
        f"  {importer} -> {imported} (layer {LAYERS[layer_of(importer, LAYERS)][0]!r} imports "
        f"layer {LAYERS[layer_of(imported, LAYERS)][0]!r})"
        for importer, imported in found
    ]
    assert not found, "imports against the layer contract:\n" + "\n".join(lines)


def test_every_module_is_placed_in_a_layer():
    missing = unplaced(import_graph(PACKAGE_DIR, PACKAGE), LAYERS)
    assert not missing, "unplaced module: add it to LAYERS in tests/test_layers.py:\n" + "\n".join(
        f"  {name}" for name in missing
    )


# --- the finder finds things ----------------------------------------------------------------


def test_finder_sees_type_checking_and_lazy_relative_imports(tmp_path: Path):
    pkg = _write(
        tmp_path / "pkg",
        {
            "__init__.py": "",
            "a.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.b import thing\n"
            ),
            "b.py": "def thing():\n    from . import a\n    return a\n",
            "c.py": "import pkg.a\n",
        },
    )
    graph = import_graph(pkg, "pkg")
    assert graph == {"pkg": set(), "pkg.a": {"pkg.b"}, "pkg.b": {"pkg.a"}, "pkg.c": {"pkg.a"}}
    found = cycles(graph)
    assert found == [["pkg.a", "pkg.b"]]
    assert cycle_path(graph, found[0]) == ["pkg.a", "pkg.b", "pkg.a"]


def test_finder_reports_no_cycle_in_an_acyclic_tree(tmp_path: Path):
    pkg = _write(
        tmp_path / "pkg",
        {
            "__init__.py": "",
            "a.py": "from pkg import b\nfrom pkg.sub import c\n",
            "b.py": "from .sub.c import value\n",
            "sub/__init__.py": "",
            "sub/c.py": "import os\nvalue = 1\n",
        },
    )
    graph = import_graph(pkg, "pkg")
    assert graph["pkg.a"] == {"pkg.b", "pkg.sub.c"}
    assert graph["pkg.b"] == {"pkg.sub.c"}
    assert graph["pkg.sub.c"] == set()
    assert "pkg.sub" not in graph["pkg.sub.c"], "no implicit edge to the parent package"
    assert cycles(graph) == []
    assert unresolved(graph) == []
    assert unresolved({"pkg.a": {"pkg.gone"}}) == [("pkg.a", "pkg.gone")]


def test_finder_resolves_relative_and_attribute_imports(tmp_path: Path):
    pkg = _write(
        tmp_path / "pkg",
        {
            "__init__.py": "VERSION = '1'\n",
            "top.py": "from pkg import VERSION\n",
            "sub/__init__.py": "from .inner import helper\nfrom . import inner\n",
            "sub/inner.py": "from ..top import VERSION\nfrom .. import top\n",
            "sub/deeper/leaf.py": "from ...sub import inner\nfrom ... import VERSION\n",
        },
    )
    graph = import_graph(pkg, "pkg")
    assert graph["pkg.top"] == {"pkg"}
    assert graph["pkg.sub"] == {"pkg.sub.inner"}
    assert graph["pkg.sub.inner"] == {"pkg.top"}
    assert graph["pkg.sub.deeper.leaf"] == {"pkg.sub.inner", "pkg"}


def test_finder_reports_self_imports(tmp_path: Path):
    pkg = _write(tmp_path / "pkg", {"__init__.py": "", "a.py": "def f():\n    import pkg.a\n"})
    assert cycles(import_graph(pkg, "pkg")) == [["pkg.a"]]


def test_layer_violation_is_reported(tmp_path: Path):
    pkg = _write(
        tmp_path / "pkg",
        {
            "__init__.py": "",
            "low.py": "def f():\n    from pkg.high.part import x\n",
            "high/__init__.py": "",
            "high/part.py": "from pkg import low\nx = 1\n",
        },
    )
    layers = (("low", ("pkg", "pkg.low")), ("high", ("pkg.high",)))
    graph = import_graph(pkg, "pkg")
    assert layer_violations(graph, layers) == [("pkg.low", "pkg.high.part")]
    assert unplaced(graph, layers) == []
    assert unplaced(graph, (("low", ("pkg.low",)),)) == ["pkg", "pkg.high", "pkg.high.part"]


def test_layer_of_matches_the_package_root_exactly():
    assert layer_of("kapmail", LAYERS) == 0
    assert layer_of("kapmail.errors", LAYERS) == 0
    assert layer_of("kapmail.render.utm", LAYERS) == 4
    assert layer_of("kapmail.config.load", LAYERS) == 1
    assert layer_of("kapmail.__main__", LAYERS) == len(LAYERS) - 1
    assert layer_of("kapmail.unheard_of", LAYERS) is None
    assert layer_of("kapmail.configuration", LAYERS) is None


MAX_LINES = 300


def test_no_module_is_over_300_lines_without_saying_why():
    """Small modules with one job: a longer one explains itself in its docstring."""
    long = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(source)) or ""
        if source.count("\n") > MAX_LINES and f"{MAX_LINES} lines" not in doc:
            long.append(f"{path.relative_to(PACKAGE_DIR.parent)} ({source.count(chr(10))} lines)")
    assert not long, f"over {MAX_LINES} lines with no reason in the docstring: {long}"


# The helpers commands share; every other module in kapmail/commands/ is one command.
COMMAND_HELPERS = (
    "kapmail.commands",
    "kapmail.commands.each",
    "kapmail.commands.printing",
)
MAX_PARAMETERS = 5


def command_modules(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        name
        for name in graph
        if name.startswith("kapmail.commands.") and name not in COMMAND_HELPERS
    )


def test_no_command_imports_another_command():
    """A command reaches what it shares through a lower module (`writers`, `pipeline`) or a
    helper of commands/, never through another command."""
    graph = import_graph(PACKAGE_DIR, PACKAGE)
    commands = set(command_modules(graph))
    assert {"kapmail.commands.build", "kapmail.commands.send"} <= commands
    found = [(name, other) for name in sorted(commands) for other in sorted(graph[name] & commands)]
    assert not found, f"a command imports another command: {found}"


def test_no_function_in_commands_takes_more_than_five_parameters():
    """Options travel as one typed object, not as a long list of arguments."""
    long = []
    for path in sorted((PACKAGE_DIR / "commands").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = node.args
                count = (
                    len([*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs])
                    + bool(arguments.vararg)
                    + bool(arguments.kwarg)
                )
                if count > MAX_PARAMETERS:
                    long.append(f"{path.name}:{node.lineno} {node.name} ({count})")
    assert not long, f"functions in commands/ over {MAX_PARAMETERS} parameters: {long}"


def test_the_command_rule_sees_a_command_importing_another(tmp_path: Path):
    root = _write(
        tmp_path / "kapmail",
        {
            "__init__.py": "",
            "commands/__init__.py": "",
            "commands/each.py": "",
            "commands/build.py": "from kapmail.commands import each\n",
            "commands/preview.py": "from kapmail.commands.build import run\n",
        },
    )
    graph = import_graph(root, "kapmail")
    assert command_modules(graph) == ["kapmail.commands.build", "kapmail.commands.preview"]
    assert graph["kapmail.commands.preview"] & set(command_modules(graph)) == {
        "kapmail.commands.build"
    }
