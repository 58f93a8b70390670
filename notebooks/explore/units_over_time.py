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
# # Các đơn vị và tỉnh qua các năm (sổ khám phá)
# Sổ này dành cho nghiên cứu, không thuộc bộ kết quả hội nghị. Hai câu hỏi:
# 1. Đơn vị nào tiến bộ nhiều nhất kể từ năm gốc (`since`)?
# 2. Các chỉ số nội dung PAPI của tỉnh thay đổi thế nào so với các tỉnh lân cận (`peers`)?
#
# Mọi phép tính nằm trong thư viện (`qnindex.panel`, `qnindex.analysis.panel.improvement`) và đã được kiểm thử;
# đổi tham số ở ô dưới rồi chạy lại.

# %% tags=["parameters"]
index = "dgi"  # chỉ số đánh giá đơn vị: "dgi", "sipas_qn", "egov_department", "par_qn" ...
since = 2018  # năm gốc
peers = ["Hải Phòng", "Lạng Sơn", "Bắc Giang", "Hải Dương"]  # các tỉnh so sánh trên PAPI
lang = "vi"
settings = {}  # thiết lập của dự án (thư mục dự án, số liệu gốc ...); {}: dự án của bản sao này

# %%
import seaborn as sns

import qnindex
from qnindex.analysis.panel import improvement

sns.set_theme(style="whitegrid", context="notebook")
project = qnindex.open_project(qnindex.Settings.from_parameters(settings))  # dự án và các chỉ số của nó

# %% [markdown]
# ## 1. Đơn vị tiến bộ nhiều nhất
# Bảng theo năm của chỉ số (giá trị và thứ hạng ở hai cột riêng), rồi mức thay đổi của từng đơn vị từ năm gốc.
# Chỉ so sánh đơn vị được đánh giá cả hai năm và không sáp nhập thêm đơn vị nào trong khoảng đó; cột `published`
# cho biết hai giá trị có phải số liệu công bố (số liệu minh họa không dùng để kết luận).
# Với chỉ số có số phiếu khảo sát (`index = "sipas_qn"`), mỗi mức thay đổi kèm khoảng tin cậy 95% (`change_low`,
# `change_high`); `beyond_sampling` cho biết thay đổi có vượt sai số chọn mẫu không.

# %%
units = qnindex.panel(index, project)
units.groupby("year").size().rename("số đơn vị").to_frame().T

# %%
ranked = improvement(units, since)
ranked.head(10)

# %%
sns.barplot(data=ranked, y="unit_name", x="change", hue="group", dodge=False)

# %% [markdown]
# ## 2. PAPI: tỉnh và các tỉnh lân cận theo từng chỉ số nội dung
# Điểm từng chỉ số nội dung qua các năm (PAPI có 6 chỉ số nội dung đến 2017, 8 từ 2018).

# %%
papi = qnindex.panel("papi", project, component=None)
names = [project.focus.label("vi"), *peers]
dims = papi[papi["component"].str.match(r"d\d_") & papi["unit_name"].isin(names)]
dims.pivot_table(index=["component", "unit_name"], columns="year", values="value").round(2).head(12)

# %%
sns.relplot(data=dims, x="year", y="value", hue="unit_name", col="component", col_wrap=4, kind="line",
            height=2.6, aspect=1.2, marker="o")
