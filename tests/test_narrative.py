"""The conference narrative: facts F1-F13 and F15 for 2019, any year from its data, and the ledger."""
import copy
from functools import lru_cache

import matplotlib.pyplot as plt
import pytest

from qnindex.analysis import ledger
from qnindex.render import narrative
from conftest import load_table
from conftest import ROOT
from conftest import cached_story
from conftest import cached_year as load_year
from conftest import PROJECT, project_at, year_of


@pytest.fixture(scope="module")
def year2019():
    return load_year(2019)


@pytest.fixture(scope="module")
def story_vi(year2019):
    return cached_story(2019, "vi")


F_2019_VI = {
    "F1": ["PAR INDEX của Quảng Ninh đạt 90,09%, tăng 1,03 điểm phần trăm", "xếp thứ 1/63",
           "năm thứ 3 liên tiếp dẫn đầu cả nước (2017–2019)", "năm thứ 6 liên tiếp", "Hà Nội (84,64%)",
           "Đồng Tháp (84,43%)"],
    "F2": ["SIPAS của Quảng Ninh đạt 95,26%, tăng 4,11 điểm phần trăm", "lần đầu tiên dẫn đầu cả nước"],
    "F3": ["tổng điểm PAPI của Quảng Ninh đạt 46,66/80 điểm, xếp thứ 3/63"],
    "F4": ["ICT Index của Quảng Ninh đạt 0,7350, tăng 0,0954 điểm", "xếp thứ 3/63",
           "sau 4 năm liên tiếp xếp thứ 4 (2015–2018)"],
    "F5": ["đạt 93,46%"],
    "F6": ["Khối sở, ban, ngành đạt bình quân 92,31%", "Sở Thông tin và Truyền thông (94,54%)",
           "Thanh tra tỉnh (85,88%)"],
    "F7": ["Khối UBND cấp huyện đạt bình quân 93,62%", "thành phố Hạ Long (95,17%)", "huyện Bình Liêu (91,71%)"],
    "F8": ["bình quân 94,65%", "Công an tỉnh (95,71%)", "Cục Thuế tỉnh (93,37%)"],
    "F9": ["DGI bình quân của 13 đơn vị cấp huyện đạt 83,93%"],
    "F10": ["Dẫn đầu là thành phố Hạ Long", "xếp thứ 2 là huyện Tiên Yên", "xếp thứ 3 là thị xã Quảng Yên",
            "thấp nhất (13/13) là huyện Cô Tô"],
    "F11": ["30 cơ quan đạt bình quân 73,83/100 điểm", "xếp loại khá", "tăng 4,93 điểm",
            "hạ tầng kỹ thuật CNTT (98,00% điểm tối đa)", "ứng dụng và đầu tư CNTT đạt 70,00%", "nhân lực CNTT (61,15%)"],
    "F12": ["Cấp huyện: 14 đơn vị (gồm cả huyện Hoành Bồ", "đạt bình quân 128/170 điểm, bằng 75,29% yêu cầu", "tăng 7 điểm", "121 điểm",
            "dao động 94–146", "thành phố Uông Bí với 154/170 điểm (90,59%)"],
    "F13": ["186 xã, phường, thị trấn", "bình quân 59,0/100 điểm", "tăng 42,86%"],
    "F15": ["28,35% (số liệu minh họa)", "chưa đạt chỉ tiêu 40% của tỉnh (còn thiếu 11,65 điểm phần trăm)"],
}


@pytest.mark.parametrize("fact", sorted(F_2019_VI))
def test_2019_vietnamese_narrative_states_the_conference_facts(story_vi, fact):
    for phrase in F_2019_VI[fact]:
        assert phrase in story_vi.markdown, (fact, phrase)


