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
# # Overview — the conference narrative, its claims ledger, the tables and the briefing deck
# Run last: the deck collects the charts the other notebooks saved for the year.

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
from qnindex.analysis.yeardata import load_year

# %%
data = load_year(year)
print("no data this year:", sorted(data.missing) or "none")

# %%
written = pack.write_overview(data, langs, out)
pack.show([p for p in written if p.name.startswith("narrative")])
print("written:", sorted(p.name for p in written))
