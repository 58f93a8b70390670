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
# Citizens' satisfaction with each department, district-level People's Committee and central agency
# in Quảng Ninh. Every number below is computed by `qnindex` from `data/raw/sipas_qn/`.

# %% tags=["parameters"]
year = 2019
lang = "vi"
output_root = None  # None: the project's folders; `qnindex report` passes a staging folder

# %%
from IPython.display import Markdown, display

from qnindex import charts, export, narrative, paths
from qnindex.loaders import load_sipas
from qnindex.metrics import group_means

out = paths.outputs(year, output_root)

# %% [markdown]
# ## Data and group averages (respondent-weighted)

# %%
sipas = load_sipas(year)
group_means(sipas)

# %% [markdown]
# ## Chart

# %%
fig = charts.unit_ranking(sipas, lang=lang)
display(fig)
charts.save(fig, out.figures / f"sipas_units_{lang}")

# %% [markdown]
# ## Paragraph

# %%
paragraph = narrative.sipas_paragraph(sipas, lang=lang)
(out.processed / f"sipas_paragraph_{lang}.md").write_text(paragraph, encoding="utf-8")
display(Markdown(paragraph))

# %% [markdown]
# ## Unit table

# %%
table = export.sipas_unit_table(sipas, lang=lang)
(out.processed / f"sipas_units_{lang}.md").write_text(export.to_markdown(table, lang), encoding="utf-8")
export.write_xlsx({f"SIPAS {year}": table}, out.processed / f"sipas_units_{lang}.xlsx")
sipas.to_csv(out.processed / "sipas_qn_tidy.csv", index=False, lineterminator="\n")
table
