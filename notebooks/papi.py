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
from qnindex.core import paths

langs, out = paths.notebook_setup(year, lang, raw_dir, output_root)

# %%
from qnindex.pipeline import pack
from qnindex.indices import load_papi
from qnindex.analysis.metrics import national_summary, rank_provinces

# %%
papi = load_papi(year)
ranking = rank_provinces(papi)
ranking[ranking["unit_id"] == "prov-22"][["unit_name", "value", "rank", "ranked_units", "note"]]

# %%
national_summary(papi)

# %%
written = pack.write_papi(papi, langs, out)
pack.show(written)
