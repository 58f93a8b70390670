"""The province through the 2025 reform: units valid on given dates, successors across 1/3/2025 and
1/7/2025, the 2024 conference reproduced, and the templates of 2026."""
from datetime import date

import pytest

from openpyxl import load_workbook

from conftest import cached_year, load_table, project_at, year_of
from qnindex.analysis import ledger
from qnindex.data import registry
from qnindex.pipeline.cli import main
from qnindex.render import narrative


@pytest.mark.parametrize("day, unit_id, valid", [
    (date(2025, 2, 28), "dept-ke-hoach-dau-tu", True), (date(2025, 3, 1), "dept-ke-hoach-dau-tu", False),
    (date(2025, 2, 28), "dept-nong-nghiep-moi-truong", False), (date(2025, 3, 1), "dept-nong-nghiep-moi-truong", True),
    (date(2025, 6, 30), "dist-ha-long", True), (date(2025, 7, 1), "dist-ha-long", False),
    (date(2025, 6, 30), "comm-07030", True), (date(2025, 7, 1), "comm-07030", False),
    (date(2025, 7, 1), "comm-2025-06658", True),
])
def test_units_valid_on_a_date(day, unit_id, valid):
    assert registry.get(unit_id).valid_on(day) is valid


def test_successors_across_the_reform():
    assert registry.successor_in("dept-ke-hoach-dau-tu", 2025) == "dept-tai-chinh"  # 1/3/2025
    assert registry.successor_in("dept-giao-thong", 2025) == "dept-xay-dung"
    assert registry.successor_in("dept-tai-nguyen", 2025) == registry.successor_in("dept-nong-nghiep", 2025) == \
        "dept-nong-nghiep-moi-truong"
    assert registry.successor_in("comm-06649", 2025) == "comm-2025-06658"  # Hà Khánh -> Phường Cao Xanh, 1/7/2025
    assert registry.get("dist-ha-long").successor == ""  # the district level ended: no district successor
    assert len(registry.units_in("district", 2025)) == 0 and len(registry.units_in("commune", 2025)) == 54


def test_central_agencies_carry_their_successive_names_and_unconfirmed_ones_are_marked():
    assert registry.name_in_year("cent-hai-quan", 2024) == "Cục Hải quan tỉnh"
    assert registry.name_in_year("cent-hai-quan", 2025) == "Chi cục Hải quan khu vực VIII"
    assert registry.name_in_year("cent-kho-bac", 2025) == "Kho bạc Nhà nước khu vực III"
    assert registry.name_in_year("cent-bhxh", 2025) == "Bảo hiểm xã hội tỉnh Quảng Ninh"
    changes = registry._name_changes()
    assert [c["confirmed"] for c in changes["cent-thue"]] == ["no", "no"]  # ⚠ in the brief: easy to correct
    assert not registry.get("cent-qltt").confirmed


def test_the_2024_pack_states_the_2024_conference():
    data = cached_year(2024)
    story = narrative.build(data, "vi")
    text = story.markdown
    for phrase in ("Năm 2024, 52 cơ quan, đơn vị (30 sở, ban, ngành; 13 đơn vị cấp huyện và 9 cơ quan Trung ương đóng trên "
                   "địa bàn) được đánh giá Chỉ số CCHC của tỉnh, đạt bình quân 87,12%, tăng 1,27 điểm phần trăm so với năm "
                   "2023",
                   "trên địa bàn) đạt 95,97%, tăng 0,69 điểm phần trăm so với năm 2023",
                   "DGI bình quân của 13 đơn vị cấp huyện đạt 92,29%, tăng 1,29 điểm phần trăm so với năm 2023",
                   "Dẫn đầu khối sở, ban, ngành là Sở Nội vụ", "dẫn đầu khối cơ quan Trung ương là Kho bạc Nhà nước tỉnh",
                   "dẫn đầu là Sở Tư pháp", "dẫn đầu là thành phố Cẩm Phả", "dẫn đầu là Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
                   "Dẫn đầu khối sở, ban, ngành là Ban Quản lý Khu kinh tế", "Dẫn đầu là huyện Cô Tô",
                   "dẫn đầu khối cơ quan Trung ương là Cục Hải quan tỉnh",
                   "Dẫn đầu khối sở, ban, ngành là Trung tâm Phục vụ hành chính công tỉnh", "dẫn đầu cấp xã là xã Tiền An",
                   "tổng điểm PAPI của Quảng Ninh đạt 47,82/80 điểm, xếp thứ 1/61",
                   "PCI của Quảng Ninh đạt 73,2", "xếp thứ 2/63",
                   "Về PAR INDEX năm 2024, kết quả của Quảng Ninh chưa có trong dữ liệu của dự án.",
                   "Xếp thứ 1 là Hải Phòng (96,17%); xếp thứ 2 là Bà Rịa - Vũng Tàu; xếp thứ 3 là Hà Nội.",
                   "Về PAR INDEX năm 2024, kết quả của tỉnh chưa có trong dữ liệu của dự án.",
                   "tỉnh nằm trong nhóm 5 địa phương dẫn đầu (thứ hạng cụ thể không được công bố)"):
        assert phrase in text, phrase
    assert ledger.verify(story.sentences(), story.ledger(), data.all_tables(), "vi") == []
    published = story.ledger()
    for value in ("87,12%", "95,97%", "92,29%", "1,27", "0,69", "1,29"):
        assert (published[published["text"] == value]["status"] == "published").all(), value


