"""The chart gallery: every chart renders for 2019 and 2018 in both languages, at slide size, and reruns
give byte-identical files."""
import matplotlib.pyplot as plt
import re
from pathlib import Path

import pytest
from PIL import Image
from pptx.util import Inches

from conftest import PROJECT, cached_year, project_at, year_of
from qnindex.render import charts
from qnindex.pipeline import pack

LOW_DPI = 40  # the gallery is checked at low resolution (fast); the pack's 200 dpi is checked once below
EXPECTED = {"scorecard", "rank_trajectories", "score_trends", "papi_dimensions", "papi_ranking", "papi_map", "papi_dimension_maps",
            "papi_dimension_trends",
            "sipas_qn_units", "dgi_components",
            "egov_department_criteria", "egov_district_points", "egov_commune_distribution"}


TYPE_SIZES: dict[str, list[tuple[float, str]]] = {}  # chart file -> (point size, text) of every text drawn


@pytest.fixture(scope="module")
def galleries(tmp_path_factory):
    """The gallery of two years; while it is saved, the size of every text actually drawn is recorded."""
    import matplotlib.text

    drawn: list[tuple[float, str]] = []
    draw, save = matplotlib.text.Text.draw, charts.save

    def recording_draw(self, renderer):
        if self.get_visible() and self.get_text().strip():
            drawn.append((self.get_fontsize(), self.get_text()))
        return draw(self, renderer)

    def recording_save(fig, stem, *args, **kwargs):
        drawn.clear()
        written = save(fig, stem, *args, **kwargs)
        TYPE_SIZES[Path(stem).name] = list(drawn)
        return written

    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(matplotlib.text.Text, "draw", recording_draw)
        mp.setattr(charts, "save", recording_save)
        for year, lang in ((2019, "vi"), (2018, "en")):
            folder = tmp_path_factory.mktemp(f"g{year}{lang}")
            data = cached_year(year).with_settings(dpi=LOW_DPI, svg=year == 2019)  # SVG on demand: one gallery
            out[(year, lang)] = (folder, pack.gallery(data, lang, folder))
    return out


def test_every_text_of_every_chart_reads_at_14_pt_on_a_slide(galleries):
    """The deck shows a chart at charts.SLIDE_WIDTH_IN wide: no text drawn may then be under 14 pt."""
    from qnindex.render import deck

    scale = charts.SLIDE_WIDTH_IN / charts.SIZE[0]
    assert deck.CHART_WIDTH == Inches(charts.SLIDE_WIDTH_IN) and charts.SLIDE_WIDTH_IN / 13.333 >= 0.9
    assert len(TYPE_SIZES) == 2 * len(EXPECTED)
    for name, texts in TYPE_SIZES.items():
        assert texts, name
        small = [(round(size * scale, 1), text) for size, text in texts if size * scale < charts.MIN_SLIDE_PT]
        assert not small, (name, small[:5])


@pytest.mark.parametrize("year,lang", [(2019, "vi"), (2018, "en")])
def test_gallery_renders_every_chart(galleries, year, lang):
    folder, written = galleries[(year, lang)]
    stems = {p.stem.rsplit("_", 1)[0] for p in written}
    assert stems == EXPECTED
    assert {p.suffix for p in written} == ({".png", ".svg"} if year == 2019 else {".png"})
    for path in written:
        assert path.exists() and path.stat().st_size > (20_000 if path.suffix == ".svg" else 5_000), path.name
        if path.suffix == ".png":
            with Image.open(path) as img:
                assert img.size == (533, 300)  # 13.333 x 7.5 in: 16:9
                assert round(img.info["dpi"][0]) == LOW_DPI
        else:
            svg = path.read_text(encoding="utf-8")
            assert svg.startswith("<?xml") and "<dc:date>" not in svg


