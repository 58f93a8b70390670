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
# # PAPI — Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh
# Tổng điểm được cộng từ điểm các chỉ số nội dung thành phần đã công bố; tỉnh thiếu một chỉ số nội dung
# thì không có tổng điểm và không được xếp hạng (PAPI không công bố).

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
pack.explore(data, "papi", "papi", langs[0])

# %% [markdown]
# So sánh hai năm: đặt `year = 2018` ở ô tham số rồi chạy lại; hoặc xem một chỉ số nội dung:
# `charts.province_ranking(data.current["papi"], langs[0], component="d5_procedures")`.

# %%
written = pack.write_notebook(data, "papi", langs, out)
pack.show(written)
