"""Ranking tables for people: one per index, with rank, unit, value, change from last year, tier
and the data row each value came from; written as Markdown and as one Excel workbook."""
from __future__ import annotations

import pandas as pd

from qnindex.core.messages import words
from qnindex.core.text import written_in
from qnindex.data import registry
from qnindex.analysis.metrics import change_from_previous, competition_rank, share_of_max, tier
from qnindex.analysis.yeardata import YearData

H = words("tables")  # core/messages.yml, domain tables
GROUP_WORDS = registry.GROUP_NAMES  # a unit's group as a table cell


def ranking_table(data: YearData, index: str, lang: str = "vi", current: pd.DataFrame | None = None
                  ) -> pd.DataFrame:
    """The units of ``index`` in ``data.year``, ranked (competition ranking, within groups when several), with last
    year's values and the changes (``current``: another table of the index than the year's own)."""
    h = H[lang]
    values = (data.memo(("ranked", index), lambda: _ranked(data, index, data.current[index])) if current is None
              else _ranked(data, index, current))
    year = int((data.current[index] if current is None else current)["year"].iloc[0])
    grouped = values["group"].nunique() > 1
    max_value = float(values["max_value"].dropna().iloc[0]) if values["max_value"].notna().any() else None
    percent = data.spec(index).value_kind == "pct"  # as the narrative writes it (93,46%), whatever the index
    value_header = h["value"] + (h["pct"] if percent else (h["of"].format(max=_compact(max_value)) if max_value else ""))
    table = pd.DataFrame({
        h["rank"]: pd.array([int(r) if pd.notna(r) else None for r in values["rank"]], dtype="Int64"),  # numbers only
        h["unit"]: [registry.name_in_year(u, year, lang) for u in values["unit_id"]],
    })
    if grouped:
        table.insert(1, h["group"], values["group"].map(GROUP_WORDS[lang]).to_numpy())
    table[value_header] = values["value"].astype(float).to_numpy()
    table[h["previous"]] = values["previous"].astype(float).to_numpy()
    table[h["change"]] = values["change"].astype(float).to_numpy()
    targets = data.project.targets
    if targets.graded(index):  # the province grades this index's units in tiers (data/raw/targets/targets.yml)
        tiers = targets.tiers(index)
        table[h["tier"]] = [targets.tier_name(tier(share_of_max(v, m), tiers), lang) if pd.notna(v) else ""
                            for v, m in zip(values["value"], values["max_value"])]
    table[h["source"]] = values["source"].map({"published": h["published"], "illustrative": h["illustrative"]}).to_numpy()
    table[h["row"]] = [f"{f}:{r}" for f, r in zip(values["source_file"], values["source_row"])]
    notes = []
    excluded = values["base_excludes"] if "base_excludes" in values else [""] * len(values)
    for unit_id, merged, without, note, rank, value in zip(values["unit_id"], values["merged_from"], excluded,
                                                           _notes_in(values, lang), values["rank"], values["value"]):
        # a note typed beside the value is shown to readers of its language (the data row, beside it, holds it)
        parts = (([h["unranked"]] if pd.isna(rank) else []) + ([h["no_value"]] if pd.isna(value) else [])
                 + ([note] if note else []))
        unit = registry.get(unit_id)
        before = [u for u in registry.predecessors(unit_id) if registry.get(u).valid_in(year - 1)]
        if before and not unit.valid_in(year - 1) and not merged:  # a 2025 province: why it has no previous value
            day = f"{unit.valid_from.day}/{unit.valid_from.month}/{unit.valid_from.year}" if unit.valid_from else year
            names = ", ".join(registry.name_in_year(u, year - 1, lang) for u in before)
            parts.append(h["new_unit"].format(day=day, names=names))
        if merged:  # the previous value pools the merged units
            names = ", ".join(registry.name_in_year(u, year - 1, lang) for u in merged.split(";"))
            parts.append(h["merged"].format(names=names))
        if without:  # the previous value is the unit's own, without the units merged into it since
            names = ", ".join(registry.name_in_year(u, year - 1, lang) for u in without.split(";"))
            parts.append(h["without"].format(names=names, year=year - 1))
        notes.append("; ".join(parts))
    table[h["note"]] = notes
    return table.reset_index(drop=True)


def _notes_in(values: pd.DataFrame, lang: str) -> list[str]:
    """The rows' notes a reader of ``lang`` reads: the English note (``note_en``) in English, the note as typed
    (``ghi chú``) in Vietnamese; a note typed in the other language only is not shown."""
    typed = [str(n) for n in values["note"]]
    english = [str(n) for n in values["note_en"]] if "note_en" in values else [""] * len(typed)
    if lang == "vi":
        return [n if n and written_in(n) == "vi" else "" for n in typed]
    return [e or (n if n and written_in(n) == "en" else "") for n, e in zip(typed, english)]


def _ranked(data: YearData, index: str, current: pd.DataFrame) -> pd.DataFrame:
    """The table's rows in the order shown, with their ranks, last year's values and the changes (the same in every
    language)."""
    previous = data.previous.get(index)
    totals = current[current["component"] == "total"]
    values = totals[~totals["measure"].str.startswith("rank")]
    # units with a published rank but no published value still get a row (value: not published)
    rank_only = totals[~totals["unit_id"].isin(set(values["unit_id"]))].drop_duplicates("unit_id").copy()
    if len(rank_only):
        rank_only[["value", "max_value"]] = float("nan")
        rank_only["measure"] = values["measure"].iloc[0] if len(values) else "score"
        values = pd.concat([values, rank_only], ignore_index=True)
    if previous is not None and len(previous):
        prev = previous[(previous["component"] == "total") & ~previous["measure"].str.startswith("rank")]
        values = change_from_previous(values, prev)
    else:
        values = values.assign(previous=float("nan"), change=float("nan"), merged_from="", base_excludes="")
    grouped = values["group"].nunique() > 1
    values = values.copy()
    if grouped:
        values["rank"] = values.groupby("group")["value"].transform(competition_rank)
    else:
        values["rank"] = competition_rank(values["value"])
    published_rank = current[(current["component"] == "total") & (current["measure"] == "rank")]
    if index in data.specs.ministry_tables():  # partial tables: the published rank is the rank
        values["rank"] = values["unit_id"].map(published_rank.set_index("unit_id")["value"])
    order = {"department": 0, "district": 1, "commune": 1, "central": 2}  # communes in the districts' place
    values["_g"] = values["group"].map(order).fillna(3)
    values = values.sort_values(["_g", "rank", "unit_id"], na_position="last")
    return values


def _compact(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def year_tables(data: YearData, lang: str = "vi") -> dict[str, tuple[pd.DataFrame, int]]:
    """Every index's ranking table of the year: sheet name -> (table, decimals)."""
    out = {}
    for s in data.specs:
        if s.sheet_vi and s.id in data.current and len(data.current[s.id]):
            out[s.sheet(lang)] = (ranking_table(data, s.id, lang), s.decimals)
    return out


def table_sources(data: YearData, lang: str = "vi") -> dict[str, str]:
    """Each sheet's source line, as printed at the foot of its pages (from its index's PROVENANCE.yml)."""
    return {s.sheet(lang): data.project.source_line(s.id, data.year, lang) for s in data.specs
            if s.sheet_vi and s.id in data.current and len(data.current[s.id])}
