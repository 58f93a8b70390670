"""How sure a survey rate is: Wilson intervals, and the sentence that says when the lowest unit cannot be told
apart from others."""
import pytest

from conftest import cached_year
from qnindex.analysis.metrics import differ, survey_intervals, wilson
from qnindex.analysis.yeardata import YearData
from qnindex.render import narrative


def _survey_section(data: YearData) -> str:
    return narrative.build(data, "vi", only="sipas_qn").section("sipas_qn").markdown


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
    return data.with_table("sipas_qn", sipas)


def test_the_sentence_appears_exactly_when_the_lowest_cannot_be_told_apart():
    few = _survey_section(_with_respondents(60))
    many = _survey_section(_with_respondents(100_000))
    assert "huyện Bình Liêu (91,71%), tuy nhiên chênh lệch so với" in few
    assert "chưa có ý nghĩa thống kê" not in many
    assert differ(91.71, 100_000, 92.37, 100_000) and not differ(91.71, 60, 92.37, 60)


def test_intervals_can_be_switched_off():
    assert "ý nghĩa thống kê" not in _survey_section(_with_respondents(60).with_settings(intervals=False))


def test_the_report_carries_the_method_note_only_when_intervals_are_shown(tmp_path):
    """The page explains the intervals when a survey's respondents are known, and stays silent when they are not
    or when intervals are switched off."""
    from qnindex.render import pages

    figures = tmp_path / "figures"
    figures.mkdir()
    data = cached_year(2019)
    story = narrative.build(data, "vi", only="sipas_qn")

    def page(year) -> str:
        return pages.report_page(year, story, figures, {})

    html = page(data)
    assert 'id="phuong-phap"' in html and 'href="#phuong-phap"' in html and "chọn mẫu ngẫu nhiên đơn giản" in html
    assert 'id="phuong-phap"' not in page(data.with_settings(intervals=False))
    survey = data.current["sipas_qn"].assign(weight=float("nan"))  # no unit with respondents
    assert 'id="phuong-phap"' not in page(data.with_table("sipas_qn", survey))
    assert 'id="phuong-phap"' not in page(cached_year(2016))  # no survey of units that year


def test_the_ledger_gives_the_interval_of_every_survey_rate_it_states():
    """Each SIPAS rate stated in the narrative (a unit's rate, a group's respondent-weighted mean) carries in
    the ledger the same Wilson interval as the intervals table; other numbers carry none."""
    from qnindex.analysis.metrics import survey_intervals
    from qnindex.render.narrative import build

    data = cached_year(2019)
    table = survey_intervals(data.current["sipas_qn"])
    ledger = build(data, "vi").ledger()
    with_interval = ledger[ledger["interval_low"].notna()]
    assert set(with_interval["section"]) <= {"sipas_qn", "shortcomings"} and len(with_interval) >= 8
    for rec in with_interval.to_dict("records"):
        match = table[(table["value"] - rec["value"]).abs() < 1e-6]
        assert len(match) >= 1, rec["text"]
        assert abs(match["low"].iloc[0] - rec["interval_low"]) < 1e-3
        assert abs(match["high"].iloc[0] - rec["interval_high"]) < 1e-3
        assert rec["interval_low"] <= rec["value"] <= rec["interval_high"]
    # the overall rate 93,46% is there with the pooled interval
    overall = table[table["unit_id"] == "mean:all"].iloc[0]
    assert ((with_interval["value"] - overall["value"]).abs() < 1e-6).any()
    assert ledger[ledger["section"] == "dgi"]["interval_low"].isna().all()
    assert build(data.with_settings(intervals=False), "vi").ledger()["interval_low"].isna().all()


def test_the_tidy_tables_carry_the_interval_of_each_survey_rate():
    """Survey rows with respondents get their Wilson bounds; published ranks and other indices' rows stay empty."""
    from qnindex.analysis.metrics import wilson, with_intervals

    data = cached_year(2019)
    tidy = with_intervals(data.all_tables(), {"sipas_qn"})
    survey = tidy[(tidy["index"] == "sipas_qn") & tidy["weight"].notna() & ~tidy["measure"].str.startswith("rank")]
    assert len(survey) >= 20 and survey["interval_low"].notna().all()
    first = survey.iloc[0]
    assert (first["interval_low"], first["interval_high"]) == wilson(first["value"], first["weight"])
    assert (survey["interval_low"] <= survey["value"]).all() and (survey["value"] <= survey["interval_high"]).all()
    others = tidy[tidy["index"] != "sipas_qn"]
    assert len(others) > 0 and others["interval_low"].isna().all()
    assert with_intervals(data.all_tables(), {"sipas_qn"}, on=False)["interval_low"].isna().all()