def test_pngs_are_palette_images_that_keep_the_charts_own_colours(galleries):
    """256 colours (small files), yet Quảng Ninh's blue, the quartile colours and the light fills are exact, not
    approximated (the scorecard's card fill, a few levels from white, was once merged into white)."""
    folder, written = galleries[(2019, "vi")]
    for name, colours in (("papi_ranking_vi.png", {charts.COLORS["qn"]}),
                          ("papi_map_vi.png", set(charts.QUARTILE_COLORS)),
                          ("scorecard_vi.png", {PROJECT.spec("par_index").color, "#F4F6F8"}),
                          ("papi_dimension_trends_vi.png", {"#E3E7EB"})):
        path = next(p for p in written if p.name == name)
        with Image.open(path) as img:
            assert img.mode == "P"
            present = {"#%02X%02X%02X" % rgb for _count, rgb in img.convert("RGB").getcolors(1 << 16)}
        assert {c.upper() for c in colours} <= present, (name, colours - present)


def test_rerun_is_byte_identical(galleries, tmp_path):
    """A chart drawn again (same data, same resolution: a figure is laid out at the resolution it is drawn at)
    gives the same PNG and SVG bytes as the gallery's."""
    folder, first = galleries[(2019, "vi")]
    data = cached_year(2019).with_settings(dpi=LOW_DPI, svg=True)
    for name, draw in (("scorecard_vi", lambda: charts.scorecard(data, "vi")),
                       ("dgi_components_vi", lambda: charts.components_chart(data, "dgi", "vi"))):
        again = charts.save_for(data, draw(), tmp_path / name)
        for path in again:
            original = next(p for p in first if p.name == path.name)
            assert path.read_bytes() == original.read_bytes(), path.name



def _texts(fig):
    found = [t.get_text() for ax in fig.axes for t in ax.texts]
    found += [t.get_text() for t in fig.texts]
    found += [lbl.get_text() for ax in fig.axes for lbl in ax.get_xticklabels() + ax.get_yticklabels()]
    return found


def test_vietnamese_numbers_use_a_decimal_comma_and_the_year_is_in_the_title():
    fig = charts.unit_ranking(cached_year(2019), "sipas_qn", lang="vi")
    texts = _texts(fig)
    assert "Bình quân 92,31" in texts and "94,54" in texts
    assert not any(re.fullmatch(r"\d+\.\d+", t) for t in texts)
    assert "2019" in fig._suptitle.get_text()
    assert any(t.startswith("Nguồn: UBND tỉnh Quảng Ninh") for t in texts)  # source line from provenance
    fig_en = charts.unit_ranking(cached_year(2019), "sipas_qn", lang="en")
    assert "Average 92.31" in _texts(fig_en)


def test_quang_ninh_is_highlighted_and_unranked_provinces_are_named():
    data = cached_year(2018)
    fig = charts.province_ranking(data, "papi", lang="en")
    texts = _texts(fig)
    assert any("Not ranked (dimension missing): " in t and "Quang Ninh" in t for t in texts)
    fig19 = charts.province_ranking(cached_year(2019), "papi", lang="vi")
    assert any("Quảng Ninh: 46,66" in t and "3/63" in t for t in _texts(fig19))
    colors = fig19.axes[0].collections[0].get_facecolors()
    assert sum(1 for c in colors if tuple(round(x, 3) for x in c[:3]) == (0.0, 0.447, 0.698)) == 1


def test_one_style_file_drives_every_chart():
    import matplotlib.pyplot as plt

    charts.use_style()
    assert plt.rcParams["svg.hashsalt"] == "qnindex"
    assert plt.rcParams["figure.figsize"] == [13.333, 7.5]
    assert "DejaVu Sans" in plt.rcParams["font.family"]


def test_pack_pngs_are_slide_sized_at_200_dpi(tmp_path):
    fig = charts.unit_ranking(cached_year(2019), "sipas_qn", lang="vi")
    png, = charts.save(fig, tmp_path / "sipas_units_vi")  # PNG only unless SVG is asked for
    with Image.open(png) as img:
        assert img.size == (2666, 1500) and round(img.info["dpi"][0]) == 200


