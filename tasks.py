"""The project's commands on any system, with nothing but Python 3.11+ (Windows: ``py tasks.py ...``).

    python tasks.py report [--year 2019 ...]   set up .venv from the lock, then build a year's pack
    python tasks.py test [pytest arguments]    set up .venv from the lock, then run the test suite
    python tasks.py setup                      only set up .venv (exact versions of requirements.lock; qnindex's
                                               bytecode compiled, every command refreshes it)
    python tasks.py setup --lab                the same with JupyterLab, for researchers (requirements-lab.lock)
    python tasks.py lab                        set up .venv with JupyterLab, then open the notebooks in it
    python tasks.py lock                       refresh both locks from pyproject.toml (needs the network)
    python tasks.py bench [arguments]          benchmarks/run.py (README, Performance)

`make report` and `make test` call the same commands. The environment is ``.venv/`` in the project, made
with this Python's ``venv`` and filled by pip with exactly the versions (and hashes) of requirements.lock —
what building packs and testing need; requirements-lab.lock is the same lock with JupyterLab added, for researchers
(its versions of every other package are the base lock's). The environment is set up again only when a lock or
pyproject.toml changed. Standard library only: this file runs before anything is installed.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
LAB_LOCK = ROOT / "requirements-lab.lock"  # the base lock and JupyterLab (pyproject.toml's extra "lab")
STAMP = VENV / "qnindex-installed.txt"
# the tool that writes the lock (a universal resolution: one file for Linux, macOS and Windows)
UV = "uv==0.13.9"
LOCK_HEADER = ("# The exact versions (and hashes) of every package qnindex installs, for Linux, macOS and Windows.\n"
               "# Written by `python tasks.py lock` (uv pip compile --universal) from pyproject.toml; do not edit by hand.\n")
LOCK_PYTHON = "3.11.5"  # the oldest Python the lock resolves for (requires-python; soupsieve needs 3.11.5)


def venv_python() -> Path:
    """The environment's interpreter: ``.venv\\Scripts\\python.exe`` on Windows, ``.venv/bin/python`` elsewhere."""
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _say(vi: str, en: str) -> None:
    print(f"qnindex: {en if os.environ.get('QNINDEX_LANG') == 'en' else vi}", flush=True)


def _run(*command: str | Path) -> int:
    return subprocess.call([str(c) for c in command], cwd=ROOT)


def _wanted(lock: Path) -> str:
    """What the installed environment must match: the lock and the project's own metadata."""
    digest = hashlib.sha256(lock.name.encode())
    for path in (lock, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def setup(lab: bool = False) -> int:
    """Make ``.venv`` hold exactly the lock's versions and qnindex itself (editable); a no-op when it already does.
    ``lab``: the lab lock (JupyterLab too); an environment set up with it serves the other commands as well."""
    if sys.version_info < (3, 11):
        _say("cần Python 3.11 trở lên (python.org)", "Python 3.11 or newer is needed (python.org)")
        return 2
    lock = LAB_LOCK if lab else LOCK
    wanted = _wanted(lock)
    installed = STAMP.read_text(encoding="utf-8").strip() if venv_python().exists() and STAMP.exists() else ""
    if installed == wanted or (not lab and installed == _wanted(LAB_LOCK)):
        compile_package()
        return 0
    start = time.monotonic()
    _say(f"cài đặt môi trường vào {VENV.name} theo {lock.name} (lần đầu khoảng 1–3 phút) ...",
         f"installing the environment into {VENV.name} from {lock.name} (1–3 minutes the first time) ...")
    if not venv_python().exists():
        rc = _run(sys.executable, "-m", "venv", VENV)
        if rc:
            return rc
    quiet = [] if sys.stdout.isatty() else ["--quiet"]
    pip = [venv_python(), "-m", "pip", "install", "--disable-pip-version-check", *quiet]
    rc = _run(*pip, "--require-hashes", "-r", lock) or _run(*pip, "--no-deps", "-e", ".")
    if rc:
        return rc
    STAMP.write_text(wanted + "\n", encoding="utf-8")
    compile_package()
    _say(f"môi trường đã sẵn sàng ({time.monotonic() - start:.0f} giây)",
         f"the environment is ready ({time.monotonic() - start:.0f} s)")
    return 0


def compile_package() -> None:
    """Compile qnindex's modules to bytecode with the environment's Python, the changed ones only, as pip does for
    every package of the lock at install (an editable install does not): where Python writes no bytecode when it
    imports (PYTHONDONTWRITEBYTECODE, as on CI machines and in many containers), each process of a pack (the
    command, its kernel) would otherwise compile the whole package again, a fifth of a second each. Not a step that
    can fail: a module that does not compile is listed here and fails where it is imported, as without this."""
    _run(venv_python(), "-m", "compileall", "-q", ROOT / "qnindex")


def lock() -> int:
    """Resolve pyproject.toml's dependencies again for every platform and write requirements.lock (with hashes), then
    requirements-lab.lock: the same resolution with JupyterLab, every shared package at the base lock's version."""
    tool = ROOT / ".lock-tool"
    python = tool / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists() and _run(sys.executable, "-m", "venv", tool):
        return 1
    if _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", UV):
        return 1
    compile_ = [python, "-m", "uv", "pip", "compile", "pyproject.toml", "--extra", "test", "--universal",
                "--python-version", LOCK_PYTHON, "--generate-hashes", "--no-header"]
    rc = _run(*compile_, "--upgrade", "-o", LOCK.name)
    if rc == 0:  # the lab lock starts from the base lock: uv keeps the versions it finds in its output file
        LAB_LOCK.write_text(LOCK.read_text(encoding="utf-8"), encoding="utf-8")
        rc = _run(*compile_, "--extra", "lab", "-o", LAB_LOCK.name)
    if rc == 0:
        for path, what in ((LOCK, ""), (LAB_LOCK, " with JupyterLab (the extra 'lab')")):
            path.write_text(LOCK_HEADER.replace("qnindex installs", f"qnindex installs{what}")
                            + path.read_text(encoding="utf-8"), encoding="utf-8")
    return rc


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "lock":
        return lock()
    if command not in ("setup", "report", "test", "bench", "lab"):
        print(__doc__)
        return 2
    rc = setup(lab=command == "lab" or "--lab" in rest)
    if rc or command == "setup":
        return rc
    if command == "lab":
        scripts = venv_python().parent
        return _run(scripts / ("jupyter-lab.exe" if os.name == "nt" else "jupyter-lab"), ROOT / "notebooks", *rest)
    if command == "report":
        return _run(venv_python(), "-m", "qnindex", "report", *(rest or ["--year", "2019"]))
    if command == "bench":
        return _run(venv_python(), ROOT / "benchmarks" / "run.py", *rest)
    rc = _run(venv_python(), "-m", "pytest", *rest)
    if rc == 5:  # pytest collected no test: a failure, not a pass
        print("pytest collected no tests: failing")
        return 1
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
