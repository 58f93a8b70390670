"""One source per fact across outputs: the narrative, the deck's summary table, the scorecard, the ranking tables
and the charts' SVG texts state the same values and ranks (ties included), for every bundled year tested."""
import matplotlib.pyplot as plt
from qnindex.data import registry
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import matplotlib
import pytest

from conftest import cached_story, cached_year
from qnindex.render import charts, deck, tables
from qnindex.render.charts.national import _card_values


@pytest.mark.parametrize("year", range(2011, 2025))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_national_values_and_ranks_agree_across_outputs(year, lang):
    """Every bundled year: the scorecard, the deck's table, the narrative and the ranking table agree."""
    data = cached_year(year)
    story = cached_story(year, lang)
    rows = {r[0]: r for r in deck.summary_rows(data, lang)}
    for s_short, value_text, rank_text, _change in rows.values():
        index = next(i for i in data.current if i in data.specs.with_chart("scorecard", year)
                     and data.spec(i).short(lang) == s_short)
        card = _card_values(data, index, lang)
        section = story.section(index).markdown
        if card is None:  # the province's row is not in the data: the card, the deck and the narrative say so
            not_in_data = "chưa có trong dữ liệu" if lang == "vi" else "not in the data"
            assert value_text == rank_text == not_in_data and index in story.sections, index
            assert ("chưa có trong dữ liệu của dự án" if lang == "vi" else "not in the project's data") in section
            continue
        status = {"vi": {"nhóm": "nằm trong nhóm", "chưa có trong dữ liệu": "chưa có trong dữ liệu của dự án",
                         "không công bố": "không được công bố"},
                  "en": {"top": "leading provinces", "not in the data": "not in the project's data",
                         "not published": "not published"}}[lang]
        for said, words in status.items():  # a rank not known: the deck says it as the narrative does
            if rank_text.startswith(said):
                assert words in section, (index, rank_text)
        if card["value_text"]:  # the scorecard, the deck and the narrative state the same value
            assert value_text == card["value_text"] and value_text in section, (index, value_text)
        if card["rank"] is not None:
            assert rank_text == f"{int(card['rank'])}/{int(card['n'])}" and rank_text in story.markdown, index
        if index in data.current and index != "papi":
            table = tables.ranking_table(data, index, lang)
            unit = "Đơn vị" if lang == "vi" else "Unit"
            focus = table[table[unit] == registry.name_in_year("prov-22", year, lang)]
            if card["rank"] is not None and len(focus):
                assert int(focus.iloc[0, 0]) == int(card["rank"]), index  # the table's rank column


@pytest.mark.parametrize("year", [2019, 2024])
def test_dgi_ranks_agree_between_the_chart_the_table_and_the_narrative(year):
    data = cached_year(year)
    fig = charts.components_chart(data, "dgi", "vi")
    labels = {lbl.get_text().split(". ", 1)[1]: int(lbl.get_text().split(". ", 1)[0])
              for lbl in fig.axes[0].get_yticklabels()}
    table = tables.ranking_table(data, "dgi", "vi")
    from qnindex.data import registry

    for _, row in table.iterrows():
        unit = next(u for u in data.current["dgi"]["unit_id"].unique()
                    if registry.name_in_year(u, year) == row["Đơn vị"])
        assert labels[registry.name_in_year(unit, year, "vi", short=True)] == int(row["Hạng"]), row["Đơn vị"]
    text = cached_story(year, "vi").section("dgi").markdown
    leader = table.iloc[0]["Đơn vị"]
    assert leader[0].lower() + leader[1:] in text or leader in text  # the narrative names the table's leader


def _number(text: str, lang: str) -> Decimal:
    """A number as written for ``lang`` ('1.234,56' in vi, '1,234.56' in en) read exactly."""
    return Decimal(text.replace(".", "").replace(",", ".") if lang == "vi" else text.replace(",", ""))


