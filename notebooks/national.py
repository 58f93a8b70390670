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
# # Các bảng xếp hạng toàn quốc — PAR INDEX, SIPAS, ICT Index, PCI, DTI …
# Điểm và thứ hạng của tỉnh trên từng bảng xếp hạng của các bộ, ngành; chuỗi năm liên tiếp dẫn đầu hoặc trong
# nhóm 10; các tỉnh dẫn đầu khi bảng có đủ các tỉnh.

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
index = nb.first("national")  # PAR INDEX, or the first ranking with data this year
ranking = nb.table(index)
nb.describe(ranking)

# %% [markdown]
# ## 2. Các con số (metrics)
# Thứ hạng của tỉnh qua các năm (`rank_at_most`: chỉ biết nằm trong nhóm k đầu), từ chuỗi số liệu đã nạp cùng năm.

# %%
metrics.rank_series(nb.data.series[index], nb.focus).tail(8)

# %% [markdown]
# ## 3. Biểu đồ (charts)

# %%
nb.chart(charts.scorecard)

# %%
nb.chart(charts.rank_trajectories)

# %%
nb.chart(charts.score_trends)

# %% [markdown]
# ## 4. Đoạn văn trong báo cáo và sổ đối chiếu (paragraph and claims)
# Chỉ số khác: `nb.section("sipas", "sipas")`, `nb.section("pci", "pci")` …

# %%
nb.section(index, index)

# %% [markdown]
# ## 5. Lưu các tệp của bước này (files)
# Gồm cả bảng xếp hạng và bản đồ các tỉnh của mỗi chỉ số có đủ các tỉnh.
# Khi `qnindex report` chạy sổ, các biểu đồ đã lưu hiển thị ngay dưới danh sách tệp, mỗi hình dưới chú thích của nó.

# %%
written = nb.write("national")
