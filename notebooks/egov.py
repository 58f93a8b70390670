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
# Điểm theo bộ tiêu chí của tỉnh; xếp loại theo tỷ lệ trên điểm tối đa (ngưỡng ở data/raw/targets/targets.yml).
# Từ 1/7/2025 không còn cấp huyện: sổ chỉ vẽ các cấp có số liệu của năm.

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
index = nb.first("egov")  # departments, or the first level with data this year
nb.describe(nb.table(index))

# %% [markdown]
# ## 2. Các con số (metrics)
# Tỷ lệ trên điểm tối đa của từng nhóm tiêu chí (bình quân các đơn vị của cấp).

# %%
shares = metrics.values_only(nb.table(index)).groupby("component")[["value", "max_value"]].mean()
shares.assign(share=100 * shares["value"] / shares["max_value"]).round(2)

# %% [markdown]
# ## 3. Biểu đồ (charts)
# Mỗi cấp một biểu đồ; cấp huyện và cấp xã so với năm trước khi có số liệu.

# %%
if nb.has("egov_department"):
    nb.chart(charts.criteria_shares, "egov_department")

# %%
if nb.has("egov_district"):
    nb.chart(charts.points_against_maximum, "egov_district")

# %%
if nb.has("egov_commune"):
    nb.chart(charts.points_distribution, "egov_commune")

# %% [markdown]
# ## 4. Đoạn văn trong báo cáo và sổ đối chiếu (paragraph and claims)
# Bảng xếp hạng cấp xã: `nb.section("egov", "egov_commune")`.

# %%
nb.section("egov", index)

# %% [markdown]
# ## 5. Lưu các tệp của bước này (files)
# Khi `qnindex report` chạy sổ, các biểu đồ đã lưu hiển thị ngay dưới danh sách tệp, mỗi hình dưới chú thích của nó.

# %%
written = nb.write("egov")
