"""An index of an existing kind is added by its spec and its data alone: `data/raw/<id>/index.yml` beside its files.
A temporary project gets a new index of every kind — a national ranking, a panel of dimensions, a survey of the
province's units and an assessment of its units — and the yearly job states them, draws them, tabulates them and
shows them in the deck and report.html without a line of qnindex changed."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ROOT

NATIONAL_SPEC = """\
kind: national
name_vi: Chỉ số thử nghiệm quốc gia (TNQ)
name_en: Trial national index (TNQ)
short_vi: TNQ
short_en: TNQ
level: province
groups: [province]
measure: score
value_kind: num
decimals: 2
max_value: 100
color: "#AA3377"
notebook: national
charts: [scorecard, rank_trajectories, ranking]
narrative: tnq
sheet_vi: TNQ
sheet_en: TNQ
first_year: 2018
"""
UNITS_SPEC = """\
kind: units
name_vi: Chỉ số thử nghiệm các sở, ngành, địa phương
name_en: Trial index of departments and localities
short_vi: Chỉ số TN
short_en: Trial index
level: provincial
groups: [department, district, central]
measure: points
value_kind: num
decimals: 2
max_value: 100
color: "#0072B2"
notebook: overview
narrative: tn_units
sheet_vi: Chỉ số TN
sheet_en: Trial index
first_year: 2019
charts: [points]               # its units' points against the maximum: tn_units_points_<lang>.png
shortcoming: below_tier        # units below 'khá' are named among the shortcomings
"""
SURVEY_SPEC = """\
kind: survey
name_vi: Khảo sát thử nghiệm sự hài lòng với các cơ quan
name_en: Trial satisfaction survey of the agencies
short_vi: Khảo sát TN
short_en: Trial survey
level: provincial
groups: [department, district]
measure: rate
value_kind: pct
decimals: 2
max_value: 100
color: "#009E73"
notebook: overview
narrative: tn_survey
sheet_vi: Khảo sát TN
sheet_en: Trial survey
first_year: 2019
charts: [units]
figures:
  - chart: units
    slide: [Khảo sát TN theo đơn vị, The trial survey by unit]
    caption: [Khảo sát TN theo đơn vị, The trial survey by unit]
