from PIL import Image

from qnindex import charts
from qnindex.loaders import load_sipas


def test_unit_ranking_png_is_16_9_at_200_dpi_and_reruns_identically(tmp_path):
    sipas = load_sipas(2019)
    first = charts.save(charts.unit_ranking(sipas, lang="vi"), tmp_path / "a")
    second = charts.save(charts.unit_ranking(sipas, lang="vi"), tmp_path / "b")
    for x, y in zip(first, second):
        assert x.read_bytes() == y.read_bytes(), x.suffix
    with Image.open(first[0]) as img:
        assert img.size == (2666, 1500)  # 13.333 x 7.5 in
        assert round(img.info["dpi"][0]) == 200
    svg = first[1].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg


def test_chart_text_is_in_the_language_asked(tmp_path):
    fig = charts.unit_ranking(load_sipas(2019), lang="en")
    texts = [t.get_text() for ax in fig.axes for t in ax.texts] + [fig._suptitle.get_text()]
    assert any("Average 92.31" == t for t in texts)
    assert "2019" in fig._suptitle.get_text()
    fig_vi = charts.unit_ranking(load_sipas(2019), lang="vi")
    texts_vi = [t.get_text() for ax in fig_vi.axes for t in ax.texts]
    assert "Bình quân 92,31" in texts_vi and "94,54" in texts_vi