def test_new_year_2026_offers_only_what_exists_in_2026(scratch_project, capsys):
    assert main(["new-year", "2026"]) == 0
    raw = scratch_project / "data" / "raw"
    written = {p.parent.name for p in raw.glob("*/*_2026.xlsx")}
    assert {"par_index", "sipas", "pci", "dti", "sipas_qn", "par_qn", "ddci", "dti_qn", "egov_department",
            "egov_commune"} <= written
    assert not written & {"ict_index", "dgi", "egov_district"}  # ended, or no district level
    sipas = load_workbook(raw / "sipas_qn" / "sipas_qn_2026.xlsx")["Dữ liệu"]
    rows = [r for r in sipas.iter_rows(min_row=2, values_only=True) if r[2]]
    names = {r[2] for r in rows}
    assert {"Sở Tài chính", "Sở Nông nghiệp và Môi trường", "Sở Văn hóa, Thể thao và Du lịch",
            "Chi cục Hải quan khu vực VIII", "Kho bạc Nhà nước khu vực III", "Phường Hà Tu"} <= names
    assert not names & {"Sở Kế hoạch và Đầu tư", "Sở Giao thông vận tải", "Sở Thông tin và Truyền thông",
                        "Cục Hải quan tỉnh", "Kho bạc Nhà nước tỉnh", "Thành phố Hạ Long"}
    assert {r[1] for r in rows} == {"Sở, ban, ngành", "Cấp xã", "Cơ quan Trung ương"}  # groups in Vietnamese
    provinces = load_workbook(raw / "pci" / "pci_2026.xlsx")["Dữ liệu"]
    assert len([r for r in provinces.iter_rows(min_row=2, values_only=True) if r[1]]) == 34


def test_a_2025_narrative_says_what_the_reform_changed_and_no_rank_change_across_63_to_34():
    data = cached_year(2025)
    text = narrative.build(data, "vi").markdown
    assert "13 đơn vị cấp huyện và 171 đơn vị cấp xã được sắp xếp thành 54 đơn vị hành chính cấp xã" in text
    assert "không so sánh tăng, giảm với thứ hạng trên 63 địa phương" in text
    assert "DGI" not in text.split("## ")[0] or "Chưa có số liệu DGI" not in text  # no 'missing' wording for DGI


def test_a_rank_out_of_34_is_never_stated_as_a_rise_or_fall_from_a_rank_out_of_63():
    from qnindex.analysis.focus import focus_summary

    pci24 = cached_year(2024).current["pci"]
    pci25 = pci24.assign(year=2025)
    pci25.loc[pci25["measure"] == "rank", ["value", "max_value"]] = [1.0, 34.0]
    summary = focus_summary(year_of(2025, current={"pci": pci25}, previous={"pci": pci24}), "pci")
    assert summary.rank.value == 1 and summary.n.value == 34
    assert summary.places.missing and summary.rank_change is None  # 2/63 -> 1/34 is not "up 1"
    same_scale = focus_summary(year_of(2024, current={"pci": pci24}, previous={"pci": cached_year(2023).current["pci"]}),
                               "pci")
    assert same_scale.rank_change == -1  # 1/63 -> 2/63: down one place


