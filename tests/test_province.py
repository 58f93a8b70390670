"""The province as data: a pack about any province (`qnindex report --province`), names typed in every accepted form
for every period, and the project's own province (data/raw/project.yml) by default."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from qnindex.data import registry


@pytest.mark.parametrize("typed", ["TP Hải Phòng", "Thành phố Hải Phòng", "thanh pho Hai Phong", "Hải Phòng",
                                   "TP. Hồ Chí Minh", "TP HCM", "Quảng Ninh", "Tỉnh Quảng Ninh"])
@pytest.mark.parametrize("year", [2024, 2025])
def test_every_accepted_form_of_a_province_name_holds_in_every_period(typed, year):
    """Before 1/7/2025 and after it (when Hải Phòng and Hồ Chí Minh are new units), the same forms are accepted and
    name the unit of that period."""
    unit = registry.resolve(typed, year, group="province")
    assert unit.valid_in(year)
    assert unit.name_vi in ("Hải Phòng", "Hồ Chí Minh", "Quảng Ninh")
    assert (unit.unit_id.endswith("-2025")) == (year == 2025 and unit.name_vi != "Quảng Ninh")


def test_a_centrally_run_city_is_called_a_city_and_a_province_a_province():
    assert registry.province_title("prov-31", 2024) == "thành phố Hải Phòng"
    assert registry.province_title("prov-31-2025", 2025, "en") == "Hai Phong city"
    assert registry.province_title("prov-22", 2024) == "tỉnh Quảng Ninh"
    assert registry.province_title("prov-46", 2024) == "tỉnh Thừa Thiên Huế"  # a city from 1/1/2025 only
    assert registry.province_title("prov-46", 2025) == "thành phố Huế"


def test_the_focus_province_follows_the_setting_across_the_reorganisation():
    from conftest import PROJECT, project_at

    hai_phong = project_at(PROJECT.root, province="TP Hải Phòng")
    assert hai_phong.focus.ids == {"prov-31", "prov-31-2025"} and not hai_phong.is_home
    assert hai_phong.focus.unit(2024) == "prov-31" and hai_phong.focus.unit(2025) == "prov-31-2025"
    assert PROJECT.focus.ids == {"prov-22"} and PROJECT.is_home  # data/raw/project.yml: Quảng Ninh


def test_an_unknown_province_is_refused_with_the_closest_names(scratch_project, capsys):
    from qnindex.pipeline.cli import main

    assert main(["report", "--year", "2024", "--province", "Hải Phong Xyz"]) == 2
    err = capsys.readouterr().err
    assert "không phải tên một tỉnh, thành phố" in err and "Hải Phòng" in err


def test_a_misspelt_province_in_the_project_file_is_refused_by_validation(scratch_project, capsys):
    """A project file naming no province stops the run at the gate, naming the file and the closest names (it
    stopped every notebook with a traceback's last line instead)."""
    from qnindex.pipeline.cli import main

    project = scratch_project / "data" / "raw" / "project.yml"
    project.write_text(project.read_text(encoding="utf-8").replace("province: Quảng Ninh", "province: Quãng Nin"),
                       encoding="utf-8")
    assert main(["validate", "--year", "2019"]) == 2
    out = capsys.readouterr().out
    assert ("data/raw/project.yml: mục province là 'Quãng Nin', không phải tên một tỉnh, thành phố; gần nhất: "
            "Quảng Ninh") in out
    assert "cách sửa: ghi tên tỉnh, thành phố như thường viết" in out


@pytest.fixture(scope="module")
def hai_phong_2024(tmp_path_factory):
    """The 2024 pack about Hải Phòng, built in a copy of the bundled project (whose own data are Quảng Ninh's)."""
    from conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("province") / "project")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("QNINDEX_ROOT", str(root))
        env.setenv("QNINDEX_DPI", "60")
        from qnindex.pipeline.cli import main

        assert main(["report", "--year", "2024", "--province", "TP Hải Phòng"]) == 0
    return root


def _deck_text(path: Path) -> str:
    with zipfile.ZipFile(path) as deck:
        return " ".join(deck.read(n).decode("utf-8") for n in deck.namelist() if n.startswith("ppt/slides/slide"))


