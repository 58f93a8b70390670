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
# # DGI — Chỉ số hiệu quả quản trị và hành chính công cấp huyện
# Bình quân các đơn vị cấp huyện, thứ hạng (đồng hạng được xếp như nhau) và các chỉ số thành phần.

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
from qnindex.render import charts

# %%
data = load_year(year)
pack.explore(data, "dgi", "dgi", langs[0])

# %%
written = pack.write_notebook(data, "dgi", langs, out)
pack.show(written)

# %% [markdown]
# Biểu đồ trên là tệp đã lưu. Vẽ lại để thử, chẳng hạn bằng tiếng Anh: `charts.dgi_chart(data.current["dgi"], "en")`.
