"""The environment is locked: requirements.lock holds the exact version of every package on every platform,
pyproject.toml's dependencies are what the lock was resolved from, environment.yml installs the same lock, and the
environment the tests run in is the lock's."""
import re
import tomllib
from pathlib import Path

import pytest
from importlib import metadata

import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO


def _lock(name: str = "requirements.lock") -> dict[str, list[tuple[str, str]]]:
    """The lock's pins: name -> [(version, marker)] (a package may be pinned per platform or Python)."""
    pins: dict[str, list[tuple[str, str]]] = {}
    text = (REPO / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if m:
            pins.setdefault(canonicalize_name(m.group(1)), []).append((m.group(2), (m.group(3) or "").strip()))
    return pins


def _declared(lab: bool = True) -> list[Requirement]:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = list(pyproject["project"]["dependencies"])
    for name, extra in pyproject["project"]["optional-dependencies"].items():
        if lab or name != "lab":
            declared += extra
    return [Requirement(r) for r in declared]


def test_every_line_of_the_lock_is_an_exact_version_with_hashes():
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2].strip())
    assert len(entries) > 100
    for entry in entries:
        assert "==" in entry.splitlines()[0] and "--hash=sha256:" in entry, entry.splitlines()[0]


@pytest.mark.parametrize("lock, lab", [("requirements.lock", False), ("requirements-lab.lock", True)])
def test_pyproject_asks_for_what_the_lock_pins(lock, lab):
    pins = _lock(lock)
    for requirement in _declared(lab):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is declared but not locked: run `python tasks.py lock`"
        assert all(requirement.specifier.contains(version) for version, _m in pins[name]), (name, pins[name])
        assert str(requirement.specifier).startswith(">="), f"{name}: pyproject keeps lower bounds, the lock pins"


def test_environment_yml_installs_the_same_lock():
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert conda == ["python=3.11", "pip"]  # nothing else from conda: every package comes from the lock
    assert pip == ["-r requirements.lock"]


def test_the_environment_is_the_lock():
    """Every package the lock pins for this platform and Python is installed at exactly that version."""
    wrong = []
    for name, pins in _lock().items():
        wanted = [v for v, marker in pins if not marker or Marker(marker).evaluate()]
        if not wanted:
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != wanted[0]:
            wrong.append(f"{name}: {installed}, lock {wanted[0]}")
    assert wrong == [], "run `python tasks.py setup` (or `make setup`)"


def test_the_code_declares_what_it_imports():
    """Every third-party module qnindex imports is a declared dependency (or installed by one it declares)."""
    import ast
    import sys

    provided = {canonicalize_name(r.name) for r in _declared()}
    module_of = {"yaml": "pyyaml", "pptx": "python-pptx", "PIL": "pillow", "IPython": "ipython", "babel": "babel",
                 "markdown_it": "markdown-it-py"}
    used = set()
    for path in (REPO / "qnindex").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            used |= {n.partition(".")[0] for n in names}
    third_party = {m for m in used if m not in sys.stdlib_module_names and m != "qnindex"}
    missing = sorted(m for m in third_party if canonicalize_name(module_of.get(m, m)) not in provided)
    assert missing == []


def test_makefile_and_ci_use_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:sh|bash)?\n(.*?)```", readme, flags=re.S)[0].split("\n")
    commands = [c.split("#")[0].strip() for c in commands if c.split("#")[0].strip()]
    assert commands[:2] == ["make report", "make test"]
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "tasks.py test" in makefile and "tasks.py report" in makefile  # the same commands as on Windows


def test_the_lab_lock_is_the_lock_with_jupyterlab_added():
    """A server or CI builds packs from requirements.lock alone: no JupyterLab (and no jsonschema format grammar,
    whose import cost a second in every process of the job). Researchers install requirements-lab.lock (`make lab`):
    every package of the base lock at the same version, JupyterLab and what it needs added."""
    base, lab = _lock(), _lock("requirements-lab.lock")
    versions = {name: sorted({v for v, _m in pins}) for name, pins in lab.items() if name in base}
    assert versions == {name: sorted({v for v, _m in pins}) for name, pins in base.items()}
    assert "jupyterlab" in lab and "jupyterlab" not in base and "rfc3987-syntax" not in base
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert [r.startswith("jupyterlab") for r in pyproject["project"]["optional-dependencies"]["lab"]] == [True]
    assert not any(r.startswith("jupyterlab") for r in pyproject["project"]["dependencies"])


def test_setup_compiles_the_package_once_and_then_only_what_changed(tmp_path, monkeypatch):
    """`tasks.py setup` (every `make` command) leaves the package compiled to bytecode with the environment's Python,
    as pip leaves every other package: a process that imports it reads bytecode, even where Python writes none itself
    (PYTHONDONTWRITEBYTECODE). A second run compiles only the module that changed; one that does not compile is
    said and does not stop the command."""
    import importlib.util
    import os
    import sys

    spec = importlib.util.spec_from_file_location("tasks_under_test", REPO / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    package = tmp_path / "qnindex"
    (package / "core").mkdir(parents=True)
    modules = [package / "__init__.py", package / "core" / "paths.py", package / "core" / "text.py"]
    for i, module in enumerate(modules):
        module.write_text(f"VALUE = {i}\n", encoding="utf-8")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks, "venv_python", lambda: Path(sys.executable))

    def compiled(module: Path) -> bytes | None:
        cached = Path(importlib.util.cache_from_source(str(module)))
        return cached.read_bytes() if cached.exists() else None

    tasks.compile_package()
    first = {m: compiled(m) for m in modules}
    assert all(first.values())
    for module, code in first.items():  # each file is the current source's: its size in the header (PEP 552)
        assert int.from_bytes(code[12:16], "little") == module.stat().st_size
    changed = modules[2]
    changed.write_text("VALUE = 'a longer value now'\n", encoding="utf-8")
    os.utime(changed, (changed.stat().st_atime, changed.stat().st_mtime + 2))  # edited later (compileall: seconds)
    (package / "broken.py").write_text("def (:\n", encoding="utf-8")
    tasks.compile_package()
    assert {m: compiled(m) for m in modules[:2]} == {m: first[m] for m in modules[:2]}
    assert compiled(changed) != first[changed]
    assert int.from_bytes(compiled(changed)[12:16], "little") == changed.stat().st_size
    assert compiled(package / "broken.py") is None
