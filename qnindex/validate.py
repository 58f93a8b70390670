"""``qnindex validate``: load every raw file with its loader and list every problem found."""
from __future__ import annotations

import re
from pathlib import Path

from .errors import RawDataError, TemplateNotFilled, display_path
from .paths import raw_dir


def loader_for(folder: str):
    """The function that loads one file of a raw folder: (year, path) -> tidy table."""
    from .loaders import INDICES, NATIONAL, load_national, load_papi, load_sipas, load_unit_index

    if folder == "sipas_qn":
        return load_sipas
    if folder == "papi":
        return load_papi
    if folder in NATIONAL:
        return lambda year, path: load_national(folder, year, path)
    if folder in INDICES:
        return lambda year, path: load_unit_index(folder, year, path)
    return None


def raw_files(year: int | None = None) -> list[tuple[str, int, Path]]:
    """(folder, year, path) of every raw data file, optionally only ``year``'s."""
    found = []
    for folder in sorted(p for p in raw_dir().iterdir() if p.is_dir()):
        for path in sorted(folder.iterdir()):
            m = re.search(r"(\d{4})$", path.stem)
            if path.suffix.lower() in (".csv", ".xlsx") and m and loader_for(folder.name):
                if year is None or int(m.group(1)) == year:
                    found.append((folder.name, int(m.group(1)), path))
    return found


def validate_all(year: int | None = None) -> tuple[list[str], int]:
    """Every problem of every raw file (one line each: file, row, column, what, fix), and how many files."""
    from .loaders import load_targets

    problems: list[str] = []
    files = raw_files(year)
    for folder, file_year, path in files:
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
