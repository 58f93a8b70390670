from babel.numbers import format_decimal

from qnindex.core.formatting import fmt_number, fmt_percent, fmt_signed, round_half_up


def test_half_up_where_babel_alone_rounds_half_even():
    assert format_decimal(2.125, format="#,##0.00", locale="en_US") == "2.12"  # Babel: half-to-even
    assert fmt_number(2.125, 2, "en") == "2.13"
    assert str(round_half_up(93.465, 2)) == "93.47"


def test_percent_in_both_languages():
    assert fmt_percent(93.465, 2, "vi") == "93,47%"
    assert fmt_percent(93.465, 2, "en") == "93.47%"
    assert fmt_percent(93.46, 2, "vi") == "93,46%"


def test_thousands_and_signs():
    assert fmt_number(14331, 0, "vi") == "14.331"
    assert fmt_number(14331, 0, "en") == "14,331"
    assert fmt_signed(4.11, 2, "vi") == "+4,11"
    assert fmt_signed(-1.025, 2, "en") == "-1.03"
    assert fmt_signed(0.001, 2, "en") == "0.00"
