"""Narrative from data: a context computed from tidy tables, rendered by editable Jinja2 templates
(``qnindex/templates/<lang>/<name>.md.j2``) with locale-aware, half-up number filters."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import registry
from .formatting import fmt_number, fmt_percent, fmt_signed, round_half_up
from .metrics import extremes, group_means
from .paths import templates_dir
from .provenance import published_aggregate

GROUP_SUBJECT = {
    "vi": {"department": "Khối sở, ban, ngành", "district": "Khối UBND cấp huyện",
           "central": "Khối cơ quan Trung ương đóng trên địa bàn tỉnh"},
    "en": {"department": "Departments and provincial agencies", "district": "District-level People's Committees",
           "central": "Central agencies located in the province"},
}
AND = {"vi": "và", "en": "and"}


def checked_aggregate(index: str, year: int, key: str, computed: float, rows: pd.DataFrame) -> dict:
    """A computed aggregate with its status: ``published`` when it reproduces the published number,
    ``illustrative`` when any row behind it is illustrative, else ``computed``.

    A computed value that differs from the published one is an error: the data are wrong.
    """
    published = published_aggregate(index, year, key)
    if published is not None:
        if round_half_up(computed, 2) != round_half_up(published, 2):
            raise ValueError(f"{index} {year} {key}: computed {computed:.4f} but {published} was published; "
                             "check the raw data or the method")
        return {"value": computed, "status": "published"}
    status = "illustrative" if (rows["source"] == "illustrative").any() else "computed"
    return {"value": computed, "status": status}


def unit_label(unit_id: str, year: int, lang: str) -> str:
    """A unit's name as written inside a sentence (``thành phố Hạ Long``, ``huyện Bình Liêu``)."""
    name = registry.name_in_year(unit_id, year, lang)
    group = registry.get(unit_id).group
    if lang == "vi" and group == "district":
        return name[0].lower() + name[1:]
    if lang == "en" and group in ("department", "central"):
        return "the " + name
    return name


@lru_cache(maxsize=2)
def environment(lang: str) -> Environment:
    """The Jinja2 environment of one language, with its number filters."""
    env = Environment(loader=FileSystemLoader(str(templates_dir() / lang)), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    env.filters["pct"] = lambda v, d=2: fmt_percent(v, d, lang)
    env.filters["num"] = lambda v, d=2: fmt_number(v, d, lang)
    env.filters["signed"] = lambda v, d=2: fmt_signed(v, d, lang)
    env.filters["names"] = lambda units: join_names([u["name"] for u in units], lang)
    return env


def join_names(names: list[str], lang: str) -> str:
    """'A', 'A và B', 'A, B và C' (or with 'and')."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {AND[lang]} " + names[-1]


def sipas_context(tidy: pd.DataFrame, lang: str) -> dict:
    """What the SIPAS paragraph states, computed from the tidy table."""
    year = int(tidy["year"].iloc[0])
    index = str(tidy["index"].iloc[0])
    means = group_means(tidy).set_index("group")
    ext = extremes(tidy)
    groups = []
    for g in ("department", "district", "central"):
        if g not in means.index:
            continue
        pick = lambda which: [  # noqa: E731
            {"name": unit_label(r["unit_id"], year, lang), "value": r["value"], "unit_id": r["unit_id"],
             "status": r["source"], "source_file": r["source_file"], "source_row": r["source_row"]}
            for r in ext[(ext["group"] == g) & (ext["extreme"] == which)].to_dict("records")
        ]
        mean = checked_aggregate(index, year, g, means.loc[g, "value"], tidy[tidy["group"] == g])
        groups.append({"group": g, "label": GROUP_SUBJECT[lang][g], "mean": mean,
                       "highest": pick("highest"), "lowest": pick("lowest")})
    overall = checked_aggregate(index, year, "all", means.loc["all", "value"], tidy)
    return {"year": year, "overall": overall, "n_units": len(tidy), "groups": groups,
            "all_illustrative": bool((tidy["source"] == "illustrative").all())}


def render(template: str, context: dict, lang: str = "vi") -> str:
    """Render ``<lang>/<template>.md.j2`` with ``context``."""
    return environment(lang).get_template(f"{template}.md.j2").render(**context).strip() + "\n"


def sipas_paragraph(tidy: pd.DataFrame, lang: str = "vi") -> str:
    """The SIPAS paragraph (F5–F8 for 2019) in ``lang``."""
    return render("sipas_qn", sipas_context(tidy, lang), lang)