def test_scorecard_says_first_edition_and_no_edition_instead_of_missing_data():
    from qnindex.render.charts.national import _card_values

    assert _card_values(cached_year(2020), "dti", "vi")["change_text"] == "kỳ đánh giá đầu tiên"
    assert _card_values(cached_year(2022), "ict_index", "vi")["change_text"] == "năm 2021 không có kỳ đánh giá"
    assert _card_values(cached_year(2022), "dti", "en")["rank_change"] == 4


@pytest.mark.parametrize("year,lang", [(2019, "vi"), (2024, "vi"), (2024, "en"), (2020, "vi")])
def test_every_text_of_a_scorecard_stays_inside_its_card_and_the_cards_share_the_width(year, lang):
    """The cards fill the slide's width side by side, and every text (the unpublished score, the comparison with
    last year) is wrapped inside its card: long texts once pushed the cards apart and ran out of them."""
    import matplotlib.pyplot as plt

    fig = charts.scorecard(cached_year(year), lang)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    cards = []
    for ax in fig.axes:
        card = ax.patches[0].get_window_extent(renderer)
        cards.append(card)
        for text in ax.texts:
            box = text.get_window_extent(renderer)
            assert card.x0 <= box.x0 and box.x1 <= card.x1, (year, lang, text.get_text())
    width = fig.bbox.width
    assert sum(c.width for c in cards) > 0.85 * width  # the cards take the width, not the gaps between them
    assert cards[0].x0 < 0.02 * width and cards[-1].x1 > 0.98 * width
    plt.close(fig)


def test_a_card_whose_score_was_not_published_says_so_not_that_last_year_is_missing():
    from qnindex.render.charts.national import _card_values

    card = _card_values(cached_year(2020), "par_index", "vi")  # 2020: rank 1 published, score not found
    assert card["rank"] == 1 and card["value_text"] is None
    assert card["change_text"] == "điểm năm 2020 không công bố"


@pytest.mark.parametrize("year,panels", [(2012, 0), (2019, 6), (2024, 8)])
def test_papi_dimension_trends_draw_each_dimension_with_three_years_or_more(year, panels):
    """Small multiples of PAPI's dimensions: one panel per dimension scored in three years or more (d7 and d8 exist
    from 2018), Quảng Ninh's latest score written as the data give it, none at all before three years."""
    from qnindex.core.formatting import fmt_number
    from qnindex.indices.panel import DIMENSIONS, dimension_label

    data = cached_year(year)
    papi = data.current["papi"]
    fig = charts.dimension_trends(data, "papi", "vi")
    if panels == 0:
        assert fig is None
        return
    drawn = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    assert len(drawn) == panels
    for ax in drawn:
        title = " ".join(ax.get_title(loc="left").split())  # the style puts titles on the left
        cid = next(c for c, _vi, _en in DIMENSIONS.values() if dimension_label(c, "vi") == title)
        qn = papi[(papi["component"] == cid) & (papi["unit_id"] == "prov-22")
                  & ~papi["measure"].str.startswith("rank")]["value"]
        assert fmt_number(float(qn.iloc[0]), 2, "vi") in [t.get_text() for t in ax.texts], title
    plt.close(fig)


@pytest.mark.parametrize("year,index", [(2024, "papi"), (2019, "papi"), (2013, "papi")])
def test_the_ranks_under_a_province_ranking_never_overlap(year, index):
    """The axis shows 1, 10, 20, ... and the last rank; a round rank right next to the last one (60 beside 61 in PAPI
    2024, 61 provinces ranked) is left out instead of printed over it."""
    import matplotlib.pyplot as plt

    fig = charts.province_ranking(cached_year(year), index, "vi")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in fig.axes[0].get_xticklabels() if t.get_text()]
    boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.x0)
    assert labels[0].get_text() == "1" and len(labels) >= 6
    assert all(a.x1 + 5 < b.x0 for a, b in zip(boxes, boxes[1:])), [t.get_text() for t in labels]
    plt.close(fig)