"""
PANEL_SPEC = """\
kind: panel
name_vi: Bảng chỉ số thử nghiệm cấp tỉnh (TPN)
name_en: Trial provincial panel (TPN)
short_vi: TPN
short_en: TPN
level: province
groups: [province]
measure: score
value_kind: num
decimals: 2
max_value: 80
color: "#117733"
notebook: papi                 # drawn and written with the bundled panel's notebook
charts: [scorecard, rank_trajectories, ranking, dimensions]
narrative: tpn                 # no template of its own: the panel's section (panel.md.j2)
sheet_vi: TPN
sheet_en: TPN
first_year: 2017
file_name: "{year}"
order: 35
"""
PROVENANCE = """\
index: {id}
title_vi: {title}
title_en: {title}
producer: a test
published: every row
illustrative: none
source_line_vi: "Nguồn: thử nghiệm ({{year}})."
source_line_en: "Source: a test ({{year}})."
producer_short_vi: "thử nghiệm"
producer_short_en: "a test"
"""


def _add_index(raw: Path, index: str, spec_text: str, title: str, files: dict[str, str]) -> None:
    """What a project adds for an index: its folder with index.yml, PROVENANCE.yml and its yearly files."""
    (raw / index).mkdir()
    (raw / index / "index.yml").write_text(spec_text, encoding="utf-8")
    (raw / index / "PROVENANCE.yml").write_text(PROVENANCE.format(id=index, title=title), encoding="utf-8")
    for name, content in files.items():
        (raw / index / name).write_text(content, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("new-index") / "project"
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("*.ipynb"))
    raw = root / "data" / "raw"
    _add_index(raw, "tnq", NATIONAL_SPEC, "TNQ", {
        f"tnq_{year}.csv": "year,province,score,rank,rank_at_most,rank_at_least,source,source_url,note\n"
                           f"{year},Đà Nẵng,70.10,1,,,published,https://example.org/tnq,\n"
                           f"{year},Quảng Ninh,{qn},{rank},,,published,https://example.org/tnq,\n"
        for year, (qn, rank) in {2018: ("61.20", 4), 2019: ("64.85", 2)}.items()})
    _add_index(raw, "tn_units", UNITS_SPEC, "TN", {"tn_units_2019.csv": (
        "year,unit,group,total,rank,source,note\n"
        "2019,Sở Nội vụ,\"Sở, ban, ngành\",61.50,,published,\n"
        "2019,Sở Tư pháp,\"Sở, ban, ngành\",84.25,,published,\n"
        "2019,Thành phố Hạ Long,UBND cấp huyện,88.00,,published,\n"
        "2019,Thành phố Cẩm Phả,UBND cấp huyện,86.40,,published,\n")})
    _add_index(raw, "tn_survey", SURVEY_SPEC, "KS", {"tn_survey_2019.csv": (
        "year,group,unit,respondents,satisfaction_pct,source,note\n"
        "2019,department,Sở Nội vụ,200,91.50,published,\n"
        "2019,department,Sở Tư pháp,100,96.00,published,\n"
        "2019,district,Thành phố Hạ Long,300,94.00,published,\n"
        "2019,district,Thành phố Cẩm Phả,400,92.00,published,\n")})
    _add_index(raw, "tpanel", PANEL_SPEC, "TPN", {})  # the bundled panel's scores under another name
    for year in (2017, 2018, 2019):
        shutil.copy(raw / "papi" / f"{year}.csv", raw / "tpanel" / f"{year}.csv")
    shutil.copytree(raw / "papi" / "codebook", raw / "tpanel" / "codebook")
    env = dict(os.environ, QNINDEX_ROOT=str(root), QNINDEX_CACHE=str(root.parent / "cache"), QNINDEX_DPI="60")
    done = subprocess.run([sys.executable, "-m", "qnindex", "report", "--year", "2019"], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return root


def test_the_new_national_index_is_stated_ranked_drawn_and_tabulated(project):
    narrative = (project / "data/processed/2019/narrative_vi.md").read_text(encoding="utf-8")
    assert "## Chỉ số thử nghiệm quốc gia (TNQ)" in narrative  # the national rankings' section, no template of its own
    assert "TNQ của Quảng Ninh đạt 64,85" in narrative and "xếp thứ 2/63" in narrative
    assert "tăng 2 bậc" in narrative or "tăng 2 bậc so với" in narrative
    ledger = (project / "data/processed/2019/ledger_vi.csv").read_text(encoding="utf-8-sig")
    assert "tnq score" in ledger and "tnq rank" in ledger  # every number stated is traceable to its row
    assert "TNQ" in load_workbook(project / "data/processed/2019/tables.xlsx").sheetnames
    with zipfile.ZipFile(project / "reports/2019/briefing.pptx") as deck:
        slides = " ".join(deck.read(n).decode("utf-8") for n in deck.namelist() if n.startswith("ppt/slides/slide"))
    assert "TNQ" in slides


def test_the_new_assessment_of_units_has_its_kinds_section_and_table(project):
    narrative = (project / "data/processed/2019/narrative_vi.md").read_text(encoding="utf-8")
    assert "## Chỉ số thử nghiệm các sở, ngành, địa phương" in narrative
    assert "4 cơ quan, đơn vị" in narrative
    # its spec's rule finds what fell short: one department below 'khá' (61,50 of 100; tiers.default)
    shortcomings = narrative[narrative.index("## Tồn tại, hạn chế"):]
    assert "- Chỉ số thử nghiệm các sở, ngành, địa phương: 1 sở, ban, ngành chưa đạt mức khá." in shortcomings
    assert "Chỉ số TN" in load_workbook(project / "data/processed/2019/tables.xlsx").sheetnames


def test_a_new_survey_of_units_has_its_kinds_section_with_weighted_averages(project):
    """A second satisfaction survey, added by its spec and data: its section is the survey kind's template
    (survey.md.j2), with the respondent-weighted average (200×91,5 + 100×96 + 300×94 + 400×92 over 1 000 = 92,9)
    and each block's (departments: (200×91,5 + 100×96) / 300 = 93)."""
    narrative = (project / "data/processed/2019/narrative_vi.md").read_text(encoding="utf-8")
    section = narrative[narrative.index("## Khảo sát thử nghiệm sự hài lòng với các cơ quan"):]
    section = section[:section.index("\n## ", 3)]
    assert section.startswith("## Khảo sát thử nghiệm sự hài lòng với các cơ quan (Khảo sát TN)\n\nNăm 2019")
    assert "4 cơ quan, đơn vị được khảo sát (2 sở, ban, ngành và 2 đơn vị cấp huyện) đạt 92,90%." in section
    assert "Khối sở, ban, ngành đạt bình quân 93,00%; cao nhất là Sở Tư pháp (96,00%)" in section
    assert "Khảo sát TN" in load_workbook(project / "data/processed/2019/tables.xlsx").sheetnames


