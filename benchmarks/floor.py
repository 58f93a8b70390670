"""The floor of a year's pack: what the same outputs cost with no library, no notebooks and no checks.

    python benchmarks/floor.py <built project root> <year> <scratch folder>

For every chart the pack wrote, plain matplotlib draws a figure of the same size with a comparable amount
of ink (bars, tick labels, value labels, a title and a source line; fixed layout, no tight_layout) and
saves it in the same formats at the same resolution; every other file of the pack (tables, text, decks,
reports, notebooks) is written again from bytes read beforehand. benchmarks/run.py times this script in
the same run as the real pack and reports the ratio of their CPU seconds.
"""
from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from PIL import Image  # noqa: E402

PARTS = ("figures", "data/processed", "reports")


def plain_chart(path: Path, size_px: tuple[int, int], dpi: int, bars: int = 20) -> None:
    """One figure like a pack chart: 20 labelled bars, values written beside them, title, source."""
    fig = plt.figure(figsize=(size_px[0] / dpi, size_px[1] / dpi))
    ax = fig.add_axes((0.2, 0.1, 0.75, 0.78))
    values = [80 + (i * 37 % 17) for i in range(bars)]
    ax.barh(range(bars), values, color="#B8C2CC")
    ax.set_yticks(range(bars), [f"Đơn vị số {i}" for i in range(bars)], fontsize=15.5)
    for i, v in enumerate(values):
        ax.text(v + 0.5, i, f"{v},00", va="center", fontsize=15.5)
    fig.suptitle("Biểu đồ mẫu: cùng cỡ, cùng định dạng", x=0.01, ha="left", fontsize=18)
    fig.text(0.01, 0.01, "Nguồn: số liệu mẫu", fontsize=15.5)
    fig.savefig(path, dpi=dpi)
    plt.close(fig)


def main(root: Path, year: str, out: Path) -> None:
    pngs, others = [], {}
    for part in PARTS:
        for p in sorted((root / part / year).rglob("*")):
            if p.suffix == ".png" and part == "figures":
                with Image.open(p) as img:
                    pngs.append((p.relative_to(root), img.size, round(img.info.get("dpi", (200, 200))[0])))
            elif p.is_file():
                others[p.relative_to(root)] = p.read_bytes()
    for rel, size, dpi in pngs:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        plain_chart(target, size, dpi)
    for rel, data in others.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