def test_the_hai_phong_pack_states_its_par_index_result_and_is_about_no_other_province(hai_phong_2024):
    pack = hai_phong_2024 / "provinces" / "hai-phong"
    narrative = (pack / "data/processed/2024/narrative_vi.md").read_text(encoding="utf-8")
    assert "PAR INDEX của Hải Phòng đạt 96,17%" in narrative
    assert "thành phố xếp thứ 1/63 tỉnh, thành phố" in narrative
    assert "# Kết quả các chỉ số cải cách hành chính năm 2024 của thành phố Hải Phòng" in narrative
    english = (pack / "data/processed/2024/narrative_en.md").read_text(encoding="utf-8")
    assert "Hai Phong's PAR INDEX was 96.17%" in english
    deck = _deck_text(pack / "reports/2024/briefing.pptx")
    assert "UBND thành phố Hải Phòng — Sở Nội vụ" in deck
    html = (pack / "reports/2024/report.html").read_text(encoding="utf-8")
    for text in (narrative, english, deck, html):  # no other province as the subject (it may be named among others)
        for subject in ("của Quảng Ninh", "tỉnh Quảng Ninh", "Quảng Ninh trên", "Quang Ninh's", "Quang Ninh province"):
            assert subject not in text
    assert "Xếp thứ 2 là Quảng Ninh (73,20)" in narrative  # PCI 2024: named as the runner-up, not as the subject
    assert "## Mức độ hài lòng với các cơ quan" not in narrative  # no empty sections for data it does not cover
    # its own assessments are not the project's: said, not drawn
    assert "các kết quả tự đánh giá của thành phố Hải Phòng" in narrative
    assert "Chỉ số CCHC của thành phố, SIPAS cấp thành phố" in narrative  # named as the city's, not 'của tỉnh'
    assert "Chỉ số CCHC của tỉnh" not in narrative and "SIPAS cấp tỉnh" not in narrative
    assert not list((pack / "figures/2024").glob("sipas_qn_units_*.png"))
    assert not list((pack / "figures/2024").glob("own_trends_*.png"))  # no chart of the project's own data either
    # the project's own pack is untouched: another province's goes to provinces/<name>/
    assert not (hai_phong_2024 / "figures" / "2024").exists()
    manifest = json.loads((pack / "reports/2024/manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["province"] == "Hải Phòng"


def test_the_charts_name_and_highlight_the_province_the_pack_is_about():
    from conftest import PROJECT, cached_year, project_at
    from qnindex.analysis.yeardata import load_year
    from qnindex.render import charts

    assert charts.texts(cached_year(2024), "vi")["qn"] == "Quảng Ninh"
    hai_phong = load_year(2024, project_at(PROJECT.root, province="Hải Phòng"))
    assert charts.texts(hai_phong, "vi")["qn"] == "Hải Phòng"
    assert charts.texts(hai_phong, "en")["scorecard"].startswith("Hai Phong in")


def test_two_provinces_in_one_process_give_each_its_command_line_pack(hai_phong_2024):
    """Settings are objects passed down, not the process's environment: the Quảng Ninh and Hải Phòng packs of 2024
    built side by side in this process (their years loaded together, their steps interleaved) are, file for file,
    the packs the command built for each (the executed notebooks and the manifest aside: only the job has them)."""
    import hashlib

    from conftest import project_at
    from qnindex.analysis.yeardata import load_year
    from qnindex.core.paths import pack_outputs
    from qnindex.pipeline import pack
    from qnindex.pipeline.cli import main

    root = hai_phong_2024
    with pytest.MonkeyPatch.context() as env:
        env.setenv("QNINDEX_ROOT", str(root))
        env.setenv("QNINDEX_DPI", "60")
        assert main(["report", "--year", "2024"]) == 0  # Quảng Ninh's own pack, by the command
    projects = {"qn": project_at(root, dpi=60), "hp": project_at(root, province="Hải Phòng", dpi=60)}
    years = {name: load_year(2024, project) for name, project in projects.items()}
    outs = {name: pack_outputs(root / "in-process" / name, 2024) for name in projects}
    for notebook in pack.notebooks(projects["qn"]):
        for name, data in years.items():
            pack.write_notebook(data, notebook, ["vi", "en"], outs[name])
    for name, data in years.items():
        pack.write_overview(data, ["vi", "en"], outs[name])

    def digests(base: Path) -> dict[str, str]:
        return {p.relative_to(base).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for sub in ("figures", "data/processed", "reports") for p in (base / sub / "2024").rglob("*")
                if p.is_file() and p.suffix != ".ipynb" and p.name != "manifest.json"}

    for name, published in (("qn", root), ("hp", root / "provinces" / "hai-phong")):
        built, expected = digests(root / "in-process" / name), digests(published)
        assert len(built) > 30 and built == expected, name
