"""The charts' layout and the year's shared computations: the same results as the slower ways they replace."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.layout_engine import TightLayoutEngine  # noqa: E402

from conftest import PROJECT, cached_year  # noqa: E402
from qnindex.render.charts.layout import fit  # noqa: E402


def _figure(rows: int, cols: int, ratios: list[float] | None = None):
    fig, axes = plt.subplots(rows, cols, figsize=(13.333, 7.5), dpi=100, squeeze=False,
                             gridspec_kw={"width_ratios": ratios} if ratios else None)
    for i, ax in enumerate(axes.flat):
        ax.barh(range(8), [80 + i + j for j in range(8)])
        ax.set_yticks(range(8), [f"Đơn vị số {j}" + (" có tên dài" if (i + j) % 2 else "") for j in range(8)])
        ax.set_title(f"Khối {i}", loc="left")
        ax.set_xlabel("Tỷ lệ hài lòng (%)")
    title = fig.suptitle("Tiêu đề của biểu đồ, năm 2019", x=0.012, y=0.985, ha="left", va="top", fontsize=18)
    return fig, title


@pytest.mark.parametrize("rows, cols, ratios", [(1, 1, None), (1, 3, [1.12, 1, 1]), (2, 2, None)])
def test_fit_gives_matplotlibs_tight_layout_to_the_last_bit(rows, cols, ratios):
    rect = (0, 0.1, 1, 0.9)
    ours, title = _figure(rows, cols, ratios)
    fit(ours, rect, title)
    theirs, _ = _figure(rows, cols, ratios)
    TightLayoutEngine(rect=rect).execute(theirs)
    for name in ("left", "right", "bottom", "top", "wspace", "hspace"):
        assert getattr(ours.subplotpars, name) == getattr(theirs.subplotpars, name), name
    assert [ax.get_position().bounds for ax in ours.axes] == [ax.get_position().bounds for ax in theirs.axes]
    assert ours.subplotpars.left > 0.08  # the unit names are kept inside the figure
    plt.close("all")


def test_fit_leaves_axes_placed_by_hand_where_they_are():
    fig = plt.figure(figsize=(13.333, 7.5))
    ax = fig.add_axes((0.1, 0.2, 0.5, 0.5))
    ax.set_yticks([0, 1], ["một nhãn rất dài ở bên trái của trục", "hai"])
    fit(fig, (0, 0.1, 1, 0.9))
    assert ax.get_position().bounds == pytest.approx((0.1, 0.2, 0.5, 0.5))
    plt.close(fig)


def test_a_page_shows_the_same_rendition_whether_the_chart_was_saved_here_or_read_from_its_file(tmp_path):
    from qnindex.render import charts
    from qnindex.render.charts import output

    data = cached_year(2019)
    written = charts.save_for(data, charts.unit_ranking(data, "sipas_qn", "vi"), tmp_path / "sipas_vi")
    png = written[0].read_bytes()
    remembered = output.screen_png(png)
    output._RENDITIONS.clear()
    from_file = output.screen_png(png)
    assert remembered == from_file
    from PIL import Image
    import io

    with Image.open(io.BytesIO(from_file)) as small, Image.open(written[0]) as full:
        factor = round(full.width / output.SCREEN_WIDTH)  # reduced by a whole factor (the last block kept)
        assert small.mode == "P" and small.width == -(-full.width // factor) and factor >= 2


def test_what_a_year_remembers_is_what_it_computes_and_a_changed_table_is_another_year():
    from qnindex.analysis.focus import _summary, focus_summary
    from qnindex.analysis.metrics import rank_provinces

    data = cached_year(2019)
    first = focus_summary(data, "par_index")
    assert focus_summary(data, "par_index") is first  # computed once for the year
    fresh = _summary(data, "par_index", data.focus.unit(2019))
    assert (first.value.value, first.rank.value, first.change.value) == (fresh.value.value, fresh.rank.value,
                                                                       fresh.change.value)
    ranks = data.ranks("papi", "d1")
    by_hand = rank_provinces(data.current["papi"], "d1").set_index("unit_id")["rank"]
    pd.testing.assert_series_equal(ranks, by_hand)
    table = data.current["par_index"].copy()
    table.loc[table["measure"] == "rank", "value"] = 1.0
    changed = data.with_table("par_index", table)
    assert focus_summary(changed, "par_index") is not first
    assert focus_summary(changed, "par_index").rank.value == 1.0


def test_a_year_checks_its_tables_in_one_pass_and_a_bad_one_still_fails():
    import pandera.errors

    from qnindex.data.schema import validate_tidy

    data = cached_year(2019)
    validate_tidy(*data.current.values())
    bad = data.current["sipas_qn"].copy()
    bad.loc[bad.index[0], "value"] = bad.loc[bad.index[0], "max_value"] + 1
    with pytest.raises(pandera.errors.SchemaError, match="above its maximum"):
        validate_tidy(data.current["par_index"], bad)


def test_the_check_names_the_file_whose_table_breaks_the_schema(monkeypatch):
    from qnindex.indices import tables as kinds
    from qnindex.pipeline.validate import check_files, inputs_for

    read = kinds.read

    def broken(index, year, project, path=None):
        table = read(index, year, project, path)
        if index == "dgi" and year == 2019:
            table = table.copy()
            table.loc[table.index[0], "value"] = table.loc[table.index[0], "max_value"] + 5
        return table

    monkeypatch.setattr(kinds, "read", broken)
    checked = check_files(PROJECT, inputs_for(PROJECT, 2019))
    assert [p.file for p in checked.problems] == [PROJECT.shown(PROJECT.raw / "dgi" / "dgi_2019.csv")]
    assert "above its maximum" in str(checked.problems[0])
