"""The Jinja2 environments of the narrative and of the pages, with their templates' compiled code kept beside them.

Jinja2 compiles a template to Python the first time a process loads it (0,4 s for the package's templates, at every
run). As Python keeps a module's bytecode in ``__pycache__`` beside its source, the compiled templates are kept in
``__pycache__`` beside the templates' folders (Jinja2's own ``FileSystemBytecodeCache``): an entry holds the checksum of its
template's source, so a template an analyst edits is compiled again, and it is named after the environment's
options, which shape the compiled code. A folder that cannot be written (a read-only installation) only means
compiling at each run; what a template renders never depends on it.
"""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader

COMPILED = "__pycache__"  # beside the templates' folders: left out of the package's fingerprint and of a pack's inputs


class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja2's bytecode cache on disk, where a failure to read or write an entry only means compiling again."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError, pickle.UnpicklingError):  # an unreadable or truncated entry: compiled again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass  # (a read-only folder: the template is compiled again at the next run)


def environment(folder: Path, **options) -> Environment:
    """A Jinja2 environment loading the templates of ``folder`` with ``options`` (Jinja2's own), their compiled
    code kept in ``__pycache__/<folder's name>`` beside it (not among the templates a loader lists), under a name that
    holds the options."""
    folder = Path(folder)
    tag = hashlib.sha256(repr(sorted((k, repr(v)) for k, v in options.items())).encode()).hexdigest()[:12]
    cache = _CompiledTemplates(str(folder.parent / COMPILED / folder.name), f"{tag}-%s.cache")
    return Environment(loader=FileSystemLoader(str(folder)), bytecode_cache=cache, **options)
