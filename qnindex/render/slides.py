"""What the briefing deck shows after its scorecard, in order (also the order of the figures in report.html):
a plain list, so the yearly job can read it without importing python-pptx and matplotlib."""

from qnindex.indices.specs import SPECS

# chart stem -> (narrative section, the key sentence starts with, slide title vi, slide title en)
SLIDES = [
    ("rank_trajectories", "overview", "", "Thứ hạng qua các năm", "Ranks over the years"),
    ("score_trends", "overview", "", "Điểm số qua các năm", "Scores over the years"),
    ("own_trends", "overview", "", "Kết quả đánh giá của tỉnh qua các năm", "The province's own assessments over the years"),
    ("online_services", "shortcomings", ("Tỷ lệ hồ sơ trực tuyến", "Applications filed online"),
     "Hồ sơ trực tuyến mức độ 3, 4 so với chỉ tiêu",
     "Applications online at levels 3-4 against the target"),
    ("papi_map", "papi", "", "PAPI: bản đồ theo nhóm điểm", "PAPI: map by score quartile"),
    ("papi_dimensions", "papi", ("Về thứ hạng từng chỉ số nội dung", "Dimension ranks"), "PAPI theo chỉ số nội dung",
     "PAPI by dimension"),
    ("papi_dimension_maps", "papi", "", "PAPI: bản đồ các chỉ số nội dung", "PAPI: dimension maps"),
    ("papi_dimension_trends", "papi", "", "PAPI: các chỉ số nội dung qua các năm", "PAPI: dimensions over the years"),
    *((f"{s.id}_ranking", s.narrative, "", f"{s.short_vi}: xếp hạng các tỉnh",
       "PAPI: the provinces ranked" if s.id == "papi" else f"{s.short_en} ranking")
      for s in sorted((s for s in SPECS if "ranking" in s.charts), key=lambda s: s.id != "papi")),
    ("sipas_units", "sipas_qn", "", "Mức độ hài lòng với các cơ quan, đơn vị", "Satisfaction with the agencies"),
    ("dgi", "dgi", "", "Chỉ số DGI cấp huyện", "District Governance Index"),
    ("egov_departments", "egov", ("Cấp sở", "Departments"), "Chính quyền điện tử: sở, ngành",
     "E-government: departments"),
    ("egov_districts", "egov", ("Cấp huyện", "Districts"), "Chính quyền điện tử: cấp huyện",
     "E-government: districts"),
    ("egov_communes", "egov", ("Cấp xã", "Communes"), "Chính quyền điện tử: cấp xã", "E-government: communes"),
]
