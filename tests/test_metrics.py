import pandas as pd
import pytest

from conftest import load_table
from qnindex.analysis.metrics import add_rank, competition_rank, extremes, group_means, weighted_mean


def _units(values, groups=None, weights=None):
    n = len(values)
    return pd.DataFrame({
        "unit_id": [f"u{i}" for i in range(n)], "group": groups or ["g"] * n,
        "value": values, "weight": weights or [float("nan")] * n,
    })


def test_competition_rank_shares_and_skips():
    assert competition_rank(pd.Series([90.0, 95.0, 95.0, 80.0])).tolist() == [3, 1, 1, 4]
    assert competition_rank(pd.Series([3.0, 1.0, 1.0]), ascending=True).tolist() == [3, 1, 1]
    ranked = competition_rank(pd.Series([1.0, None, 2.0]))
    assert ranked.tolist()[0] == 2 and ranked.isna().tolist() == [False, True, False]


def test_rank_within_groups():
    t = add_rank(_units([1.0, 2.0, 5.0, 4.0], groups=["a", "a", "b", "b"]))
    assert t["rank"].tolist() == [2, 1, 1, 2]


def test_weighted_mean_by_hand():
    # (90*100 + 80*300) / 400 = 82.5 ; plain mean 85
    assert weighted_mean(pd.Series([90.0, 80.0]), pd.Series([100.0, 300.0])) == pytest.approx(82.5)
    assert weighted_mean(pd.Series([90.0, 80.0])) == pytest.approx(85.0)
    with pytest.raises(ValueError):
        weighted_mean(pd.Series([90.0, 80.0]), pd.Series([100.0, 0.0]))


def test_extremes_keep_ties():
    t = extremes(_units([95.0, 95.0, 90.0, 90.0, 92.0]))
    assert sorted(t[t["extreme"] == "highest"]["unit_id"]) == ["u0", "u1"]
    assert sorted(t[t["extreme"] == "lowest"]["unit_id"]) == ["u2", "u3"]


def test_respondent_weighted_means_reproduce_the_2019_conference():
    means = group_means(load_table("sipas_qn", 2019)).set_index("group")["value"].round(2).to_dict()
    assert means == {"department": 92.31, "district": 93.62, "central": 94.65, "all": 93.46}


def test_other_methods_do_not_reproduce_f5():
    sipas = load_table("sipas_qn", 2019)
    plain = group_means(sipas, weighted=False).set_index("group")["value"]
    assert round(plain["all"], 2) != 93.46
    weighted = group_means(sipas).set_index("group")["value"]
    mean_of_groups = weighted.drop("all").mean()
    assert round(mean_of_groups, 2) == 93.53  # the brief's check: not what was published


def test_extremes_of_2019_are_the_published_units():
    ext = extremes(load_table("sipas_qn", 2019)).set_index(["group", "extreme"])["unit_id"].to_dict()
    assert ext == {
        ("central", "highest"): "cent-cong-an", ("central", "lowest"): "cent-thue",
        ("department", "highest"): "dept-thong-tin", ("department", "lowest"): "dept-thanh-tra",
        ("district", "highest"): "dist-ha-long", ("district", "lowest"): "dist-binh-lieu",
    }


# ---------------------------------------------------------------- change, streaks, tiers, targets
from qnindex.analysis.metrics import (change_from_previous, first_time_within, gap_to_target, rank_change,  # noqa: E402
                             share_of_max, streak, tier)


def _ranks(rows):
    return pd.DataFrame(rows, columns=["year", "rank", "rank_at_most", "rank_at_least"]).set_index("year")


def test_change_across_the_hoanh_bo_merger_is_respondent_weighted_and_said():
    # a 2020 survey (Hoành Bồ merged into Hạ Long on 1/1/2020) against 2019's, which still had Hoành Bồ
    prev = load_table("sipas_qn", 2018).assign(year=2019)
    cur = load_table("sipas_qn", 2019).assign(year=2020)
    out = change_from_previous(cur, prev).set_index("unit_id")
    p = prev.set_index("unit_id")
    expected = (p.loc["dist-ha-long", "value"] * p.loc["dist-ha-long", "weight"]
                + p.loc["dist-hoanh-bo", "value"] * p.loc["dist-hoanh-bo", "weight"]) / (
        p.loc["dist-ha-long", "weight"] + p.loc["dist-hoanh-bo", "weight"])
    assert out.loc["dist-ha-long", "previous"] == pytest.approx(expected)
    assert out.loc["dist-ha-long", "merged_from"] == "dist-hoanh-bo"
    assert out.loc["dist-co-to", "merged_from"] == ""
    same_year = change_from_previous(load_table("sipas_qn", 2019), load_table("sipas_qn", 2018)).set_index("unit_id")
    assert same_year.loc["dist-ha-long", "merged_from"] == ""  # in 2019 Hoành Bồ still existed: nothing pooled
    assert out.loc["dist-co-to", "change"] == pytest.approx(
        cur.set_index("unit_id").loc["dist-co-to", "value"] - p.loc["dist-co-to", "value"])


