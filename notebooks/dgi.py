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
from IPython.display import Markdown, display

from qnindex import paths

langs = [code.strip() for code in lang.split(",")]
paths.use_raw_dir(raw_dir)
out = paths.outputs(year, output_root)

# %%
from qnindex import charts
from qnindex.loaders import load_dgi
from qnindex.metrics import add_rank

# %%
dgi = load_dgi(year)
dgi.to_csv(out.processed / "dgi_tidy.csv", index=False, lineterminator="\n")
totals = dgi[(dgi["component"] == "total") & (dgi["measure"] == "score")]
add_rank(totals, by=None).sort_values("rank")[["rank", "unit_name", "value", "source"]]

# %%
for code in langs:
    fig = charts.dgi_chart(dgi, code)
    display(fig)
    charts.save(fig, out.figures / f"dgi_{code}")