@pytest.mark.parametrize("chart,year", [("score_trends", 2024), ("score_trends", 2019), ("own_trends", 2024)])
def test_small_multiples_keep_their_legend_out_of_the_panels_and_their_labels_off_the_axis(chart, year):
    """The legend sits above the panels (inside one it covered the data), and a value written on a panel's first
    year starts right of the y axis instead of running over its tick labels."""
    import matplotlib.pyplot as plt

    fig = getattr(charts, chart)(cached_year(year), "vi")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert len(fig.legends) == 1 and all(ax.get_legend() is None for ax in fig.axes)
    legend = fig.legends[0].get_window_extent(renderer)
    for ax in fig.axes:
        frame = ax.get_window_extent(renderer)
        assert legend.y0 >= ax.title.get_window_extent(renderer).y1 - 1
        for label in ax.texts:
            assert label.get_window_extent(renderer).x0 >= frame.x0, (chart, year, label.get_text())
    plt.close(fig)


@pytest.mark.parametrize("year", [2014, 2021, 2024, 2019])
def test_the_texts_of_a_province_ranking_never_run_into_each_other(year):
    """Quảng Ninh's label, the best and the poorest province, the median and the unranked provinces each keep to
    their own place (in 2014 the unranked note, on top, ran into Quảng Ninh's label)."""
    import matplotlib.pyplot as plt

    fig = charts.province_ranking(cached_year(year), "papi", "vi")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    from matplotlib.text import Text

    texts = [t for t in fig.axes[0].texts if t.get_text()]
    boxes = [Text.get_window_extent(t, renderer) for t in texts]  # the words (an annotation's line may cross)
    assert len(texts) >= 3
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), (year, texts[i].get_text(), texts[j].get_text())
    plt.close(fig)


def test_papi_dimensions_say_once_when_quang_ninh_has_no_score_and_per_row_when_some_are_missing():
    """2021: the panel has no dimension score of Quảng Ninh — the legend says so once (eight 'không công bố' under
    the medians ran into the rows below); 2018: two dimensions missing, each said on its row."""
    import matplotlib.pyplot as plt

    none = charts.panel_dimensions(cached_year(2021), "papi", "vi")
    assert [t.get_text() for t in none.axes[0].texts if t.get_text() == "không công bố"] == []
    assert [t.get_text() for t in none.legends[0].get_texts()][0] == "Quảng Ninh: không công bố"
    some = charts.panel_dimensions(cached_year(2018), "papi", "vi")
    assert sum(t.get_text() == "không công bố" for t in some.axes[0].texts) == 2
    assert [t.get_text() for t in some.legends[0].get_texts()][0] == "Quảng Ninh"
    plt.close("all")


@pytest.mark.parametrize("year", [2024, 2019])
def test_a_group_too_large_for_a_column_shows_its_best_and_poorest_and_counts_the_rest(year):
    """30 departments in 2024: the column names the best ten and the poorest ten and counts the others in one row
    (their names had run together); 19 in 2019 are all named. No two names overlap either way."""
    import matplotlib.pyplot as plt

    from qnindex.analysis.metrics import values_only
    from qnindex.data import registry

    sipas = values_only(cached_year(year).current["sipas_qn"])
    departments = sipas[sipas["group"] == "department"].sort_values("value")
    fig = charts.unit_ranking(cached_year(year), "sipas_qn", "vi")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in fig.axes[0].get_yticklabels() if t.get_text()]
    names = [t.get_text() for t in labels]
    short = lambda u: registry.name_in_year(u, year, "vi", short=True)  # noqa: E731
    assert short(departments["unit_id"].iloc[0]) in names and short(departments["unit_id"].iloc[-1]) in names
    hidden = len(departments) - (charts.UNIT_ROWS - 1)
    if hidden > 1:
        assert len(names) == charts.UNIT_ROWS and f"… và {hidden} đơn vị khác" in names
    else:
        assert len(names) == len(departments)
    boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.y0)
    # a box holds the font's whole line (room for stacked Vietnamese marks): touching by a few pixels is no overlap
    assert all(a.y1 - b.y0 <= 0.1 * a.height for a, b in zip(boxes, boxes[1:]))
    plt.close(fig)