def test_2019_english_says_the_same(year2019):
    text = cached_story(2019, "en").markdown
    for phrase in ["90.09%, up 1.03 percentage points", "first in the country for the 3rd year running",
                   "95.26%, up 4.11 percentage points", "at the top of the country for the first time",
                   "46.66/80 points, ranking 3/63", "0.7350, up 0.0954 points", "after 4 consecutive years in place 4",
                   "93.46%", "92.31%", "93.62%", "94.65%", "83.93%", "73.83/100", "128/170", "154/170",
                   "59.0/100", "below the province's 40% target"]:
        assert phrase in text, phrase


@pytest.mark.parametrize("year", [2019, 2024])
def test_one_section_alone_reads_as_in_the_whole_narrative(year):
    """A notebook builds only its section (cheaper); the text and the claims are those of the full narrative."""
    data = load_year(year)
    full = cached_story(year, "vi")
    for section in full.sections:
        if section == "overview":
            continue
        alone = narrative.build(data, "vi", only=section)
        assert set(alone.sections) == {section}, section
        assert alone.section(section).markdown == full.section(section).markdown, section
        ledger_full, ledger_alone = full.ledger(), alone.ledger()
        assert (ledger_alone["text"].tolist() if len(ledger_alone) else []) == \
            ledger_full[ledger_full["section"] == section]["text"].tolist(), section


def test_unit_counts_that_differ_between_indices_are_explained(story_vi):
    """2019: the provincial PAR index assessed 33 units, the satisfaction survey 41; each sentence gives its blocks,
    and the survey's says that it also covers the central agencies."""
    text = story_vi.markdown
    assert "33 cơ quan, đơn vị (20 sở, ban, ngành và 13 đơn vị cấp huyện) được đánh giá Chỉ số CCHC của tỉnh" in text
    assert ("41 cơ quan, đơn vị được khảo sát (20 sở, ban, ngành; 13 đơn vị cấp huyện và 8 cơ quan Trung ương đóng "
            "trên địa bàn)") in text
    assert "Khác với Chỉ số CCHC của tỉnh, khảo sát này gồm cả cơ quan Trung ương đóng trên địa bàn" in text
    counts = story_vi.ledger()
    assert {"20", "13", "8", "33", "41"} <= set(counts[counts["section"].isin(["par_qn", "sipas_qn"])]["text"])


VIETNAMESE_LETTER = __import__("re").compile(r"[À-ɏḀ-ỿ]")  # Latin letters with diacritics


@pytest.mark.parametrize("year", [2019, 2024])
def test_english_place_names_are_all_without_diacritics(year):
    """English outputs write every place as the registry's English name: 'Quang Ninh' like 'Hoanh Bo District',
    never one with and one without diacritics (narrative, chart texts, deck summary)."""
    from qnindex.render import charts, deck

    data = load_year(year)
    text = cached_story(year, "en").markdown
    assert "Quang Ninh" in text and not VIETNAMESE_LETTER.findall(text), VIETNAMESE_LETTER.findall(text)[:5]
    figures = [charts.scorecard(data, "en"), charts.rank_trajectories(data, "en"), charts.score_trends(data, "en"),
               charts.province_map(data, "papi", "en"), charts.unit_ranking(data, "sipas_qn", "en")]
    for fig in figures:
        texts = [t.get_text() for t in fig.findobj(__import__("matplotlib").text.Text)]
        assert not [t for t in texts if VIETNAMESE_LETTER.search(t)], [t for t in texts if VIETNAMESE_LETTER.search(t)]
        plt.close(fig)
    assert not VIETNAMESE_LETTER.search(str(deck.summary_rows(data, "en")))



@lru_cache(maxsize=None)
def _fresh_tables(year: int):
    """The year's tables read again from the raw files, every cache off."""
    from qnindex.analysis.yeardata import _load_year

    return _load_year(year, project_at(ROOT, cache=None)).all_tables()


BUNDLED_YEARS = range(2011, 2025)


def test_the_bundled_years_are_the_years_with_data():
    from qnindex.indices.files import years_with_files

    assert set(BUNDLED_YEARS) == set().union(*(years_with_files(PROJECT, s.id) for s in PROJECT.specs))


