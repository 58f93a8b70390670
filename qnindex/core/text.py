"""Vietnamese name normalisation used to match names as officials type them."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Old-style tone placement (hoá, thuỵ) -> the placement of the 2018 orthography norm (hóa, thụy),
# so both spellings of a name compare equal. Pairs are written in NFC.
_TONE_PLACEMENT = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile(r"(?<!q)(?:" + "|".join(_TONE_PLACEMENT) + ")" + r"(?![a-zàáảãạăằắẳẵặâầấẩẫậ])")

# Prefixes that officials put before a unit's proper name, longest first.
_PREFIXES = (
    "ủy ban nhân dân", "ubnd",
    "thành phố", "thanh pho", "tp.", "tp",
    "thị xã", "thi xa", "tx.", "tx",
    "huyện", "huyen", "h.",
    "tỉnh", "tinh",
    "sở", "so",
)
_PREFIX_RE = re.compile(r"^(?:" + "|".join(re.escape(p) for p in _PREFIXES) + r")(?:\s+|(?<=\.))")
_SPACE_RE = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC with non-breaking and other odd spaces turned into plain single spaces."""
    if isinstance(text, str) and is_plain(text):  # most cells of a raw file: already as this makes them
        return text
    text = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ").replace("\ufeff", "")
    return _SPACE_RE.sub(" ", text).strip()


def is_plain(text: str) -> bool:
    """Printable ASCII with single inner spaces and none at either end: text ``nfc`` returns unchanged."""
    return text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def modern_tone_placement(text: str) -> str:
    """Rewrite old tone placement (``hoá``) to the modern one (``hóa``); text must be lower-case NFC."""
    return _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group(0)], text)


@lru_cache(maxsize=1 << 16)  # the same few hundred names and headers are keyed tens of thousands of times a year
def name_key(text: str) -> str:
    """Matching key: NFC, spaces collapsed, case-folded, modern tone placement, hyphens spaced."""
    key = nfc(text).casefold()
    key = key.replace("–", "-").replace("—", "-")
    key = re.sub(r"\s*-\s*", " - ", key)
    return modern_tone_placement(key)


def strip_prefix(key: str) -> str:
    """Drop one administrative prefix (TP., Thị xã, Huyện, Sở, ...) from a matching key."""
    return _PREFIX_RE.sub("", key, count=1).strip()


def ascii_fold(text: str) -> str:
    """Strip diacritics (đ -> d too): for ASCII spelling variants such as 'Ha Long'."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


VI_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # the Vietnamese alphabet's order (f j w z for foreign words)
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


def vietnamese_key(text: str) -> tuple:
    """A sort key in Vietnamese dictionary order: letters first (a < ă < â ... đ after d), tone marks second
    (Bạc Liêu before Bắc Giang), case last; a shorter word before a longer one (Bà Rịa before Bạc Liêu)."""
    letters, tones = [], []
    for ch in nfc(text):
        parts = unicodedata.normalize("NFD", ch.lower())
        tone = next((_TONES[m] for m in parts if m in _TONES), 0)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES))
        letters.append((VI_LETTERS.index(base), "") if base in VI_LETTERS
                       else (-1, "") if base.isspace() else (len(VI_LETTERS), base))  # a word ends before a letter
        tones.append(tone)
    return letters, tones, text


# Where one sentence ends and the next begins in the narrative's text (a list item is a sentence too).
SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+(?=[A-ZĐÀ-Ỹ_*(])|\n+")


def sentences(line: str) -> list[str]:
    """The sentences of a line of narrative text."""
    return [s.strip() for s in SENTENCE_END.split(line) if s and s.strip()]


def written_in(text: str) -> str:
    """``vi`` when a note reads as Vietnamese (a quarter of its words or more carry Vietnamese letters), else ``en``:
    a note typed beside a value is shown to readers of its own language only ("Quảng Ninh" in an English note
    does not make it Vietnamese)."""
    words = [w for w in str(text).split() if any(c.isalpha() for c in w)]
    if not words:
        return "en"
    marked = sum(1 for w in words if any(c.isalpha() and not c.isascii() for c in w))
    return "vi" if marked / len(words) >= 0.25 else "en"
