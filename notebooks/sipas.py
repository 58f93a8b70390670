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
# # SIPAS — satisfaction with the province's own agencies
# Citizens' satisfaction with each department, district-level People's Committee and central agency.
# Every number is computed by `qnindex` from `data/raw/sipas_qn/`; averages are respondent-weighted.

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
from qnindex.indices import load_sipas
from qnindex.analysis.metrics import group_means

# %%
sipas = load_sipas(year)
group_means(sipas)

# %%
written = pack.write_sipas(sipas, langs, out)
pack.show(written)
