"""National indices (F1, F2, F4 and the public numbers around them), computed from the bundled tables."""
import pytest

from conftest import write_lines
from qnindex.core.errors import RawDataError
from conftest import load_series, load_table
from qnindex.analysis.metrics import change_from_previous, first_time_within, rank_change, rank_series, streak

QN = "prov-22"


def _value(tidy, unit=QN, measure=None, component="total"):
    d = tidy[(tidy["unit_id"] == unit) & (tidy["component"] == component)]
    d = d[d["measure"] == measure] if measure else d[~d["measure"].str.startswith("rank")]
    return float(d["value"].iloc[0])


def test_f1_par_index_2019():
    par = load_series("par_index")
    y19, y18 = par[par["year"] == 2019], par[par["year"] == 2018]
    assert _value(y19) == 90.09 and _value(y19, measure="rank") == 1
    change = change_from_previous(y19[y19["measure"] == "score"], y18[y18["measure"] == "score"])
    assert round(change.set_index("unit_id").loc[QN, "change"], 2) == 1.03
    ranks = rank_series(par, QN)
    assert streak(ranks, 2019, k=1) == (3, 2017)      # third consecutive year at the top
    assert streak(ranks, 2019, k=10) == (6, 2014)     # six consecutive years in the top 10
    second = y19[(y19["measure"] == "rank") & (y19["value"] == 2)]["unit_name"].tolist()
    third = y19[(y19["measure"] == "rank") & (y19["value"] == 3)]["unit_name"].tolist()
    assert (second, _value(y19, "prov-01")) == (["Hà Nội"], 84.64)
    assert (third, _value(y19, "prov-87")) == (["Đồng Tháp"], 84.43)


def test_f2_sipas_2019_first_time_at_the_top():
    sipas = load_series("sipas")
    ranks = rank_series(sipas, QN)
    assert first_time_within(ranks, 2019, k=1, series_start=2017) is True
    assert first_time_within(ranks, 2020, k=1, series_start=2017) is False
    y19, y18 = sipas[sipas["year"] == 2019], sipas[sipas["year"] == 2018]
    change = change_from_previous(y19[y19["measure"] == "rate"], y18[y18["measure"] == "rate"])
    assert _value(y19) == 95.26 and round(change.set_index("unit_id").loc[QN, "change"], 2) == 4.11


def test_f4_ict_index_2019_after_four_years_in_fourth_place():
    ict = load_series("ict_index")
    ranks = rank_series(ict, QN)
    assert ranks.loc[2019, "rank"] == 3
    assert rank_change(ranks.loc[2019, "rank"], ranks.loc[2018, "rank"]) == 1
    assert streak(ranks, 2018, exact=4) == (4, 2015)
    y19, y18 = ict[ict["year"] == 2019], ict[ict["year"] == 2018]
    change = change_from_previous(y19[y19["measure"] == "score"], y18[y18["measure"] == "score"])
    assert _value(y19) == 0.735 and round(change.set_index("unit_id").loc[QN, "change"], 4) == 0.0954


def test_partial_and_full_tables_load_alike(tmp_path):
    partial = load_table("pci", 2019)
    assert set(partial["unit_id"]) == {"prov-22", "prov-87", "prov-86", "prov-27"}
    from qnindex.data import registry
    rows = ["year,province,score,rank,source"] + [
        f"2019,{u.name_vi},{50 + i * 0.3:.2f},{63 - i},published" for i, u in enumerate(registry.units_in("province", 2019))]
    full = load_table("pci", 2019, write_lines(tmp_path / "pci_2019.csv", rows))
    assert full["unit_id"].nunique() == 63
    assert (full.query("measure == 'rank'")["max_value"] == 63).all()


def test_ict_components_are_read_when_present(tmp_path):
    rows = ["Năm,Tỉnh,Điểm,Xếp hạng,Hạ tầng kỹ thuật,Hạ tầng nhân lực,Ứng dụng CNTT",
            "2019,Quảng Ninh,\"0,735\",3,\"0,70\",\"0,75\",\"0,76\""]
    ict = load_table("ict_index", 2019, write_lines(tmp_path / "ict.csv", rows))
    comps = ict[ict["measure"] == "score"].set_index("component")["value"].to_dict()
    assert comps == {"total": 0.735, "technical_infrastructure": 0.70, "human_resources": 0.75,
                     "it_application": 0.76}


