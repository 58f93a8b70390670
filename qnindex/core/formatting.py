"""Numbers for people: rounded half-up (as official tables are), then formatted by Babel for the
reader's locale — ``93,46%`` in Vietnamese, ``93.46%`` in English."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

LOCALES = {"vi": "vi_VN", "en": "en_US"}


def locale_for(lang: str) -> str:
    """Babel locale for a language code (``vi`` or ``en``)."""
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(f"unsupported language '{lang}': use one of {', '.join(LOCALES)}") from None


def round_half_up(value: float | int | Decimal, decimals: int = 2) -> Decimal:
    """Round as official tables do (93.465 -> 93.47), using the number's shortest decimal text."""
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    if not d.is_finite():
        raise ValueError(f"cannot format {value!r}: a missing value must be said in words, not printed")
    return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def fmt_number(value: float | int | Decimal, decimals: int = 2, lang: str = "vi") -> str:
    """A number with exactly ``decimals`` decimals in the locale's style (``1.234,50`` in vi)."""
    return _formatted(str(round_half_up(value, decimals)), decimals, lang)


@lru_cache(maxsize=1 << 14)
def _formatted(rounded: str, decimals: int, lang: str) -> str:
    """Babel's rendering of a rounded number, written as its exact decimal text (the same few thousand numbers —
    tick labels, table cells — are formatted again and again: each once)."""
    pattern, locale = _pattern(decimals, lang)
    return pattern.apply(Decimal(rounded), locale)  # what babel.numbers.format_decimal does, its pattern parsed once


@lru_cache(maxsize=64)
def _pattern(decimals: int, lang: str) -> tuple[NumberPattern, Locale]:
    """Babel's number pattern with ``decimals`` decimals, and the locale of ``lang``."""
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else "")), Locale.parse(locale_for(lang))


def fmt_percent(value: float | int | Decimal, decimals: int = 2, lang: str = "vi") -> str:
    """A value already in percent (93.465) as a percentage: ``93,47%`` (vi) or ``93.47%`` (en)."""
    return fmt_number(value, decimals, lang) + "%"


def fmt_signed(value: float | int | Decimal, decimals: int = 2, lang: str = "vi") -> str:
    """A change with its sign: ``+4,11`` / ``-1,03`` (a true minus sign is avoided for copy-paste)."""
    rounded = round_half_up(value, decimals)
    sign = "+" if rounded > 0 else ("-" if rounded < 0 else "")
    return sign + fmt_number(abs(rounded), decimals, lang)