def test_a_new_panel_is_stated_ranked_from_its_scores_drawn_by_dimension_and_tabulated(project):
    narrative = (project / "data/processed/2019/narrative_vi.md").read_text(encoding="utf-8")
    section = narrative[narrative.index("## Bảng chỉ số thử nghiệm cấp tỉnh (TPN)"):]
    section = section[:section.index("\n## ", 3)]
    assert "Năm 2019, tổng điểm TPN của Quảng Ninh đạt 46,66/80 điểm, xếp thứ 3/63" in section
    assert "Ba tổng điểm TPN cao nhất cả nước thuộc về Bến Tre (46,74 điểm)" in section
    for chart in ("dimensions", "ranking", "map", "dimension_maps", "dimension_trends"):
        assert (project / f"figures/2019/tpanel_{chart}_vi.png").is_file(), chart
    assert "TPN" in load_workbook(project / "data/processed/2019/tables.xlsx").sheetnames


def test_every_new_index_is_in_the_deck_and_report_html(project):
    """Each new index has its section in report.html and the deck; the figures its kind draws are on the page."""
    page = (project / "reports/2019/report.html").read_text(encoding="utf-8")
    for heading in ("Chỉ số thử nghiệm quốc gia (TNQ)", "Bảng chỉ số thử nghiệm cấp tỉnh (TPN)",
                    "Khảo sát thử nghiệm sự hài lòng với các cơ quan", "Chỉ số thử nghiệm các sở, ngành, địa phương"):
        assert f">{heading}" in page, heading
    for figure in ("hinh-tpanel-dimensions", "hinh-tpanel-ranking", "hinh-tn-survey-units", "hinh-tn-units-points"):
        assert f'id="{figure}"' in page, figure
    assert (project / "figures/2019/tn_units_points_vi.png").is_file()
    from pptx import Presentation

    titles = [next((sh.text_frame.text for sh in slide.shapes if sh.has_text_frame), "")
              for slide in Presentation(project / "reports/2019/briefing.pptx").slides
              if any(sh.shape_type == 13 for sh in slide.shapes)]  # the slides that show a chart, by their message
    assert any(t.startswith("Năm 2019, tổng điểm TPN của Quảng Ninh đạt 46,66/80 điểm") for t in titles)
    assert any("4 cơ quan, đơn vị được khảo sát" in t for t in titles)  # the trial survey's units
    assert len(titles) == len(set(titles))  # each slide states its own message


def test_a_shortcoming_rule_and_a_section_are_ones_its_kind_offers(scratch_project):
    """A spec names its shortcoming rule and its section's shape from those its kind offers; another word is refused
    by ``validate``, naming the file and the line."""
    from conftest import project_at
    from qnindex.pipeline.validate import spec_problems

    path = scratch_project / "data" / "raw" / "dgi" / "index.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("section: components", "section: heat").replace(
        "total_rule:", "shortcoming: thấp\ntotal_rule:"), encoding="utf-8")
    said = [str(p) for p in spec_problems(project_at(scratch_project))]
    assert len(said) == 2
    assert any(s.startswith("data/raw/dgi/index.yml, dòng 18: section 'heat' không phải một dạng mục của loại units; "
                            "một trong: units, components, levels") for s in said)
    assert any("shortcoming 'thấp' không phải một quy tắc của loại units; một trong: below_tier, target_missed" in s
               for s in said)
    assert spec_problems(project_at(ROOT)) == []


