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

# %%
from qnindex.core import paths

langs, out = paths.notebook_setup(year, lang, raw_dir, output_root)

# %%
from qnindex.pipeline import pack
from qnindex.analysis.yeardata import load_year
from qnindex.render import charts

# %%
data = load_year(year)
pack.explore(data, "sipas_qn", "sipas_qn", langs[0])

# %% [markdown]
# Xem một đơn vị: `data.current["sipas_qn"].query("unit_name == 'Sở Tư pháp'")`.

# %%
written = pack.write_notebook(data, "sipas", langs, out)
pack.show(written)
