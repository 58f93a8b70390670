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
# # Mức độ hài lòng với các cơ quan, đơn vị của tỉnh (SIPAS cấp tỉnh)
# Mức độ hài lòng của người dân, tổ chức với từng sở, ngành, đơn vị cấp huyện (cấp xã từ 2025) và cơ quan
# Trung ương đóng trên địa bàn. Bình quân được tính theo số phiếu khảo sát của từng đơn vị.

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
sipas = nb.table("sipas_qn")
nb.describe(sipas)

# %% [markdown]
# ## 2. Các con số (metrics)
# Bình quân từng khối và toàn tỉnh theo số phiếu (`weight`), rồi khoảng tin cậy 95% (Wilson) của từng
# đơn vị: chênh lệch nằm trong khoảng này thì chưa có ý nghĩa thống kê.

# %%
metrics.group_means(sipas)

# %%
metrics.survey_intervals(sipas).sort_values("value").head(8)

# %% [markdown]
# ## 3. Biểu đồ (chart)
# Cùng hàm và cùng số liệu mà bộ kết quả dùng để lưu biểu đồ.

# %%
nb.chart(charts.unit_ranking, "sipas_qn")

# %% [markdown]
# ## 4. Đoạn văn trong báo cáo và sổ đối chiếu (paragraph and claims)
# Mỗi con số trong đoạn văn là một dòng của sổ đối chiếu: cách tính, nguồn và các dòng dữ liệu.

# %%
nb.section("sipas_qn", "sipas_qn")

# %% [markdown]
# ## 5. Lưu các tệp của bước này (files)
# Biểu đồ bằng mỗi ngôn ngữ, bảng xếp hạng, đoạn văn: vào thư mục nháp khi mở sổ trong JupyterLab.
# Khi `qnindex report` chạy sổ, các biểu đồ đã lưu hiển thị ngay dưới danh sách tệp, mỗi hình dưới chú thích của nó.

# %%
written = nb.write("sipas")
