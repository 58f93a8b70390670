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
settings = {}  # các thiết lập khác do `qnindex report` truyền vào (tỉnh, độ phân giải, SVG, khoảng tin cậy, ...); {}: mặc định

# %% [markdown]
# ## Chuẩn bị (setup)
# Một lệnh: tham số thành các thiết lập của lần chạy, ngôn ngữ, thư mục ghi (thư mục nháp, trừ khi `qnindex report`
# chạy sổ) và số liệu của năm, đọc và kiểm tra một lần. `nb.data` giữ mọi bảng của năm cùng dự án và các thiết lập;
# `nb.lang` là ngôn ngữ sổ hiển thị.

# %%
from qnindex.pipeline.notebook import start
from qnindex.render import charts

nb = start(year, lang, raw_dir, output_root, settings)

# %% [markdown]
# ## 1. Các chỉ số của năm (indices)
# Chỉ số nào có số liệu, chỉ số nào chưa có, và vì sao.

# %%
{"có số liệu": sorted(i for i in nb.data.current if i != "targets"), "chưa có": nb.data.missing,
 "đã kết thúc": nb.data.ended}

# %% [markdown]
# ## 2. Các biểu đồ qua các năm (charts)
# Các đánh giá của tỉnh (khi có từ ba năm) và tỷ lệ hồ sơ trực tuyến so với chỉ tiêu (khi có từ hai năm).

# %%
nb.chart(charts.own_trends)
nb.chart(charts.rate_trend, "online_services")

# %% [markdown]
# ## 3. Văn bản báo cáo, sổ đối chiếu, bảng và bộ trình chiếu (files)
# Khi `qnindex report` chạy sổ, các biểu đồ đã lưu hiển thị ngay dưới danh sách tệp, mỗi hình dưới chú thích của nó.

# %%
written = nb.write("overview")

# %% [markdown]
# ## 4. Văn bản báo cáo (narrative)

# %%
nb.section("overview")
