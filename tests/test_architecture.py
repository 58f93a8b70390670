"""The package's folders are the pipeline's layers, and no module imports from a layer above its own."""
import ast
from pathlib import Path

import qnindex

LAYERS = ["core", "data", "indices", "analysis", "render", "pipeline"]
PACKAGE = Path(qnindex.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("qnindex"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("qnindex"))
    return found


def test_every_module_lives_in_a_layer():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert loose == []
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(LAYERS)


def test_no_import_runs_upward():
    upward = []
    for layer in LAYERS:
        for path in (PACKAGE / layer).rglob("*.py"):
            for module in _imports(path):
                parts = module.split(".")
                if len(parts) > 1 and parts[1] in LAYERS and LAYERS.index(parts[1]) > LAYERS.index(layer):
                    upward.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert upward == []


def test_relative_imports_are_not_used():
    """Absolute imports say which layer a name comes from."""
    relative = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                if any(isinstance(n, ast.ImportFrom) and n.level for n in ast.walk(ast.parse(p.read_text())))]
    assert relative == []


def test_no_circle_of_imports_inside_a_layer():
    """Every import counts, at the top of a module or inside a function: the specs are data and import no loader,
    the loaders import the specs, and the kinds (``indices/kinds.py``) sit above both."""
    modules = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        for imported in _imports(path):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and not imported.endswith("__init__"):
                found.add(imported)
        graph[name] = found
    circles = []
    for layer in ("indices",):
        nodes = {n for n in graph if n.startswith(f"qnindex.{layer}.")}

        def visit(node, trail):
            for nxt in graph[node] & nodes:
                if nxt in trail:
                    circles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]))
                elif len(trail) < 12:
                    visit(nxt, trail + [nxt])

        for start in sorted(nodes):
            visit(start, [start])
    assert circles == []


LOADING = ("qnindex.indices.kinds.load", "qnindex.indices.files", "qnindex.data.loading", "qnindex.analysis.yeardata.load_year",
           "qnindex.data.readers", "qnindex.indices.national.load_national_series")


def test_nothing_that_draws_or_writes_loads_data():
    """A chart, a paragraph, a deck or a table receives its data: ``render/`` imports no loader (the history a trend
    chart draws comes with the year, ``YearData.history``), so drawing never reaches back to the raw files."""
    loads = [f"{path.relative_to(PACKAGE)} imports {module}"
             for path in (PACKAGE / "render").rglob("*.py") for module in _imports(path)
             if module.startswith(LOADING)]
    assert loads == []


def test_no_module_is_a_crowd():
    """One concern per module: none grows past 600 lines (charts.py was 1 300 lines of seven concerns)."""
    crowded = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
               if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert crowded == {}


def _special_cases() -> dict[str, int]:
    """Index-id special cases outside the specs and the kinds, counted from the syntax tree: a string constant equal
    to an index's id (docstrings aside), or a comparison that mentions a spec's ``loader`` (its kind)."""
    from qnindex.indices.specs import SPECS

    ids = {s.id for s in SPECS}
    found: dict[str, int] = {}
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).as_posix() in ("indices/specs.py", "indices/kinds.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        count = sum(1 for n in ast.walk(tree)
                    if (isinstance(n, ast.Constant) and n.value in ids and id(n) not in docs)
                    or (isinstance(n, ast.Compare) and "loader" in ast.unparse(n)))
        if count:
            found[path.relative_to(PACKAGE).as_posix()] = count
    return found


def test_index_special_cases_stay_few():
    """A kind owns what its indices share (``indices/kinds.py``), a spec what one index is (with the rule that finds
    its shortcomings): no comparison of kinds is left outside them. The ids still named in code are the five
    convenience loaders a notebook calls by name (``load_sipas(year)``, ``load_papi``, ``load_dgi``, ``load_par_qn``,
    ``load_online_services``) and the one index whose chart and section are of a shape of their own (DGI's heat map
    of components): 151 before the kinds became types, 38 in session 9, 7 now."""
    found = _special_cases()
    assert not [f for f in found if f.startswith(("pipeline/", "analysis/", "render/narrative/contexts/"))], found
    assert sum(found.values()) <= 7, found


def test_every_kind_a_spec_may_name_is_a_type():
    """``kind:`` in an index.yml is one of the kinds' types, and every bundled index has one."""
    from qnindex.indices.kinds import KIND_TYPES, Kind, kind_of
    from qnindex.indices.specs import KINDS, SPECS

    assert set(KINDS) == set(KIND_TYPES)
    assert all(isinstance(kind_of(s), Kind) and kind_of(s).name == s.loader for s in SPECS)
    assert [k.name for k in KIND_TYPES.values() if not k.has_template] == ["papi"]  # a panel is bundled, not typed


def test_one_message_catalogue_in_both_languages_with_the_same_fields():
    """Every word shown outside the narrative templates is in ``core/messages.yml``: each message has a Vietnamese
    and an English text naming the same {fields}, and every key the code names (``text("raw.file.missing")``) is
    there — a misspelt key would otherwise fail only on the day that message is shown."""
    import string

    from qnindex.core.messages import catalogue

    def leaves(node, key=""):
        if isinstance(node, dict) and set(node) == {"vi", "en"}:
            yield key, node
        else:
            for k, v in node.items():
                yield from leaves(v, f"{key}.{k}" if key else k)

    def fields(value) -> set[str]:  # a field of one language (where_vi, where_en) counts as the same field, and so
        # does the province named with its title ('của tỉnh Quảng Ninh') or by name ("Quảng Ninh's")
        parts = value if isinstance(value, list) else [value]
        return {f.removesuffix("_vi").removesuffix("_en").replace("province_title", "province")
                for p in parts for _, f, _, _ in string.Formatter().parse(p) if f}

    entries = dict(leaves(catalogue()))
    assert len(entries) > 250
    uneven = {k: (fields(e["vi"]), fields(e["en"])) for k, e in entries.items()
              if not e["vi"] or not e["en"] or fields(e["vi"]) != fields(e["en"])}
    assert uneven == {}

    named = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("text", "message") and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                named.add(node.args[0].value)
    assert len(named) > 100
    assert sorted(named - set(entries)) == []
