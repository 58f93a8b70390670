from openpyxl import load_workbook

from qnindex.render import export
from conftest import load_table


def test_unit_table_ranks_within_groups_and_keeps_the_source_row():
    table = export.survey_unit_table(load_table("sipas_qn", 2019), "vi")
    assert list(table.columns) == ["Hạng trong khối", "Khối", "Đơn vị", "Số phiếu", "Tỷ lệ hài lòng (%)",
                                   "KTC 95% – cận dưới", "KTC 95% – cận trên", "Nguồn số liệu", "Dòng dữ liệu"]
    first = table.iloc[0]
    assert (first["Hạng trong khối"], first["Đơn vị"], first["Tỷ lệ hài lòng (%)"]) == \
        (1, "Sở Thông tin và Truyền thông", 94.54)
    assert first["Nguồn số liệu"] == "công bố"
    assert first["Dòng dữ liệu"].startswith("data/raw/sipas_qn/sipas_qn_2019.csv:")
    assert len(table) == 41


def test_markdown_uses_the_locale():
    md = export.to_markdown(export.survey_unit_table(load_table("sipas_qn", 2019), "vi"), "vi")
    assert "| 1 | Sở, ban, ngành | Sở Thông tin và Truyền thông | 195 | 94,54 | 90,41 | 96,95 | công bố |" in md


def test_xlsx_is_formatted_safe_and_reproducible(tmp_path):
    table = export.survey_unit_table(load_table("sipas_qn", 2019), "vi")
    table.loc[0, "Đơn vị"] = "=HYPERLINK(\"x\")"
    a = export.write_xlsx({"SIPAS 2019": table}, tmp_path / "a.xlsx")
    b = export.write_xlsx({"SIPAS 2019": table}, tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    ws = load_workbook(a)["SIPAS 2019"]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].value == "Hạng trong khối" and ws["A1"].font.bold
    assert ws["E2"].value == 94.54 and ws["E2"].number_format == "0.00"
    assert ws["C2"].data_type == "s" and ws["C2"].value.startswith("=")
    assert ws.column_dimensions["C"].width > 20


def _write_narrative_files(data, folder, lang="vi"):
    """The narrative, ledger and ranking tables of one language, as the overview step writes them."""
    from qnindex.render import narrative, pages
    from qnindex.render.tables import table_sources, year_tables

    story = narrative.build(data, lang)
    return (export.write_narrative(story, folder, pages.narrative_page(story)) + export.write_ledger(story, folder)
            + export.write_tables(year_tables(data, lang), table_sources(data, lang), data.year, folder, lang))