def test_a_2025_pack_from_filled_templates_draws_34_provinces_and_54_communes(tmp_path, monkeypatch, capsys):
    import shutil

    from conftest import ROOT

    root = tmp_path / "project"
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    monkeypatch.setenv("QNINDEX_ROOT", str(root))
    assert main(["new-year", "2025"]) == 0
    raw = root / "data" / "raw"
    wb = load_workbook(raw / "pci" / "pci_2025.xlsx")
    ws = wb["Dữ liệu"]
    header = [c.value for c in ws[1]]
    rows = [r for r in ws.iter_rows(min_row=2) if r[1].value]
    others = iter(range(2, 35))
    for row in rows:  # Quảng Ninh first, then the others in registry order
        cells = dict(zip(header, row))
        rank = 1 if cells["Tỉnh, thành phố"].value == "Quảng Ninh" else next(others)
        cells["Điểm (tối đa 100)"].value = f"{80 - rank * 0.5:.2f}".replace(".", ",")
        cells["Xếp hạng"].value = rank
        cells["Nguồn"].value = "minh họa"
    ranks = sorted(int(dict(zip(header, r))["Xếp hạng"].value) for r in rows)
    assert len(rows) == 34 and len(set(ranks)) == 34
    wb.save(raw / "pci" / "pci_2025.xlsx")
    wb = load_workbook(raw / "egov_commune" / "egov_commune_2025.xlsx")
    ws = wb["Dữ liệu"]
    header = [c.value for c in ws[1]]
    for i, row in enumerate(r for r in ws.iter_rows(min_row=2) if r[1].value):
        cells = dict(zip(header, row))
        cells["Mức độ sẵn sàng (tối đa 30)"].value = 20 + i % 5
        cells["Kết quả đạt được (tối đa 60)"].value = 40
        cells["Tiêu chí của tỉnh (tối đa 10)"].value = 5
        cells["Nguồn"].value = "minh họa"
    wb.save(raw / "egov_commune" / "egov_commune_2025.xlsx")
    for other in raw.glob("*/*_2025.xlsx"):
        if other.parent.name not in ("pci", "egov_commune"):
            other.unlink()
    assert main(["validate", "--year", "2025"]) == 0, capsys.readouterr().out
    assert main(["report", "--year", "2025", "--lang", "vi", "--dpi", "60"]) == 0, capsys.readouterr().err
    assert (root / "figures/2025/pci_ranking_vi.png").exists()  # all 34 provinces: the ranking chart
    assert (root / "figures/2025/egov_commune_distribution_vi.png").exists()
    text = (root / "data/processed/2025/narrative_vi.md").read_text(encoding="utf-8")
    assert "xếp thứ 1/34" in text and "không so sánh tăng, giảm với thứ hạng trên 63 địa phương" in text
    assert "54 xã, phường, thị trấn được đánh giá" in text or "54 " in text


def test_district_average_names_units_merged_since_the_base_year():
    """A 2020 district average compared with 2019's says that 2019's average still counted Hoành Bồ."""
    base = load_table("egov_district", 2019)
    assert "dist-hoanh-bo" in set(base["unit_id"])
    now = base[base["unit_id"] != "dist-hoanh-bo"].assign(year=2020)
    data = year_of(2020, current={"egov_district": now}, previous={"egov_district": base})
    vi = narrative.section_markdown(data, "egov", "vi")
    en = narrative.section_markdown(data, "egov", "en")
    assert "bình quân năm 2019 gồm cả huyện Hoành Bồ, nay đã sáp nhập vào thành phố Hạ Long" in vi
    assert "the 2019 average includes Hoanh Bo District, since merged into Ha Long City" in en
    # a year whose base has no merged unit says nothing of the kind
    same = year_of(2019, current={"egov_district": base}, previous={})
    assert "sáp nhập" not in narrative.section_markdown(same, "egov", "vi")


def test_a_district_count_that_differs_between_indices_is_explained():
    """2019: e-government counts 14 district-level units, DGI and SIPAS 13; the sentence names Hoành Bồ and
    why (assessed before its merger into Hạ Long on 1/1/2020). Alone, the e-government table needs no such note."""
    data = cached_year(2019)
    vi = narrative.section_markdown(data, "egov", "vi")
    assert ("14 đơn vị (gồm cả huyện Hoành Bồ, được đánh giá trước khi sáp nhập vào thành phố Hạ Long từ ngày "
            "1/1/2020; kết quả") in vi and "DGI" in vi.split("Cấp huyện:")[1].split(")")[0]
    en = narrative.section_markdown(data, "egov", "en")
    assert "including Hoanh Bo District, assessed before it merged into Ha Long City on 1/1/2020" in en
    alone = year_of(2019, current={"egov_district": load_table("egov_district", 2019)})
    assert "gồm cả" not in narrative.section_markdown(alone, "egov", "vi")


