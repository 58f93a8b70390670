"""Every province at once: `qnindex report --year Y --province all` (or a list) builds each province's pack exactly as
its own command does, names a failure without stopping the others, does nothing on a rerun, and writes the national
page that finds the packs. A few provinces here (a centrally-run city, Quảng Ninh, another); all 63 in the
benchmark."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qnindex.pipeline.cli import main

FEW = "Hải Phòng, Quảng Ninh, Hà Nội"


def _digests(root: Path, under: str) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / under).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def few(tmp_path_factory):
    """A copy of the bundled project where three provinces' 2024 packs were built by one command, two at a time."""
    from conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("provinces") / "project")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("QNINDEX_ROOT", str(root))
        env.setenv("QNINDEX_DPI", "50")
        assert main(["report", "--year", "2024", "--province", FEW, "--jobs", "2", "--lang", "vi"]) == 0
        yield root


def test_each_province_of_the_list_gets_its_pack_and_the_national_page_finds_them(few, capsys):
    root = few
    for pack in (root, root / "provinces" / "hai-phong", root / "provinces" / "ha-noi"):
        assert (pack / "reports/2024/report.html").is_file() and (pack / "reports/2024/manifest.json").is_file()
    narrative = (root / "provinces/ha-noi/data/processed/2024/narrative_vi.md").read_text(encoding="utf-8")
    assert narrative.startswith("# Kết quả các chỉ số cải cách hành chính năm 2024 của thành phố Hà Nội")
    page = (root / "provinces/2024/index.html").read_text(encoding="utf-8")
    assert "<title>Các chỉ số cải cách hành chính năm 2024 của các tỉnh, thành phố</title>" in page
    links = re.findall(r'href="([^"]+)"', page)
    assert sorted(links) == ["../../reports/2024/report.html", "../ha-noi/reports/2024/report.html",
                             "../hai-phong/reports/2024/report.html"]
    for link in links:  # each link opens that province's report, from the page's folder
        assert (root / "provinces/2024" / link).resolve().is_file()
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing fetched: the page works offline
    row = re.search(r"<tr[^>]*><td[^>]*>Hải Phòng</td>(.*?)</tr>", page).group(1)
    assert "96,17%" in row and '<td class="n" data-sort="1">1</td>' in row  # PAR INDEX 2024: first, 96,17%
    sheet = load_workbook(root / "provinces/2024/tables.xlsx").active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] in ("Hải Phòng", "Hà Nội", "Quảng Ninh")]
    assert len(rows) == 3  # one row per province


def test_a_province_built_in_the_list_is_the_same_pack_as_its_own_command(few, monkeypatch):
    root = few
    before = _digests(root, "provinces/hai-phong")
    monkeypatch.setenv("QNINDEX_ROOT", str(root))
    monkeypatch.setenv("QNINDEX_DPI", "50")
    assert main(["report", "--year", "2024", "--province", "Hải Phòng", "--lang", "vi", "--force"]) == 0
    assert _digests(root, "provinces/hai-phong") == before


def test_a_rerun_builds_nothing_and_leaves_the_page_as_it_was(few, monkeypatch, capsys):
    root = few
    monkeypatch.setenv("QNINDEX_ROOT", str(root))
    monkeypatch.setenv("QNINDEX_DPI", "50")
    page = root / "provinces/2024/index.html"
    stamp = page.stat().st_mtime_ns
    manifests = {p: p.read_bytes() for p in root.rglob("reports/2024/manifest.json")}
    capsys.readouterr()
    assert main(["report", "--year", "2024", "--province", FEW, "--jobs", "1", "--lang", "vi"]) == 0
    out = capsys.readouterr()
    assert "0 bộ kết quả mới, 3 không đổi, 0 không dựng được" in out.out
    assert page.stat().st_mtime_ns == stamp and all(p.read_bytes() == b for p, b in manifests.items())
    assert "\r" not in out.err  # not a terminal: no progress bar