@pytest.mark.parametrize("year", BUNDLED_YEARS)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_number_is_in_the_ledger_and_equals_the_data(year, lang):
    """Every bundled year: each number is a claim equal to the data, every illustrative claim is marked and none
    judges a named unit (the ledger's rules)."""
    data = load_year(year)
    story = cached_story(year, lang)
    # two years read again from the raw files, every cache off (not the tables the text was written from): the
    # conference year and an early year of other file layouts
    tables = _fresh_tables(year) if year in (2013, 2019) else data.all_tables()
    assert ledger.verify(story.sentences(), story.ledger(), tables, lang) == []
    assert len(story.ledger()) > 3


def test_ledger_catches_a_wrong_number(year2019, story_vi):
    tampered = story_vi.ledger().copy()
    i = tampered.index[tampered["text"] == "90,09%"][0]
    tampered.loc[i, "text"] = "90,10%"
    problems = ledger.verify(story_vi.sentences(), tampered, year2019.all_tables(), "vi")
    assert any("narrative says 90,10%, data give 90,09%" in p for p in problems)
    untracked = [s.replace("đạt 93,46%", "đạt 93,46% (12 đơn vị)") for s in story_vi.sentences()]
    assert any("number 12" in p for p in ledger.verify(untracked, story_vi.ledger(), year2019.all_tables(), "vi"))


def test_the_claims_gate_checks_every_language_against_rows_found_once(year2019, story_vi):
    """The gate finds the data rows once for both narratives; a wrong number in the second is still caught."""
    from qnindex.pipeline.pack import ClaimsDoNotVerify, check_claims

    story_en = narrative.story(year2019, "en")
    rows = ledger.DataRows(year2019.all_tables())
    assert ledger.verify(story_vi.sentences(), story_vi.ledger(), rows.tables, "vi", rows) == []
    tampered = story_en.ledger().copy()
    i = tampered.index[tampered["text"] == "90.09%"][0]
    tampered.loc[i, "text"] = "90.10%"
    problems = ledger.verify(story_en.sentences(), tampered, rows.tables, "en", rows)
    assert any("narrative says 90.10%, data give 90.09%" in p for p in problems)
    check_claims({"vi": story_vi, "en": story_en}, year2019)  # the real gate passes them
    broken = copy.copy(story_en)
    broken.ledger = lambda section=None: tampered
    with pytest.raises(ClaimsDoNotVerify):
        check_claims({"vi": story_vi, "en": broken}, year2019)


def test_ledger_rows_point_at_files_and_rows(story_vi):
    led = story_vi.ledger()
    row = led[led["text"] == "90,09%"].iloc[0]
    assert row["sources"] == "data/raw/par_index/par_index_2019.csv:2"
    assert "PAR INDEX của Quảng Ninh đạt 90,09%" in row["sentence"]
    assert set(led["status"]) <= {"published", "illustrative", "computed"}


def test_2018_is_produced_from_2018_data_and_says_what_is_missing():
    text = cached_story(2018, "vi").markdown
    assert "Năm 2018, PAR INDEX của Quảng Ninh đạt 89,06%" in text
    assert "Về PAPI năm 20" in text and "tổng điểm và thứ hạng của Quảng Ninh không được công bố" in text  # dimensions 2 and 4 missing
    assert "Công khai, minh bạch" in text
    assert "_Lưu ý: toàn bộ số liệu năm 2018" in text


def test_unpublished_rank_and_missing_index_are_said_not_invented():
    text = cached_story(2021, "vi").markdown
    assert "Năm 2021 không có kỳ đánh giá ICT Index." in text  # no edition that year: not "missing data"
    assert "Chưa có số liệu ICT Index" not in text
    assert "Về PAPI năm 20" in text and "tổng điểm và thứ hạng của Quảng Ninh không được công bố" in text
    assert "về PAPI" not in text.split("\n\n")[1]  # the overview ranks nothing PAPI did not publish


