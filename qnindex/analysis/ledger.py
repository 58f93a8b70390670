"""The claims ledger: every number the narrative states, and a check that each equals the data.

``verify`` re-selects each claim's rows from freshly loaded tidy tables, recomputes the claim with
the same operation, rounds and formats it, and compares with what the narrative printed. It also
checks that every number in the narrative's sentences is a claim of the sentence it stands in.
"""
from __future__ import annotations

import json
import re

from decimal import Decimal

import pandas as pd

from qnindex.analysis.facts import KEYS, Fact, evaluate_exact, format_fact

# numbers as printed: 1.234,56 / 93,46 (vi) or 1,234.56 / 93.46 (en); years are labels, not claims
_NUMBER = re.compile(r"(?<![\w,.])\d+(?:[.,]\d+)*(?!\w)")
_YEAR = re.compile(r"^(19|20)\d\d$")
_NOT_CLAIMS = re.compile(r"(?i)(mức độ|levels?) 3, 4|levels 3-4|CNTT-TT|\bd\d_|nhóm 10 địa phương|top 10\b"
                         r"|\b\d{1,2}/\d{1,2}/\d{4}\b"  # dates are labels, like years
                         r"|\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|"
                         r"December) \d{4}\b")


def numbers_in(sentence: str, lang: str) -> list[str]:
    """Numbers printed in a sentence, years and fixed names (levels 3-4) excluded."""
    text = _NOT_CLAIMS.sub(" ", sentence)
    found = [m.group(0) for m in _NUMBER.finditer(text)]
    return [n for n in found if not _YEAR.match(n)]


def _format(record: dict, value, lang: str) -> str:
    fact = Fact(float(value), record["kind"], record["op"], [], record["inner"], int(record["decimals"]))
    fact.exact = value
    return format_fact(fact, lang, "num" if "%" not in record["text"] and record["kind"] == "pct" else "val")


class DataRows:
    """The tidy rows claims are checked against, found by their keys; a claim's value is recomputed once for every
    language that states it (the claims gate checks each narrative of a year against the same rows)."""

    def __init__(self, tables: pd.DataFrame) -> None:
        self.tables = tables
        self.at: dict[tuple, list[int]] = {}  # a row's keys -> its positions in ``tables``
        for position, key in enumerate(zip(*(tables[k].tolist() for k in KEYS))):
            self.at.setdefault(key, []).append(position)
        self._values: dict[tuple[str, str, str], tuple] = {}

    def recompute(self, op: str, inner: str, refs: str) -> tuple:
        """``(value, sources, missing keys)`` of a claim made with ``op`` over the rows ``refs`` names (its ledger
        column): the value None when a row is not found."""
        key = (op, inner, refs)
        if key not in self._values:
            parts = []
            for part in json.loads(refs):
                keys = [tuple(r[k] for k in KEYS) for r in part]
                missing = [k for k in keys if k not in self.at]
                if missing:
                    self._values[key] = (None, set(), missing)
                    break
                parts.append(self.tables.iloc[[i for k in keys for i in self.at[k]]])
            else:
                sources = {f"{file}:{row}" for p in parts for file, row in zip(p["source_file"], p["source_row"])}
                self._values[key] = (evaluate_exact(op, parts, inner), sources, [])
        return self._values[key]


