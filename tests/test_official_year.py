"""An official's year, end to end: `new-year 2020` in a copy of the project, the templates filled as officials
fill them (decimal commas, names typed in the usual variants, a unit left blank), `validate` clean, `report`
builds, and the narrative states the values that were typed."""
import shutil
import unicodedata
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from conftest import ROOT
from qnindex.core.formatting import fmt_percent
from qnindex.pipeline.cli import main

VARIANTS = {  # how names turn up in officials' files -> the registry's name
    "Thành phố Hạ Long": "TP. Hạ Long",
    "Thị xã Quảng Yên": "TX Quảng Yên",
    "Huyện Cô Tô": "huyện  Cô Tô",
    "Phường Hoành Bồ": "Phường Hoành Bồ",
    "Xã Quảng Nghĩa": unicodedata.normalize("NFD", "Xã Quảng Nghĩa"),
    "Phường Cẩm Thành": "phường cẩm thành",
    "Xã Hòa Bình": "Xã Hoà Bình",  # old tone placement

}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    import os

    root = tmp_path_factory.mktemp("official")
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    old = os.environ["QNINDEX_ROOT"]
    os.environ["QNINDEX_ROOT"] = str(root)
    assert main(["new-year", "2020"]) == 0
    yield root
    os.environ["QNINDEX_ROOT"] = old


def _fill(path, fill_row) -> None:
    wb = load_workbook(path)
    ws = wb["Dữ liệu"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        cells = dict(zip(header, row))
        if cells[header[1]].value or cells.get("Đơn vị") and cells["Đơn vị"].value:
            fill_row(cells)
    wb.save(path)


def test_an_official_fills_the_2020_templates_validates_and_publishes(project, capsys):
    raw = project / "data" / "raw"
    typed: dict[str, tuple[int, str]] = {}
    seen: list[str] = []

    def sipas(cells):
        i = len(seen)
        name = cells["Đơn vị"].value
        seen.append(name)
        if i == 5:
            return  # a unit not surveyed this year: its row stays blank
        cells["Đơn vị"].value = VARIANTS.get(name, name)
        cells["Số phiếu"].value = str(150 + i)
        cells["Tỷ lệ hài lòng (%)"].value = f"{90 + (i % 9) * 0.5 + 0.25:.2f}".replace(".", ",")
        cells["Nguồn"].value = "minh họa"
        typed[name] = (150 + i, cells["Tỷ lệ hài lòng (%)"].value)

    _fill(raw / "sipas_qn" / "sipas_qn_2020.xlsx", sipas)

    def dgi(cells):
        name = cells["Đơn vị"].value
        cells["Đơn vị"].value = VARIANTS.get(name, name)
        parts = [70 + (len(name) % 7) + k for k in range(8)]
        for header, value in zip([h for h in cells if "(tối đa 100)" in h and not h.startswith("Tổng")], parts):
            cells[header].value = value
        cells["Tổng điểm (tối đa 100)"].value = f"{sum(parts) / 8:.1f}".replace(".", ",")  # typed to one decimal
        cells["Nguồn"].value = "minh họa"

    _fill(raw / "dgi" / "dgi_2020.xlsx", dgi)

    def commune(cells):
        name = cells["Đơn vị"].value
        cells["Đơn vị"].value = VARIANTS.get(name, name)
        cells["Mức độ sẵn sàng (tối đa 30)"].value = 20
        cells["Kết quả đạt được (tối đa 60)"].value = "40,5"
        cells["Tiêu chí của tỉnh (tối đa 10)"].value = 5
        cells["Nguồn"].value = "minh họa"

    _fill(raw / "egov_commune" / "egov_commune_2020.xlsx", commune)
    for other in raw.glob("*/*_2020.xlsx"):  # the indices this official has no data for: removed
        if other.parent.name not in ("sipas_qn", "dgi", "egov_commune"):
            other.unlink()
    capsys.readouterr()
    assert main(["validate", "--year", "2020"]) == 0, capsys.readouterr().out
    assert main(["report", "--year", "2020", "--lang", "vi", "--dpi", "60"]) == 0, capsys.readouterr().err
    narrative = (project / "data/processed/2020/narrative_vi.md").read_text(encoding="utf-8")
    weights = [Decimal(n) for n, _ in typed.values()]
    rates = [Decimal(r.replace(",", ".")) for _, r in typed.values()]
    overall = sum(w * r for w, r in zip(weights, rates)) / sum(weights)
    assert fmt_percent(overall, 2, "vi") in narrative  # the respondent-weighted average of what was typed
    assert "Phường Hoành Bồ" in (project / "data/processed/2020/tables_vi.md").read_text(encoding="utf-8")
    tidy = (project / "data/processed/2020/tidy_all.csv").read_text(encoding="utf-8-sig")
    assert "comm-07030" in tidy and "comm-06739" in tidy  # Phường Hoành Bồ, Xã Quảng Nghĩa: real units
    assert len(seen) == 52 and len(typed) == 51  # 52 units listed, one left blank (not surveyed)
