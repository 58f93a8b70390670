import pandas as pd
import pytest

from qnindex import narrative
from qnindex.loaders import load_sipas


def test_2019_paragraph_states_f5_to_f8_in_vietnamese():
    text = narrative.sipas_paragraph(load_sipas(2019), "vi")
    for fact in ["93,46%", "92,31%", "Sở Thông tin và Truyền thông (94,54%)", "Thanh tra tỉnh (85,88%)",
                 "93,62%", "thành phố Hạ Long (95,17%)", "huyện Bình Liêu (91,71%)",
                 "94,65%", "Công an tỉnh (95,71%)", "Cục Thuế tỉnh (93,37%)"]:
        assert fact in text
    assert "minh họa" not in text  # every number stated for 2019 is published or reproduces a published one


def test_2019_paragraph_in_english():
    text = narrative.sipas_paragraph(load_sipas(2019), "en")
    assert "93.46%" in text and "the Provincial Police (95.71%)" in text and "Ha Long City (95.17%)" in text


def test_all_illustrative_year_says_so():
    text = narrative.sipas_paragraph(load_sipas(2018), "vi")
    assert text.startswith("_Lưu ý: toàn bộ số liệu năm 2018")


def test_ties_and_partly_illustrative_values():
    sipas = load_sipas(2018)
    top = sipas[sipas["group"] == "central"]["value"].max()
    i = sipas[(sipas["group"] == "central") & (sipas["value"] < top)].index[0]
    sipas.loc[i, "value"] = top
    sipas.loc[sipas.index[0], "source"] = "published"
    text = narrative.sipas_paragraph(sipas, "vi")
    assert "cùng dẫn đầu là" in text and " và " in text
    assert "(số liệu minh họa)" in text and not text.startswith("_Lưu ý")


def test_computed_average_that_contradicts_the_published_one_is_an_error():
    sipas = load_sipas(2019)
    sipas.loc[sipas["unit_id"] == "dept-noi-vu", "value"] -= 5
    with pytest.raises(ValueError, match=r"sipas_qn 2019 department: computed .* but 92.31 was published"):
        narrative.sipas_paragraph(sipas, "vi")


def test_join_names():
    assert narrative.join_names(["A"], "vi") == "A"
    assert narrative.join_names(["A", "B", "C"], "vi") == "A, B và C"
    assert narrative.join_names(["A", "B"], "en") == "A and B"
    assert isinstance(pd.__version__, str)