def test_a_2025_satisfaction_survey_of_communes_is_drawn_told_and_checked(scratch_project, monkeypatch):
    """2025 as an official fills it: the survey's template (departments, 54 communes, central agencies) with rates
    typed with a decimal comma in some rows. The chart has a communes column, the narrative a communes sentence
    and says last year's average was over district-level units; every claim checks against the rows."""
    import matplotlib.pyplot as plt

    from qnindex.analysis.yeardata import load_year
    from qnindex.pipeline.new_year import write_year_templates
    from qnindex.render import charts

    project = project_at(scratch_project, cache=scratch_project / "cache")
    write_year_templates(2025, project)
    path = scratch_project / "data" / "raw" / "sipas_qn" / "sipas_qn_2025.xlsx"
    wb = load_workbook(path)
    filled = 0
    for i, row in enumerate(wb["Dữ liệu"].iter_rows(min_row=2)):
        if row[2].value:
            rate = 90 + (i * 37 % 90) / 10
            row[3].value, row[5].value = 150 + i, "minh họa"
            row[4].value = f"{rate:.2f}".replace(".", ",") if i % 3 == 0 else rate
            filled += 1
    wb.save(path)
    data = load_year(2025, project)
    sipas = data.current["sipas_qn"]
    assert filled == 87 and sipas["unit_id"].nunique() == 87
    assert set(sipas["group"]) == {"department", "commune", "central"}
    story = narrative.build(data, "vi")
    text = story.section("sipas_qn").markdown
    assert "(24 sở, ban, ngành; 54 đơn vị cấp xã và 9 cơ quan Trung ương đóng trên địa bàn)" in text
    assert "Khối UBND cấp xã đạt bình quân" in text
    assert ("năm 2024 khảo sát 52 cơ quan, đơn vị (30 sở, ban, ngành; 13 đơn vị cấp huyện và 9 cơ quan Trung ương "
            "đóng trên địa bàn), nên hai mức bình quân không tính trên cùng các khối đơn vị") in text
    assert ledger.verify(story.sentences(), story.ledger(), data.all_tables(), "vi") == []
    fig = charts.unit_ranking(data, "sipas_qn", "vi")
    assert [ax.get_title("right") for ax in fig.axes] == ["Sở, ban, ngành", "UBND cấp xã", "Cơ quan Trung ương"]
    plt.close(fig)
    from qnindex.render.tables import ranking_table

    table = ranking_table(data, "sipas_qn", "vi").set_index("Đơn vị")
    notes = table[table["Khối"] == "Cấp xã"]["Ghi chú"]
    assert len(notes) == 54 and notes.str.startswith("đơn vị mới từ 1/7/2025 (hợp nhất ").all()
    assert table["Năm trước"][table["Khối"] == "Cấp xã"].isna().all()


def test_2025_communes_are_named_by_their_kinds_and_a_target_met_is_no_shortcoming(scratch_project, monkeypatch):
    """After 1/7/2025 there are no towns: the 54 units are communes, wards and the special zones (Vân Đồn, Cô Tô).
    An online-services rate above the province's target is said in the e-government section, not listed among
    the shortcomings (it was, as 'đạt chỉ tiêu')."""
    from qnindex.analysis.yeardata import load_year
    from qnindex.pipeline.new_year import write_year_templates

    project = project_at(scratch_project, cache=scratch_project / "cache")
    write_year_templates(2025, project)
    raw = scratch_project / "data" / "raw"
    wb = load_workbook(raw / "egov_commune" / "egov_commune_2025.xlsx")
    for i, row in enumerate(r for r in wb["Dữ liệu"].iter_rows(min_row=2) if r[1].value):
        row[2].value, row[3].value, row[4].value = 20 + i % 9, 40 + i % 17, 5 + i % 5  # of 30, 60, 10
        row[6].value = "minh họa"
    wb.save(raw / "egov_commune" / "egov_commune_2025.xlsx")
    wb = load_workbook(raw / "online_services" / "online_services_2025.xlsx")
    row = next(r for r in wb["Dữ liệu"].iter_rows(min_row=2) if r[1].value == "Quảng Ninh")
    row[2].value, row[3].value = "91,5", "minh họa"
    wb.save(raw / "online_services" / "online_services_2025.xlsx")
    data = load_year(2025, project)
    story = narrative.build(data, "vi")
    egov, shortcomings = story.section("egov").markdown, story.section("shortcomings").markdown
    assert "Cấp xã: 54 xã, phường, đặc khu được đánh giá" in egov
    # 2025: the measure in force since 1/8/2022 (toàn trình, một phần), and the 2019 target on levels 3-4 not applied
    assert "Tỷ lệ hồ sơ trực tuyến toàn trình và một phần đạt 91,50% (số liệu minh họa)." in egov
    assert "mức độ 3, 4" not in egov and "chỉ tiêu" not in egov
    assert "hồ sơ trực tuyến" not in shortcomings
    english = narrative.build(data, "en").section("egov").markdown
    assert "54 communes, wards and special zones were assessed" in english
    assert "Applications filed fully or partly online reached 91.50%" in english and "target" not in english
    egov_2019 = narrative.build(cached_year(2019), "vi")  # 2019: levels 3-4 and the province's 40 % target
    assert "Tỷ lệ hồ sơ trực tuyến mức độ 3, 4 đạt" in egov_2019.markdown and "chỉ tiêu 40%" in egov_2019.markdown
    assert ledger.verify(story.sentences(), story.ledger(), data.all_tables(), "vi") == []
    assert "186 xã, phường, thị trấn được đánh giá" in narrative.build(cached_year(2019), "vi").section("egov").markdown
