"""Python with what Windows lacks taken away, for the project's own code (tests/test_windows.py).

Put first on PYTHONPATH, this file runs at the start of every Python process of a test: the test's command, its
``--jobs`` workers and its kernels. It makes Linux behave as Windows would for qnindex:

- a POSIX-only module (fcntl, termios, resource, ...) imported by a module of qnindex raises
  ``ModuleNotFoundError: import of fcntl halted`` (third-party libraries keep their own platform branches);
- ``os.fork``, ``os.forkpty``, ``os.pwrite`` and ``os.pread`` do not exist, and multiprocessing starts processes by
  spawning them (the only way on Windows);
- libc cannot be loaded through ctypes;
- with ``PYTHONWARNDEFAULTENCODING=1`` (``-X warn_default_encoding``), a text file that qnindex opens without naming
  its encoding is an error (EncodingWarning), as its locale's encoding would be cp1258 or cp1252 on Windows.
"""
import builtins
import ctypes
import multiprocessing
import os
import warnings

POSIX_ONLY = frozenset({"fcntl", "termios", "tty", "pty", "resource", "pwd", "grp", "posix", "crypt", "syslog",
                        "spwd", "nis", "_posixsubprocess", "_posixshmem", "readline"})
_import = builtins.__import__


def _as_on_windows(name, globals=None, locals=None, fromlist=(), level=0):
    importer = str((globals or {}).get("__name__") or "")
    if level == 0 and name.partition(".")[0] in POSIX_ONLY and importer.partition(".")[0] == "qnindex":
        raise ModuleNotFoundError(f"import of {name} halted", name=name)
    return _import(name, globals, locals, fromlist, level)


builtins.__import__ = _as_on_windows

for _name in ("fork", "forkpty", "pwrite", "pread"):
    if hasattr(os, _name):
        delattr(os, _name)
multiprocessing.set_start_method("spawn", force=True)

_CDLL = ctypes.CDLL


class _NoLibc(_CDLL):
    def __init__(self, name, *args, **kwargs):
        if name and os.path.basename(str(name)).startswith("libc."):
            raise OSError(f"{name}: no C library to load on Windows")
        super().__init__(name, *args, **kwargs)


ctypes.CDLL = _NoLibc

warnings.filterwarnings("ignore", category=EncodingWarning)  # the libraries' own are theirs to fix
warnings.filterwarnings("error", category=EncodingWarning, module=r"qnindex(\.|$)")  # (checked first)