def test_an_index_that_ended_is_not_reported_as_missing_and_its_successor_is_stated():
    text = cached_story(2024, "vi").markdown
    assert "ICT Index đã kết thúc với kỳ đánh giá năm 2023; DTI (từ năm 2020) là chỉ số tiếp nối." in text
    assert "Chưa có số liệu ICT Index" not in text and "## Chỉ số sẵn sàng" not in text
    assert "về ICT Index" not in text


def test_dti_from_its_spec_in_the_narrative_tables_and_summary():
    from qnindex.render import deck, tables

    data = load_year(2022)
    text = cached_story(2022, "vi").markdown
    assert "Năm 2022, DTI của Quảng Ninh đạt 0,7024; tỉnh xếp thứ 3/63 tỉnh, thành phố, tăng 4 bậc so với năm 2021." \
        in text
    assert "xếp thứ 3/63 về ICT Index và DTI" in text.split("\n\n")[1]
    sheet, decimals = tables.year_tables(data, "vi")["DTI"]
    assert decimals == 4 and sheet.iloc[0, 0] == 3 and sheet.iloc[0, 2] == 0.7024
    assert ["DTI", "0,7024", "3/63", "–"] in deck.summary_rows(data, "vi")
    assert "DTI" not in cached_story(2019, "vi").markdown  # no edition before 2020


def test_ties_say_cung_xep_thu():
    par = load_year(2019).current["par_index"].copy()
    par.loc[(par["unit_id"] == "prov-87") & (par["measure"] == "rank"), "value"] = 2.0
    data = year_of(2019, current={"par_index": par}, series={"par_index": par})
    text = narrative.section_markdown(data, "par_index", "vi")
    assert "Cùng xếp thứ 2 là Hà Nội" in text and "và Đồng Tháp" in text


def test_a_rank_fall_is_stated():
    par = load_year(2021)
    text = narrative.build(par, "vi").markdown
    assert "xếp thứ 2/63 tỉnh, thành phố, giảm 1 bậc so với năm 2020" in text


def test_sipas_paragraph_marks_unpublished_values():
    sipas = load_table("sipas_qn", 2018)
    sipas.loc[sipas.index[0], "source"] = "published"
    text = narrative.section_markdown(year_of(2018, current={"sipas_qn": sipas}), "sipas_qn", "vi")
    assert "số liệu minh họa" in text and "_Lưu ý" not in text


def test_the_saved_paragraph_is_the_section_the_notebook_shows(tmp_path):
    """The SIPAS notebook showed one paragraph (with the change from 2018 and the note on bases) and saved another
    without them: both are now the report's section."""
    from conftest import cached_story, cached_year

    from qnindex.core.paths import pack_outputs
    from qnindex.pipeline import pack

    out = pack_outputs(tmp_path, 2019)
    pack.write_notebook(cached_year(2019), "sipas", ["vi"], out)
    saved = (out.processed / "sipas_paragraph_vi.md").read_text(encoding="utf-8")
    assert saved.strip() == cached_story(2019, "vi").section("sipas_qn").markdown.strip()
    assert "tăng 1,53 điểm phần trăm so với năm 2018" in saved


def test_contradicting_a_published_average_is_found_by_the_loader(tmp_path):
    """The check lives in the loader, so `validate` names the file, rows and column; rendering only renders."""
    import pandas as pd

    from qnindex.core.errors import RawDataError

    raw = pd.read_csv(ROOT / "data/raw/sipas_qn/sipas_qn_2019.csv", dtype=str, keep_default_na=False)
    raw.loc[0, "satisfaction_pct"] = str(float(raw.loc[0, "satisfaction_pct"]) - 5)
    path = tmp_path / "sipas_qn_2019.csv"
    raw.to_csv(path, index=False)
    with pytest.raises(RawDataError) as err:
        load_table("sipas_qn", 2019, path)
    messages = [str(p) for p in err.value.problems]
    assert any("cột 'satisfaction_pct'" in m and "dòng 2–42" in m and "số đã công bố là 93,46" in m
               for m in messages), messages


