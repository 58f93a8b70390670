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


def test_communes_186_in_2019_177_from_2020_54_from_july_2025():
    assert len(registry.units_in("commune", 2019)) == 186
    assert len(registry.units_in("commune", 2020)) == 177
    assert len(registry.units_in("commune", 2026)) == 54
    trới = registry.resolve("Thị trấn Trới", year=2019, group="commune")
    assert trới.district == "dist-hoanh-bo"
    unconfirmed = [u for u in registry.units_in("commune", 2019) if not u.confirmed]
    assert len(unconfirmed) == 153 and all(u.name_vi.startswith("Đơn vị cấp xã số") for u in unconfirmed)


def test_bare_name_prefers_the_district_over_a_ward_of_the_same_name():
    assert registry.resolve("Hạ Long").group == "district"
    assert registry.resolve("Hạ Long", year=2026, group="commune").unit_id == "comm-2025-6688"
