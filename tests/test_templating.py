"""The templates' compiled code is kept beside them: reused by the next environment, compiled again when a template is
edited or the environment's options change, and never needed (a folder that cannot be written, a damaged entry)."""
import pytest

from qnindex.core.paths import templates_dir
from qnindex.render.templating import COMPILED, environment


@pytest.fixture
def folder(tmp_path):
    vi = tmp_path / "vi"
    vi.mkdir()
    (vi / "greeting.md.j2").write_text("Xin chào {{ name }}!\n{% if late %}\nMuộn rồi.\n{% endif %}\n", encoding="utf-8")
    return vi


def _plain(folder, name: str, **options) -> str:
    """What Jinja2 renders with the same options and no compiled code kept: the reference."""
    from jinja2 import Environment, FileSystemLoader

    return Environment(loader=FileSystemLoader(str(folder)), **options).get_template("greeting.md.j2").render(name=name,
                                                                                                          late=True)


def _entries(folder):
    cache = folder.parent / COMPILED / folder.name
    return sorted(cache.iterdir()) if cache.is_dir() else []


def test_a_template_is_compiled_once_and_its_code_reused_by_the_next_environment(folder, monkeypatch):
    first = environment(folder, trim_blocks=True)
    assert first.get_template("greeting.md.j2").render(name="An", late=True) == "Xin chào An!\nMuộn rồi.\n"
    assert len(_entries(folder)) == 1
    assert first.list_templates() == ["greeting.md.j2"]  # the compiled code is not among the templates

    again = environment(folder, trim_blocks=True)  # as in the next run's process
    monkeypatch.setattr(again, "compile", lambda *a, **k: pytest.fail("the template was compiled again"))
    assert again.get_template("greeting.md.j2").render(name="Bình", late=False) == "Xin chào Bình!\n"


def test_an_edited_template_or_other_options_are_compiled_again(folder):
    environment(folder, trim_blocks=True).get_template("greeting.md.j2").render(name="An", late=True)
    (folder / "greeting.md.j2").write_text("Chào {{ name }}.\n{% if late %}\nMuộn.\n{% endif %}\n", encoding="utf-8")
    edited = environment(folder, trim_blocks=True)
    assert edited.get_template("greeting.md.j2").render(name="An", late=True) == "Chào An.\nMuộn.\n"
    assert len(_entries(folder)) == 1  # the entry of the old source is replaced

    untrimmed = environment(folder, trim_blocks=False)  # the options shape the compiled code: an entry of their own
    shown = untrimmed.get_template("greeting.md.j2").render(name="An", late=True)
    assert shown == _plain(folder, "An", trim_blocks=False) == "Chào An.\n\nMuộn.\n"
    assert len(_entries(folder)) == 2


def test_a_folder_that_cannot_be_written_or_a_damaged_entry_only_means_compiling(folder):
    blocked = folder.parent / COMPILED
    blocked.write_text("not a folder", encoding="utf-8")  # no entry can be read or written under it
    assert environment(folder).get_template("greeting.md.j2").render(name="An", late=False) == "Xin chào An!\n"

    blocked.unlink()
    environment(folder).get_template("greeting.md.j2").render(name="An", late=False)
    (entry,) = _entries(folder)
    entry.write_bytes(entry.read_bytes()[:20])  # cut short, as by a full disk
    assert environment(folder).get_template("greeting.md.j2").render(name="Chi", late=True) == _plain(folder, "Chi")


def test_the_packages_compiled_templates_are_no_input_of_a_pack(tmp_path):
    from qnindex.core.cache import code_fingerprint
    from qnindex.core.settings import Settings
    from qnindex.kinds import open_project
    from qnindex.pipeline.report import inputs_of
    from qnindex.render.narrative.claims import _environment

    _environment("vi").get_template("overview.md.j2")  # compiled, its code kept under render/templates/__pycache__
    assert (templates_dir() / COMPILED / "vi").is_dir()
    inputs = inputs_of(open_project(Settings(root=tmp_path)))
    assert inputs and not [name for name in inputs if COMPILED in name]
    before = code_fingerprint.__wrapped__()
    (templates_dir() / COMPILED / "vi" / "stray.cache").write_bytes(b"x")
    try:
        assert code_fingerprint.__wrapped__() == before  # the package's fingerprint (its caches' key) is unchanged
    finally:
        (templates_dir() / COMPILED / "vi" / "stray.cache").unlink()