def test_a_typed_rank_that_contradicts_the_totals_is_found_by_the_loader(tmp_path):
    import pandas as pd

    from qnindex.core.errors import RawDataError

    raw = pd.read_csv(ROOT / "data/raw/dgi/dgi_2019.csv", dtype=str, keep_default_na=False)
    ranked = raw[raw["rank"] != ""].index[0]
    raw.loc[ranked, "rank"] = "9"
    path = tmp_path / "dgi_2019.csv"
    raw.to_csv(path, index=False)
    with pytest.raises(RawDataError) as err:
        load_table("dgi", 2019, path)
    assert [(p.row, p.column) for p in err.value.problems] == [(int(ranked) + 2, "rank")]
    assert "thứ hạng ghi là 9, nhưng theo tổng điểm đơn vị xếp thứ 1" in str(err.value.problems[0])


def test_templates_are_files_an_analyst_can_edit():
    from qnindex.core.paths import templates_dir

    for lang in ("vi", "en"):
        names = {p.name for p in (templates_dir() / lang).glob("*.md.j2")}
        assert {"overview.md.j2", "shortcomings.md.j2"} <= names
        for s in PROJECT.specs:  # a section of its own, or its kind's (every national ranking: national.md.j2)
            if s.narrative:
                assert any(f"{t}.md.j2" in names for t in s.kind.templates(s)), s.id


def test_join_names():
    assert narrative.join_names(["A", "B", "C"], "vi") == "A, B và C"
    assert narrative.join_names(["A", "B"], "en") == "A and B"


def test_a_narrative_is_a_function_of_its_year(year2019):
    """No build is shared behind the caller's back: each call builds from the tables as they are (a table edited by
    hand gives a new text), and the same tables give the same text."""
    first, second = narrative.build(year2019, "vi"), narrative.build(year2019, "vi")
    assert first is not second and first.markdown == second.markdown and first.ledger().equals(second.ledger())
    table = year2019.current["par_index"].copy()
    table.loc[(table["unit_id"] == "prov-22") & (table["component"] == "total")
              & (table["measure"] != "rank"), "value"] = 50.0
    edited = narrative.build(year2019.with_table("par_index", table), "vi").section("par_index").markdown
    assert "đạt 50,00%" in edited and "đạt 90,09%" in first.section("par_index").markdown


def test_the_english_dgi_sentence_names_places_as_the_vietnamese_one_does():
    """'The leader was X; Y ranked 2nd; ...' as 'Dẫn đầu là X; xếp thứ 2 là Y; ...' (it read 'The leader was X (1)')."""
    en = cached_story(2019, "en").section("dgi").markdown
    vi = cached_story(2019, "vi").section("dgi").markdown
    assert ("The leader was Ha Long City; Tien Yen District ranked 2nd; Quang Yen Town ranked 3rd; "
            "last (13/13): Co To District.") in en
    assert "Dẫn đầu là thành phố Hạ Long; xếp thứ 2 là huyện Tiên Yên; xếp thứ 3 là thị xã Quảng Yên" in vi
    assert "(1)" not in en


def test_a_slide_title_is_a_message_never_the_note_on_illustrative_data():
    """A section that opens with the note '_Lưu ý: toàn bộ số liệu năm 2025 ... minh họa_' gave that note as its
    slide's title (it has a number: the year); the message is the first sentence after it."""
    section = narrative.Section.from_text("sipas_qn", (
        "_Lưu ý: toàn bộ số liệu năm 2025 dưới đây là số liệu minh họa, không phải kết quả đã công bố._\n\n"
        "Năm 2025, mức độ hài lòng bình quân đạt 94,05%.\nKhối UBND cấp xã đạt bình quân 94,10%.\n"), [])
    assert section.key_sentence() == "Năm 2025, mức độ hài lòng bình quân đạt 94,05%."
    assert all(not s.startswith("_") for s in section.key_sentences())
    assert [b.kind for b in section.blocks] == ["note", "paragraph", "paragraph"]


