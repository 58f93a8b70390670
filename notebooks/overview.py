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
from IPython.display import Markdown, display

from qnindex import paths

langs = [code.strip() for code in lang.split(",")]
paths.use_raw_dir(raw_dir)
out = paths.outputs(year, output_root)

# %%
from qnindex import deck, export, narrative
from qnindex.yeardata import load_year

# %%
data = load_year(year)
data.all_tables().query("year == @year").to_csv(out.processed / "tidy_all.csv", index=False, lineterminator="\n")
print("missing this year:", data.missing or "nothing")

# %%
for code in langs:
    export.write_year_pack(data, out.processed, code)
    display(Markdown((out.processed / f"narrative_{code}.md").read_text(encoding="utf-8")))

# %%
for code in langs:
    path = deck.build(data, out.figures, out.reports / ("briefing.pptx" if code == "vi" else f"briefing_{code}.pptx"), code)
    print("deck:", path.name)
