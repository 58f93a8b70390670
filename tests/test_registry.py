import unicodedata

import pytest

from qnindex.data import registry


@pytest.mark.parametrize("typed, unit_id", [
    ("Thành phố Hạ Long", "dist-ha-long"),
    ("TP. Hạ Long", "dist-ha-long"),
    ("tp  hạ   long", "dist-ha-long"),
    ("Ha Long", "dist-ha-long"),
    ("Huyện Bình Liêu", "dist-binh-lieu"),
    ("Thị xã Quảng Yên", "dist-quang-yen"),
    ("Sở TT&TT", "dept-thong-tin"),
    ("Sở Văn hoá và Thể thao", "dept-van-hoa"),   # old tone placement
    ("Sở Văn hóa và Thể thao", "dept-van-hoa"),
    ("Thanh tra tỉnh\u00a0", "dept-thanh-tra"),   # non-breaking space
    ("Cục Thuế tỉnh", "cent-thue"),
])
def test_resolve_known_names(typed, unit_id):
    assert registry.resolve(typed).unit_id == unit_id


def test_resolve_decomposed_unicode():
    nfd = unicodedata.normalize("NFD", "Huyện Cô Tô")
    assert nfd != "Huyện Cô Tô"
    assert registry.resolve(nfd).unit_id == "dist-co-to"


def test_unknown_name_lists_closest_units():
    with pytest.raises(registry.UnknownUnitError) as err:
        registry.resolve("Sở Thông tin truyen thong")
    assert "Sở Thông tin và Truyền thông" in err.value.suggestions
    assert "closest known" in str(err.value)


def test_hoanh_bo_ends_in_2019_and_hands_over_to_ha_long():
    assert registry.resolve("Hoành Bồ", year=2019).unit_id == "dist-hoanh-bo"
    with pytest.raises(registry.InvalidInYearError, match="Thành phố Hạ Long|dist-ha-long"):
        registry.resolve("Hoành Bồ", year=2020)
    assert registry.successor_in("dist-hoanh-bo", 2020) == "dist-ha-long"
    assert registry.successor_in("dist-hoanh-bo", 2019) == "dist-hoanh-bo"


def test_district_counts_follow_history():
    assert len(registry.units_in("district", 2019)) == 14
    assert len(registry.units_in("district", 2020)) == 13
    assert len(registry.units_in("district", 2026)) == 0  # no district level after 1/7/2025


def test_renamed_unit_takes_its_name_of_the_year():
    assert registry.name_in_year("dist-dong-trieu", 2019) == "Thị xã Đông Triều"
    assert registry.name_in_year("dist-dong-trieu", 2024) == "Thành phố Đông Triều"
    assert registry.resolve("Thành phố Đông Triều").unit_id == "dist-dong-trieu"


def test_registry_has_the_three_groups_with_both_languages():
    table = registry.all_units()
    assert table["unit_id"].is_unique
    assert set(table["group"]) >= {"department", "district", "central"}
    assert (table["name_vi"].str.len() > 0).all() and (table["name_en"].str.len() > 0).all()
    assert table["name_vi"].map(lambda s: unicodedata.is_normalized("NFC", s)).all()


def test_communes_are_the_official_lists_keyed_by_gso_code():
    """186 in 2019, 177 from 1/1/2020, 171 from 1/11/2024, 54 from 1/7/2025, each with its GSO code."""
    import csv

    from conftest import ROOT

    for year, snapshot in ((2019, "2019"), (2020, "2020"), (2024, "2024-11"), (2025, "2025-07")):
        with (ROOT / f"data/raw/communes/quangninh_communes_{snapshot}.csv").open(encoding="utf-8") as fh:
            official = {r["gso_code"]: r["name_vi"] for r in csv.DictReader(fh)}
        ours = {u.code: registry.name_in_year(u.unit_id, year) for u in registry.units_in("commune", year)}
        assert ours == official, year
    assert all(u.confirmed for u in registry.units_in("commune", 2019))


def test_a_commune_keeps_its_id_through_a_rename_and_answers_to_both_names():
    trới = registry.resolve("Thị trấn Trới", year=2019, group="commune")
    assert trới.district == "dist-hoanh-bo" and trới.code == "07030"
    assert registry.resolve("Phường Hoành Bồ", year=2020, group="commune").unit_id == trới.unit_id
    assert registry.name_in_year(trới.unit_id, 2019) == "Thị trấn Trới"
    assert registry.name_in_year(trới.unit_id, 2020) == "Phường Hoành Bồ"
    assert registry.resolve("Phường Cẩm Thành", year=2020, group="commune").code == "06790"
    assert registry.resolve("Xã Quảng Nghĩa", year=2020, group="commune").code == "06739"


def test_commune_mergers_are_successor_links_or_say_not_comparable():
    assert registry.successor_in("comm-06850", 2020) == "comm-06838"  # Tình Húc -> Thị trấn Bình Liêu, 1/1/2020
    assert registry.successor_in("comm-06802", 2025) == "comm-2025-" + registry.get(
        registry.get("comm-06799").successor).code  # Cẩm Hải -> Hải Hòa (1/11/2024) -> its 2025 unit
    quang_thang = registry.get("comm-06934")  # Hải Hà, 1/1/2020: the absorbing unit is not sourced
    assert quang_thang.successor == "" and "not comparable" in quang_thang.note
    with pytest.raises(registry.InvalidInYearError, match="Xã Cẩm Hải.*did not exist in 2024"):
        registry.resolve("Xã Cẩm Hải", year=2024, group="commune")  # merged on 1/11/2024: not a 2024 unit


def test_bare_name_prefers_the_district_over_a_ward_of_the_same_name():
    assert registry.resolve("Hạ Long").group == "district"
    assert registry.resolve("Hạ Long", year=2026, group="commune").unit_id == "comm-2025-06688"
