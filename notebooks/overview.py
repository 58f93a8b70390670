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
# # Tổng quan — văn bản báo cáo, sổ đối chiếu các con số, bảng xếp hạng và bộ trình chiếu
# Chạy sau cùng: bộ trình chiếu lấy các biểu đồ mà các sổ khác đã lưu cho năm.

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
written = pack.write_overview(data, langs, out)

# %%
pack.show([p for p in written if p.name.startswith("narrative") and p.suffix == ".md"])
