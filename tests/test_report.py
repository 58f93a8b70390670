"""End to end: `qnindex report` runs the SIPAS notebook with papermill on the bundled data."""
import pytest

from qnindex.cli import main


@pytest.fixture
def built_2019(scratch_project):
    assert main(["report", "--year", "2019", "--lang", "vi"]) == 0
    return scratch_project


def test_report_2019_writes_chart_paragraph_and_tables(built_2019):
    root = built_2019
    for name in ("sipas_units_vi.png", "sipas_units_vi.svg"):
        assert (root / "figures/2019" / name).stat().st_size > 10_000
    paragraph = (root / "data/processed/2019/sipas_paragraph_vi.md").read_text(encoding="utf-8")
    for fact in ["93,46%", "92,31%", "94,54%", "85,88%", "93,62%", "95,17%", "91,71%", "94,65%",
                 "95,71%", "93,37%"]:
        assert fact in paragraph
    assert "Sở Thông tin và Truyền thông" in paragraph and "huyện Bình Liêu" in paragraph
    table = (root / "data/processed/2019/sipas_units_vi.md").read_text(encoding="utf-8")
    assert table.count("\n") == 43  # header, rule, 41 units
    assert (root / "data/processed/2019/sipas_units_vi.xlsx").stat().st_size > 3000
    assert (root / "reports/2019/sipas_vi.ipynb").exists()
    assert not (root / ".qnindex-staging").exists()


def test_failed_run_keeps_the_previous_pack(built_2019, capsys):
    root = built_2019
    png = root / "figures/2019/sipas_units_vi.png"
    before = png.read_bytes()
    raw = root / "data/raw/sipas_qn/sipas_qn_2019.csv"
    lines = raw.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace(lines[4].split(",")[4], "105")
    raw.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["report", "--year", "2019", "--lang", "vi"]) == 2
    err = capsys.readouterr().err
    assert "sipas_qn_2019.csv, row 5, column 'satisfaction_pct'" in err
    assert "Traceback" not in err
    assert png.read_bytes() == before
    assert not (root / ".qnindex-staging").exists()
