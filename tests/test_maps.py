"""Maps of Vietnam: every province in the data has a polygon, 63 to 2024 and 34 from 2025, both archipelagos
drawn and labelled, Quảng Ninh outlined and labelled with its score and rank."""
import matplotlib.pyplot as plt
import pytest

from conftest import PROJECT, cached_year, year_of
from qnindex.data.boundaries import boundary_file
from qnindex.data.boundaries import provinces
from qnindex.data import registry
from qnindex.render import charts


@pytest.mark.parametrize("year, n", [(2019, 63), (2024, 63), (2025, 34)])
def test_every_province_of_the_year_has_a_polygon(year, n):
    geo = provinces(year, boundary_file(PROJECT.raw))
    assert len(geo) == n and set(geo["unit_id"]) == {u.unit_id for u in registry.units_in("province", year)}


@pytest.mark.parametrize("year", [2019, 2024])
def test_every_province_in_the_papi_data_matches_a_polygon(year):
    papi = cached_year(year).current["papi"]
    assert set(papi["unit_id"]) <= set(provinces(year, boundary_file(PROJECT.raw))["unit_id"])


def _texts(fig):
    """Every text of the figure, line breaks read as spaces (labels wrap to stay large)."""
    return [" ".join(t.get_text().split()) for ax in fig.axes for t in ax.texts] + \
        [" ".join(t.get_text().split()) for t in fig.texts]


@pytest.mark.parametrize("lang, names", [("vi", ("Quần đảo Hoàng Sa", "Quần đảo Trường Sa")),
                                         ("en", ("Hoang Sa (Paracel) Islands", "Truong Sa (Spratly) Islands"))])
def test_the_papi_map_labels_both_archipelagos_and_quang_ninh(lang, names):
    fig = charts.province_map(cached_year(2019), "papi", lang)
    texts = _texts(fig)
    assert all(name in texts for name in names)
    assert any(t.startswith("Quảng Ninh: 46" if lang == "vi" else "Quang Ninh: 46") and "(3/63)" in t for t in texts)
    assert any("geoBoundaries" in t for t in texts)  # the attribution
    legend = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert len(legend) == 5 and all("–" in t for t in legend[:4])  # each band's score range
    assert legend[-1] == ("Không có số liệu" if lang == "vi" else "No data")


def test_a_2025_map_dissolves_the_provinces_into_34():
    pci24 = cached_year(2024).current["pci"]
    pci25 = pci24.assign(year=2025)
    pci25 = pci25[pci25["unit_id"].isin({u.unit_id for u in registry.units_in("province", 2025)})]
    fig = charts.province_map(year_of(2025, {"pci": pci25}), "pci", "vi")
    assert any("Quần đảo Hoàng Sa" == t for t in _texts(fig))
    assert len(provinces(2025, boundary_file(PROJECT.raw))) == 34


def test_trend_charts_exist_for_every_index_with_at_least_three_years():
    data = cached_year(2024)
    national = charts.score_trends(data, "vi")
    own = charts.own_trends(data, "vi")
    def title(ax):
        return ax.get_title(loc="left") or ax.get_title()  # the style puts titles on the left

    assert {title(ax) for ax in national.axes} == {"PAR INDEX", "SIPAS", "PAPI", "PCI"}
    assert {title(ax) for ax in own.axes} == {"Chỉ số CCHC của tỉnh", "SIPAS cấp tỉnh", "DGI"}
    papi = next(ax for ax in national.axes if title(ax) == "PAPI")
    assert len(papi.collections) >= 1  # the range of the provinces, beside the median line


def test_online_services_are_drawn_against_the_target_over_the_years():
    """2019: 2018 and 2019 with the 40 % target in force from 2019, both values said to be illustrative; every
    text at slide size. 2018 alone is no trend."""
    import matplotlib.text

    fig = charts.rate_trend(cached_year(2019), "online_services", "vi")
    texts = _texts(fig)
    assert "12,46% (minh họa)" in texts and "28,35% (minh họa)" in texts and "Chỉ tiêu 40%" in texts
    sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()]
    assert min(sizes) * charts.SLIDE_WIDTH_IN / charts.SIZE[0] >= charts.MIN_SLIDE_PT
    plt.close(fig)
    assert charts.rate_trend(cached_year(2018), "online_services", "vi") is None
    assert charts.rate_trend(cached_year(2024), "online_services", "vi") is None  # no 2024 rate: no chart ending in 2019
