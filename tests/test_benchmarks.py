"""The benchmark's floor draws the same figures and writes the same files as the pack, with plain library calls: a
floor that drew less (or nothing) would make the pack look cheap."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import cached_year
from qnindex.render import charts

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def floor():
    spec = importlib.util.spec_from_file_location("floor", ROOT / "benchmarks" / "floor.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _grey(path: Path) -> np.ndarray:
    with Image.open(path) as img:
        return np.asarray(img.convert("L"), dtype=np.int16)


@pytest.mark.parametrize("draw", [
    lambda d: charts.unit_ranking(d, "sipas_qn", "vi"),  # bars, error bars, texts, three panels
    lambda d: charts.dimension_maps(d, "papi", "vi"),  # 8 maps of 63 provinces
    lambda d: charts.score_trends(d, "en"),  # lines, bands, annotations, a figure legend
    lambda d: charts.components_chart(d, "dgi", "vi"),  # bars and a heatmap with rotated labels on top
], ids=["sipas_units", "papi_dimension_maps", "score_trends", "dgi"])
def test_the_floor_redraws_a_chart_with_the_same_ink(floor, tmp_path, draw):
    data = cached_year(2019).with_settings(dpi=60)
    fig = draw(data)
    plan = {**floor.inventory(fig), "dpi": 60}
    charts.save(fig, tmp_path / "pack", dpi=60)
    floor.draw(plan, tmp_path / "floor.png")
    pack, plain = _grey(tmp_path / "pack.png"), _grey(tmp_path / "floor.png")
    assert pack.shape == plain.shape  # same size and resolution
    ink_pack, ink_plain = (pack < 200).mean(), (plain < 200).mean()
    assert ink_plain == pytest.approx(ink_pack, rel=0.25)  # about as much ink
    assert np.abs(pack - plain).mean() < 20  # in the same places (a blank or shifted figure differs by far more)


def test_the_floor_writes_the_same_tables_and_slides(floor, tmp_path):
    import openpyxl
    from pptx import Presentation

    sheets = {"Xếp hạng": [["Đơn vị", "Điểm"], ["Sở Tư pháp", 94.38], ["Sở Nội vụ", None]]}
    floor.write_xlsx(sheets, tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets} == sheets

    picture = tmp_path / "p.png"
    Image.new("RGB", (40, 20), "white").save(picture)
    deck = (12192000, 6858000, [([("text", (0, 0, 9000000, 900000), ["Năm 2019", "Quảng Ninh"]),
                                  ("picture", (0, 900000, 8000000, 4000000), picture.read_bytes()),
                                  ("table", (0, 5000000, 8000000, 900000),
                                   [["Chỉ số", "Thứ hạng"], ["PAPI", "3/63"]])],
                                 "Ghi chú cho người trình bày")])
    floor.write_pptx(deck, tmp_path / "d.pptx")
    slide = Presentation(tmp_path / "d.pptx").slides[0]
    assert [p.text for p in slide.shapes[0].text_frame.paragraphs] == ["Năm 2019", "Quảng Ninh"]
    assert slide.shapes[1].image.blob == picture.read_bytes()
    rows = [[c.text for c in row.cells] for row in slide.shapes[2].table.rows]
    assert rows == [["Chỉ số", "Thứ hạng"], ["PAPI", "3/63"]]
    assert slide.notes_slide.notes_text_frame.text == "Ghi chú cho người trình bày"
