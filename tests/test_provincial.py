"""The province's own assessments: F9-F13 and F15 from the bundled data, and bad input."""
import pytest
from openpyxl import Workbook

from conftest import write_lines
from qnindex.core.errors import RawDataError
from conftest import PROJECT, load_table
from qnindex.analysis.metrics import add_rank, gap_to_target, share_of_max, tier


def _totals(tidy):
    return tidy[(tidy["component"] == "total") & ~tidy["measure"].str.startswith("rank")]


def test_f9_f10_dgi_2019():
    dgi = _totals(load_table("dgi", 2019))
    assert len(dgi) == 13 and round(dgi["value"].mean(), 2) == 83.93
    ranked = add_rank(dgi, by=None).sort_values("rank")
    assert ranked["unit_id"].tolist()[:3] == ["dist-ha-long", "dist-tien-yen", "dist-quang-yen"]
    assert ranked["unit_id"].tolist()[-1] == "dist-co-to" and ranked["rank"].tolist()[-1] == 13
    published = load_table("dgi", 2019).query("measure == 'rank'").set_index("unit_id")["value"]
    assert (published == ranked.set_index("unit_id").loc[published.index, "rank"]).all()


def test_dgi_total_is_the_mean_of_components():
    d = load_table("dgi", 2019)
    comps = d[(d["component"] != "total") & (d["measure"] == "score")].groupby("unit_id")["value"].mean()
    totals = _totals(d).set_index("unit_id")["value"]
    assert (abs(comps - totals) < 0.006).all()


def test_f11_departments_2019():
    e = load_table("egov_department", 2019)
    assert e["unit_id"].nunique() == 30
    means = e.groupby("component")["value"].mean()
    assert round(means["total"], 2) == 73.83
    shares = {c: round(share_of_max(means[c], m), 2) for c, m in
              (("infrastructure", 20), ("application", 60), ("human_resources", 20))}
    assert shares == {"infrastructure": 98.0, "application": 70.0, "human_resources": 61.15}
    assert min(shares, key=shares.get) == "human_resources"  # the data, not the conference's wording
    previous = load_table("egov_department", 2018).groupby("component")["value"].mean()["total"]
    assert round(means["total"] - previous, 2) == 4.93   # "about 5 points above 2018"
    assert tier(share_of_max(means["total"], 100), PROJECT.targets.tiers("egov_department")) == "fair"


def test_f12_districts_2019_and_2018():
    e19, e18 = _totals(load_table("egov_district", 2019)), _totals(load_table("egov_district", 2018))
    assert len(e19) == len(e18) == 14
    mean19, mean18 = e19["value"].mean(), e18["value"].mean()
    assert mean19 == 128 and round(share_of_max(mean19, e19["max_value"].iloc[0]), 2) == 75.29
    assert mean19 - mean18 == 7
    assert round(100 * (mean19 - mean18) / mean18, 2) == 5.79
    top = e19.loc[e19["value"].idxmax()]
    assert (top["unit_id"], top["value"], round(share_of_max(top["value"], 170), 2)) == ("dist-uong-bi", 154, 90.59)
    assert (e18["value"].mean(), e18["value"].min(), e18["value"].max()) == (121, 94, 146)
    assert e18.loc[e18["value"].idxmax(), "unit_id"] == "dist-uong-bi"
    assert e19.set_index("unit_id").loc["dist-uong-bi", "source"] == "published"


def test_f13_communes_2019():
    c19, c18 = _totals(load_table("egov_commune", 2019)), _totals(load_table("egov_commune", 2018))
    assert len(c19) == 186 and c19["value"].mean() == pytest.approx(59.0)
    assert round(100 * (c19["value"].mean() / c18["value"].mean() - 1), 1) == 42.9  # "about 43% above 2018"
    assert len(c18) < 186  # 2019 was the first year every commune was assessed


def test_f15_online_services_below_target():
    rate = _totals(load_table("online_services", 2019))["value"].iloc[0]
    target = PROJECT.targets.target_for("online_services", "prov-22", 2019)
    gap = gap_to_target(rate, target["target"])
    assert target["target"] == 40 and gap["met"] is False and gap["gap"] < 0
    assert rate > _totals(load_table("online_services", 2018))["value"].iloc[0]
    assert (load_table("online_services", 2019)["source"] == "illustrative").all()


def test_par_qn_sample_is_marked_illustrative():
    par = load_table("par_qn", 2019)
    assert set(par["group"]) == {"department", "district"}
    assert (par["source"] == "illustrative").all()
    totals = _totals(par)
    assert len(totals) == 33 and totals["value"].between(0, 100).all()


def test_total_that_is_not_the_sum_of_components(tmp_path):
    rows = ["year,unit,readiness,results,provincial,total", "2019,TP Uông Bí,46,90,18,150"]
    with pytest.raises(RawDataError, match=r"dòng 2, cột 'total': tổng điểm 150 không bằng tổng các điểm thành phần \(154,00\)"):
        load_table("egov_district", 2019, write_lines(tmp_path / "e.csv", rows))


def test_component_above_its_maximum(tmp_path):
    rows = ["year,unit,readiness,results,provincial", "2019,TP Uông Bí,56,90,18"]
    with pytest.raises(RawDataError, match=r"dòng 2, cột 'readiness'.*ngoài khoảng.*từ 0 đến 50"):
        load_table("egov_district", 2019, write_lines(tmp_path / "e.csv", rows))


def test_unit_of_the_wrong_level(tmp_path):
    rows = ["year,unit,readiness,results,provincial", "2019,Sở Y tế,40,90,18"]
    with pytest.raises(RawDataError, match=r"dòng 2, cột 'unit': không có đơn vị 'Sở Y tế' thuộc khối UBND cấp huyện"):
        load_table("egov_district", 2019, write_lines(tmp_path / "e.csv", rows))


def test_excel_with_vietnamese_headers(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ CHÍNH QUYỀN ĐIỆN TỬ CẤP HUYỆN NĂM 2019"])
    ws.append(["Năm", "Đơn vị", "Mức độ sẵn sàng", "Kết quả đạt được", "Tiêu chí của tỉnh", "Tổng điểm"])
    ws.append([2019, "TP Uông Bí", 46, 90, 18, 154])
    ws.append([2019, "Huyện Hoành Bồ", 40, 70, 12, None])
    wb.save(tmp_path / "e.xlsx")
    e = load_table("egov_district", 2019, tmp_path / "e.xlsx")
    totals = _totals(e).set_index("unit_id")["value"].to_dict()
    assert totals == {"dist-uong-bi": 154.0, "dist-hoanh-bo": 122.0}  # empty total computed