def test_a_rank_trajectory_with_no_published_rank_says_so_instead_of_an_empty_panel():
    """SIPAS 2017-2018: the index existed but no rank of Quảng Ninh was published; its panel says so."""
    import matplotlib.pyplot as plt

    fig = charts.rank_trajectories(cached_year(2018), "vi")
    panels = {ax.get_title("left") or ax.get_title(): [t.get_text() for t in ax.texts] for ax in fig.axes}
    assert panels["SIPAS"] == ["không công bố"]
    assert "không công bố" not in panels["PCI"]
    plt.close(fig)


def test_fit_breaks_text_into_lines_that_fit_the_width_it_is_given():
    """Card texts and panel titles are broken at words into lines measured in the style's font (a character count
    let wide Vietnamese lines run out of narrow panels)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    text = "Chỉ số cải cách hành chính của tỉnh, đơn vị cấp xã và cơ quan Trung ương"
    for width, weight in ((120, "bold"), (200, "normal"), (2000, "normal")):
        fitted = charts._fit(text, width, charts.MEDIUM, weight)
        lines = fitted.split("\n")
        assert " ".join(lines) == text
        font = FontProperties(size=charts.MEDIUM, weight=weight)
        widths = [text_to_path.get_text_width_height_descent(line, font, ismath=False)[0] for line in lines]
        assert all(w <= width for w, line in zip(widths, lines) if " " in line)  # a single word may be wider
        assert (len(lines) == 1) == (width == 2000)


def test_the_communes_chart_compares_with_last_year_only_when_there_is_one():
    """Its title said 'so với năm {prev}' also when last year had no assessment (2025 after a year without one)."""
    import matplotlib.pyplot as plt

    data = cached_year(2019)
    alone = charts.points_distribution(year_of(2019, {"egov_commune": data.current["egov_commune"]}), "egov_commune",
                                 "vi")._suptitle.get_text()
    both = charts.points_distribution(data, "egov_commune", "vi")._suptitle.get_text()
    assert alone == "Mức độ chính quyền điện tử cấp xã: phân bố điểm năm 2019"
    assert both == "Mức độ chính quyền điện tử cấp xã: phân bố điểm năm 2019 so với năm 2018"
    plt.close("all")


def test_two_lines_are_broken_evenly():
    """'giữ nguyên thứ / hạng' left one word alone on a card's second line."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    full = text_to_path.get_text_width_height_descent("giữ nguyên thứ hạng", FontProperties(size=charts.SMALL),
                                                      ismath=False)[0]
    assert charts._fit("giữ nguyên thứ hạng", full * 0.85, charts.SMALL) == "giữ nguyên\nthứ hạng"


def test_the_online_services_line_is_not_drawn_across_years_without_a_rate(scratch_project):
    """2018, 2019, then 2022: the line joined 2019 to 2022 as if the rate had been measured in between."""
    from qnindex.analysis.yeardata import load_year

    folder = scratch_project / "data" / "raw" / "online_services"
    (folder / "online_services_2022.csv").write_text(
        "year,unit,total,source,note\n2022,Quảng Ninh,61.5,illustrative,\n", encoding="utf-8")
    fig = charts.rate_trend(load_year(2022, project_at(scratch_project)), "online_services", "vi")
    ax = fig.axes[0]
    joined = [tuple(line.get_xdata()) for line in ax.lines if len(line.get_xdata()) > 1]
    assert joined == [(2018, 2019)]
    import matplotlib.pyplot as plt
    from matplotlib.collections import PathCollection

    drawn = sorted(x for c in ax.collections if isinstance(c, PathCollection) for x, _ in c.get_offsets())
    assert drawn == [2018, 2019, 2022]  # every year still has its point

    plt.close(fig)


@pytest.mark.parametrize("draw, year", [("own_trends", 2023), ("own_trends", 2024), ("score_trends", 2019),
                                        ("score_trends", 2024)])
