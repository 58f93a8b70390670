"""How sure a survey rate is: Wilson intervals, and the sentence that says when the lowest unit cannot be told
apart from others."""
import pytest

from conftest import cached_year
from qnindex.analysis.metrics import differ, survey_intervals, wilson
from qnindex.analysis.yeardata import YearData
from qnindex.render import narrative


@pytest.mark.parametrize("successes, n, low, high", [
    (50, 100, 40.38, 59.62),   # Wilson score interval for 50/100
    (81, 263, 25.53, 36.62),   # Newcombe (1998), Statistics in Medicine 17:857, example 81/263
    (15, 148, 6.24, 16.05),    # Newcombe (1998), example 15/148
])
def test_wilson_intervals_match_published_values(successes, n, low, high):
    lo, hi = wilson(100.0 * successes / n, n)
    assert (round(lo, 2), round(hi, 2)) == (low, high)


def test_group_means_are_pooled_over_respondents():
    table = survey_intervals(cached_year(2019).current["sipas_qn"]).set_index("unit_id")
    assert table.loc["mean:all", "value"] == pytest.approx(93.46, abs=0.005)
    assert table.loc["mean:all", "low"] < 93.46 < table.loc["mean:all", "high"]
    assert (table["low"] < table["value"]).all() and (table["value"] < table["high"]).all()


def _with_respondents(n: int) -> YearData:
    data = cached_year(2019)
    sipas = data.current["sipas_qn"].copy()
    sipas["weight"] = float(n)
    return YearData(2019, current={**data.current, "sipas_qn": sipas}, previous=data.previous, series=data.series)


def test_the_sentence_appears_exactly_when_the_lowest_cannot_be_told_apart():
    few = narrative.build(_with_respondents(60), "vi").sections["sipas_qn"]
    many = narrative.build(_with_respondents(100_000), "vi").sections["sipas_qn"]
    assert "huyện Bình Liêu (91,71%), tuy nhiên chênh lệch so với" in few
    assert "chưa có ý nghĩa thống kê" not in many
    assert differ(91.71, 100_000, 92.37, 100_000) and not differ(91.71, 60, 92.37, 60)


def test_intervals_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("QNINDEX_INTERVALS", "0")
    assert "ý nghĩa thống kê" not in narrative.build(_with_respondents(60), "vi").sections["sipas_qn"]