def test_change_without_weights_keeps_the_successors_own_value():
    cur = pd.DataFrame({"unit_id": ["dist-ha-long"], "component": ["total"], "measure": ["score"],
                        "value": [90.0], "weight": [float("nan")]})
    prev = pd.DataFrame({"unit_id": ["dist-ha-long", "dist-hoanh-bo"], "component": ["total"] * 2,
                         "measure": ["score"] * 2, "value": [80.0, 60.0], "weight": [float("nan")] * 2})
    out = change_from_previous(cur, prev).iloc[0]
    assert (out["previous"], out["change"], round(out["change_pct"], 2), out["merged_from"], out["base_excludes"]) == \
        (80.0, 10.0, 12.5, "", "dist-hoanh-bo")  # not pooled, and the note says the base is Hạ Long's own


def test_rank_change_sign():
    assert rank_change(3, 4) == 1 and rank_change(2, 1) == -1


def test_streak_stops_at_gaps_and_unknown_years():
    ranks = _ranks([(2015, 4, None, None), (2016, 4, None, None), (2018, 4, None, None), (2019, 3, None, None)])
    assert streak(ranks, 2018, exact=4) == (1, 2018)  # 2017 missing: not assumed
    assert streak(ranks, 2019, k=4) == (2, 2018)
    assert streak(ranks, 2019, k=2) == (0, None)
    top10 = _ranks([(2014, None, 10, None), (2015, 1, None, None)])
    assert streak(top10, 2015, k=10) == (2, 2014)
    assert streak(top10, 2015, k=5) == (1, 2015)  # "top 10" does not settle "top 5"


def test_first_time_needs_every_earlier_year():
    ranks = _ranks([(2017, None, None, 2), (2018, 5, None, None), (2019, 1, None, None)])
    assert first_time_within(ranks, 2019, 1, 2017) is True
    assert first_time_within(ranks, 2019, 1, 2016) is None  # 2016 unknown: cannot tell
    assert first_time_within(ranks, 2018, 1, 2017) is False


def test_share_tier_and_target():
    assert round(share_of_max(128, 170), 2) == 75.29
    tiers = [(80, "good"), (70, "fair"), (0, "weak")]
    assert [tier(s, tiers) for s in (80.0, 79.99, 70.0, 12.0)] == ["good", "fair", "fair", "weak"]
    assert gap_to_target(28.35, 40) == {"value": 28.35, "target": 40.0, "gap": pytest.approx(-11.65), "met": False}
    assert gap_to_target(3.0, 5.0, higher_is_better=False)["met"] is True


def test_a_new_province_is_compared_only_with_all_of_its_predecessors():
    """2025's Hải Phòng absorbed Hải Dương: with last year's score of the old Hải Phòng only, it has no previous
    value (it read 96,17 'pooling Hải Phòng', a change of -6,27); an unchanged province keeps its comparison."""
    import pandas as pd

    from qnindex.analysis.metrics import change_from_previous

    def table(year, rows):
        return pd.DataFrame([{"index": "par_index", "year": year, "unit_id": u, "component": "total",
                              "measure": "rate", "value": v, "weight": float("nan")} for u, v in rows])

    now = table(2025, [("prov-31-2025", 89.9), ("prov-22", 93.2)])
    one = change_from_previous(now, table(2024, [("prov-31", 96.17), ("prov-22", 92.0)])).set_index("unit_id")
    assert pd.isna(one.loc["prov-31-2025", "previous"]) and one.loc["prov-31-2025", "merged_from"] == ""
    assert one.loc["prov-22", "previous"] == 92.0 and round(one.loc["prov-22", "change"], 2) == 1.2
    both = change_from_previous(now, table(2024, [("prov-31", 96.17), ("prov-30", 90.0)])).set_index("unit_id")
    assert pd.isna(both.loc["prov-31-2025", "previous"])  # no respondents to pool two scores with: none either
