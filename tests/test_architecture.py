"""The package's folders are the pipeline's layers, and no module imports from a layer above its own."""
import ast
import re
from pathlib import Path

import qnindex

LAYERS = ["core", "data", "indices", "analysis", "render", "kinds", "pipeline"]
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


def _runtime_imports(path: Path) -> set[str]:
    """The qnindex modules ``path`` imports when it runs: at the top or inside a function — not the names a type
    hint needs only (``if TYPE_CHECKING:``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hints = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
             and "TYPE_CHECKING" in ast.unparse(block.test) for stmt in block.body for n in ast.walk(stmt)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("qnindex"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("qnindex"))
    return found


def _import_graph() -> dict[str, set[str]]:
    modules = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        for imported in _runtime_imports(path):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and not imported.endswith("__init__"):
                found.add(imported)
        graph[name] = found
    return graph


def _circles(graph: dict[str, set[str]]) -> list[str]:
    """Every circle of imports, each once (Tarjan's strongly connected components, then one cycle of each)."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(" <-> ".join(sorted(component)))

    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for node in sorted(graph):
            if node not in index:
                connect(node)
    finally:
        sys.setrecursionlimit(limit)
    return components


def test_no_circle_of_imports_in_any_layer_or_between_modules():
    """Every import counts, at the top of a module or inside a function (a type hint's ``TYPE_CHECKING`` import
    aside): no module reaches, through others, back to itself — in ``core`` (paths are only paths: they import no
    settings and finish no publication), in ``indices`` (the specs are data, the loaders import them, the kinds sit
    above both), anywhere."""
    graph = _import_graph()
    assert _circles(graph) == []
    assert graph["qnindex.core.paths"] <= {"qnindex.core.text"}  # paths know folders, nothing else


def test_the_circle_check_finds_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a <-> b <-> c"]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_nothing_below_the_command_reads_an_environment_variable():
    """Settings are an object passed down: the environment is read in one module, at the edge
    (``pipeline/environment.py``), and nowhere else in the package."""
    readers = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            source = ast.unparse(node) if isinstance(node, (ast.Attribute, ast.Call)) else ""
            if source.startswith(("os.environ", "os.getenv", "environ.get", "getenv(")) or \
                    (isinstance(node, ast.ImportFrom) and node.module == "os" and
                     {a.name for a in node.names} & {"environ", "getenv", "putenv"}):
                readers.append(path.relative_to(PACKAGE).as_posix())
    assert sorted(set(readers)) == ["pipeline/environment.py"]


LOADING = ("qnindex.indices.tables", "qnindex.indices.files", "qnindex.data.loading",
           "qnindex.analysis.yeardata.load_year", "qnindex.data.readers")


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


def _docstrings(tree) -> set[int]:
    return {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}


def _id_pattern(ids) -> re.Pattern:
    """An index id inside any text: between non-alphanumerics (``sipas_qn_intervals.csv`` names ``sipas_qn``)."""
    return re.compile(r"(?<![A-Za-z0-9])(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True))
                      + r")(?![A-Za-z0-9])")


def _special_cases(ids) -> list[str]:
    """Every place the package's code names an index: an id in a string or an f-string's text (docstrings aside), in a
    comment, or built from a prefix and a value (``f"egov_{level}"``); a comparison on a kind's name (its ``loader``
    or ``kind``, or a kind's ``name``, against a text); and an id in the package's templates and YAML files."""
    import io
    import tokenize

    pattern, found = _id_pattern(ids), []
    kinds = {"national", "panel", "survey", "units", "papi"}
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        docs = _docstrings(tree)
        for n in ast.walk(tree):
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs:
                found += [f"{where}:{n.lineno}: {m.group(0)!r}" for m in pattern.finditer(n.value)]
            elif isinstance(n, ast.JoinedStr):
                for part, after in zip(n.values, n.values[1:]):
                    tail = re.split(r"[^A-Za-z0-9_]", part.value)[-1] if isinstance(part, ast.Constant) else ""
                    if tail.endswith("_") and isinstance(after, ast.FormattedValue) and \
                            any(i.startswith(tail) for i in ids):
                        found.append(f"{where}:{n.lineno}: an id built from {tail!r}")
            elif isinstance(n, ast.Compare):
                texts = {c.value for c in (n.left, *n.comparators) if isinstance(c, ast.Constant)}
                named = any(isinstance(c, ast.Attribute) and c.attr in ("loader", "kind", "name")
                            for c in ast.walk(n))
                if "loader" in ast.unparse(n) or (named and texts & kinds):
                    found.append(f"{where}:{n.lineno}: compares a kind's name")
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                found += [f"{where}:{token.start[0]}: {m.group(0)!r} (comment)" for m in pattern.finditer(token.string)]
    for path in sorted([*PACKAGE.rglob("*.yml"), *PACKAGE.rglob("*.j2")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(PACKAGE).as_posix()}:{number}: {m.group(0)!r}" for m in pattern.finditer(line)]
    return found


def test_no_index_is_named_in_the_package_outside_docstrings():
    """Every index is data (``data/raw/<id>/index.yml``): adding, renaming or retiring one never touches ``qnindex/``.
    No id is named in the code, its comments, templates or YAML, built in an f-string, and no kind is told apart by its
    name (a kind is asked what it is: ``spec.kind.national``) — in every layer, kinds included."""
    from conftest import PROJECT

    assert _special_cases(PROJECT.specs.ids) == []


def test_the_count_finds_ids_however_they_are_written():
    """The count is not fooled by an id inside a file name, an id built from a prefix, or a comparison of kinds."""
    module = PACKAGE / "render" / "_probe_for_the_count.py"
    module.write_text('NAME = "sipas_qn_intervals.csv"  # see dgi\n'
                      'def f(level, spec):\n    return f"egov_{level}" if spec.kind.name == "panel" else None\n',
                      encoding="utf-8")
    try:
        found = _special_cases(["sipas_qn", "dgi", "egov_commune", "egov_district"])
    finally:
        module.unlink()
    assert sorted(f.split(": ", 1)[1] for f in found if "_probe_for_the_count" in f) == sorted([
        "'sipas_qn'", "an id built from 'egov_'", "compares a kind's name", "'dgi' (comment)"])


def test_every_kind_a_spec_may_name_is_a_type():
    """``kind:`` in an index.yml is one of the kinds' types, and every bundled index has one."""
    from conftest import PROJECT
    from qnindex.kinds import KINDS, kind_named
    from qnindex.kinds.base import Kind

    assert all(isinstance(kind_named(name), Kind) and kind_named(name).name == name for name in KINDS)
    assert {s.kind.name for s in PROJECT.specs} == set(KINDS)  # every kind is bundled
    assert [n for n in KINDS if not kind_named(n).has_template] == ["panel"]  # a panel is published, not typed


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
