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
settings = {}  # các thiết lập khác do `qnindex report` truyền vào (tỉnh, độ phân giải, SVG, khoảng tin cậy, ...); {}: mặc định

# %% [markdown]
# ## Chuẩn bị (setup)
# Một lệnh: tham số thành các thiết lập của lần chạy, ngôn ngữ, thư mục ghi (thư mục nháp, trừ khi `qnindex report`
# chạy sổ) và số liệu của năm, đọc và kiểm tra một lần. `nb.data` giữ mọi bảng của năm cùng dự án và các thiết lập;
# `nb.lang` là ngôn ngữ sổ hiển thị.

# %%
from qnindex.pipeline.notebook import start
from qnindex.render import charts
from qnindex.analysis import metrics

nb = start(year, lang, raw_dir, output_root, settings)

# %% [markdown]
# ## 1. Bảng dữ liệu (tidy table)
# Mỗi dòng là một giá trị của một đơn vị: `component` (tổng điểm hay thành phần), `measure` (giá trị hay thứ hạng),
# `source` (công bố hay minh họa) và `source_row` (dòng trong tệp gốc). Đếm theo khối và nguồn ở bảng thứ hai.

# %%
dgi = nb.table("dgi")
nb.describe(dgi)

# %% [markdown]
# ## 2. Các con số (metrics)
# Thứ hạng tính từ giá trị (đồng hạng xếp như nhau), rồi điểm từng chỉ số thành phần. `values_only` bỏ các
# dòng thứ hạng đã công bố: chúng nằm cùng cột `value` và không được lấy bình quân.

# %%
totals = metrics.values_only(dgi[dgi["component"] == "total"])
metrics.add_rank(totals, by=None).sort_values("rank")[["unit_name", "value", "rank", "source"]]

# %%
metrics.values_only(dgi).pivot_table(index="unit_name", columns="component", values="value").round(2)

# %% [markdown]
# ## 3. Biểu đồ (chart)

# %%
nb.chart(charts.components_chart, "dgi")

# %% [markdown]
# ## 4. Đoạn văn trong báo cáo và sổ đối chiếu (paragraph and claims)

# %%
nb.section("dgi", "dgi")

# %% [markdown]
# ## 5. Lưu các tệp của bước này (files)
# Khi `qnindex report` chạy sổ, các biểu đồ đã lưu hiển thị ngay dưới danh sách tệp, mỗi hình dưới chú thích của nó.

# %%
written = nb.write("dgi")