def test_a_value_label_sits_on_the_side_its_line_does_not_run(draw, year):
    """A first point the line leaves upwards, or a low, had its label above it, where the line runs through it."""
    import matplotlib.pyplot as plt
    import numpy as np

    fig = getattr(charts, draw)(cached_year(year), "vi")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    checked = 0
    for ax in fig.axes:
        lines = [ln for ln in ax.lines if ln.get_marker() == "o"]
        for label in ax.texts:
            box = label.get_window_extent(renderer).shrunk(0.9, 0.8)  # the glyphs, not the padding
            for line in lines:
                xy = ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float))
                for (x0, y0), (x1, y1) in zip(xy[:-1], xy[1:]):
                    if np.isnan([x0, y0, x1, y1]).any():
                        continue
                    t = np.linspace(0, 1, 200)
                    xs, ys = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                    inside = (xs > box.x0) & (xs < box.x1) & (ys > box.y0) & (ys < box.y1)
                    assert not inside.any(), f"{draw} {year}: the line runs through the label {label.get_text()}"
            checked += 1
    assert checked >= 3
    plt.close(fig)


def test_text_broken_into_three_lines_is_balanced_not_greedy():
    """Greedy breaking filled the first lines and left one short word on the last ('aaa bbb / ccc ddd / e')."""
    from qnindex.render.charts.style import _balanced

    words = ["aaa", "bbb", "ccc", "ddd", "e"]
    lines = _balanced(words, 3, len, 7)
    assert " ".join(lines) == "aaa bbb ccc ddd e" and len(lines) == 3
    assert max(map(len, lines)) <= 7 and max(map(len, lines)) - min(map(len, lines)) == 4  # 3/7/5, not 7/7/1
    assert _balanced(["a" * 9, "b"], 2, len, 7) is None  # no way fits: the caller keeps its lines


def test_papis_change_of_scale_is_marked_where_it_happens():
    """PAPI scored out of 60 to 2017 and out of 80 from 2018: the jump is marked with a note, not left unexplained."""
    from conftest import cached_year

    from qnindex.render import charts

    def notes(year):
        fig = charts.score_trends(cached_year(year), "vi")
        found = [t.get_text() for ax in fig.axes for t in ax.texts if "thang" in t.get_text()]
        plt.close(fig)
        return found

    assert notes(2019) == ["thang 80 điểm\ntừ 2018"]
    assert notes(2017) == []  # the panel ends before the change


@pytest.mark.parametrize("year", [2019, 2021, 2024])
def test_every_text_of_every_chart_lies_inside_its_figure(year, monkeypatch, tmp_path):
    """Every chart the pack draws for a year, as drawn: no title, label, value or legend entry (swatch included)
    runs past the figure's edges (a legend of tiers in points was cut on the left; a swatch of the dimension maps'
    legend was cut)."""
    from matplotlib.legend import Legend
    from matplotlib.text import Text

    from conftest import cached_year
    from qnindex.core.paths import pack_outputs
    from qnindex.pipeline import pack

    outside = []

    def inspect(fig, stem, *args, **kwargs):
        fig.canvas.draw()  # laid out as saved
        renderer = fig.canvas.get_renderer()
        width, height = fig.bbox.width, fig.bbox.height
        artists = [a for a in fig.findobj(lambda a: isinstance(a, (Text, Legend))) if a.get_visible()
                   and (not isinstance(a, Text) or a.get_text().strip())]
        for artist in artists:
            box = artist.get_window_extent(renderer)
            if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
                label = artist.get_text() if isinstance(artist, Text) else "legend"
                outside.append(f"{Path(stem).name}: {label[:40]!r} at {box.x0:.0f},{box.y0:.0f}-{box.x1:.0f},"
                               f"{box.y1:.0f} of {width:.0f}x{height:.0f}")
        plt.close(fig)
        return []

    monkeypatch.setattr(charts, "save", inspect)
    data = cached_year(year).with_settings(dpi=40)
    out = pack_outputs(tmp_path, year)
    for notebook in pack.notebooks(data.project):
        pack.write_notebook(data, notebook, ["vi"], out)
    drawn = [("own_trends", charts.own_trends(data, "vi"))] + [
        (index, charts.rate_trend(data, index, "vi")) for index in data.specs.with_chart("rate_trend")]
    for name, figure in drawn:
        if figure is not None:
            inspect(figure, name)
    assert outside == []