def test_one_province_that_fails_is_named_and_the_others_go_on(scratch_project, monkeypatch, capsys):
    """A province whose build raises is named with its reason; the others are built; the exit status says so."""
    from qnindex.pipeline import report
    from qnindex.pipeline.report import YearResult

    built = []

    def build(year, project, force=False, echo=print, wait=True):
        if project.province == "Hà Nội":
            raise RuntimeError("ổ đĩa đầy")
        built.append(project.province)
        return YearResult(year, "built", seconds=0.0)

    monkeypatch.setattr(report, "build", build)
    code = main(["report", "--year", "2024", "--province", "Hà Nội, Cà Mau, Quảng Ninh", "--jobs", "1",
                 "--lang", "vi"])
    out = capsys.readouterr()
    assert code == 2 and built == ["Cà Mau", "Quảng Ninh"]
    assert "2024, Hà Nội: không dựng được bộ kết quả (failed) — RuntimeError: ổ đĩa đầy" in out.err
    assert "2 bộ kết quả mới, 0 không đổi, 1 không dựng được" in out.out
    page = (scratch_project / "provinces/2024/index.html").read_text(encoding="utf-8")
    assert "Cà Mau" in page and page.count("chưa dựng") == 3  # listed, no pack to link to yet


def test_all_means_every_province_with_national_data_that_year():
    from conftest import PROJECT
    from qnindex.pipeline.provinces import chosen

    names = chosen("all", PROJECT, 2024, resolve=None)
    assert len(names) == 63 and "Quảng Ninh" in names and "Hải Phòng" in names
    assert chosen("Hải Phòng,  TP HCM", PROJECT, 2024, resolve=lambda typed: {"Hải Phòng": "Hải Phòng",
                                                                             "TP HCM": "Hồ Chí Minh"}[typed]) == \
        ["Hải Phòng", "Hồ Chí Minh"]
    assert chosen("Hải Phòng, Quãng Nin", PROJECT, 2024, resolve=lambda typed: None if "Nin" in typed else typed) \
        is None


def test_the_progress_bar_counts_provinces_on_a_terminal(scratch_project, monkeypatch, capsys):
    from qnindex.kinds import open_project
    from qnindex.core.settings import Settings
    from qnindex.pipeline import provinces, report
    from qnindex.pipeline.report import YearResult

    monkeypatch.setattr(report, "build", lambda year, project, **kw: YearResult(year, "up to date"))
    project = open_project(Settings(root=scratch_project))
    results = provinces.build_provinces(2024, project, ["Cà Mau", "Hà Nội"], jobs=1, progress=True)
    assert [r.status for r in results] == ["up to date", "up to date"]
    bar = capsys.readouterr().err
    assert "2/2" in bar and "Năm 2024" in bar


def test_the_national_page_sorts_by_each_index_with_its_own_script(few):
    page = (few / "provinces/2024/index.html").read_text(encoding="utf-8")
    headers = re.findall(r'<th data-col="(\d+)">', page)
    assert len(headers) >= 8 and headers == [str(i) for i in range(1, len(headers) + 1)]  # score and rank per index
    assert "addEventListener" in page and "<script src" not in page  # the script is the page's own


def test_provinces_are_listed_in_vietnamese_dictionary_order():
    from qnindex.analysis.provinces import provinces_of
    from qnindex.data import registry

    names = [registry.name_in_year(u, 2024) for u in provinces_of(2024)]
    assert len(names) == 63 and len(provinces_of(2026)) == 34
    for before, after in (("Bà Rịa - Vũng Tàu", "Bạc Liêu"), ("Bạc Liêu", "Bắc Giang"), ("Cà Mau", "Cao Bằng"),
                          ("Cần Thơ", "Đà Nẵng"), ("Hà Nội", "Hải Dương"), ("Hòa Bình", "Hồ Chí Minh")):
        assert names.index(before) < names.index(after), (before, after)
