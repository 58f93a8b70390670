"""PAPI totals and ranks computed from the panel, checked against what PAPI published."""
import pandas as pd
import pytest

from conftest import PROJECT, load_table
from qnindex.analysis.metrics import national_summary, rank_provinces

QN = "prov-22"


def _total(year):
    return rank_provinces(load_table("papi", year)).set_index("unit_id")


@pytest.mark.parametrize("year, total, rank", [
    (2017, 36.72, 32), (2019, 46.66, 3), (2020, 48.811, 1), (2022, 47.876, 1), (2024, 47.82, 1),
])
def test_quang_ninh_total_and_rank_match_published(year, total, rank):
    t = _total(year)
    decimals = len(str(total).split(".")[1])
    assert round(t.loc[QN, "value"], decimals) == total
    assert t.loc[QN, "rank"] == rank


def test_2019_top_five_match_published():
    t = _total(2019).dropna(subset=["rank"]).sort_values("rank").head(5)
    assert t["unit_name"].tolist() == ["Bến Tre", "Đồng Tháp", "Quảng Ninh", "Bắc Giang", "Thừa Thiên Huế"]
    assert t["value"].round(2).tolist() == [46.74, 46.72, 46.66, 46.04, 45.86]
    assert (t["ranked_units"] == 63).all()


def test_2020_dimensions_match_published():
    p = load_table("papi", 2020)
    dims = p[(p["unit_id"] == QN) & p["component"].str.match(r"d\d_")].set_index("component")["value"]
    # published 6.499 / 8.286 / 7.713 (news.gov.vn): transparency, control of corruption, service delivery
    assert round(dims["d2_transparency"], 3) == 6.499
    assert round(dims["d4_corruption_control"], 3) == 8.286
    assert round(dims["d6_service_delivery"], 3) == 7.713


@pytest.mark.parametrize("year", [2018, 2021, 2023])
def test_missing_dimension_means_no_total_and_no_rank(year):
    t = _total(year)
    assert pd.isna(t.loc[QN, "value"]) and pd.isna(t.loc[QN, "rank"])
    assert "not published" in t.loc[QN, "note_en"] and "không công bố" in t.loc[QN, "note"]  # both languages
    assert t["ranked_units"].iloc[0] == t["value"].notna().sum() < 63


def test_scale_changes_in_2018():
    old, new = load_table("papi", 2017), load_table("papi", 2018)
    assert sorted(c for c in old["component"].unique() if c.startswith("d")) == [
        "d1_participation", "d2_transparency", "d3_accountability", "d4_corruption_control",
        "d5_procedures", "d6_service_delivery"]
    assert old.query("component == 'total'")["max_value"].iloc[0] == 60
    assert new.query("component == 'total'")["max_value"].iloc[0] == 80
    assert "sub_sc52" not in set(load_table("papi", 2021)["component"])  # construction permits dropped from 2021


def test_2022_partial_provinces_are_not_ranked():
    t = _total(2022)
    assert pd.isna(t.loc["prov-27", "value"]) and pd.isna(t.loc["prov-24", "value"])  # Bắc Ninh, Bắc Giang


def test_national_mean_and_median():
    summary = national_summary(load_table("papi", 2019)).set_index("component")
    totals = load_table("papi", 2019).query("component == 'total'")["value"]
    assert summary.loc["total", "mean"] == pytest.approx(totals.mean())
    assert summary.loc["total", "median"] == pytest.approx(totals.median())
    assert summary.loc["total", "best_unit"] == "prov-83"  # Bến Tre
    assert summary.loc["total", "units"] == 63
    assert len(summary) == 9  # 8 dimensions + total


def test_sub_dimension_out_of_range_is_reported(tmp_path):
    from qnindex.core.errors import RawDataError

    lines = (PROJECT.raw / "papi" / "2019.csv").read_text().splitlines()
    cells = lines[14].split(",")
    cells[3] = "12.5"
    lines[14] = ",".join(cells)
    path = tmp_path / "2019.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(RawDataError, match=r"2019.csv, dòng 15, cột 'SC13': điểm chỉ số nội dung thành phần 12.5 nằm ngoài 0–10"):
        load_table("papi", 2019, path)


@pytest.mark.parametrize("year", [2016, 2019, 2021])
def test_a_dimension_is_its_sub_dimensions_added_in_order_and_the_total_its_dimensions(year):
    """Sums as the panel's numbers are added by hand, one after the other in the codebook's order, NaN where one is
    missing, and the missing dimensions named in the total's note."""
    from qnindex.indices.panel import DIMENSIONS, _codebooks

    _names, parent = _codebooks(PROJECT.raw / "papi")
    p = load_table("papi", year).set_index(["unit_id", "component"])["value"]
    units = p.index.get_level_values("unit_id").unique()
    assert len(units) >= 60
    checked = 0
    for unit in units:
        own = p.loc[unit]
        dims = {}
        for cid, (name, _vi, _en) in DIMENSIONS.items():
            parts = [own[f"sub_{code.lower()}"] for code, dim in parent.items() if dim == cid
                     and f"sub_{code.lower()}" in own.index]
            if name not in own.index:
                continue
            expected = sum(parts) if not any(pd.isna(v) for v in parts) else float("nan")
            assert own[name] == expected or (pd.isna(own[name]) and pd.isna(expected)), (unit, name)
            dims[name] = own[name]
        if any(pd.isna(v) for v in dims.values()):
            note = load_table("papi", year).set_index(["unit_id", "component"]).loc[(unit, "total"), "note_en"]
            assert pd.isna(own["total"]) and all(name in note for name, v in dims.items() if pd.isna(v))
        else:
            assert own["total"] == sum(dims.values())
            checked += 1
    assert checked >= 40