def test_a_units_value_label_starts_clear_of_its_interval_whisker():
    """The 20-row satisfaction slide: the whiskers of the 95 % intervals ran into the values written after them."""
    from matplotlib.collections import LineCollection

    from conftest import cached_year

    fig = charts.unit_ranking(cached_year(2019), "sipas_qn", "vi")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    checked = 0
    for ax in fig.axes:
        ends = {}
        for collection in ax.collections:
            if isinstance(collection, LineCollection):
                for segment in collection.get_segments():
                    (x0, y0), (x1, _y1) = ax.transData.transform(segment)
                    ends[round(y0)] = max(x0, x1)
        for text in ax.texts:
            box = text.get_window_extent(renderer)
            y = round((box.y0 + box.y1) / 2)
            end = next((x for yy, x in ends.items() if abs(yy - y) <= 2), None)
            if end is not None and text.get_text()[:1].isdigit():
                assert box.x0 >= end + 3 * fig.dpi / 72, (text.get_text(), box.x0, end)  # 3 pt of white
                checked += 1
    plt.close(fig)
    assert checked >= 30  # every unit's value was checked against its own whisker


def test_papi_dimension_values_stand_above_their_dot_clear_of_the_median_mark():
    """The province's value was written left of its dot, over the national median's mark: it now stands above the
    dot, so no value hides a median (checked for every dimension's row)."""
    from conftest import cached_year

    fig = charts.panel_dimensions(cached_year(2019), "papi", "vi")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    rows = {round(float(y), 3) for y in ax.get_yticks()}
    values = [t for t in ax.texts if t.get_text()[:1].isdigit()]
    assert len(values) == len(rows) == 8
    for text in values:
        row_y = ax.transData.transform(text.xy)[1]
        assert text.get_window_extent(renderer).y0 > row_y + 5  # above the dot and the median's mark at its row
    plt.close(fig)


def test_a_chart_is_an_object_of_its_own_that_pyplot_does_not_keep_and_shows_itself_in_a_notebook(tmp_path):
    """A chart is made on its own canvas: pyplot (and Jupyter's inline backend, which keeps every pyplot figure of a
    cell until the cell ends) never holds it; in a notebook IPython shows it as a picture trimmed to its ink."""
    import io

    from IPython.core.formatters import DisplayFormatter

    before = plt.get_fignums()
    fig = charts.unit_ranking(cached_year(2019).with_settings(dpi=LOW_DPI), "sipas_qn", "vi")
    assert plt.get_fignums() == before
    shown, _metadata = DisplayFormatter().format(fig)  # as a notebook's output area receives it
    with Image.open(io.BytesIO(shown["image/png"])) as picture:
        width, height = picture.size
    pad = 2 * 0.1 * LOW_DPI + 1  # matplotlib's padding around the ink (0,1 inch each side)
    assert 0.8 * fig.get_figwidth() * LOW_DPI <= width <= fig.get_figwidth() * LOW_DPI + pad
    assert 0.8 * fig.get_figheight() * LOW_DPI <= height <= fig.get_figheight() * LOW_DPI + pad
    written = charts.save(fig, tmp_path / "chart", dpi=LOW_DPI)
    assert written[0].stat().st_size > 0 and plt.get_fignums() == before


class _Measures:
    """Counts the texts matplotlib measures (``Text.get_window_extent``) while a chart is made and drawn."""

    def __init__(self, monkeypatch) -> None:
        import matplotlib.text

        self.count = 0
        extent = matplotlib.text.Text.get_window_extent

        def counted(text, *args, **kwargs):
            self.count += 1
            return extent(text, *args, **kwargs)

        monkeypatch.setattr(matplotlib.text.Text, "get_window_extent", counted)

    def made(self, draw, *args) -> tuple[object, int]:
        """The chart ``draw(*args)`` returns (laid out, not drawn) and the texts measured to make it."""
        self.count = 0
        return draw(*args), self.count

    def drawn(self, fig) -> tuple[bytes, int]:
        """The chart's pixels as saved and the texts measured to draw them."""
        import io

        self.count = 0
        buffer = io.BytesIO()
        fig.savefig(buffer, format="raw", dpi=LOW_DPI)
        return buffer.getvalue(), self.count


