"""What the overview states, from the sections' contexts and the year's data: results at a glance, what the pack
does not cover, the reform."""
from __future__ import annotations

from qnindex.analysis.facts import registry_count
from qnindex.analysis.focus import focus_summary
from qnindex.analysis.yeardata import YearData


def _reform(year: int) -> dict | None:
    """What the administrative map changed between the end of last year and this year's reference date."""

    before = {g: registry_count(g, year - 1) for g in ("province", "district", "commune")}
    after = {g: registry_count(g, year) for g in ("province", "district", "commune")}
    if all(before[g].value == after[g].value for g in before):
        return None
    return {"before": before, "after": after,
            "no_districts": after["district"].value == 0 and before["district"].value > 0,
            "provinces_changed": after["province"].value != before["province"].value}

STATUS_ORDER = ("not_published", "no_total", "not_in_data", "absent")  # the order the overview says them in


def overview_context(data: YearData, sections: dict[str, dict], lang: str) -> dict:
    """The headline: the province's rank in each national index of the year, what is missing, what ended, and (for a
    province whose own assessments the project does not hold) what the pack does not cover."""
    year = data.year
    ranks, missing, in_top = [], [], []
    unknown: dict[str, list[str]] = {}  # status -> the indices where the province's place is so (one sentence each)
    spec = data.spec
    for index in data.specs.national_ids(year):
        ctx = sections.get(index, {})
        short = spec(index).short(lang)
        if index in data.missing:
            missing.append(short)
        elif not ctx.get("available"):
            continue
        elif not ctx["absent"] and not ctx["rank"].missing:
            ranks.append({"short": short, "rank": ctx["rank"],
                          "n": ctx.get("n_ranked", ctx.get("n"))})  # a panel: those with a total
        elif ctx["rank_status"] == "top_group":  # 'among the five leading', no exact rank
            in_top.append({"short": short, "k": ctx["top_group"]})
        else:  # the section's own status, said in the same words (_macros: status_words)
            unknown.setdefault(ctx["rank_status"], []).append(short)
    ended = [{"short": s.short(lang), "last": s.last_year,
              "successor": spec(s.successor).short(lang) if s.successor else None,
              "successor_from": spec(s.successor).first_year if s.successor else None}
             for s in data.specs if s.national and s.ended_before(year) and s.last_year >= year - 3]
    no_edition = [s.short(lang) for s in data.specs if s.national and year in s.no_edition]
    top = [r for r in ranks if r["rank"].value == 1]
    top_ids = [i for i in data.specs.national_ids(year) if sections.get(i, {}).get("available") and not sections[i]["rank"].missing
               and sections[i]["rank"].value == 1]
    continued = bool(top_ids) and all(
        (lambda f: f is not None and not f.prev_rank.missing and f.prev_rank.value == 1)(focus_summary(data, i))
        for i in top_ids)
    others: list[dict] = []
    for r in ranks:
        if r["rank"].value == 1:
            continue
        same = next((o for o in others if o["rank"].value == r["rank"].value and o["n"].value == r["n"].value), None)
        if same:
            same["shorts"].append(r["short"])
        else:
            others.append({**r, "shorts": [r["short"]]})
    reform = _reform(year)
    not_covered = [spec(i).short(lang) for i in data.not_covered]  # another province's pack: its own data are not here
    own_missing = [spec(i).short(lang) for i in data.missing if not spec(i).national]  # no file, or a blank template
    return {"year": year, "reform": reform, "ranks": ranks, "top": [r["short"] for r in top], "continued": continued,
            "others": others, "missing": missing, "in_top": in_top,
            "unknown": [{"status": k, "shorts": unknown[k]} for k in STATUS_ORDER if k in unknown], "ended": ended,
            "no_edition": no_edition, "not_covered": not_covered, "own_missing": own_missing}