def _svg_numbers(fig, lang: str) -> list[Decimal]:
    """Every number in the chart's SVG text elements (type kept as text for the check)."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg")
    plt.close(fig)
    texts = [" ".join(el.itertext()) for el in ET.fromstring(buffer.getvalue()).iter("{http://www.w3.org/2000/svg}text")]
    return [_number(m, lang) for t in texts for m in re.findall(r"\d[\d.,]*\d|\d", t)]


# chart -> (how it is drawn, which claims of the narrative it also states)
CHART_FACTS = {
    "scorecard": (lambda d, lang: charts.scorecard(d, lang),
                  lambda c: c["label"] in {f"{c['section']} score", f"{c['section']} rank", f"{c['section']} change",
                                           "PAPI total"} and c["section"] != "overview"
                  and '"unit_id": "prov-22"' in c["refs"]),  # the card is the focus province's
    "papi_map": (lambda d, lang: charts.province_map(d, "papi", lang),
                 lambda c: c["section"] == "papi" and c["label"] in {"PAPI total", "PAPI rank", "provinces with a total"}),
    "papi_ranking": (lambda d, lang: charts.province_ranking(d, "papi", lang),
                     lambda c: c["section"] == "papi" and c["label"] in {"PAPI total", "national median"}),
    "sipas_units": (lambda d, lang: charts.unit_ranking(d, "sipas_qn", lang),
                    lambda c: c["section"] == "sipas_qn" and bool(re.match(
                        r"^((department|district|central) average|(highest|lowest) in )", c["label"]))),
    "dgi": (lambda d, lang: charts.components_chart(d, "dgi", lang),
            lambda c: c["section"] == "dgi" and c["label"] in {"DGI average", "DGI rank (published)", "DGI rank",
                                                               "DGI score"}),
    "egov_departments": (lambda d, lang: charts.criteria_shares(d, "egov_department", lang),
                         lambda c: c["section"] == "egov" and c["label"].endswith("share of maximum")),
    "egov_districts": (lambda d, lang: charts.points_against_maximum(d, "egov_district", lang),
                       lambda c: c["section"] == "egov" and c["label"] in {"district average", "last year's average",
                                                                           "highest district"}),
    "egov_communes": (lambda d, lang: charts.points_distribution(d, "egov_commune", lang),
                      lambda c: c["section"] == "egov" and c["label"] in {
                          "commune average", "last year's commune average", "communes assessed",
                          "communes assessed last year"}),
    "online_services": (lambda d, lang: charts.rate_trend(d, "online_services", lang),
                        lambda c: c["section"] == "shortcomings" and c["label"] in {
                            "online services rate", "online services rate last year", "province target"}),
}
NEEDS = {"papi_map": "papi", "papi_ranking": "papi", "sipas_units": "sipas_qn", "dgi": "dgi",
         "egov_departments": "egov_department", "egov_districts": "egov_district", "egov_communes": "egov_commune",
         "online_services": "online_services"}



@pytest.mark.parametrize("year,lang", [(2019, "vi"), (2019, "en"), (2020, "vi"), (2024, "vi")])
def test_every_number_a_chart_shows_equals_the_narratives(year, lang):
    """Each number the narrative states that a chart also shows is, in the chart's SVG text, the same value (a chart
    with more decimals rounds half-up to the sentence's): one computed fact, two renderings."""
    from qnindex.core.formatting import round_half_up

    data = cached_year(year)
    claims = cached_story(year, lang).ledger().to_dict("records")
    checked = 0
    for chart, (draw, states) in CHART_FACTS.items():
        if chart in NEEDS and not data.has(NEEDS[chart]):
            continue
        wanted = [c for c in claims if states(c)]
        if not wanted:
            continue
        figure = draw(data, lang)
        if figure is None:  # a chart the year's data do not allow (a trend of fewer than two years)
            continue
        numbers = _svg_numbers(figure, lang)
        for claim in wanted:
            stated = claim["text"].rstrip("%").lstrip("+-−")
            value, decimals = _number(stated, lang), len(re.split(r"[,.]", stated)[1]) if re.search(r"[,.]\d+$", stated) else 0
            assert any(n == value or (-n.as_tuple().exponent > decimals and round_half_up(n, decimals) == value)
                       for n in numbers), (chart, claim["label"], claim["text"])
            checked += 1
    assert checked >= 10
