import pandas as pd
import pytest

from qnindex.loaders import load_sipas
from qnindex.metrics import add_rank, competition_rank, extremes, group_means, weighted_mean


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
    means = group_means(load_sipas(2019)).set_index("group")["value"].round(2).to_dict()
    assert means == {"department": 92.31, "district": 93.62, "central": 94.65, "all": 93.46}


def test_other_methods_do_not_reproduce_f5():
    sipas = load_sipas(2019)
    plain = group_means(sipas, weighted=False).set_index("group")["value"]
    assert round(plain["all"], 2) != 93.46
    weighted = group_means(sipas).set_index("group")["value"]
    mean_of_groups = weighted.drop("all").mean()
    assert round(mean_of_groups, 2) == 93.53  # the brief's check: not what was published


def test_extremes_of_2019_are_the_published_units():
    ext = extremes(load_sipas(2019)).set_index(["group", "extreme"])["unit_id"].to_dict()
    assert ext == {
        ("central", "highest"): "cent-cong-an", ("central", "lowest"): "cent-thue",
        ("department", "highest"): "dept-thong-tin", ("department", "lowest"): "dept-thanh-tra",
        ("district", "highest"): "dist-ha-long", ("district", "lowest"): "dist-binh-lieu",
    }
