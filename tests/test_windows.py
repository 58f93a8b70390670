"""The same code on Linux, macOS and Windows.

CI has no Windows: it builds packs here with what Windows lacks taken away (tests/windows_like/sitecustomize.py: no
POSIX-only module for qnindex, no fork or pwrite, spawn only, no libc, a text file opened without its encoding is an
error), and checks the code for POSIX-only calls, for names Windows forbids and for paths too long for it.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, ROOT

WINDOWS_LIKE = REPO / "tests" / "windows_like"
POSIX_ONLY_MODULES = {"fcntl", "termios", "tty", "pty", "resource", "pwd", "grp", "posix", "crypt", "syslog", "spwd",
                      "nis", "readline"}
POSIX_ONLY_CALLS = {"os": {"fork", "forkpty", "pwrite", "pread", "killpg", "getpgid", "setsid", "setpgrp", "getuid",
                           "geteuid", "getgid", "chown", "lchown", "mkfifo", "sync", "nice", "wait3", "wait4"},
                    "signal": {"SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "pause",
                               "alarm", "setitimer"}}


def _windows_like_env(project: Path, cache: Path) -> dict[str, str]:
    env = dict(os.environ, QNINDEX_ROOT=str(project), QNINDEX_CACHE=str(cache), PYTHONWARNDEFAULTENCODING="1",
               PYTHONPATH=os.pathsep.join([str(WINDOWS_LIKE), str(REPO), os.environ.get("PYTHONPATH", "")]),
               QNINDEX_DPI="60")
    env.pop("QNINDEX_RAW", None)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=600)


# ----------------------------------------------------------------------------- the simulation itself

def test_the_windows_like_python_takes_away_what_windows_lacks(tmp_path):
    """The simulation is real: qnindex's modules cannot import fcntl, fork does not exist, libc does not load, and
    a text file opened without an encoding by qnindex is an error (while other code is left alone)."""
    probe = tmp_path / "probe.txt"
    script = f"""
import os, ctypes, multiprocessing
assert not hasattr(os, "fork") and not hasattr(os, "pwrite")
assert multiprocessing.get_start_method() == "spawn"
try:
    exec("import fcntl", {{"__name__": "qnindex.probe"}})
except ModuleNotFoundError as err:
    print("halted:", err)
import fcntl  # a library's own import is left alone
try:
    ctypes.CDLL("libc.so.6")
except OSError:
    print("no libc")
try:
    exec("open({str(probe)!r}, 'w').close()", {{"__name__": "qnindex.probe"}})
except EncodingWarning:
    print("encoding named")
open({str(probe)!r}, "w").close()  # not qnindex's
"""
    done = _run(["-c", script], _windows_like_env(tmp_path, tmp_path / "cache"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["halted: import of fcntl halted", "no libc", "encoding named"]


# ----------------------------------------------------------------------------- packs built as on Windows

@pytest.fixture(scope="module")
def windows_project(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A copy of the project, with a cache of its own (every raw file is read again, as on a new machine)."""
    root = tmp_path_factory.mktemp("windows") / "project"
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("*.ipynb"))
    return root, _windows_like_env(root, root.parent / "cache")


