"""The year after the 2025 reorganisation, filled into the project's own `new-year 2025` templates as the guide says
(no rank column, names typed in every accepted form, a template left blank), and read as a user reads the pack."""
from __future__ import annotations

import re
import shutil

import pytest

import yaml
from openpyxl import load_workbook

from conftest import ROOT, project_at

PROVINCE_FORMS = {"Hải Phòng": "TP Hải Phòng", "Hồ Chí Minh": "TP. Hồ Chí Minh", "Đà Nẵng": "Thành phố Đà Nẵng",
                  "Cần Thơ": "TP Cần Thơ", "Hà Nội": "TP Hà Nội"}


def _fill_pci(raw, qn_rank: int = 1) -> None:
    """PCI 2025 for the 34 provinces, the cities typed as "TP ..." / "Thành phố ...", Quảng Ninh first."""
    wb = load_workbook(raw / "pci" / "pci_2025.xlsx")
    ws = wb["Dữ liệu"]
    header = [c.value for c in ws[1]]
    others = iter(r for r in range(1, 35) if r != qn_rank)
    for row in (r for r in ws.iter_rows(min_row=2) if r[1].value):
        cells = dict(zip(header, row))
        name = cells["Tỉnh, thành phố"].value
        rank = qn_rank if name == "Quảng Ninh" else next(others)
        cells["Tỉnh, thành phố"].value = PROVINCE_FORMS.get(name, name)
        cells["Điểm (tối đa 100)"].value = f"{80 - rank * 0.5:.2f}".replace(".", ",")
        cells["Xếp hạng"].value = rank
        cells["Nguồn"].value = "công bố"
    wb.save(raw / "pci" / "pci_2025.xlsx")


def _fill_par_qn(raw) -> dict[str, list[str]]:
    """The provincial PAR index of 2025 as the template has it (components and total, no rank), published values;
    two departments tie for first. Returns the expected leaders of each block."""
    wb = load_workbook(raw / "par_qn" / "par_qn_2025.xlsx")
    ws = wb["Dữ liệu"]
    header = [c.value for c in ws[1]]
    rows = [r for r in ws.iter_rows(min_row=2) if r[1].value]
    leaders: dict[str, list[str]] = {}
    for i, row in enumerate(rows):
        cells = dict(zip(header, row))
        block = cells["Khối"].value
        parts = [8.5, 8.0, 12.0, 8.0, 12.0, 8.0, 12.0, 12.0]  # 80.5 of 100
        bonus = {0: 9.0, 1: 9.0}.get(i, (i * 7) % 9)  # the first two rows (departments) tie at the top
        parts[2] += bonus / 3
        parts[4] += bonus / 3
        parts[6] += bonus / 3
        for header_name, value in zip([h for h in header if "(tối đa" in h and not h.startswith("Tổng")], parts):
            cells[header_name].value = round(value, 2)
        cells["Tổng điểm (tối đa 100)"].value = round(sum(round(p, 2) for p in parts), 2)
        cells["Nguồn"].value = "công bố"
        leaders.setdefault(block, []).append((cells["Tổng điểm (tối đa 100)"].value, cells["Đơn vị"].value))
    wb.save(raw / "par_qn" / "par_qn_2025.xlsx")
    best = {}
    for block, scored in leaders.items():
        top = max(s for s, _n in scored)
        best[block] = [n for s, n in scored if s == top]
    return best


