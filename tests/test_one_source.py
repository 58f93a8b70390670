"""One source per fact across outputs: the narrative, the deck's summary table, the scorecard, the ranking tables
and the DGI chart state the same values and ranks (ties included), for every bundled year tested."""
import pytest

from conftest import cached_year
from qnindex.render import charts, deck, narrative, tables
from qnindex.render.charts import _card_values


@pytest.mark.parametrize("year", [2019, 2020, 2022, 2024])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_national_values_and_ranks_agree_across_outputs(year, lang):
    data = cached_year(year)
    story = narrative.build(data, lang)
    rows = {r[0]: r for r in deck.summary_rows(data, lang)}
    for s_short, value_text, rank_text, _change in rows.values():
        index = next(i for i in data.current if i in charts.with_chart("scorecard", year)
                     and charts.spec(i).short(lang) == s_short)
        card = _card_values(data, index, lang)
        section = story.sections.get(index, "")
        if card["value_text"]:  # the scorecard, the deck and the narrative state the same value
            assert value_text == card["value_text"] and value_text in section, (index, value_text)
        if card["rank"] is not None:
            assert rank_text == f"{int(card['rank'])}/{int(card['n'])}" and rank_text in story.markdown, index
        if index in data.current and index != "papi":
            table = tables.ranking_table(data.current[index], data.previous.get(index), lang)
            unit = "Đơn vị" if lang == "vi" else "Unit"
            focus = table[table[unit] == ("Quảng Ninh")]
            if card["rank"] is not None and len(focus):
                assert int(focus.iloc[0, 0]) == int(card["rank"]), index  # the table's rank column


@pytest.mark.parametrize("year", [2019, 2024])
def test_dgi_ranks_agree_between_the_chart_the_table_and_the_narrative(year):
    data = cached_year(year)
    fig = charts.dgi_chart(data.current["dgi"], "vi")
    labels = {lbl.get_text().split(". ", 1)[1]: int(lbl.get_text().split(". ", 1)[0])
              for lbl in fig.axes[0].get_yticklabels()}
    table = tables.ranking_table(data.current["dgi"], data.previous.get("dgi"), "vi")
    from qnindex.data import registry

    for _, row in table.iterrows():
        unit = next(u for u in data.current["dgi"]["unit_id"].unique()
                    if registry.name_in_year(u, year) == row["Đơn vị"])
        assert labels[registry.name_in_year(unit, year, "vi", short=True)] == int(row["Hạng"]), row["Đơn vị"]
    text = narrative.build(data, "vi").sections["dgi"]
    leader = table.iloc[0]["Đơn vị"]
    assert leader[0].lower() + leader[1:] in text or leader in text  # the narrative names the table's leader