def test_the_scorecard_slide_states_the_years_national_result_not_the_reorganisation_note(tmp_path):
    """From 2025 the overview opens with what the reorganisation changed (a sentence with numbers); the scorecard's
    slide is titled with the year's result in the national rankings."""
    from pptx import Presentation

    from conftest import cached_year
    from qnindex.render import charts, deck

    from qnindex.render.slides import figure_messages

    charts.save(charts.scorecard(cached_year(2019), "vi"), tmp_path / "scorecard_vi", dpi=40)
    story = narrative.Narrative(2025, "vi", "", {"overview": narrative.Section.from_text("overview", (
        "Từ ngày 1/7/2025, tỉnh không còn cấp huyện: 13 đơn vị cấp huyện và 171 đơn vị cấp xã được sắp xếp thành 54 "
        "đơn vị hành chính cấp xã.\n\nNăm 2025, trên các bảng xếp hạng toàn quốc, tỉnh Quảng Ninh xếp thứ 7/34 về "
        "PCI.\n"), [])})
    data = year_of(2025)
    story.messages = figure_messages(story, data)
    path = deck.build(data, story, tmp_path, tmp_path / "briefing.pptx")
    title = next(sh.text_frame.text for sh in Presentation(path).slides[1].shapes if sh.has_text_frame)
    assert title.startswith("Năm 2025, trên các bảng xếp hạng toàn quốc")


def test_shortcomings_say_none_found_only_on_published_data_that_were_judged():
    """Published e-government scores all at 'khá' or better: nothing fell short, and the section says so (it stood
    empty: a count of 0 weak departments was an item with no line). Illustrative scores are never judged: then the
    section says there are no data to judge."""
    from conftest import cached_year

    table = cached_year(2019).current["egov_department"].copy()
    good = table.assign(value=table["value"].where(table["max_value"].isna(), table["max_value"] * 0.9),
                        source="published")
    text = narrative.build(year_of(2019, current={"egov_department": good}), "vi", only="shortcomings")
    assert "Số liệu năm 2019 không cho thấy tồn tại, hạn chế theo các tiêu chí của báo cáo." in \
        text.section("shortcomings").markdown
    made_up = good.assign(source="illustrative")
    text = narrative.build(year_of(2019, current={"egov_department": made_up}), "vi", only="shortcomings")
    assert "Không có số liệu để chỉ ra tồn tại, hạn chế của năm 2019." in text.section("shortcomings").markdown


@pytest.mark.parametrize("year", [2011, 2022, 2024])  # 2022: four dimensions tied first, one named with a comma
def test_papi_names_the_provinces_best_and_poorest_dimension_when_last_year_gives_no_comparison(year):
    """2011 (the first edition), 2022 and 2024 (2021 and 2023 had no Quảng Ninh result) had no sentence on the
    dimensions at all,
    and the deck titled the dimensions slide with the note that last year cannot be compared."""
    import re

    FOCUS_UNIT = "prov-22"  # Quảng Ninh, the bundled project's province
    from qnindex.indices.panel import dimension_label

    data = load_year(year)
    papi = data.current["papi"]
    ranks = {}
    for component, rows in papi[papi["component"].str.startswith("d") & (papi["measure"] == "score")].groupby(
            "component"):
        scored = rows.dropna(subset=["value"])
        ranked = scored.assign(rank=scored["value"].rank(method="min", ascending=False))
        qn = ranked[ranked["unit_id"] == FOCUS_UNIT]
        if len(qn):
            ranks[dimension_label(component, "vi")] = (int(qn["rank"].iloc[0]), len(scored))
    best, worst = min(r for r, _ in ranks.values()), max(r for r, _ in ranks.values())
    story = narrative.build(data, "vi")
    sentence = next(s for s in story.section("papi").key_sentences() if s.startswith("Về thứ hạng từng chỉ số nội dung"))
    high, low = sentence.split("cao nhất ở ", 1)[1].split("; thấp nhất ở ")
    def named(part: str) -> dict:
        return {m[0]: (int(m[1]), int(m[2])) for m in re.findall(r"(.+?) \(thứ (\d+)/(\d+)\)(?:, |\.?$)", part)}

    assert named(high) == {d: r for d, r in ranks.items() if r[0] == best}
    assert named(low) == {d: r for d, r in ranks.items() if r[0] == worst}
    assert ledger.verify(story.sentences(), story.ledger(), data.all_tables(), "vi") == []
    if year == 2024:  # the comparability caveat is a note, never a slide's message
        assert "\n_Năm 2023, PAPI không công bố tổng điểm của tỉnh" in story.section("papi").markdown
        assert all("Năm 2023, PAPI không công bố" not in s for s in story.section("papi").key_sentences())


