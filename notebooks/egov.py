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
from IPython.display import Markdown, display

from qnindex import paths

langs = [code.strip() for code in lang.split(",")]
paths.use_raw_dir(raw_dir)
out = paths.outputs(year, output_root)

# %%
import pandas as pd

from qnindex import charts
from qnindex.yeardata import load_year

# %%
data = load_year(year)
levels = [lvl for lvl in ("department", "district", "commune") if data.has(f"egov_{lvl}")]
tidy = pd.concat([data.current[f"egov_{lvl}"] for lvl in levels], ignore_index=True)
tidy.to_csv(out.processed / "egov_tidy.csv", index=False, lineterminator="\n")
tidy[tidy["component"] == "total"].groupby("index")["value"].describe()

# %%
draw = {
    "department": lambda code: charts.egov_departments(data.current["egov_department"], code),
    "district": lambda code: charts.egov_districts(data.current["egov_district"], data.previous.get("egov_district"), code),
    "commune": lambda code: charts.egov_communes(data.current["egov_commune"], data.previous.get("egov_commune"), code),
}
for code in langs:
    for lvl in levels:
        fig = draw[lvl](code)
        display(fig)
        charts.save(fig, out.figures / f"egov_{lvl}s_{code}")
