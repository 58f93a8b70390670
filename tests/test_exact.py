"""Every stated number derived from typed values is computed exactly in decimal and rounded half-up once."""
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from qnindex.analysis.facts import format_fact, make

# values as officials type them: 0–100 with 2 decimals, or 0–1 with 4 decimals (ICT Index, DTI)
typed_2 = st.integers(min_value=0, max_value=10_000).map(lambda n: Decimal(n).scaleb(-2))
typed_3 = st.integers(min_value=1, max_value=100_000).map(lambda n: Decimal(n).scaleb(-3))


def _rows(values, max_value=100.0, weights=None):
    n = len(values)
    return pd.DataFrame({"index": ["x"] * n, "year": [2020] * n, "unit_id": [f"u{i}" for i in range(n)],
                         "component": ["total"] * n, "measure": ["score"] * n,
                         "value": [float(v) for v in values], "max_value": [max_value] * n,
                         "weight": [float(w) for w in (weights or [1] * n)], "source": ["published"] * n,
                         "source_file": ["f.csv"] * n, "source_row": list(range(2, n + 2))})


def _half_up(value: Decimal, decimals: int) -> str:
    return str(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)).replace(".", ",")


def test_the_change_the_issue_reported_is_stated_half_up():
    fact = make("diff", _rows([Decimal("76.415")]), _rows([Decimal("73.83")]), decimals=2)
    assert format_fact(fact, "vi") == "2,59" and fact.exact == Decimal("2.585")


@settings(max_examples=300, deadline=None)
@given(a=typed_3, b=typed_3)
def test_a_difference_is_half_up_of_the_exact_difference(a, b):
    fact = make("diff", _rows([a]), _rows([b]), decimals=2)
    shown = format_fact(fact, "vi")  # points are written without trailing zeros (0,1 for 0,10)
    assert Decimal(shown.replace(",", ".")) == (a - b).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(typed_2, min_size=1, max_size=40))
def test_a_mean_is_half_up_of_the_exact_mean(values):
    fact = make("mean", _rows(values), decimals=2, kind="pct")
    exact = sum(values) / len(values)
    assert format_fact(fact, "vi") == _half_up(exact, 2) + "%"


@settings(max_examples=200, deadline=None)
@given(values=st.lists(typed_2, min_size=1, max_size=20),
       weights=st.lists(st.integers(min_value=1, max_value=2000), min_size=20, max_size=20))
def test_a_weighted_mean_is_half_up_of_the_exact_weighted_mean(values, weights):
    weights = weights[: len(values)]
    fact = make("wmean", _rows(values, weights=weights), decimals=2, kind="pct")
    exact = sum(v * w for v, w in zip(values, weights)) / sum(weights)
    assert format_fact(fact, "vi") == _half_up(exact, 2) + "%"


@settings(max_examples=200, deadline=None)
@given(value=typed_2, maximum=st.sampled_from([20, 50, 60, 100, 170]))
def test_a_share_of_the_maximum_is_half_up_of_the_exact_share(value, maximum):
    value = min(value, Decimal(maximum))
    fact = make("share", _rows([value], max_value=maximum), decimals=2, kind="pct")
    assert format_fact(fact, "vi") == _half_up(Decimal(100) * value / maximum, 2) + "%"


def test_the_rows_of_a_unit_component_and_measure_are_those_rows_in_their_order_with_their_labels():
    """``rows_of`` picks a unit's (or a unit's successive ids') rows of one component: its value by default (never
    a published rank), or the measure asked for; the rows keep their order, labels and types."""
    from qnindex.analysis.facts import rows_of

    table = pd.DataFrame({
        "unit_id": pd.array(["a", "b", "a", "a", "c", "a", "b"], dtype="string"),
        "component": pd.array(["total", "total", "d1", "total", "total", "total", "d1"], dtype="string"),
        "measure": pd.array(["score", "score", "score", "rank", "score", "rank_at_most", "rank"], dtype="string"),
        "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]}, index=[10, 11, 12, 13, 14, 15, 16])

    assert rows_of(table, "a")["value"].tolist() == [1.0]
    assert rows_of(table, None).index.tolist() == [10, 11, 14]
    assert rows_of(table, frozenset({"a", "c"})).index.tolist() == [10, 14]
    assert rows_of(table, ["b"], "d1", "rank").index.tolist() == [16]
    assert rows_of(table, None, "total", "rank_at_most")["value"].tolist() == [6.0]
    none = rows_of(table, "z")
    assert none.empty and list(none.columns) == list(table.columns)
    assert list(rows_of(table, "a").dtypes) == list(table.dtypes)
