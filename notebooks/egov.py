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
# # Mức độ chính quyền điện tử — sở, ngành; cấp huyện; cấp xã

# %% tags=["parameters"]
year = 2019
lang = "vi"  # "vi", "en" hoặc cả hai: "vi,en"
raw_dir = None  # None: data/raw của dự án
output_root = None  # None: thư mục nháp .qnindex-scratch/ (không ghi đè bộ kết quả đã công bố; chỉ `qnindex report` công bố)

# %%
from qnindex.core import paths

langs, out = paths.notebook_setup(year, lang, raw_dir, output_root)

# %%
from qnindex.pipeline import pack
from qnindex.analysis.yeardata import load_year

# %%
data = load_year(year)
pack.explore(data, "egov", "egov_department", langs[0])

# %% [markdown]
# Bảng xếp hạng cấp xã: `pack.explore(data, "egov", "egov_commune", langs[0])`.

# %%
written = pack.write_notebook(data, "egov", langs, out)
pack.show(written)
