"""What the yearly job asks of its kernel besides the notebooks (``qnindex.pipeline.report`` sends these calls)."""
from __future__ import annotations


def fresh_namespace() -> None:
    """Between two notebooks: an empty namespace, as ``%reset -f`` leaves it, without its two collections of the
    whole heap (~0.2 s each): the previous notebook's garbage is collected as any other, among objects made since
    the libraries were exempted from collection (``plan``)."""
    import gc

    from IPython import get_ipython

    collect = gc.collect
    gc.collect = lambda *args, **kwargs: 0
    try:
        get_ipython().reset(new_session=False)
    finally:
        gc.collect = collect


def reply(function: str, arguments: str) -> None:
    """Run one of this module's calls for the driver: ``arguments`` as JSON; the result is shown as JSON data,
    which the driver reads from the cell's output."""
    import json

    from IPython.display import display

    result = CALLS[function](**json.loads(arguments))
    display({"application/json": {"result": result}}, raw=True)


def plan(year: int, lang: str) -> dict:
    """Before the notebooks: the gate's problems (each a line in ``lang``), then the notebooks that have data for
    ``year``, the indices that have none and the year's templates still blank. The files the gate reads stay
    cached for the notebooks."""
    import re

    from qnindex.core.messages import language
    from qnindex.core.settings import settle_heap
    from qnindex.pipeline.report import available_notebooks
    from qnindex.pipeline.validate import gate

    with language(lang):
        checked = gate(year)
        problems = [str(p) for p in checked.problems]
    blank = sorted({p.file for p in checked.blank if re.search(rf"{year}\.\w+$", p.file)})  # the year's own templates
    notebooks, missing = available_notebooks(year)
    import qnindex.pipeline.pack  # noqa: F401 - what every notebook imports: imported before the heap settles

    settle_heap()  # the libraries are imported and the files loaded: exempt them from collection from now on
    return {"problems": problems, "notebooks": notebooks, "missing": missing, "blank": blank}


def write_report(year: int, langs: list[str], staging: str) -> None:
    """After the notebooks: report.html (one page per language) from what they wrote into ``staging``."""
    from qnindex.core.paths import outputs
    from qnindex.pipeline.pack import write_report as write

    write(year, langs, outputs(year, staging))


CALLS = {"plan": plan, "write_report": write_report}
