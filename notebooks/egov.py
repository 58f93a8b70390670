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
# # E-government maturity — departments, districts, communes

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
print("no data this year:", [i for i in ("egov_department", "egov_district", "egov_commune") if i in data.missing] or "none")

# %%
written = pack.write_egov(data, langs, out)
pack.show(written)
