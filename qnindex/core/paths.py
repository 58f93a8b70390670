"""Where things are, as pure functions of a folder: the package's own files, and the layout of a pack under the
folder it is published in. Nothing here reads the environment or the disk: the project's root is a setting
(``qnindex.core.settings.Settings.root``), passed down by whoever made the settings.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PACK_PARTS = ("figures", "data/processed", "reports")  # the three folders of a year's pack, under its root


def default_root() -> Path:
    """The project a checkout holds: the folder holding the ``qnindex`` package."""
    return PACKAGE_DIR.parent


def templates_dir() -> Path:
    """Jinja2 templates of the narrative (one folder per language) and of the pages (``html``)."""
    return PACKAGE_DIR / "render" / "templates"


def registry_data_dir() -> Path:
    """The unit registry's data files, shipped with the package."""
    return PACKAGE_DIR / "data" / "registry_data"


def display_path(path: Path | str, root: Path | str) -> str:
    """A path as messages and tables name it: relative to the project's root when inside it (the same on every
    machine and checkout), else as given."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(p)


def slug(name: str) -> str:
    """A name as a folder name: ASCII, lower case, words joined by hyphens ("Hải Phòng" -> "hai-phong")."""
    from qnindex.core.text import ascii_fold

    return "-".join("".join(c if c.isalnum() else " " for c in ascii_fold(name).lower()).split())


@dataclass(frozen=True)
class Outputs:
    """The folders one year's pack is written to."""

    figures: Path
    processed: Path
    reports: Path

    def make(self) -> "Outputs":
        for folder in (self.figures, self.processed, self.reports):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    @property
    def root(self) -> Path:
        """The folder the pack's three folders are laid out under."""
        return self.figures.parent.parent


def pack_outputs(base: Path | str, year: int) -> Outputs:
    """The output folders of ``year`` under ``base`` (the project's pack root, or a staging folder with the same
    layout that ``qnindex report`` publishes only when the whole run succeeded), made if missing."""
    base = Path(base)
    return Outputs(base / "figures" / str(year), base / "data" / "processed" / str(year),
                   base / "reports" / str(year)).make()