@pytest.mark.parametrize("row, expected", [
    ("2019,Quảng Ninh,190.09,1,published", r"dòng 2, cột 'score': 190,09 nằm ngoài khoảng cho phép: từ 0 đến 100"),
    ("2019,Quảng Ninh,90.09,64,published", r"dòng 2, cột 'rank': 64 nằm ngoài khoảng cho phép: từ 1 đến 63"),
    ("2019,Quảng Nin,90.09,1,published", r"dòng 2, cột 'province': không có đơn vị 'Quảng Nin'.*tên gần nhất: Quảng Ninh"),
    ("2019,Hà Nội,80.00,1,published", r"dòng 3, cột 'rank': thứ hạng 1 cao hơn thứ hạng 2 của một điểm cao hơn \(dòng 2\)"),
])
def test_bad_national_rows(tmp_path, row, expected):
    rows = ["year,province,score,rank,source", row]
    if "Hà Nội" in row:
        rows = ["year,province,score,rank,source", "2019,Quảng Ninh,90.09,2,published", row]
    with pytest.raises(RawDataError, match=expected):
        load_table("par_index", 2019, write_lines(tmp_path / "par_index_2019.csv", rows))


def test_the_national_average_is_stated_from_its_row_with_the_provinces_distance_from_it():
    """PAR INDEX and SIPAS averages the Ministry announced (national_average.csv beside the yearly tables): the
    section states the year's average, and the province's distance from it when its score is known; the ledger
    traces both to the row."""
    from conftest import cached_story, cached_year

    story = cached_story(2019, "vi")
    assert "Bình quân cả nước năm 2019 đạt 81,15%; Quảng Ninh cao hơn mức bình quân 8,94 điểm phần trăm." in \
        story.markdown  # 90,09 - 81,15
    claims = story.ledger()
    average = claims[claims["label"] == "par_index national average"]
    assert list(average["sources"]) == ["data/raw/par_index/national_average.csv:3"]
    text_2024 = cached_story(2024, "vi").markdown
    assert "Bình quân cả nước năm 2024 đạt 88,37%." in text_2024  # the province's own score is not in the data
    assert "Bình quân cả nước năm 2024 đạt 83,94%." in text_2024
    assert "The national average in 2024 was 88.37%." in cached_story(2024, "en").markdown
    assert "pci" not in cached_year(2024).averages  # none recorded: nothing said


def test_an_unknown_rank_names_who_led_and_says_what_is_known(tmp_path):
    """SIPAS 2024: the province is among the five leading (no exact rank in the sources), so the section names the
    first three as announced, and the overview says 'among the five leading' instead of 'no rank published'; PGI's
    partial table holds no rank of the province: the project's data lack it (not 'unpublished')."""
    from conftest import cached_story

    text = cached_story(2024, "vi").markdown
    sipas = text.split("## Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)")[1].split("##")[0]
    assert "Xếp thứ 1 là Hải Phòng; xếp thứ 2 là Thái Nguyên; xếp thứ 3 là Hải Dương." in sipas
    overview = text.split("##")[0]
    assert "Về SIPAS, tỉnh Quảng Ninh nằm trong nhóm 5 địa phương dẫn đầu (thứ hạng cụ thể không được công bố)" in overview
    assert "Về PGI năm 2024, thứ hạng của tỉnh chưa có trong dữ liệu của dự án." in overview
    assert "không được công bố" not in overview.replace("(thứ hạng cụ thể không được công bố)", "")
    assert "Về PAPI năm 2023, tổng điểm và thứ hạng của tỉnh không được công bố." in cached_story(2023, "vi").markdown


def test_a_bad_national_average_names_its_row(scratch_project):
    from conftest import project_at

    path = scratch_project / "data" / "raw" / "par_index" / "national_average.csv"
    path.write_text(path.read_text(encoding="utf-8") + "2025,188.4,published,,\n", encoding="utf-8")
    project = project_at(scratch_project)
    with pytest.raises(RawDataError) as err:
        project.spec("par_index").kind.published_average(project, project.spec("par_index"), 2025)
    assert "national_average.csv" in str(err.value) and "188" in str(err.value)


def test_validate_reads_the_national_averages_too(scratch_project):
    """A wrong average is found by ``validate`` before ``report`` meets it."""
    from qnindex.pipeline.validate import validate_all

    path = scratch_project / "data" / "raw" / "sipas" / "national_average.csv"
    path.write_text(path.read_text(encoding="utf-8") + "2023,chín mươi,published,,\n", encoding="utf-8")
    from conftest import project_at

    found = [str(p) for p in validate_all(project_at(scratch_project), 2023).problems]
    assert any("national_average.csv" in line for line in found), found