@pytest.mark.parametrize("draw,index", [(charts.components_chart, "dgi"), (charts.unit_ranking, "sipas_qn"),
                                        (charts.dimension_trends, "papi"), (charts.criteria_shares, "egov_department")])
def test_a_finished_charts_unlabelled_axes_are_pinned_the_same_pixels_for_fewer_measures(draw, index, monkeypatch):
    """An axis without a label gets a fixed place for its empty label when the chart is finished, so matplotlib
    measures no tick labels to place a text it never draws: the chart is laid out and drawn to the very pixels of
    matplotlib's own placement, measuring fewer texts."""
    from qnindex.render.charts import style

    data = cached_year(2019).with_settings(dpi=LOW_DPI)
    measures = _Measures(monkeypatch)
    pinned = draw(data, index, "vi")
    assert any(not a.label.get_text() for ax in pinned.axes for a in (ax.xaxis, ax.yaxis))
    monkeypatch.setattr(style, "_pin_unlabelled", lambda fig: None)  # matplotlib's own placement, laid out and drawn
    automatic = draw(data, index, "vi")
    (pixels, few), (expected, many) = measures.drawn(pinned), measures.drawn(automatic)
    assert pixels == expected
    assert few < many


@pytest.mark.parametrize("draw,year,args", [(charts.rank_trajectories, 2019, ()), (charts.score_trends, 2019, ()),
                                            (charts.dimension_trends, 2019, ("papi",)), (charts.own_trends, 2024, ()),
                                            (charts.unit_ranking, 2019, ("sipas_qn",))])
def test_panel_titles_are_placed_once_where_matplotlib_puts_them_the_same_pixels_for_fewer_measures(draw, year, args,
                                                                                                   monkeypatch):
    """A panel's title is set on top of its axes once (``y=1``) instead of matplotlib checking at every layout and
    draw whether to lift it: the same pixels as matplotlib's own placement, measuring fewer texts."""
    from qnindex.render.charts import trends, units

    data = cached_year(year).with_settings(dpi=LOW_DPI)
    measures = _Measures(monkeypatch)
    placed, placed_to_lay_out = measures.made(draw, data, *args, "vi")
    assert any(ax.get_title(loc="left") or ax.get_title(loc="right") for ax in placed.axes)
    for module in (trends, units):  # matplotlib's own placement
        monkeypatch.setattr(module, "_panel_title", lambda ax, label, **kwargs: ax.set_title(label, **kwargs))
    automatic, automatic_to_lay_out = measures.made(draw, data, *args, "vi")
    (pixels, few), (expected, many) = measures.drawn(placed), measures.drawn(automatic)
    assert pixels == expected
    assert placed_to_lay_out + few < automatic_to_lay_out + many


def test_a_panel_titles_pad_holds_every_vietnamese_letters_descent():
    """Why a panel's title never needs lifting over its axes' edge: at the largest size a panel title takes, no
    Vietnamese letter (every vowel with its marks), digit or sign reaches below the title's pad."""
    import string
    import unicodedata

    import matplotlib
    from matplotlib.font_manager import FontProperties

    from qnindex.render.charts.style import MEDIUM, use_style

    use_style()
    vowels = [unicodedata.normalize("NFC", v + m) for v in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
              for m in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")]
    glyphs = vowels + list("đĐ" + string.ascii_letters + string.digits + string.punctuation + "–—…“”‘’")
    fig = charts.style.Chart(dpi=LOW_DPI)
    renderer = fig.canvas.get_renderer()
    size = max(MEDIUM, matplotlib.rcParams["axes.titlesize"])
    deepest = max(renderer.get_text_width_height_descent(g, FontProperties(size=size, weight=w), ismath=False)[2]
                  for g in glyphs for w in ("normal", "bold")) * 72 / LOW_DPI
    assert 0 < deepest < matplotlib.rcParams["axes.titlepad"]