def test_the_papi_dimension_slide_states_the_dimension_ranks_not_last_years_caveat(tmp_path):
    from PIL import Image
    from pptx import Presentation

    from qnindex.render import deck

    for stem in ("papi_map", "papi_dimensions", "papi_dimension_maps", "papi_dimension_trends"):
        Image.new("RGB", (267, 150), "white").save(tmp_path / f"{stem}_vi.png")
    data = load_year(2024)
    path = deck.build(data, cached_story(2024, "vi"), tmp_path, tmp_path / "briefing.pptx")
    titles = [slide.shapes[0].text_frame.text for slide in Presentation(path).slides
              if any(s.shape_type == 13 for s in slide.shapes)]
    assert titles[0].startswith("Năm 2024, tổng điểm PAPI của Quảng Ninh đạt 47,82/80 điểm")
    assert titles[1] == ("Về thứ hạng từng chỉ số nội dung năm 2024: cao nhất ở Cung ứng dịch vụ công (thứ 1/61); "
                         "thấp nhất ở Trách nhiệm giải trình với người dân (thứ 23/61).")
    assert not any("Năm 2023, PAPI không công bố" in t for t in titles)


def test_the_satisfaction_threshold_is_data(scratch_project):
    """The rate below which a unit is named among the shortcomings is the project's choice, in targets.yml: a lower
    threshold names fewer units; a word instead of a number is refused naming the file and the key."""
    from qnindex.analysis.yeardata import load_year
    from qnindex.core.errors import RawDataError
    from qnindex.render.narrative.contexts import shortcomings_context

    targets = scratch_project / "data" / "raw" / "targets" / "targets.yml"
    text = targets.read_text(encoding="utf-8")
    data = load_year(2019, project_at(scratch_project))
    def survey_finding():
        return next(f for f in shortcomings_context(data, "vi")["findings"] if f["rule"] == "low_satisfaction")

    named = len(survey_finding()["low"])
    targets.write_text(text.replace("low_satisfaction: 90", "low_satisfaction: 80"), encoding="utf-8")
    fewer = survey_finding()
    assert fewer["threshold"] == 80.0 and len(fewer["low"]) < named
    targets.write_text(text.replace("low_satisfaction: 90", "low_satisfaction: chín mươi"), encoding="utf-8")
    with pytest.raises(RawDataError, match="thresholds.low_satisfaction"):
        shortcomings_context(data, "vi")


STATUS_WORDS = {"vi": ("không được công bố", "không công bố", "chưa có trong dữ liệu", "chưa có thứ hạng"),
                "en": ("not published", "published no", "not in the project's data", "hold no")}


