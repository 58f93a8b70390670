"""The yearly job end to end: `qnindex report` on the bundled data, in a scratch copy of the project."""
import json
import os
import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from qnindex.pipeline import report
from qnindex.pipeline.cli import main


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A scratch project with the bundled raw data and notebooks, and the 2019 pack built in it."""
    from conftest import ROOT

    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("*.ipynb"))
    old = os.environ.get("QNINDEX_ROOT")
    os.environ["QNINDEX_ROOT"] = str(root)
    os.environ.pop("QNINDEX_RAW", None)
    assert main(["report", "--year", "2019", "--jobs", "2", "--lang", "vi"]) == 0  # both languages: the 2022 test
    yield root
    if old is None:
        os.environ.pop("QNINDEX_ROOT", None)
    else:
        os.environ["QNINDEX_ROOT"] = old


def test_the_2019_pack_is_complete(project):
    figures = {p.name for p in (project / "figures/2019").iterdir()}
    for chart in ("scorecard", "rank_trajectories", "papi_dimensions", "papi_ranking", "papi_map", "sipas_qn_units",
                  "dgi_components", "egov_department_criteria", "egov_district_points", "egov_commune_distribution"):
        assert f"{chart}_vi.png" in figures
    processed = {p.name for p in (project / "data/processed/2019").iterdir()}
    assert {"narrative_vi.md", "narrative_vi.html", "ledger_vi.csv", "tables.xlsx",
            "tidy_all.csv", "sipas_paragraph_vi.md", "sipas_units_vi.xlsx"} <= processed
    reports = {p.name for p in (project / "reports/2019").iterdir()}
    assert {"overview.ipynb", "sipas.ipynb", "report.html", "briefing.pptx",
            "manifest.json"} <= reports
    narrative = (project / "data/processed/2019/narrative_vi.md").read_text(encoding="utf-8")
    for fact in ("90,09%", "95,26%", "46,66/80", "0,735", "93,46%", "83,93%", "73,83/100", "128/170", "59,0/100"):
        assert fact in narrative
    assert [p.name for p in (project / ".qnindex-staging").iterdir()] == ["2019.lock"]  # no staging left behind
    import pandas as pd

    for name in ("tidy_all.csv", "sipas_qn_tidy.csv"):  # survey rates carry their 95 % interval in the tidy tables
        tidy = pd.read_csv(project / "data/processed/2019" / name)
        rates = tidy[(tidy["index"] == "sipas_qn") & tidy["weight"].notna() & (tidy["measure"] == "rate")]
        assert len(rates) and rates["interval_low"].notna().all() and (rates["interval_high"] > rates["value"]).all()


def test_the_published_notebooks_show_every_figure_of_the_pack_under_its_caption(project):
    """Each chart the pack saved is shown once, in the notebook that saved it, right under its caption (from the
    file, not drawn again): a researcher opening the published .ipynb sees the charts of the slides."""
    import base64
    import io

    from PIL import Image

    figures = sorted(p.name for p in (project / "figures/2019").glob("*_vi.png"))
    shown = []
    for path in sorted((project / "reports/2019").glob("*.ipynb")):
        outputs = [o for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"
                   for o in c.get("outputs", [])]
        for before, output in zip(outputs, outputs[1:]):
            if "image/png" in output.get("data", {}):
                caption = "".join(before.get("data", {}).get("text/markdown", ""))
                assert caption.startswith("**") and len(caption) > 8, (path.name, caption)
                with Image.open(io.BytesIO(base64.b64decode(output["data"]["image/png"]))) as img:
                    assert 600 <= img.width <= 1600, (path.name, img.size)  # the page's rendition, not the 200-dpi file
                shown.append(caption.strip("*"))
        if path.stem == "sipas":
            assert sum("image/png" in o.get("data", {}) for o in outputs) >= 1
    assert len(shown) == len(figures) and len(set(shown)) == len(shown), (len(shown), figures)


def test_html_report_opens_offline_narrative_first_and_shows_no_internals(project):
    import re

    html = (project / "reports/2019/report.html").read_text(encoding="utf-8")
    body = html.split("<body>")[1]
    assert "<script" not in html and "http://" not in html and "https://" not in html and "<link" not in html
    assert re.findall(r'src="([^"]+)"', html) and all(s.startswith("data:image/png;base64,")
                                                       for s in re.findall(r'src="([^"]+)"', html))
    assert body.index('id="bao-cao"') < body.index('id="bieu-do"') < body.index('id="bang"')  # narrative first
    assert "Mục lục" in body and 'href="#bao-cao"' in body  # a table of contents
    assert "Năm 2019, PAR INDEX của Quảng Ninh đạt 90,09%" in body
    for internal in ("prov-22", "d1_participation", "load_sipas", "import ", "no data this year", "written:",
                     "data/raw/"):
        assert internal not in body, internal
    assert not re.search(r"\d+\.\d{4,}", re.sub(r'src="[^"]+"', "", body))  # no raw floats (94.649989)
    assert body.count("<figure") >= 9
    # the method note on survey intervals closes the page and is in the contents
    assert body.index('id="bang"') < body.index('id="phuong-phap"') and 'href="#phuong-phap"' in body
    assert "Wilson" in body
    for internal in ("QNINDEX_INTERVALS", "ledger_vi.csv", "PROVENANCE.yml"):  # nothing meant for the analyst
        assert internal not in body, internal


def test_html_report_in_a_headless_browser_loads_every_image_and_fetches_nothing(project):
    """Checked in Chromium when it is installed (CI installs it); skipped, with the reason, elsewhere."""
    import shutil
    import subprocess

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        pytest.skip("Chromium is not installed (.ci/run installs it from the Debian packages)")
    page = project / "reports/2019/report.html"
    out = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--no-first-run", "--disable-sync",
                          f"--user-data-dir={project / '.chromium'}", "--virtual-time-budget=3000",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    assert "Mục lục" in out.stdout and out.stdout.count("<img") >= 9


def test_deck_is_16_9_charts_full_width_with_messages_and_notes(project):
    prs = Presentation(project / "reports/2019/briefing.pptx")
    assert (prs.slide_width, prs.slide_height) == (Emu(12191695), Emu(6858000))
    slides = list(prs.slides)
    assert len(slides) >= 12
    texts = [" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert "Kết quả các chỉ số cải cách hành chính năm 2019" in texts[0]
    assert "UBND tỉnh Quảng Ninh — Sở Nội vụ" in texts[0] and "Hội nghị công bố: 4/6/2020" in texts[0]
    assert "Số liệu đến: 31/12/2019" in texts[0]
    pictures = [(slide, s) for slide in slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) >= 9
    for slide, pic in pictures:
        assert pic.width >= 0.9 * prs.slide_width  # full width: chart text read at the size it was drawn
        visible = 2666 / (1500 * (1 - pic.crop_top - pic.crop_bottom))
        assert abs(pic.width / pic.height - visible) < 0.01  # not stretched (the chart's own title cropped)
        assert slide.has_notes_slide and len(slide.notes_slide.notes_text_frame.text) > 40  # speaker notes
    titles = [slide.shapes[0].text_frame.text for slide, _ in pictures]
    assert "DGI bình quân của 13 đơn vị cấp huyện đạt 83,93%" in " ".join(titles)  # titles state the message
    assert any(t.startswith("Tỷ lệ hồ sơ trực tuyến mức độ 3, 4 đạt 28,35%") for t in titles)  # its own message
    assert len(set(titles)) == len(titles)  # no two slides with the same title
    from qnindex.render.deck import title_size

    for slide in slides[1:]:  # every message fits the band above the chart, at 16 pt or more
        size = title_size(slide.shapes[0].text_frame.text)
        assert size >= 16 and {r.font.size.pt for p in slide.shapes[0].text_frame.paragraphs for r in p.runs} == {size}
    tables = [" ".join(c.text for row in s.table.rows for c in row.cells)
              for slide in slides for s in slide.shapes if s.has_table]
    assert any("PAR INDEX" in t and "90,09%" in t and "1/63" in t and "+1,03 điểm %" in t for t in tables)
    assert any("–: không có số liệu năm trước" in t for t in texts)  # every "–" explained
    fonts = {r.font.name for slide in slides for s in slide.shapes if s.has_text_frame
             for p in s.text_frame.paragraphs for r in p.runs}
    assert fonts == {"Arial"}
    sizes = [r.font.size.pt for slide in slides for s in slide.shapes if s.has_text_frame
             for p in s.text_frame.paragraphs for r in p.runs if r.font.size]
    assert min(sizes) >= 14  # read from the back of a hall


def test_the_deck_renders_in_libreoffice(project, tmp_path):
    """Rendered to PDF pages by LibreOffice when it is installed (CI installs it); skipped elsewhere."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed (.ci/run installs it from the Debian packages)")
    out = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                          "--outdir", str(tmp_path), str(project / "reports/2019/briefing.pptx")],
                         capture_output=True, text=True, timeout=300)
    pdf = tmp_path / "briefing.pdf"
    assert out.returncode == 0 and pdf.exists(), out.stderr[-500:]
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 200_000
    if shutil.which("pdftoppm"):  # every slide becomes a page image
        subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "slide")], check=True, timeout=120)
        assert len(list(tmp_path.glob("slide-*.png"))) >= 12
    if shutil.which("pdffonts") and shutil.which("fc-match"):
        # the deck asks for Arial; the program showing it must draw it with Arial's metrics (Arial itself or its
        # metric-compatible Liberation Sans), or a title that fits in PowerPoint overflows in Impress
        substitute = subprocess.run(["fc-match", "Arial"], capture_output=True, text=True).stdout
        if not any(name in substitute for name in ("Liberation Sans", "Arial")):
            pytest.skip(f"no Arial-metric font installed (fc-match Arial: {substitute.strip()}); .ci/run installs "
                        "fonts-liberation2")
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        used = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
        assert used and all("LiberationSans" in f or "Arial" in f for f in used), used


