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
# # National indices — PAR INDEX, SIPAS, ICT Index, PCI
# Quảng Ninh among the provinces: scores, ranks, streaks and the rank trajectories.

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
print("no data this year:", [i for i in pack.NATIONAL if i in data.missing] or "none")

# %%
written = pack.write_national(data, langs, out)
pack.show(written)
