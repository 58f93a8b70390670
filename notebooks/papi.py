# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # PAPI — Provincial Governance and Public Administration Performance Index
# Totals are summed from the published sub-dimension scores; a province with a dimension missing has no total
# and no rank (PAPI did not publish one).

# %% tags=["parameters"]
year = 2019
lang = "vi"  # "vi", "en" or both: "vi,en"
raw_dir = None  # None: the project's data/raw
output_root = None  # None: the project's figures/, data/processed/, reports/ (qnindex report passes a staging folder)

# %%
from IPython.display import Markdown, display

from qnindex import paths

langs = [code.strip() for code in lang.split(",")]
paths.use_raw_dir(raw_dir)
out = paths.outputs(year, output_root)

# %%
from qnindex import charts
from qnindex.loaders import load_papi
from qnindex.metrics import national_summary, rank_provinces

# %%
papi = load_papi(year)
papi.to_csv(out.processed / "papi_tidy.csv", index=False, lineterminator="\n")
summary = national_summary(papi)
summary.to_csv(out.processed / "papi_national_summary.csv", index=False, lineterminator="\n")
summary

# %%
ranking = rank_provinces(papi)
ranking[ranking["unit_id"] == "prov-22"][["unit_name", "value", "rank", "ranked_units", "note"]]

# %%
for code in langs:
    for name, fig in (("papi_dimensions", charts.papi_dimensions(papi, code)), ("papi_ranking", charts.province_ranking(papi, code))):
        display(fig)
        charts.save(fig, out.figures / f"{name}_{code}")
