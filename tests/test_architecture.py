"""The package's folders are the pipeline's layers, and no module imports from a layer above its own."""
import ast
from pathlib import Path

import qnindex

LAYERS = ["core", "data", "indices", "analysis", "render", "pipeline"]
PACKAGE = Path(qnindex.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("qnindex"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("qnindex"))
    return found


def test_every_module_lives_in_a_layer():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert loose == []
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(LAYERS)


def test_no_import_runs_upward():
    upward = []
    for layer in LAYERS:
        for path in (PACKAGE / layer).rglob("*.py"):
            for module in _imports(path):
                parts = module.split(".")
                if len(parts) > 1 and parts[1] in LAYERS and LAYERS.index(parts[1]) > LAYERS.index(layer):
                    upward.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert upward == []


def test_relative_imports_are_not_used():
    """Absolute imports say which layer a name comes from."""
    relative = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                if any(isinstance(n, ast.ImportFrom) and n.level for n in ast.walk(ast.parse(p.read_text())))]
    assert relative == []
