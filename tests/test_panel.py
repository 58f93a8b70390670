"""Panels across years (`qnindex.panel`): one table over years with a stable unit key, mergers linked to their
successors, ranks in a column of their own, and whether each value compares with the previous year's."""
import qnindex
from conftest import PROJECT, load_table


def test_a_panel_over_the_2019_2020_merger_links_and_flags_the_units():
    p = qnindex.panel("dgi", PROJECT)
    assert sorted(p["year"].unique()) == [2018, 2019, 2023, 2024]
    row = p.set_index(["year", "unit_id"])
    assert row.loc[(2018, "dist-hoanh-bo"), "successor"] == "dist-ha-long"  # merged into Hạ Long on 1/1/2020
    assert not row.loc[(2023, "dist-ha-long"), "comparable"]  # Hạ Long of 2023 holds Hoành Bồ: not like 2019's
    assert row.loc[(2023, "dist-cam-pha"), "comparable"] and row.loc[(2019, "dist-cam-pha"), "comparable"]
    assert not p[p["year"] == 2018]["comparable"].any()  # the panel's first year compares with nothing


def test_a_plain_pivot_of_a_panel_gives_the_values_not_ranks_averaged_in():
    p = qnindex.panel("dgi", PROJECT, [2019, 2024])
    wide = p.pivot(index="unit_id", columns="year", values="value")  # no duplicate (year, unit): no rank rows
    assert wide.loc["dist-ha-long", 2019] == p[(p["year"] == 2019) & (p["unit_id"] == "dist-ha-long")]["value"].iloc[0]
    assert (p["value"].dropna() > 10).all()  # a rank (1, 2, 3 ...) never sits in the value column
    assert set(p["rank"].dropna()) <= set(range(1, 14))


def test_most_improved_units_leave_out_a_unit_that_absorbed_another():
    from qnindex.analysis.panel import improvement

    ranked = improvement(qnindex.panel("dgi", PROJECT), 2018)
    assert "dist-ha-long" not in set(ranked["unit_id"])  # Hoành Bồ merged into it in 2020: not the same unit
    assert list(ranked["change"]) == sorted(ranked["change"], reverse=True) and len(ranked) == 12
    top = ranked.iloc[0]
    assert top["change"] == round(top["value_until"] - top["value_since"], 10)


def test_a_relation_between_two_indices_states_its_uncertainty():
    """The provincial PAR index and satisfaction of the same units, 2019: joined on the units in both, Pearson's r
    with a Fisher interval that contains it, Spearman's rho, and the illustrative rows counted (never hidden)."""
    import math

    import numpy as np

    from qnindex.analysis.panel import relation
    par, sipas = load_table("par_qn", 2019), load_table("sipas_qn", 2019)
    joined, stats = relation(par, sipas)
    assert stats["n"] == len(joined) == len(set(par["unit_id"]) & set(sipas["unit_id"])) > 10
    assert math.isclose(stats["pearson_r"], np.corrcoef(joined["a"], joined["b"])[0, 1])
    assert stats["r_low"] < stats["pearson_r"] < stats["r_high"]
    z = math.atanh(stats["pearson_r"])
    assert math.isclose(math.atanh(stats["r_high"]) - z, 1.959963984540054 / math.sqrt(stats["n"] - 3))
    assert stats["illustrative_rows"] == int(joined["illustrative"].sum()) > 0
    assert -1 <= stats["spearman_rho"] <= 1
    small, few = relation(par.head(2), sipas)
    assert few["r_low"] is None  # too few units for an interval


def test_a_surveys_change_carries_its_interval():
    """Units over the years where the index has respondents (SIPAS 2018 -> 2019): each change with its 95 % interval
    (Newcombe, from the two Wilson intervals), recomputed here for one unit; an index without respondents has none."""
    import math

    import qnindex
    from qnindex.analysis.metrics import wilson
    from qnindex.analysis.panel import improvement

    ranked = improvement(qnindex.panel("sipas_qn", PROJECT, [2018, 2019]), 2018)
    assert ranked["change_low"].notna().all() and (ranked["change_low"] < ranked["change"]).all()
    row = ranked.iloc[0]
    table = qnindex.panel("sipas_qn", PROJECT, [2018, 2019]).set_index(["year", "unit_id"])
    a, b = table.loc[(2018, row["unit_id"])], table.loc[(2019, row["unit_id"])]
    (l1, u1), (l2, u2) = wilson(b["value"], b["weight"]), wilson(a["value"], a["weight"])
    assert math.isclose(row["change_low"], row["change"] - math.hypot(b["value"] - l1, u2 - a["value"]))
    assert math.isclose(row["change_high"], row["change"] + math.hypot(u1 - b["value"], a["value"] - l2))
    assert row["beyond_sampling"] == (row["change_low"] > 0 or row["change_high"] < 0)
    assert improvement(qnindex.panel("dgi", PROJECT, [2018, 2019]), 2018)["change_low"].isna().all()