def test_a_spec_that_is_not_one_names_its_file_line_and_fields(tmp_path):
    """An index.yml is named fields only: an unknown key, a field of the wrong type and a missing field are each refused
    with the file and the line, all at once."""
    from qnindex.core.errors import ProjectFileError
    from qnindex.indices.specs import spec_from_file
    from qnindex.kinds import KINDS

    path = tmp_path / "bad" / "index.yml"
    path.parent.mkdir()
    path.write_text("kind: national\nname_vi: X\ncolour: red\ndecimals: two\ncomponents:\n  - name: a\n"
                    "    maximum: 3\n", encoding="utf-8")
    with pytest.raises(ProjectFileError) as refused:
        spec_from_file(path, KINDS, "data/raw/bad/index.yml")
    said = [str(p) for p in refused.value.problems]
    assert "data/raw/bad/index.yml, dòng 3: khóa 'colour' không phải một trường của đặc tả chỉ số" in said[0]
    assert any(s.startswith("data/raw/bad/index.yml, dòng 4: trường 'decimals' phải là một số nguyên") for s in said)
    assert any(s.startswith("data/raw/bad/index.yml, dòng 7: khóa 'maximum' không phải") for s in said)
    assert any("thiếu trường 'name_en'" in s for s in said) and any("components[0].max_value" in s for s in said)


def test_every_bundled_index_is_a_spec_in_its_raw_folder():
    """The bundled indices are data like a project's own: one index.yml each, read by the project's loader."""
    from conftest import PROJECT
    from qnindex.indices.specs import spec_from_file

    folders = sorted(p.parent.name for p in (PROJECT.raw).glob("*/index.yml"))
    assert folders == sorted(PROJECT.specs.ids) and len(folders) >= 16
    from qnindex.kinds import KINDS

    assert spec_from_file(PROJECT.raw / "dgi" / "index.yml", KINDS) == PROJECT.spec("dgi")
    assert [s.order for s in PROJECT.specs] == sorted(s.order for s in PROJECT.specs)
    from conftest import cached_year

    year = cached_year(2024).specs  # a year's outputs: the national rankings (PGI among them), then own assessments
    national = [s.national for s in year]
    assert national == sorted(national, reverse=True) and year.ids.index("pgi") < national.index(False)


def test_pgi_is_bundled_by_its_spec_and_data_alone_and_stated_in_2023_and_2024():
    """The Provincial Green Index (VCCI) is data/raw/pgi/ (index.yml, PROVENANCE.yml, the yearly tables): the 2023
    pack says the province led four national rankings, PGI among them; 2024 states its score and change."""
    from conftest import REPO, cached_story

    story_2023 = cached_story(2023, "vi").markdown
    assert "dẫn đầu cả nước về PAR INDEX, SIPAS, PCI và PGI" in story_2023
    assert "Năm 2023, PGI của Quảng Ninh đạt 26,00; tỉnh xếp thứ 1/63 tỉnh, thành phố, dẫn đầu cả nước." in story_2023
    assert "PGI của Quảng Ninh đạt 26,21, tăng 0,21 điểm so với năm 2023" in cached_story(2024, "vi").markdown
    assert "In 2023, Quang Ninh's PGI was 26.00;" in cached_story(2023, "en").markdown
    code = [p for p in (REPO / "qnindex").rglob("*") if p.is_file() and p.suffix != ".pyc" and "pgi" in p.read_bytes().decode("utf-8", "ignore")
            .lower()]
    assert code == []  # nothing of qnindex names it


def test_a_template_writes_only_headers_its_loader_reads():
    """The yearly templates' headers are the loaders' own (one list of words per kind, not two): every header of
    every bundled index's template, in a year of 63 provinces and one of 34, is read back by its loader; a header a
    column does not read cannot be written for it."""
    from qnindex.core.settings import Settings
    from qnindex.data.readers import Column
    from qnindex.indices import national, provincial, survey
    from qnindex.kinds import open_project
    from qnindex.pipeline.new_year import _layout

    project = open_project(Settings(root=ROOT))
    loaders = {"national": national.columns, "units": provincial.columns, "survey": lambda s: survey.COLUMNS}
    checked = 0
    for s in project.specs:
        for year in (2024, 2025):
            if s.kind.name not in loaders or not s.exists_in(year):
                continue
            columns = loaders[s.kind.name](s)
            for column in _layout(project, s, year)[0]:
                assert any(c.matches(column["header"]) for c in columns), (s.id, year, column["header"])
                checked += 1
    assert checked > 40
    with pytest.raises(ValueError, match="not a header"):
        Column("rank", ("xếp hạng", "hạng")).written("điểm")
    assert Column("province", ("tỉnh, thành phố", "tỉnh")).label == "Tỉnh, thành phố"
