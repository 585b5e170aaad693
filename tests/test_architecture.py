"""The package's shape (ARCHITECTURE.md), read from the code itself.

The imports are walked with `ast`, function-level ones included: a stage
imports only the stages before it, no module imports itself back through
others, and only the adapter imports MkDocs or Material.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"
JS = ROOT / "overrides" / "assets" / "javascripts"
# The pipeline's stages in order; a module may import its own stage and earlier ones.
STAGES = ["heap", "parallel", "model", "regions", "urls", "source", "scoring", "synthesis", "site", "adapter", "cli", "__main__"]
MAX_FUNCTION_LINES = 60
MAX_JS_LINES = 300


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path) -> list[tuple[str, int]]:
    """(absolute module, line) of every import in the file, resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # `from . import urls` imports a module, not a name
            found += [(f"{target}.{a.name}", node.lineno) for a in node.names if f"{target}.{a.name}" in modules()]
    return found


def own(target: str) -> str | None:
    """The project module an import refers to (the longest known prefix)."""
    known = modules()
    while target:
        if target in known:
            return target
        target = target.rpartition(".")[0]
    return None


def stage(module: str) -> int:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 else -1


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for name, path in modules().items():
        targets = {own(t) for t, _ in imports(path)}
        edges[name] = {t for t in targets if t and t != name and t != "generator"}
    return edges


def test_every_module_has_a_stage():
    unknown = [m for m in modules() if m != "generator" and m.split(".")[1] not in STAGES]
    assert unknown == []


def test_no_import_from_a_later_stage():
    wrong = []
    for name, path in modules().items():
        for target, line in imports(path):
            mod = own(target)
            if mod and mod != "generator" and stage(mod) > stage(name):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {mod}")
    assert wrong == []


def test_no_import_cycle():
    edges = graph()
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_only_the_adapter_imports_mkdocs():
    wrong = []
    for name, path in modules().items():
        if name.startswith("generator.adapter"):
            continue
        for target, line in imports(path):
            if target.split(".")[0] in ("mkdocs", "material"):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert wrong == []


def test_the_walker_sees_function_level_imports(tmp_path):
    """The checks above would pass on anything if `imports` missed lazy imports."""
    found = {t for t, _ in imports(PACKAGE / "cli" / "main.py")}
    assert "generator.adapter.build" in found  # imported inside cmd_build
    assert "generator.source" in {own(t).rpartition(".")[0] for t in found if own(t)}


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_functions_are_short(path):
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lignes)"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == []


@pytest.mark.parametrize("path", sorted(JS.glob("*.js")), ids=lambda p: p.name)
def test_browser_modules_are_short(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_JS_LINES, f"{path.name}: {lines} lignes"


def _js_functions(text: str):
    """(name, lines) of each function or method: from its header to the
    brace that closes it, counted on code without strings and comments."""
    code = re.sub(r"//[^\n]*|/\*.*?\*/|`(?:\\.|[^`\\])*`|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'",
                  lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    header = re.compile(r"^\s*(?:export\s+)?(?:async\s+)?(?:function\s*\*?\s*(\w+)|(?:static\s+)?(?:async\s+)?(\w+)\s*\([^;{}]*\)\s*\{)", re.M)
    for m in header.finditer(code):
        name = m.group(1) or m.group(2)
        if name in ("if", "for", "while", "switch", "catch", "function", "return"):
            continue
        start = code.index("{", m.start())
        depth = 0
        for i in range(start, len(code)):
            depth += {"{": 1, "}": -1}.get(code[i], 0)
            if depth == 0:
                yield name, code.count("\n", m.start(), i) + 1
                break


@pytest.mark.parametrize("path", sorted(JS.glob("*.js")), ids=lambda p: p.name)
def test_browser_functions_are_short(path):
    long = [f"{n} ({k} lignes)" for n, k in _js_functions(path.read_text(encoding="utf-8")) if k > MAX_FUNCTION_LINES]
    assert long == []


def test_the_js_function_counter_counts():
    text = "export function a(x) {\n  if (x) {\n    return '}';\n  }\n}\nclass B {\n  m() {\n    return 1;\n  }\n}\n"
    assert dict(_js_functions(text)) == {"a": 5, "m": 3}
