"""The project's own settings files (project.yml, targets.yml, an index.yml) typed wrong: the command stops with one
line naming the file, the line and the fix, and exit code 2 — never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys

from qnindex.pipeline.cli import main


def test_a_broken_project_file_is_named_with_its_line(scratch_project, capsys):
    (scratch_project / "data" / "raw" / "project.yml").write_text("province: [Quảng Ninh\n", encoding="utf-8")
    assert main(["validate", "--year", "2019"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("qnindex: data/raw/project.yml, dòng 2: tệp cài đặt không đọc được: ")
    assert "cách sửa: sửa dòng đó theo mẫu của tệp" in err and "Traceback" not in err


def test_a_settings_file_that_is_a_list_is_refused(scratch_project, capsys):
    (scratch_project / "data" / "raw" / "targets" / "targets.yml").write_text("- 40\n- 50\n", encoding="utf-8")
    assert main(["validate", "--year", "2019", "--lang", "en"]) == 2
    out = capsys.readouterr().out
    assert "data/raw/targets/targets.yml: the settings file must hold 'name: value' items" in out


def test_a_wrong_index_spec_stops_every_command_with_one_line(scratch_project):
    folder = scratch_project / "data" / "raw" / "tn"
    folder.mkdir()
    (folder / "index.yml").write_text("kind: bảng xếp hạng\nname_vi: Thử\n", encoding="utf-8")
    env = dict(os.environ, QNINDEX_ROOT=str(scratch_project))
    done = subprocess.run([sys.executable, "-m", "qnindex", "validate", "--year", "2019"], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 2
    assert done.stderr.startswith("qnindex: data/raw/tn/index.yml, dòng 1: kind 'bảng xếp hạng' không phải một loại "
                                  "chỉ số; một trong: national, panel, survey, units")
    assert "data/raw/tn/index.yml: thiếu trường 'name_en'" in done.stderr
    assert "cách sửa: xem README, mục 'Adding an index'" in done.stderr and "Traceback" not in done.stderr


def test_a_data_folder_without_its_provenance_is_named_once(scratch_project, capsys):
    """Every dataset carries its provenance: without it, the folder's file is named once, with what to write
    (each year's file reported 'cannot be opened (FileNotFoundError ...)', with a fix about file permissions)."""
    (scratch_project / "data" / "raw" / "dgi" / "PROVENANCE.yml").unlink()
    assert main(["validate", "--year", "2019"]) == 2
    out = capsys.readouterr().out
    assert out.count("data/raw/dgi/PROVENANCE.yml: thiếu tệp nguồn gốc số liệu của chỉ số") == 1
    assert "FileNotFoundError" not in out and "quyền đọc" not in out
