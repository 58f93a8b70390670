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
# # Phân bố theo khối và quan hệ giữa hai chỉ số (sổ khám phá)
# Sổ này dành cho nghiên cứu, không thuộc bộ kết quả hội nghị. Hai câu hỏi cho một năm:
# 1. Điểm của các đơn vị phân bố thế nào trong từng khối (sở, ngành; cấp huyện/cấp xã; cơ quan Trung ương)?
# 2. Đơn vị có Chỉ số CCHC cao có hài lòng của người dân cao hơn không? Hệ số tương quan kèm khoảng tin cậy 95% —
#    một mối liên hệ giữa các đơn vị, không phải quan hệ nhân quả.
#
# Mỗi dòng số liệu minh họa được đếm và đánh dấu: kết luận chỉ rút ra từ số liệu đã công bố.

# %% tags=["parameters"]
year = 2019
index = "sipas_qn"  # chỉ số của câu hỏi 1
other = "par_qn"  # chỉ số thứ hai của câu hỏi 2 (cùng các đơn vị)
lang = "vi"
settings = {}  # thiết lập của dự án (thư mục dự án, số liệu gốc ...); {}: dự án của bản sao này

# %%
import seaborn as sns

from qnindex.analysis.metrics import values_only
from qnindex.analysis.panel import relation
from qnindex.analysis.yeardata import load_year
from qnindex.data.registry import GROUP_NAMES
from qnindex.core.settings import Settings
from qnindex.kinds import open_project

sns.set_theme(style="whitegrid", context="notebook")
data = load_year(year, open_project(Settings.from_parameters(settings)))

# %% [markdown]
# ## 1. Phân bố theo khối
# Hộp: trung vị và khoảng tứ phân vị; mỗi điểm là một đơn vị (hình tròn rỗng: số liệu minh họa).

# %%
table = values_only(data.current[index])
totals = table[table["component"] == "total"].assign(block=lambda t: t["group"].map(GROUP_NAMES[lang]))
totals.groupby(["block", "source"])["value"].describe().round(2)

# %%
ax = sns.boxplot(data=totals, x="value", y="block", color="#DDE6EE", showfliers=False)
sns.stripplot(data=totals, x="value", y="block", hue="source", palette={"published": "#0072B2",
              "illustrative": "#BBBBBB"}, size=6, ax=ax)
ax.set(xlabel=data.spec(index).short(lang), ylabel="")

# %% [markdown]
# ## 2. Hai chỉ số trên cùng các đơn vị
# Các đơn vị có cả hai chỉ số trong năm; r của Pearson với khoảng tin cậy 95% (biến đổi z của Fisher), rho của
# Spearman (theo thứ hạng) và số dòng minh họa.

# %%
joined, stats = relation(data.current[other], data.current[index])
stats

# %%
ax = sns.regplot(data=joined, x="a", y="b", ci=95, scatter_kws={"s": 40})
ax.set(xlabel=data.spec(other).short(lang), ylabel=data.spec(index).short(lang))

# %% [markdown]
# Đọc kết quả: khoảng tin cậy chứa 0 thì chưa thấy mối liên hệ; nhiều dòng minh họa thì con số chỉ minh họa cách
# tính. Dù có liên hệ, hai chỉ số cùng đo một bộ máy: điều đó không nói chỉ số này làm thay đổi chỉ số kia.