@pytest.fixture(scope="module")
def year_2025(tmp_path_factory):
    """A project with 2025 filled as officials fill it: PCI (34 provinces), the provincial PAR index with its
    published average recorded, DDCI left blank; the other templates removed."""
    from qnindex.pipeline.cli import main

    root = tmp_path_factory.mktemp("y2025") / "project"
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("*.ipynb"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("QNINDEX_ROOT", str(root))
        env.setenv("QNINDEX_CACHE", str(root.parent / "cache"))
        assert main(["new-year", "2025"]) == 0
        raw = root / "data" / "raw"
        for other in raw.glob("*/*_2025.xlsx"):
            if other.parent.name not in ("pci", "par_qn", "ddci"):
                other.unlink()
        _fill_pci(raw)
        leaders = _fill_par_qn(raw)

        from qnindex.indices.tables import load

        totals = load("par_qn", 2025, project_at(root, cache=root.parent / "cache"))
        mean = float(totals[(totals["component"] == "total") & ~totals["measure"].str.startswith("rank")]["value"]
                     .mean())
        provenance = raw / "par_qn" / "PROVENANCE.yml"
        meta = yaml.safe_load(provenance.read_text(encoding="utf-8"))
        meta["published_aggregates"][2025] = {"all": round(mean, 2)}
        provenance.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
        assert main(["validate", "--year", "2025"]) == 0
        assert main(["report", "--year", "2025", "--lang", "vi", "--dpi", "50"]) == 0
    text = (root / "data/processed/2025/narrative_vi.md").read_text(encoding="utf-8")
    return root, text, leaders


def test_block_leaders_come_from_the_values_when_no_rank_is_typed(year_2025):
    _root, text, leaders = year_2025
    section = text.split("## Chỉ số cải cách hành chính các sở, ngành, địa phương")[1].split("\n## ")[0]
    for block, names in leaders.items():
        for name in names:  # (a commune is written in a sentence as "phường ...", "xã ...")
            assert name[0].lower() + name[1:] in section or name in section, (block, name)
    assert re.search(r"Dẫn đầu khối sở, ban, ngành là \S.* và \S", section)  # the tie: both named


def test_averages_over_other_blocks_are_not_compared_silently(year_2025):
    _root, text, _leaders = year_2025
    section = text.split("## Chỉ số cải cách hành chính các sở, ngành, địa phương")[1].split("\n## ")[0]
    assert "đạt bình quân" in section
    assert "so với năm 2024" not in section.split("Dẫn đầu")[0]  # 2024 was departments and districts
    assert "không so sánh với năm 2024: các khối đơn vị được đánh giá đã thay đổi" in section


def test_a_streak_does_not_join_ranks_out_of_63_with_a_rank_out_of_34(year_2025):
    _root, text, _leaders = year_2025
    pci = text.split("## Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)")[1].split("\n## ")[0]
    assert "xếp thứ 1/34" in pci
    assert "–2025)" not in pci  # no streak counted across the change of basis


def test_a_blank_template_is_said_in_the_narrative_and_the_command_summary(year_2025, monkeypatch):
    from qnindex.pipeline.plan import available_notebooks

    root, text, _leaders = year_2025
    assert re.search(r"Chưa có số liệu năm 2025 của các đánh giá do tỉnh thực hiện: .*DDCI", text)
    assert "ddci" in available_notebooks(project_at(root), 2025)[1]  # what the command prints: "chưa có số liệu ... DDCI ..."


def test_every_form_of_a_city_name_was_accepted_in_the_2025_table(year_2025, monkeypatch):

    from qnindex.indices.tables import load

    root, _text, _leaders = year_2025
    table = load("pci", 2025, project_at(root))
    assert {"prov-31-2025", "prov-79-2025", "prov-48-2025", "prov-92-2025", "prov-01"} <= set(table["unit_id"])


def test_a_panel_over_the_2025_reorganisation_compares_only_like_units(year_2025, monkeypatch):
    import qnindex
    from qnindex.data import registry

    root, _text, _leaders = year_2025
    p = qnindex.panel("par_qn", project_at(root), [2024, 2025])
    now = p[p["year"] == 2025]
    assert len(now[now["group"] == "commune"]) == 54 and not now[now["group"] == "commune"]["comparable"].any()
    assert not p[p["year"] == 2024]["comparable"].any()
    for unit_id, comparable in zip(now["unit_id"], now["comparable"]):  # a unit that absorbed others: not like 2024
        absorbed = [u for u in registry.predecessors(unit_id) if registry.get(u).valid_in(2024)]
        if absorbed:
            assert not comparable, unit_id
    assert now[now["group"] == "department"]["comparable"].any()  # unchanged departments do compare


def _fill_sipas_qn_2026(raw) -> list[tuple[str, float, int]]:
    """The provincial satisfaction survey of 2026 as officials type it: comma decimals, the communes' names with a
    "UBND" prefix on some rows; returns (block, rate, respondents) of every row."""
    wb = load_workbook(raw / "sipas_qn" / "sipas_qn_2026.xlsx")
    ws = wb["Dữ liệu"]
    header = [c.value for c in ws[1]]
    typed = []
    for i, row in enumerate(r for r in ws.iter_rows(min_row=2) if r[2].value):
        cells = dict(zip(header, row))
        rate, respondents = round(86 + (i * 37 % 100) / 10, 2), 150 + (i * 13) % 90
        cells["Số phiếu"].value = respondents
        cells["Tỷ lệ hài lòng (%)"].value = f"{rate:.2f}".replace(".", ",")
        cells["Nguồn"].value = "công bố"
        if cells["Khối"].value == "Cấp xã" and i % 5 == 0:
            cells["Đơn vị"].value = f"UBND {cells['Đơn vị'].value}"
        typed.append((cells["Khối"].value, rate, respondents))
    wb.save(raw / "sipas_qn" / "sipas_qn_2026.xlsx")
    return typed


def test_2026_filled_from_its_own_templates_is_read_as_a_year_of_communes(tmp_path, monkeypatch):
    """`new-year 2026`: the survey of 24 departments and provincial agencies, 54 communes and 9 central agencies
    typed as officials type it, PCI of the 34 provinces, the rest left blank. The pack states the communes' block,
    no district level, ranks out of 34, and which own assessments have no data; every number is the data's."""
    from qnindex.core.formatting import fmt_number, round_half_up
    from qnindex.pipeline.cli import main

    root = tmp_path / "project"
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("*.ipynb"))
    monkeypatch.setenv("QNINDEX_ROOT", str(root))
    monkeypatch.setenv("QNINDEX_CACHE", str(tmp_path / "cache"))
    assert main(["new-year", "2026"]) == 0
    raw = root / "data" / "raw"
    assert not list(raw.glob("*/dgi_2026.*")) and not list(raw.glob("*/egov_district_2026.*"))  # no district level
    for other in raw.glob("*/*_2026.xlsx"):
        if other.parent.name not in ("pci", "sipas_qn"):
            other.unlink()
    wb = load_workbook(raw / "pci" / "pci_2026.xlsx")  # PCI 2026: the 34 provinces, Quảng Ninh first
    ws = wb["Dữ liệu"]
    header = [c.value for c in ws[1]]
    for rank, row in enumerate((r for r in ws.iter_rows(min_row=2) if r[1].value), start=1):
        cells = dict(zip(header, row))
        rank = 1 if cells["Tỉnh, thành phố"].value == "Quảng Ninh" else rank + (rank == 1)
        cells["Điểm (tối đa 100)"].value, cells["Xếp hạng"].value, cells["Nguồn"].value = 90 - rank * 0.5, rank, "công bố"
    wb.save(raw / "pci" / "pci_2026.xlsx")
    typed = _fill_sipas_qn_2026(raw)
    assert main(["validate", "--year", "2026"]) == 0
    assert main(["report", "--year", "2026", "--lang", "vi", "--dpi", "50"]) == 0
    text = (root / "data/processed/2026/narrative_vi.md").read_text(encoding="utf-8")
    sipas = text.split("## Mức độ hài lòng của người dân, tổ chức với các cơ quan, đơn vị")[1].split("\n## ")[0]
    counts = {b: sum(1 for g, _r, _n in typed if g == b) for b in ("Sở, ban, ngành", "Cấp xã", "Cơ quan Trung ương")}
    assert counts == {"Sở, ban, ngành": 24, "Cấp xã": 54, "Cơ quan Trung ương": 9}
    average = sum(r * n for _g, r, n in typed) / sum(n for _g, _r, n in typed)
    assert (f"{len(typed)} cơ quan, đơn vị được khảo sát (24 sở, ban, ngành; 54 đơn vị cấp xã và 9 cơ quan Trung "
            f"ương đóng trên địa bàn) đạt {fmt_number(round_half_up(average, 2), 2, 'vi')}%") in sipas
    communes = [(r, n) for g, r, n in typed if g == "Cấp xã"]
    block = sum(r * n for r, n in communes) / sum(n for _r, n in communes)
    assert f"Khối UBND cấp xã đạt bình quân {fmt_number(round_half_up(block, 2), 2, 'vi')}%" in sipas
    assert "cấp huyện" not in sipas
    assert "tỉnh xếp thứ 1/34 tỉnh, thành phố" in text and "/63" not in text.split("## Chỉ số năng lực cạnh tranh")[1]
    assert re.search(r"Chưa có số liệu năm 2026 của các đánh giá do tỉnh thực hiện: [^\n]*Chỉ số CCHC", text) or \
        "Chưa có số liệu năm 2026 của các đánh giá do tỉnh thực hiện" in text
    assert (root / "reports/2026/briefing.pptx").is_file() and (root / "data/processed/2026/tables.xlsx").is_file()
    below = sorted(r for _g, r, _n in typed if r < 90)  # a long list of units below 90 % is said by its count
    shortcoming = next(line for line in text.splitlines() if "hài lòng của người dân chưa cao" in line)
    assert shortcoming.startswith(f"- Còn {len(below)} cơ quan, đơn vị có mức độ hài lòng của người dân chưa cao; "
                                  f"thấp nhất là ") and shortcoming.count("%),") + 1 == 5


