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
from IPython.display import Markdown, display

from qnindex import paths

langs = [code.strip() for code in lang.split(",")]
paths.use_raw_dir(raw_dir)
out = paths.outputs(year, output_root)

# %%
from qnindex import charts
from qnindex.yeardata import load_year

# %%
data = load_year(year)
national = data.all_tables()
national = national[national["index"].isin(["par_index", "sipas", "ict_index", "pci"]) & (national["year"] == year)]
national.to_csv(out.processed / "national_tidy.csv", index=False, lineterminator="\n")
print("missing this year:", {k: v for k, v in data.missing.items() if k in ("par_index", "sipas", "ict_index", "pci")})

# %%
for code in langs:
    for name, fig in (("scorecard", charts.scorecard(data, code)), ("rank_trajectories", charts.rank_trajectories(data, code))):
        display(fig)
        charts.save(fig, out.figures / f"{name}_{code}")

# %%
for index in ("par_index", "sipas", "ict_index", "pci"):
    if data.has(index) and data.current[index]["unit_id"].nunique() >= 60:  # a full 63-province table
        for code in langs:
            charts.save(charts.province_ranking(data.current[index], code), out.figures / f"{index}_ranking_{code}")
