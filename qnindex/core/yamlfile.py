"""The project's YAML files (project.yml, targets.yml, conference.yml, each index's PROVENANCE.yml and index.yml),
read one way: parsed once per version of the file (an analyst who edits one in a running JupyterLab session gets the
new content at the next call), and a file that is not YAML, or not a mapping, refused with its name, line and fix."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from qnindex.core.errors import Problem, ProjectFileError
from qnindex.core.messages import text


def safe_loader():
    """PyYAML's safe loader, in C (libyaml) where PyYAML has it: the same values as the Python one, ten times faster."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path | str, shown: str | None = None) -> dict:
    """The mapping in the YAML file at ``path`` ({} when empty), named ``shown`` in a refusal (default: the path).
    Callers must not modify it (it is shared)."""
    path = Path(path)
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size, shown or str(path))


@lru_cache(maxsize=64)
def _parsed(path: Path, _mtime_ns: int, _size: int, shown: str) -> dict:
    import yaml

    try:
        content = yaml.load(path.read_text(encoding="utf-8"), Loader=safe_loader())
    except UnicodeDecodeError:
        raise ProjectFileError([Problem(shown, None, None, text("raw.file.encoding"),
                                        text("raw.yaml.encoding.fix"))]) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ProjectFileError([Problem(shown, mark.line + 1 if mark else None, None,
                                        text("raw.yaml.broken", problem=getattr(err, "problem", None) or err),
                                        text("raw.yaml.broken.fix"))]) from None
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise ProjectFileError([Problem(shown, None, None, text("raw.yaml.not_mapping"),
                                        text("raw.yaml.not_mapping.fix"))])
    return content
