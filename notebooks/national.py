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
# # Các chỉ số xếp hạng toàn quốc — PAR INDEX, SIPAS, ICT Index, PCI, DTI
# Quảng Ninh so với các tỉnh, thành phố: điểm, thứ hạng, số năm liên tiếp dẫn đầu và diễn biến thứ hạng.
# Mọi con số do thư viện `qnindex` tính từ `data/raw/`.

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
pack.explore(data, "par_index", "par_index", langs[0])

# %% [markdown]
# Thử với chỉ số khác hoặc năm khác: đổi `"par_index"` thành `"sipas"`, `"pci"`, `"dti"`…, hoặc đổi `year` ở ô tham số.

# %%
written = pack.write_notebook(data, "national", langs, out)
pack.show(written)

# %% [markdown]
# Các biểu đồ trên là các tệp đã lưu. Vẽ lại một biểu đồ để thử, chẳng hạn bằng tiếng Anh:
# `charts.rank_trajectories(data, "en")`.