def _status_clauses(text: str, shorts: list[str], names: list[str], lang: str) -> set[str]:
    """The clauses of ``text`` that say what is not known of a result, with the index, the province, years and
    numbers put as placeholders: two wordings of one status differ here, one wording said of two subjects does
    not."""
    import re

    words = STATUS_WORDS[lang]
    text = re.sub(r" \(([^()]*)\)", lambda m: m.group(0) if any(w in m.group(1) for w in words) else "", text)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "{P}")
    for short in sorted(shorts, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", "{I}", text)
    text = re.sub(r"\d+", "{N}", text)
    clauses = set()
    for sentence in re.split(r"[.;]\s|\n", text):
        for clause in re.split(r",\s", sentence):
            if any(w in clause for w in words):
                clauses.add(clause.strip(" .").lower())
    return clauses


@pytest.mark.parametrize("year", BUNDLED_YEARS)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_status_is_said_in_one_wording_in_the_overview_and_the_section(year, lang):
    """What is not known of the province's place in a national index (a rank not published, not in the data, a
    panel without its total, a result absent, only a group of leaders) reads the same in the overview and in the
    index's section: the overview's clause about an index is one of its section's."""
    import re

    from qnindex.render.narrative.names import focus_names

    data, story = load_year(year), cached_story(year, lang)
    named = focus_names(data.focus, year, lang)
    names = [v for v in named.values() if isinstance(v, str) and v] + (
        ["tỉnh", "thành phố"] if lang == "vi" else ["the province", "the city"])
    overview = story.section("overview").markdown
    checked = 0
    for spec in data.specs:
        if not spec.national or not spec.narrative or spec.narrative not in story.sections:
            continue
        short = spec.short(lang)
        about = [s for s in re.split(r"\n+", overview) if re.search(rf"(?<!\w){re.escape(short)}(?!\w)", s)]
        said = _status_clauses("\n".join(about), [short], names, lang)
        section = _status_clauses(story.section(spec.narrative).markdown, [short], names, lang)
        assert said <= section, (spec.id, said - section, section)
        checked += len(said)
    if year in (2018, 2023, 2024):  # years with such statuses: the test saw them
        assert checked, year


def test_a_rankings_facts_are_computed_once_and_said_in_each_languages_words(year2019):
    """A national index's and a panel's section state the same facts (the same objects, computed once for the year)
    in Vietnamese and in English; the provinces and dimensions are named in each language's words."""
    from qnindex.render.narrative.contexts import national_context, panel_context

    vi, en = national_context(year2019, "par_index", "vi"), national_context(year2019, "par_index", "en")
    assert vi["rank"] is en["rank"] and vi["rank"].value == 1
    assert vi["followers"][0]["rank"] is en["followers"][0]["rank"]
    assert (vi["followers"][0]["names"], en["followers"][0]["names"]) == (["Hà Nội"], ["Hanoi"])
    pvi, pen = panel_context(year2019, "papi", "vi"), panel_context(year2019, "papi", "en")
    assert pvi["median"] is pen["median"] and [d["now"] for d in pvi["dims_up"]] == [d["now"] for d in pen["dims_up"]]
    assert "Cung ứng dịch vụ công" in [d["label"] for d in pvi["dims_up"]]
    assert "Public service delivery" in [d["label"] for d in pen["dims_up"]]


def test_the_own_assessments_facts_are_computed_once_and_said_in_each_languages_words(year2019):
    """The satisfaction survey's and the e-government section's facts are the same objects in Vietnamese and in
    English; blocks, criteria groups and tiers are named in each language's words."""
    from qnindex.render.narrative.contexts import levels_context, survey_context

    vi, en = survey_context(year2019, "sipas_qn", "vi"), survey_context(year2019, "sipas_qn", "en")
    assert vi["overall"] is en["overall"] and round(vi["overall"].value, 2) == 93.46  # F: 93,46%
    assert [g["mean"] for g in vi["groups"]] == [g["mean"] for g in en["groups"]]
    assert vi["groups"][0]["label"] != en["groups"][0]["label"]
    lvi, len_ = levels_context(year2019, "egov_department", "vi"), levels_context(year2019, "egov_department", "en")
    assert lvi["department"]["mean"] is len_["department"]["mean"]
    assert [g["share"] for g in lvi["department"]["groups"]] == [g["share"] for g in len_["department"]["groups"]]
    assert lvi["department"]["groups"][0]["label"] != len_["department"]["groups"][0]["label"]
    assert lvi["department"]["tier"] != len_["department"]["tier"]
