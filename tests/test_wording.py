"""Words come from the data (up / down / unchanged, higher / lower / the same) and illustrative values never
become judgements of named units."""
import pytest

from conftest import cached_story, cached_year
from qnindex.analysis import ledger
from qnindex.render import narrative


def _with_previous(index: str, change: float):
    """2019's data with the focus province's previous-year score set to this year's minus ``change``."""
    data = cached_year(2019)
    cur, prev = data.current[index].copy(), data.previous[index].copy()
    now = cur[(cur["unit_id"] == "prov-22") & (cur["component"] == "total") & ~cur["measure"].str.startswith("rank")]
    mask = (prev["unit_id"] == "prov-22") & (prev["component"] == "total") & ~prev["measure"].str.startswith("rank")
    prev.loc[mask, "value"] = float(now["value"].iloc[0]) - change
    return data.with_table(index, cur, prev)


@pytest.mark.parametrize("change, vi, en", [
    (1.03, "tăng 1,03 điểm phần trăm so với năm 2018", "up 1.03 percentage points on 2018"),
    (-2.5, "giảm 2,50 điểm phần trăm so với năm 2018", "down 2.50 percentage points on 2018"),
    (0.0, "không đổi so với năm 2018", "unchanged on 2018"),
])
def test_a_change_is_worded_from_its_sign(change, vi, en):
    data = _with_previous("par_index", change)
    assert vi in narrative.build(data, "vi", only="par_index").section("par_index").markdown
    assert en in narrative.build(data, "en", only="par_index").section("par_index").markdown


@pytest.mark.parametrize("delta, vi, en", [(5.0, "cao hơn năm 2018", "up from"), (-5.0, "thấp hơn năm 2018", "down from"),
                                           (0.0, "bằng năm 2018", "the same as")])
def test_the_online_services_comparison_follows_the_data(delta, vi, en):
    data = cached_year(2019)
    prev = data.previous["online_services"].copy()
    now = float(data.current["online_services"]["value"].iloc[0])
    prev.loc[prev["component"] == "total", "value"] = now - delta
    changed = data.with_table("online_services", data.current["online_services"], prev)
    assert vi in narrative.build(changed, "vi").section("shortcomings").markdown
    assert en in narrative.build(changed, "en").section("shortcomings").markdown


def test_illustrative_values_name_no_unit_as_a_shortcoming():
    text = cached_story(2019, "vi").section("shortcomings").markdown
    assert "Sở Nội vụ" not in text and "Sở Giao thông vận tải" not in text  # 89,53 %, 88,25 %: illustrative
    assert "Thanh tra tỉnh (85,88%)" in text  # a published value


def test_every_illustrative_number_is_marked_and_the_ledger_enforces_both_rules():
    data = cached_year(2019)
    story = narrative.build(data, "vi")
    table = story.ledger()
    assert ledger.verify(story.sentences(), table, data.all_tables(), "vi") == []
    assert (table[table["status"] == "illustrative"]["sentence"].str.contains("minh họa")).all()
    judged = table[table["judgement"]].index[0]
    broken = table.copy()
    broken.loc[judged, "status"] = "illustrative"
    problems = ledger.verify(story.sentences(), broken, data.all_tables(), "vi")
    assert any("a named unit judged on an illustrative value" in p for p in problems)
