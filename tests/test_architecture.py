"""The shape of the package, checked: layers imported only downward, no import cycle, no private
name of another library, function-level imports only where a slow library is deferred (that the
core imports no Textual at all is checked by running it, in test_layers.py).

Read from the source (ast), not by importing it, so a check cannot be fooled by import order.
See the README, "How it is built".
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tui"

#: Each top-level part of the package and its layer: a module may import its own layer and
#: those below it, never above. model and text are the floor; cli is the roof (it starts the app).
LAYERS = {
    "tui.model": 0,
    "tui.text": 0,
    "tui.i18n": 0,
    "tui.bundled": 0,  # where the bundled report is: the installed package's data, or the checkout
    "tui.parse": 1,
    "tui.library": 2,
    "tui.search": 3,
    "tui.analysis": 3,
    "tui.app": 4,
    "tui.cli": 5,
    "tui.__main__": 6,
    "tui": 0,  # the package's face: its version only
}
MAX_DEFERRED_IMPORTS = 20  # slow libraries, and our own slow parts (parser, analysis, views) kept past the first paint
#: Names that start with "_" but are documented public API: os._exit (leave at once, no cleanup).
DOCUMENTED = {"_exit"}
#: The one exception, kept to two modules: the index writer and the posting-list reader work on
#: whoosh-reloaded 2.7.5's codec (its block writer, term table and leaf matchers) to build 1,000
#: reports in ~7x SQLite FTS5's time instead of ~20x and read a posting list in one file read.
#: The version is pinned exactly in pyproject.toml (test_whoosh_is_pinned_exactly) and
#: tests/test_search_writer.py proves what they write and read equals Whoosh's own.
WHOOSH_CODEC = {
    "tui.search.collect": {"_postfile", "_read_ids", "_read_weights", "_next_block"},
    "tui.search.writer": {
        *("_postwriter", "_blocklimit", "_compression", "_inlinelimit", "_tindex", "_fieldid", "_write_block"),
        *("_check_state", "_check_fields", "_merge_segments", "_commit_toc", "_finish", "_close_segment"),
        "_finalize_segment",
    },
}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()
TREES = {name: ast.parse(path.read_text("utf-8")) for name, path in MODULES.items()}


def layer(module: str) -> int:
    best = max((prefix for prefix in LAYERS if module == prefix or module.startswith(prefix + ".")), key=len)
    return LAYERS[best]


def imports(name: str) -> list[tuple[str, int, bool]]:
    """(imported tui module, line, inside a function) for every import of our own modules."""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found = []
    tree = TREES[name]
    in_function = {id(node) for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
                   for node in ast.walk(fn)}  # fmt: skip
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:  # `from tui.library import paths` imports the submodule
                sub = f"{base}.{alias.name}"
                targets.append(sub if sub in MODULES else base)
        for target in targets:
            if target == "tui" or target.startswith("tui."):
                found.append((target, node.lineno, id(node) in in_function))
    return found


def type_checking_lines(name: str) -> set[int]:
    """Lines inside `if TYPE_CHECKING:` blocks (imports for annotations only)."""
    lines = set()
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def test_every_module_has_a_layer():
    assert all(layer(name) >= 0 for name in MODULES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_only_go_down(name):
    upward = [(target, line) for target, line, _ in imports(name) if layer(target) > layer(name)]
    assert not upward, f"{name} (layer {layer(name)}) imports from above: {upward}"


def test_no_import_cycle():
    graph = {name: set() for name in MODULES}
    for name in MODULES:
        skip = type_checking_lines(name)
        graph[name] = {target for target, line, _ in imports(name) if target in MODULES and line not in skip}
        graph[name].discard(name)
    cycles = _strongly_connected(graph)
    assert not cycles, f"import cycles: {cycles}"


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the strongly connected parts with more than one module."""
    index, low, on_stack, stack, result = {}, {}, set(), [], []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            part = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                part.append(member)
                if member == node:
                    break
            if len(part) > 1:
                result.append(sorted(part))

    for node in graph:
        if node not in index:
            visit(node)
    return result


def _our_private_names() -> set[str]:
    names = set()
    for tree in TREES.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name.startswith("_"):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
    return {name for name in names if name.startswith("_")}


def test_no_private_name_of_another_library():
    ours = _our_private_names()
    dunder = re.compile(r"^__\w+__$")
    found = []
    for name, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not dunder.match(node.attr):
                if node.attr not in ours | DOCUMENTED | WHOOSH_CODEC.get(name, set()):
                    found.append(f"{name}:{node.lineno} .{node.attr}")
            elif isinstance(node, ast.ImportFrom) and node.module and not node.module.startswith("tui"):
                private = [part for part in node.module.split(".") if part.startswith("_") and not dunder.match(part)]
                private += [alias.name for alias in node.names if alias.name.startswith("_")]
                if private:
                    found.append(f"{name}:{node.lineno} from {node.module} import {private}")
    assert not found, found


def test_whoosh_is_pinned_exactly():
    """The codec internals of WHOOSH_CODEC exist only in the version they were written for."""
    import tomllib
    from importlib.metadata import version

    from whoosh.codec.whoosh3 import W3FieldWriter, W3LeafMatcher, W3PostingsWriter, W3TermsReader
    from whoosh.writing import SegmentWriter

    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text("utf-8"))["project"]
    assert "whoosh-reloaded==2.7.5" in project["dependencies"]
    assert version("whoosh-reloaded") == "2.7.5"
    for cls, names in (
        (W3LeafMatcher, ("_read_ids", "_read_weights", "_next_block")),
        (W3FieldWriter, ("start_field", "start_term", "finish_term")),
        (W3PostingsWriter, ("_write_block",)),
        (SegmentWriter, ("_check_state", "_check_fields", "_merge_segments", "_commit_toc", "_finish")),
        (SegmentWriter, ("_close_segment", "_finalize_segment")),
        (W3TermsReader, ("term_info",)),
    ):
        missing = [name for name in names if not hasattr(cls, name)]
        assert not missing, (cls, missing)


def test_function_level_imports_only_defer_slow_libraries_and_say_so():
    deferred = []
    for name, tree in TREES.items():
        source = MODULES[name].read_text("utf-8").splitlines()
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    line = source[node.lineno - 1]
                    deferred.append(f"{name}:{node.lineno}")
                    assert "#" in line, f"{name}:{node.lineno} defers an import without saying why: {line.strip()}"
    assert len(set(deferred)) <= MAX_DEFERRED_IMPORTS, deferred
