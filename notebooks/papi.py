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
papi = nb.table("papi")
nb.describe(papi)

# %% [markdown]
# ## 2. Các con số (metrics)
# Trung vị, thấp nhất, cao nhất của cả nước theo từng chỉ số nội dung; rồi các tỉnh xếp theo tổng điểm.

# %%
metrics.national_summary(papi).round(2)

# %%
metrics.rank_provinces(papi).sort_values("rank")[["unit_name", "value", "rank"]].head(10)

# %% [markdown]
# ## 3. Biểu đồ (charts)
# Thang điểm đổi từ 60 lên 80 năm 2018 (thêm hai chỉ số nội dung): biểu đồ qua các năm ghi chú chỗ đổi.

# %%
nb.chart(charts.panel_dimensions, "papi")

# %%
nb.chart(charts.province_map, "papi")

# %%
nb.chart(charts.dimension_trends, "papi")

# %% [markdown]
# ## 4. Đoạn văn trong báo cáo và sổ đối chiếu (paragraph and claims)
# Một chỉ số nội dung: `nb.chart(charts.province_ranking, "papi", component="d5_procedures")`.

# %%
nb.section("papi", "papi")

# %% [markdown]
# ## 5. Lưu các tệp của bước này (files)
# Khi `qnindex report` chạy sổ, các biểu đồ đã lưu hiển thị ngay dưới danh sách tệp, mỗi hình dưới chú thích của nó.

# %%
written = nb.write("papi")