def verify(sentences: list[str], ledger: pd.DataFrame, tables: pd.DataFrame, lang: str,
           rows: DataRows | None = None) -> list[str]:
    """Problems found (empty when the narrative — every sentence it states — and its ledger agree with the data);
    ``rows``: ``tables`` found by their keys, when another language's narrative was checked against them."""
    problems: list[str] = []
    rows = rows if rows is not None else DataRows(tables)
    for rec in ledger.to_dict("records"):
        if rec["op"] == "registry":  # a count of the unit registry: recomputed from it
            from qnindex.data import registry

            _, group, year = str(rec["label"]).split(":")
            shown = _format(rec, Decimal(len(registry.units_in(group, int(year)))), lang)
            if shown != rec["text"]:
                problems.append(f"claim {rec['claim']} ({rec['label']}): narrative says {rec['text']}, registry gives {shown}")
            continue
        value, sources, missing = rows.recompute(rec["op"], rec["inner"], rec["refs"])
        if missing:
            problems.append(f"claim {rec['claim']}: rows not found in the data: {missing}")
            continue
        shown = _format(rec, abs(value) if rec["absolute"] else value, lang)
        if shown.rstrip("%") != rec["text"].rstrip("%"):
            problems.append(f"claim {rec['claim']} ({rec['label']}): narrative says {rec['text']}, "
                            f"data give {shown}")
        if sources != set(filter(None, str(rec["sources"]).split(";"))):
            problems.append(f"claim {rec['claim']}: sources differ from the data rows")
    marker = {"vi": "minh họa", "en": "illustrative"}[lang]
    for rec in ledger.to_dict("records"):
        if rec["status"] == "illustrative" and marker not in str(rec["sentence"]):
            problems.append(f"claim {rec['claim']} ({rec['label']}): an illustrative number in a sentence that does "
                            f"not say so: '{str(rec['sentence'])[:80]}…'")
        if rec.get("judgement") and rec["status"] == "illustrative":
            problems.append(f"claim {rec['claim']} ({rec['label']}): a named unit judged on an illustrative value")
    by_sentence: dict[str, list[str]] = {}
    for rec in ledger.to_dict("records"):
        by_sentence.setdefault(rec["sentence"], []).append(rec["text"])
    # a unit whose name holds a number (phường Móng Cái 2): the name is not a number stated
    names = tables["unit_name"].dropna().astype(str).unique() if "unit_name" in tables else []
    numbered = [re.compile(re.escape(n), re.I) for n in sorted({n for n in names if re.search(r"\d", n)}, key=len,
                                                               reverse=True)]
    for sentence in sentences:
        claimed = list(by_sentence.get(sentence, []))
        claimed_numbers = [n for t in claimed for n in numbers_in(t, lang)]
        unnamed = sentence
        for name in numbered:
            unnamed = name.sub(" ", unnamed)
        for number in numbers_in(unnamed, lang):
            if number in claimed_numbers:
                claimed_numbers.remove(number)
            else:
                problems.append(f"number {number} in '{sentence[:80]}…' is not in the ledger")
    return problems



ROW_SET_MIN = 6  # a claim over this many data rows or more names its row set instead of listing the rows


def with_row_sets(ledger: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ledger as written to disk: a claim over many rows (the median of 63 provinces) names a row set, and
    each row set is listed once in a second table, instead of the same 63 references repeated per claim.
    ``join_row_sets`` gives the full ledger back."""
    import hashlib

    claims = ledger.copy()
    sets: dict[str, dict] = {}
    names = []
    for refs, sources in zip(claims["refs"], claims["sources"]):
        if str(refs).count('"unit_id"') < ROW_SET_MIN:
            names.append("")
            continue
        name = "R" + hashlib.sha1(f"{refs}\n{sources}".encode("utf-8")).hexdigest()[:8]
        sets.setdefault(name, {"row_set": name, "rows": str(refs).count('"unit_id"'), "refs": refs,
                               "sources": sources})
        names.append(name)
    claims.insert(claims.columns.get_loc("refs"), "row_set", names)
    listed = claims["row_set"] != ""
    claims.loc[listed, ["refs", "sources"]] = ""
    table = pd.DataFrame(sorted(sets.values(), key=lambda s: s["row_set"]),
                         columns=["row_set", "rows", "refs", "sources"])
    return claims, table


def join_row_sets(claims: pd.DataFrame, row_sets: pd.DataFrame) -> pd.DataFrame:
    """The full ledger from its two written tables (every claim with its own refs and sources again)."""
    full = claims.copy()
    by_name = row_sets.set_index("row_set")
    listed = full["row_set"].fillna("") != ""
    full.loc[listed, "refs"] = full.loc[listed, "row_set"].map(by_name["refs"])
    full.loc[listed, "sources"] = full.loc[listed, "row_set"].map(by_name["sources"])
    return full.drop(columns="row_set")