def test_manifest_records_inputs_parameters_versions_outputs(project):
    manifest = json.loads((project / "reports/2019/manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"] == {"year": 2019, "langs": ["vi"]}
    assert "data/raw/sipas_qn/sipas_qn_2019.csv" in manifest["inputs"]
    assert len(manifest["inputs"]["data/raw/sipas_qn/sipas_qn_2019.csv"]) == 64
    assert manifest["versions"]["pandas"] and manifest["versions"]["qnindex"]
    assert "figures/2019/dgi_components_vi.png" in manifest["outputs"]


def test_rerun_with_unchanged_inputs_does_no_work(project, capsys):
    before = (project / "reports/2019/overview.ipynb").stat().st_mtime_ns
    assert main(["report", "--year", "2019", "--lang", "vi"]) == 0
    assert "không đổi từ lần dựng trước" in capsys.readouterr().out
    assert (project / "reports/2019/overview.ipynb").stat().st_mtime_ns == before


def test_a_year_being_built_is_locked(project):
    """A second run of the same year is refused with --no-wait and names the holder."""
    import subprocess
    import sys

    from conftest import project_at

    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
                               "from qnindex.core.publish import Packs\n"
                               "with Packs(Path(sys.argv[1])).year_lock(2019):\n    print('held', flush=True)\n"
                               "    time.sleep(30)", str(project)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(report.RunLocked, match=rf"pid {holder.pid} .* đang dựng năm 2019"):
            report.build(2019, project_at(project, langs=("vi",)), wait=False)
        assert main(["report", "--year", "2019", "--no-wait"]) == 2
    finally:
        holder.kill()
        holder.wait()


# ----------------------------------------------------------------------------- robustness (issue 7)

def _pack_hashes(root, year=2019):
    import hashlib

    out = {}
    for sub in ("figures", "data/processed", "reports"):
        for p in sorted((root / sub / str(year)).rglob("*")):
            if p.is_file():
                out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def test_two_runs_give_byte_identical_packs_whatever_jobs(project):
    """The fixture built with --jobs 2; a forced rebuild with --jobs 1 gives the same bytes."""
    before = _pack_hashes(project)
    assert main(["report", "--year", "2019", "--jobs", "1", "--force", "--lang", "vi"]) == 0
    after = _pack_hashes(project)
    assert sorted(before) == sorted(after)
    changed = [k for k in before if before[k] != after[k]]
    assert changed == []  # figures, narrative, ledger, xlsx, deck, notebooks, html, manifest


def test_the_pack_holds_no_path_of_the_machine_that_built_it(project):
    """Relative paths only (notebook parameters, manifest): any checkout folder gives the same bytes."""
    for sub in ("reports/2019", "data/processed/2019"):
        for path in (project / sub).iterdir():
            if path.suffix in (".ipynb", ".json", ".html", ".md", ".csv"):
                text = path.read_text(encoding="utf-8")
                assert str(project) not in text and "/tmp/" not in text, path.name
    notebook = json.loads((project / "reports/2019/sipas.ipynb").read_text(encoding="utf-8"))
    injected = "".join(c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                       for c in notebook["cells"] if "injected-parameters" in c["metadata"].get("tags", []))
    assert 'output_root = ".qnindex-staging/2019/new"' in injected and "raw_dir = None" in injected


def _processes_of(project) -> list[int]:
    """Processes (CLI, workers, kernels) whose environment points at this project."""
    found = []
    needle = f"QNINDEX_ROOT={project}".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_a_killed_run_leaves_the_pack_intact_no_orphans_and_the_next_run_recovers(project):
    import signal
    import subprocess
    import sys
    import time

    before = _pack_hashes(project)
    env = dict(os.environ, QNINDEX_ROOT=str(project))
    proc = subprocess.Popen([sys.executable, "-m", "qnindex", "report", "--year", "2019", "--force"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staged = project / ".qnindex-staging" / "2019" / "new"
    deadline = time.time() + 120  # killed once it stages and its kernel runs (the kernel shares its environment)
    while time.time() < deadline and not (staged.exists() and len(_processes_of(project)) >= 2):
        time.sleep(0.1)
    assert staged.exists() and len(_processes_of(project)) >= 2, "the run never got going"
    from conftest import project_at

    with pytest.raises(report.RunLocked):  # a second run of the same year is refused while this one works
        report.build(2019, project_at(project, langs=("vi",)), wait=False)
    proc.send_signal(signal.SIGKILL)  # the main process only: its kernel must not outlive it
    proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and _processes_of(project):
        time.sleep(0.1)
    assert _processes_of(project) == []
    assert _pack_hashes(project) == before  # nothing half-written in place
    assert main(["report", "--year", "2019", "--lang", "vi"]) == 0  # the dead run's staging is cleaned up
    assert _pack_hashes(project) == before
    assert not (project / ".qnindex-staging" / "2019").exists()


def test_the_in_process_build_is_the_same_work_as_the_yearly_job(project, tmp_path):
    """benchmarks/run.py compares the yearly job with `pack.build_in_process`: it must write the same files and the
    same tables and text, byte for byte (its figures at a draft resolution here, to keep the test quick), and leave
    the caller's process as it found it (nothing left exempt from garbage collection)."""
    import gc

    from conftest import project_at
    from qnindex.core.paths import pack_outputs
    from qnindex.pipeline import pack
    from qnindex.pipeline.plan import LAST

    draft = project_at(project, langs=("vi",), dpi=50)
    pack.build_in_process(2019, draft, pack_outputs(tmp_path, 2019))
    assert gc.get_freeze_count() == 0
    job_only = {"manifest.json", *(f"{name}.ipynb" for name in [*pack.notebooks(draft), LAST])}
    for sub in ("figures", "data/processed", "reports"):
        built = {p.name for p in (tmp_path / sub / "2019").iterdir()}
        assert built == {p.name for p in (project / sub / "2019").iterdir()} - job_only, sub
    for name in ("narrative_vi.md", "ledger_vi.csv", "ledger_rows_vi.csv", "tidy_all.csv", "tables_vi.md",
                 "sipas_paragraph_vi.md", "papi_tidy.csv"):
        assert (tmp_path / "data/processed/2019" / name).read_bytes() == \
            (project / "data/processed/2019" / name).read_bytes(), name


def test_the_decks_speaker_notes_are_plain_text(project):
    """The presenter reads the notes: no Markdown marks (the 2019 PAPI section has an italic note on 2018)."""
    import re

    deck = Presentation(project / "reports/2019/briefing.pptx")
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
    assert any("PAPI" in n for n in notes)
    for text in notes:
        assert not re.search(r"(^|\s)[_*]\S|\S[_*]($|[\s.,;])", text), text[:120]
        assert "**" not in text and "`" not in text and "##" not in text


def test_the_ranking_tables_print_on_pages_that_fit(project, tmp_path):
    """Each sheet: landscape A4 one page wide, its header row repeated, its title and source on the page, the page
    number at the foot, a named header font, and a rank column of numbers only (a missing rank is explained in the
    note). Printed through LibreOffice when it is installed: the pages counted."""
    import shutil
    import subprocess

    from openpyxl import load_workbook

    book = load_workbook(project / "data/processed/2019/tables.xlsx")
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows.replace("$", "") == "1:1"
        assert ws.oddHeader.center.text.startswith(ws.title) and "&P" in ws.oddFooter.right.text
        assert ws.oddFooter.left.text.startswith("Nguồn") or ws.oddFooter.left.text.startswith("Số liệu")
        assert ws["A1"].font.name and ws["A1"].value == "Hạng"
        assert all(c.value is None or isinstance(c.value, int) for c in ws["A"][1:]), ws.title
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdfinfo"):
        pytest.skip("LibreOffice or pdfinfo is not installed (.ci/run installs them from the Debian packages)")
    out = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                          "--outdir", str(tmp_path), str(project / "data/processed/2019/tables.xlsx")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-500:]
    info = subprocess.run(["pdfinfo", str(tmp_path / "tables.pdf")], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    rows = sum(ws.max_row for ws in book.worksheets)
    assert len(book.worksheets) <= pages <= len(book.worksheets) + rows // 25  # one page wide: ~25+ rows a page


def test_an_english_build_after_a_full_build_keeps_the_vietnamese_pack(project, capsys):
    """`--lang en` replaces the English outputs and keeps the Vietnamese ones (it deleted them: 65 → 40 files)."""
    vi = {p.relative_to(project).as_posix(): p.read_bytes() for sub in ("figures", "data/processed", "reports")
          for p in (project / sub / "2019").iterdir() if report.language_of(p) == "vi"}
    assert len(vi) > 20
    assert main(["report", "--year", "2019", "--lang", "en", "--dpi", "60"]) == 0
    assert "in the other language from the previous build" in capsys.readouterr().out  # --lang en: messages in English
    for rel, data in vi.items():
        assert (project / rel).read_bytes() == data, rel
    assert (project / "reports/2019/report_en.html").exists() and (project / "reports/2019/briefing.pptx").exists()
    manifest = json.loads((project / "reports/2019/manifest.json").read_text(encoding="utf-8"))
    assert "reports/2019/briefing.pptx" in manifest["carried_over"] and manifest["parameters"]["langs"] == ["en"]


def test_the_overview_charts_slides_are_titled_with_a_message(project):
    """The ranks and scores over the years state a sentence of the year (they were labels: 'Thứ hạng qua các năm')."""
    deck = Presentation(project / "reports/2019/briefing.pptx")
    titles = [next(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in deck.slides]
    assert not [t for t in titles if t.startswith(("Thứ hạng qua các năm", "Điểm số qua các năm"))]
    assert titles[2].startswith("Năm 2019, PAR INDEX của Quảng Ninh đạt 90,09%") and "liên tiếp" in titles[2]
    assert titles[3].startswith("Năm 2019, SIPAS của Quảng Ninh đạt 95,26%")


def test_every_chart_slide_states_a_message(project):
    """Every slide with a chart is titled with a sentence of the narrative (7 of 17 were labels: PAPI's four extra
    charts, the districts' e-government): a sentence too long for the band loses its parentheses — its
    illustrative mark kept — and, when it lists no contrasting parts, the clauses that restate; the table and the
    list of shortcomings keep their names."""
    from conftest import PROJECT
    from qnindex.render.deck import shortened
    from qnindex.render.slides import figures

    deck = Presentation(project / "reports/2019/briefing.pptx")
    titles = [next(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in deck.slides]
    labels = [t for t in titles[2:] if t.endswith(" — 2019")
              or any(f.deck and t.startswith(f.slide_title("vi")) for f in figures(PROJECT.specs))]
    assert labels == [] and titles[-2:] == ["Bảng tổng hợp 2019", "Tồn tại, hạn chế 2019"]
    assert "Ba tổng điểm PAPI cao nhất cả nước thuộc về Bến Tre (46,74 điểm)" in " ".join(titles)
    district = next(t for t in titles if t.startswith("Cấp huyện: 14 đơn vị đạt bình quân 128/170 điểm"))
    assert district.endswith("(số liệu minh họa).") and "Hoành Bồ" not in district  # the parenthesis dropped
    changes = next(t for t in titles if t.startswith("Về thứ hạng từng chỉ số nội dung so với năm 2018"))
    assert "giảm ở" in changes and "(từ thứ" not in changes  # the contrast kept, the details left to the chart
    assert shortened("Cấp xã: " + "rất dài, " * 40 + "hết; và còn nữa.", "vi") == ""  # a ';' list is never cut
