"""The parser, the interchange format and the SMART checker are plain Python."""

import subprocess
import sys


def test_the_plain_python_layers_import_without_django():
    modules = [
        "followthrough.interchange",
        "followthrough.parsing",
        "followthrough.smart",
        "followthrough.learning",
        "followthrough.cli",
        "followthrough.sandbox",
        "followthrough.sheets",
        "followthrough.clocks.calendar",
        "followthrough.clocks.rules",
        "followthrough.clocks.engine",
    ]
    code = (
        "import sys, importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_bundled_demo_seed_is_the_shared_seed():
    from followthrough.demo.loader import seed_document
    from tests.conftest import SEED_TEXT

    assert seed_document() == SEED_TEXT.read_bytes()


# Import contracts between the packages under src/followthrough (docs/architecture.md).
def _package_imports():
    """(package, imported module, file) for every import of one package by another."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "src" / "followthrough"
    packages = {p.name for p in root.iterdir() if (p / "__init__.py").exists()}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if len(parts) < 2 or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            else:
                continue
            for module in modules:
                bits = module.split(".")
                if bits[0] == "followthrough" and len(bits) > 1 and bits[1] in packages:
                    if bits[1] != parts[0]:
                        yield parts[0], module, path.relative_to(root)


def test_no_package_imports_another_packages_views():
    found = [
        f"{path} imports {module}"
        for _, module, path in _package_imports()
        if any(bit == "views" or bit.endswith("_views") for bit in module.split(".")[2:3])
    ]
    assert found == []


def test_the_packages_depend_on_each_other_without_a_circle():
    from collections import defaultdict

    graph = defaultdict(set)
    for package, module, _ in _package_imports():
        graph[package].add(module.split(".")[1])

    def reaches(start, goal, seen):
        for nxt in graph[start]:
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    circles = sorted(f"{a} -> {b}" for a in list(graph) for b in graph[a] if reaches(b, a, {b}))
    assert circles == []
