"""The project's notebooks are jupytext percent scripts (``notebooks/*.py``): read as notebooks here, for the yearly
job and for the papermill command alike (``papermill notebooks/sipas.py out.ipynb -p year 2020``, from the project's
folder: registered under papermill's ``papermill.io`` entry point for paths that start with ``notebooks``).

Nothing here imports papermill when the module is imported: papermill loads its entry points while it is itself
being imported.
"""
from __future__ import annotations

from pathlib import Path

JUPYTEXT_SUFFIXES = (".py", ".md")


def read_notebook(path: str | Path):
    """A jupytext notebook as a notebook node, every cell with a ``tags`` list (papermill looks for its tags)."""
    import jupytext

    nb = jupytext.read(Path(path))
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
    nb.metadata.setdefault("papermill", {})
    return nb


class JupytextNotebooks:
    """papermill's handler for local paths under ``notebooks``: a jupytext script is read as a notebook, anything
    else (an .ipynb, an output written there) as papermill's own local handler reads and writes it."""

    def __init__(self) -> None:
        self._local = None

    def local(self):
        if self._local is None:
            from papermill.iorw import LocalHandler

            self._local = LocalHandler()
        return self._local

    def read(self, path):
        if str(path).endswith(JUPYTEXT_SUFFIXES):
            import nbformat

            return nbformat.writes(read_notebook(path))
        return self.local().read(path)

    def write(self, buf, path):
        return self.local().write(buf, path)

    def listdir(self, path):
        return self.local().listdir(path)

    def pretty_path(self, path):
        return path

    def cwd(self, new_path):
        return self.local().cwd(new_path)


NOTEBOOKS = JupytextNotebooks()  # the entry point's object
