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
# # DGI — District Governance Index

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
from qnindex.indices import load_dgi
from qnindex.analysis.metrics import add_rank

# %%
dgi = load_dgi(year)
totals = dgi[(dgi["component"] == "total") & (dgi["measure"] == "score")]
add_rank(totals, by=None).sort_values("rank")[["rank", "unit_name", "value", "source"]]

# %%
written = pack.write_dgi(dgi, langs, out)
pack.show(written)