def test_year_pack_writes_narrative_ledger_and_tables(tmp_path):
    from conftest import cached_year

    written = _write_narrative_files(cached_year(2019), tmp_path)
    names = sorted(p.name for p in written)
    assert names == ["ledger_rows_vi.csv", "ledger_vi.csv", "narrative_vi.html", "narrative_vi.md", "tables.xlsx",
                     "tables_vi.md"]
    html = (tmp_path / "narrative_vi.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="vi">' in html and "90,09%" in html
    wb = load_workbook(tmp_path / "tables.xlsx")
    assert wb.sheetnames == ["PAR INDEX", "SIPAS", "PAPI", "ICT Index", "PCI", "CCHC sở ngành, địa phương",
                             "SIPAS cấp tỉnh", "DGI", "CQĐT sở ngành", "CQĐT cấp huyện", "CQĐT cấp xã"]
    ws = wb["CQĐT cấp huyện"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Hạng", "Đơn vị", "Giá trị (/170)", "Năm trước", "Thay đổi", "Xếp loại"]
    assert (ws["A2"].value, ws["B2"].value, ws["C2"].value, ws["F2"].value) == (1, "Thành phố Uông Bí", 154, "tốt")
    assert ws["C2"].number_format == "0" and ws.freeze_panes == "A2"  # whole points, as the assessment writes them
    ict = wb["ICT Index"]
    assert ict["C2"].number_format == "0.0000"
    sipas = wb["SIPAS cấp tỉnh"]
    notes = [sipas.cell(row=r, column=9).value for r in range(2, sipas.max_row + 1)]
    assert not any(n and "Hoành Bồ" in n for n in notes)  # Hoành Bồ existed until 31/12/2019: nothing pooled
    papi = wb["PAPI"]
    unranked = [papi.cell(row=r, column=1).value for r in range(2, papi.max_row + 1)]
    assert unranked.count("không công bố") == 0 and len(unranked) == 63
    md = (tmp_path / "tables_vi.md").read_text(encoding="utf-8")
    assert "| 1 | Thành phố Uông Bí | 154 | 146 | 8 | tốt | công bố |" in md


def test_unpublished_papi_rank_is_written_as_such(tmp_path):
    from conftest import cached_year
    from qnindex.render.tables import ranking_table

    data = cached_year(2023)
    table = ranking_table(data, "papi", "vi")
    qn = table[table["Đơn vị"] == "Quảng Ninh"].iloc[0]
    import pandas as pd

    assert qn["Hạng"] is pd.NA and qn["Giá trị (/80)"] != qn["Giá trị (/80)"]  # no rank, no value: empty cells
    assert qn["Ghi chú"].startswith("thứ hạng không công bố")  # said in the note (the rank column holds numbers only)


def test_a_published_rank_without_a_score_keeps_its_row():
    from conftest import cached_year
    from qnindex.render.tables import ranking_table

    data = cached_year(2013)
    table = ranking_table(data, "pci", "en")
    assert table.iloc[0]["Rank"] == 4 and table.iloc[0]["Unit"] == "Quang Ninh"
    assert table.iloc[0]["Value"] != table.iloc[0]["Value"]  # NaN: not published, never invented


def test_the_written_ledger_lists_each_row_set_once_and_joins_back_to_the_full_ledger(tmp_path):
    """A median over 63 provinces names its row set; the set is written once; joined, the files give every claim
    its references again (what ``narrative.build(...).ledger()`` holds)."""
    import pandas as pd

    from conftest import cached_year
    from qnindex.analysis.ledger import ROW_SET_MIN, join_row_sets
    from qnindex.render import narrative

    data = cached_year(2019)
    _write_narrative_files(data, tmp_path)
    claims = pd.read_csv(tmp_path / "ledger_vi.csv", dtype=str, keep_default_na=False)
    row_sets = pd.read_csv(tmp_path / "ledger_rows_vi.csv", dtype=str, keep_default_na=False)
    assert row_sets["row_set"].is_unique and (row_sets["rows"].astype(int) >= ROW_SET_MIN).all()
    named = claims[claims["row_set"] != ""]
    assert len(named) > len(row_sets) and (named["refs"] == "").all()  # shared sets, not repeated
    full = narrative.build(data, "vi").ledger()
    joined = join_row_sets(claims, row_sets)
    assert joined["refs"].tolist() == full["refs"].astype(str).tolist()
    assert joined["sources"].tolist() == full["sources"].astype(str).tolist()
    assert claims.loc[claims["text"] == "90,09%", "sources"].iloc[0] == "data/raw/par_index/par_index_2019.csv:2"


def test_a_table_shows_each_note_to_readers_of_its_language_only():
    """The bundled raw files note in both languages ('ghi chú' in Vietnamese, 'note_en' beside it): every year's
    Vietnamese tables show the Vietnamese notes and never an English one; the English tables the reverse (the SIPAS
    sheet of 2024 once showed 'named among the five highest ...' to a Vietnamese reader)."""
    from conftest import cached_year

    from qnindex.render import tables
    from test_narrative import BUNDLED_YEARS

    shown = 0
    for year in BUNDLED_YEARS:
        data = cached_year(year)
        pairs = {(str(vi), str(en)) for current in data.current.values() if "note_en" in current
                 for vi, en in zip(current["note"], current["note_en"]) if vi or en}
        assert all(vi and en for vi, en in pairs), (year, [p for p in pairs if not all(p)])  # both languages
        for lang, column in (("vi", "Ghi chú"), ("en", "Note")):
            cells = " | ".join(" | ".join(table[column]) for table, _d in tables.year_tables(data, lang).values())
            for vi, en in pairs:
                own, other = (vi, en) if lang == "vi" else (en, vi)
                assert other == own or other not in cells, (year, lang, other)
                shown += own in cells
    assert shown > 20
    papi = tables.ranking_table(cached_year(2024), "papi", "vi")
    assert (papi["Ghi chú"].str.contains("điểm không công bố")).any()
    assert not papi["Ghi chú"].str.contains("not published").any()


def test_csv_neutralises_the_risky_cells_of_any_text_column_and_leaves_the_rest_as_typed(tmp_path):
    """Only a cell a spreadsheet could run is changed, in a text column of any kind (pandas' str, string or object),
    and a column without one is written as it is, its empty cells empty."""
    import pandas as pd

    table = pd.DataFrame({
        "plain": pd.Series(["Sở Y tế", None, "UBND huyện Vân Đồn"], dtype="str"),
        "risky": pd.Series(["a", "=1+1", None], dtype="str"),
        "string": pd.array(["-x", None, "y"], dtype="string"),
        "mixed": pd.Series(["@x", 3, None], dtype=object),
        "value": [1.5, float("nan"), 93.46],
    })
    lines = export.write_csv(table, tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines == ["plain,risky,string,mixed,value", "Sở Y tế,a,'-x,'@x,1.5", ",'=1+1,,3,",
                     "UBND huyện Vân Đồn,,y,,93.46"]
