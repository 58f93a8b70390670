"""``qnindex validate``: load every raw file with its loader and list every problem found."""
from __future__ import annotations

import re
from pathlib import Path

from qnindex.core.errors import RawDataError, TemplateNotFilled, display_path
from qnindex.indices.files import raw_files


def loader_for(folder: str):
    """The function that loads one file of an index's raw folder: (year, path) -> tidy table (None: no index)."""
    from qnindex.indices.specs import INDEX_SPECS

    return INDEX_SPECS[folder].load if folder in INDEX_SPECS else None


def validate_all(year: int | None = None) -> tuple[list[str], int]:
    """Every problem of every raw file (one line each: file, row, column, what, fix), and how many files."""
    from qnindex.indices import load_targets

    problems: list[str] = []
    files = raw_files(year)
    for folder, file_year, path in ((f.index, f.year, f.path) for f in files):
        try:
            loader_for(folder)(file_year, path)
        except TemplateNotFilled as err:
            problems.append(f"{err.problems[0]}")
        except RawDataError as err:
            problems += [str(p) for p in err.problems]
        except Exception as err:  # noqa: BLE001 - an unreadable file is reported, not raised
            problems.append(f"{display_path(path)}: cannot be read ({type(err).__name__}: {err})")
    try:
        load_targets()
    except RawDataError as err:
        problems += [str(p) for p in err.problems]
    return problems, len(files) + 1


def validate_file(path: Path | str, index: str | None = None) -> list[str]:
    """Every problem of one raw file (its index is its folder's name unless given; its year ends its name)."""
    path = Path(path)
    folder = index or path.parent.name
    shown = display_path(path)
    loader = loader_for(folder)
    if loader is None:
        return [f"{shown}: unknown index '{folder}' — fix: put the file in its index's folder or give --index"]
    m = re.search(r"(\d{4})$", path.stem)
    if not m:
        return [f"{shown}: the file name does not end with the year — fix: name it {folder}_<year>"
                f"{path.suffix or '.csv'}"]
    try:
        loader(int(m.group(1)), path)
    except RawDataError as err:
        return [str(p) for p in err.problems]
    except Exception as err:  # noqa: BLE001 - an unreadable file is reported, not raised
        return [f"{shown}: cannot be read ({type(err).__name__}: {err}) — fix: save it again as .csv (UTF-8) or .xlsx"]
    return []