def test_a_year_builds_and_publishes_as_on_windows(windows_project):
    project, env = windows_project
    done = _run(["-m", "qnindex", "report", "--year", "2019"], env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "2019: đã công bố bộ kết quả" in done.stdout
    assert "Traceback" not in done.stderr and "EncodingWarning" not in done.stderr
    for name in ("reports/2019/briefing.pptx", "reports/2019/report.html", "reports/2019/report_en.html",
                 "figures/2019/scorecard_vi.png", "data/processed/2019/ledger_vi.csv"):
        assert (project / name).is_file(), name
    for csv in (project / "data/processed/2019").glob("*.csv"):  # every CSV opens in Excel with its Vietnamese
        assert csv.read_bytes().startswith(b"\xef\xbb\xbf"), csv.name
    assert not (project / ".qnindex-staging" / "2019").exists()
    manifest = json.loads((project / "reports/2019/manifest.json").read_text(encoding="utf-8"))
    lock = hashlib.sha256((REPO / "requirements.lock").read_bytes()).hexdigest()
    assert manifest["versions"]["requirements.lock"] == f"sha256:{lock}"  # which lock the pack was built from


def test_two_years_build_side_by_side_as_on_windows(windows_project):
    project, env = windows_project
    done = _run(["-m", "qnindex", "report", "--years", "2017-2018", "--jobs", "2"], env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "2017: đã công bố" in done.stdout and "2018: đã công bố" in done.stdout
    assert "Traceback" not in done.stderr
    assert (project / "reports/2017/briefing.pptx").is_file() and (project / "reports/2018/briefing.pptx").is_file()


# ----------------------------------------------------------------------------- the code, read

def _project_modules() -> list[Path]:
    return sorted((REPO / "qnindex").rglob("*.py")) + [REPO / "tasks.py"]


def _guarded(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Inside ``try: ... except ImportError`` or a branch on the platform (``sys.platform``, ``os.name``)."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Try) and any(
                h.type is None or "ImportError" in ast.unparse(h.type) or "ModuleNotFoundError" in ast.unparse(h.type)
                for h in node.handlers):
            return True
        if isinstance(node, ast.If) and re.search(r"sys\.platform|os\.name|platform\.system", ast.unparse(node.test)):
            return True
    return False


def test_no_module_uses_what_windows_lacks_outside_a_guarded_branch():
    found = []
    for path in _project_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        where = path.relative_to(REPO).as_posix()
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name.partition(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module.partition(".")[0]]
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                    node.attr in POSIX_ONLY_CALLS.get(node.value.id, ()):
                names = [f"{node.value.id}.{node.attr}"]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    re.fullmatch(r"libc\.so(\.\d+)?|ipc|fork|forkserver", node.value):
                names = [repr(node.value)]
            for name in names:
                if (name in POSIX_ONLY_MODULES or "." in name or name.startswith("'")) and not _guarded(node, parents):
                    found.append(f"{where}:{node.lineno} {name}")
    assert found == []


NOT_TEXT_OPENERS = {"os", "zipfile", "tarfile", "gzip", "webbrowser"}


def test_every_text_file_the_code_opens_names_its_encoding():
    """open(), read_text(), write_text() in text mode always say which encoding (Windows would use cp1258)."""
    found = []
    for path in _project_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in ("open", "read_text", "write_text") or any(k.arg == "encoding" for k in node.keywords):
                continue
            method = isinstance(node.func, ast.Attribute)  # path.open(mode), or the builtin open(file, mode)
            owner = node.func.value.id if method and isinstance(node.func.value, ast.Name) else ""
            if name == "open" and method and (not owner or owner[0].isupper() or owner in NOT_TEXT_OPENERS):
                continue  # Image.open, os.open, zipfile.open, a workbook's open: not a text file
            mode = next((a.value for a in node.args[(0 if method else 1):][:1] if isinstance(a, ast.Constant)), "") \
                if name == "open" else ""
            mode = next((k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)),
                        mode)
            if "b" not in str(mode):
                found.append(f"{path.relative_to(REPO).as_posix()}:{node.lineno} {ast.unparse(node)[:80]}")
    assert found == []


WINDOWS_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?", re.I)
# a typical place for the project on a Windows laptop: C:\Users\<name>\Documents\qnindex\
WINDOWS_ROOT = len("C:\\Users\\nguyen.van.an\\Documents\\qnindex\\")


def test_every_output_name_is_allowed_on_windows_and_fits_its_path_limit(windows_project):
    """No character or name Windows forbids, no name that differs only by case, and every path (staged ones too,
    which are longer) within 260 characters from a typical Documents folder."""
    project, _env = windows_project
    built = [p for sub in ("figures", "data/processed", "reports") for p in (project / sub).rglob("*")]
    assert len(built) > 100, "the packs of the tests above were not built"
    problems = []
    for path in built:
        rel = path.relative_to(project).as_posix()
        staged = f".qnindex-staging/2019/new/{rel}"
        if re.search(r'[<>:"\\|?*\x00-\x1f]', path.name) or WINDOWS_RESERVED.fullmatch(path.name) \
                or path.name.endswith((" ", ".")):
            problems.append(f"forbidden name: {rel}")
        if WINDOWS_ROOT + len(staged) >= 260:
            problems.append(f"too long: {rel} ({WINDOWS_ROOT + len(staged)})")
    names = [p.relative_to(project).as_posix().lower() for p in built]
    problems += [f"differs only by case: {n}" for n in sorted({n for n in names if names.count(n) > 1})]
    assert problems == []
