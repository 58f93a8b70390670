"""What qnindex says to people: Vietnamese first, English on request.

Every word shown outside the narrative templates is in one catalogue, ``messages.yml`` beside this module, kept in
both languages: the validator speaks Vietnamese to officials (``qnindex validate``) and English with ``--lang en``;
charts, tables, the deck and the report read their words from it (``words("charts")``).
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_LANG = ["vi"]


def current() -> str:
    """The language messages are shown in (``vi`` unless set)."""
    return _LANG[-1]


@contextmanager
def language(lang: str):
    """Show messages in ``lang`` inside the block."""
    _LANG.append(lang)
    try:
        yield
    finally:
        _LANG.pop()


@dataclass(frozen=True)
class Text:
    """A sentence in both languages; shown in the current one."""

    vi: str
    en: str

    def __str__(self) -> str:
        return self.vi if current() == "vi" else self.en

    def __bool__(self) -> bool:
        return bool(self.vi or self.en)


CATALOGUE_FILE = Path(__file__).with_name("messages.yml")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict]:
    """The message catalogue (``messages.yml``): domain -> key -> {vi, en} (or a mapping of such, one level down)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(CATALOGUE_FILE.read_text(encoding="utf-8"), Loader=loader)


def _entry(key: str) -> dict:
    domain, _, name = key.partition(".")
    try:
        return catalogue()[domain][name]
    except KeyError:
        raise KeyError(f"no message '{key}' in {CATALOGUE_FILE.name}") from None


def words(domain: str) -> dict[str, dict]:
    """A domain's words per language, ``{"vi": {key: word}, "en": {...}}`` (a nested mapping stays nested; a list of
    words is a tuple): what a chart, table or deck looks its labels up in."""
    def pick(entry: dict, lang: str):
        if set(entry) == {"vi", "en"}:
            value = entry[lang]
            return tuple(value) if isinstance(value, list) else value
        return {k: pick(v, lang) for k, v in entry.items()}

    return {lang: {k: pick(v, lang) for k, v in catalogue()[domain].items()} for lang in ("vi", "en")}


def text(key: str, /, **params) -> Text:
    """The catalogue's sentence ``key`` (``domain.name``: ``raw.file.missing``) with ``params`` filled in, in both
    languages."""
    entry = _entry(key)
    return Text(entry["vi"].format(**params), entry["en"].format(**params))


def say(key: str, lang: str, /, **params) -> str:
    """The catalogue's sentence ``key`` in ``lang`` (a chart's or a table's word, where the language is the pack's,
    not the messages')."""
    entry = _entry(key)
    return entry["vi" if lang == "vi" else "en"].format(**params)


def plain(vi: str, en: str | None = None) -> Text:
    """A sentence that is not in the catalogue (one language when both are the same)."""
    return Text(vi, vi if en is None else en)
