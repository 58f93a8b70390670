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
from IPython.display import Markdown, display

from qnindex import paths

langs = [code.strip() for code in lang.split(",")]
paths.use_raw_dir(raw_dir)
out = paths.outputs(year, output_root)

# %%
from qnindex import charts, export, narrative
from qnindex.loaders import load_sipas
from qnindex.metrics import group_means

# %%
sipas = load_sipas(year)
sipas.to_csv(out.processed / "sipas_qn_tidy.csv", index=False, lineterminator="\n")
group_means(sipas)

# %%
for code in langs:
    fig = charts.unit_ranking(sipas, lang=code)
    display(fig)
    charts.save(fig, out.figures / f"sipas_units_{code}")

# %%
for code in langs:
    paragraph = narrative.sipas_paragraph(sipas, lang=code)
    (out.processed / f"sipas_paragraph_{code}.md").write_text(paragraph, encoding="utf-8")
    display(Markdown(paragraph))

# %%
for code in langs:
    table = export.sipas_unit_table(sipas, lang=code)
    (out.processed / f"sipas_units_{code}.md").write_text(export.to_markdown(table, code), encoding="utf-8")
    export.write_xlsx({f"SIPAS {year}": table}, out.processed / f"sipas_units_{code}.xlsx")
table
