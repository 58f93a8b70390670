"""The province registry against the GSO crosswalk bundled in data/raw/provinces."""
import pandas as pd
import pytest

from qnindex.data import registry
from conftest import PROJECT
from qnindex.core.text import name_key


@pytest.fixture(scope="module")
def crosswalk() -> pd.DataFrame:
    cw = pd.read_csv(PROJECT.raw / "provinces" / "vietnamcode_data.csv", dtype=str, keep_default_na=False)
    return cw[(cw["province_name"] != "NA") & (cw["province_name"] != "Ha Tay")]


def test_63_provinces_until_mid_2025_and_34_after():
    assert len(registry.units_in("province", 2019)) == 63
    assert len(registry.units_in("province", 2024)) == 63
    assert len(registry.units_in("province", 2026)) == 34


def test_codes_and_names_match_the_gso_crosswalk(crosswalk):
    ours = {int(u.code): u for u in registry.units_in("province", 2019)}
    assert len(crosswalk) == 63
    for rec in crosswalk.to_dict("records"):
        unit = ours[int(rec["enterprise_census"])]
        expected = rec["province_name_diacritics"]
        assert registry.resolve(expected, 2019, "province").unit_id == unit.unit_id, expected
        assert registry.resolve(rec["province_name"], 2019, "province").unit_id == unit.unit_id


def test_every_old_province_goes_to_exactly_one_2025_province():
    new = registry.units_in("province", 2026)
    absorbed = {u.unit_id: registry.predecessors(u.unit_id) for u in new}
    merged = [p for ps in absorbed.values() for p in ps]
    assert len(merged) == len(set(merged)) == 52  # 63 - 11 unchanged
    unchanged = {u.unit_id for u in new if u.unit_id.count("-") == 1}
    assert len(unchanged) == 11 and "prov-22" in unchanged  # Quảng Ninh was not merged
    assert sorted(registry.get(p).name_vi for p in absorbed["prov-79-2025"]) == \
        ["Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"]
    assert registry.successor_in("prov-30", 2026) == "prov-31-2025"  # Hải Dương -> Hải Phòng


@pytest.mark.parametrize("variant, code", [
    ("TP HCM", "79"), ("Ho Chi Minh City", "79"), ("Thừa Thiên - Huế", "46"), ("Thanh Hoá", "38"),
    ("BRVT", "77"), ("Đắc Lắc", "66"), ("Hanoi", "01"), ("Tỉnh Quảng Ninh", "22"), ("Bac Can", "06"),
])
def test_spelling_variants(variant, code):
    assert registry.resolve(variant, 2019, "province").code == code


def test_names_are_unique_keys_per_year():
    keys = [name_key(u.name_vi) for u in registry.units_in("province", 2019)]
    assert len(keys) == len(set(keys))