def test_every_province_of_2025_is_one_of_the_34_and_a_merged_one_gets_its_pack(year_2025, monkeypatch):
    """From 1/7/2025 the country has 34 provinces: `--province all` means those with national data that year; a
    merged province (Lâm Đồng, with Đắk Nông and Bình Thuận) and a centrally-run city that absorbed a province
    (Hải Phòng, with Hải Dương) each get their pack and a line on the national page."""
    from qnindex.pipeline.cli import _province, main
    from qnindex.pipeline.provinces import chosen

    root, _text, _leaders = year_2025
    project = project_at(root, cache=root.parent / "cache")
    names = chosen("all", project, 2025, _province)
    assert len(names) == 34 and "Lâm Đồng" in names and "Đắk Nông" not in names
    monkeypatch.setenv("QNINDEX_ROOT", str(root))
    monkeypatch.setenv("QNINDEX_CACHE", str(root.parent / "cache"))
    assert main(["report", "--year", "2025", "--province", "Lâm Đồng, Hải Phòng", "--lang", "vi", "--dpi", "50",
                 "--jobs", "1"]) == 0
    narrative = (root / "provinces/lam-dong/data/processed/2025/narrative_vi.md").read_text(encoding="utf-8")
    assert "Lâm Đồng" in narrative.splitlines()[0] and "/34" in narrative
    page = (root / "provinces/2025/index.html").read_text(encoding="utf-8")
    assert page.count("<tr><td") + page.count('<tr class="focus"><td') == 2
    assert "../lam-dong/reports/2025/report.html" in page and "../hai-phong/reports/2025/report.html" in page
