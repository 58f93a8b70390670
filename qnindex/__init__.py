"""qnindex: a province's administrative-reform indices as tidy data, charts, tables and Vietnamese narrative.

``qnindex.panel(index, project, years)``: one index over several years as one table (``qnindex.analysis.panel``;
``project = qnindex.open_project()``: this checkout's project, its settings passed as ``Settings``). The package
imports nothing heavy until it is used (the ``qnindex`` command answers fast).
"""


def __getattr__(name: str):
    if name == "panel":
        from qnindex.analysis.panel import panel

        return panel
    if name == "open_project":
        from qnindex.kinds import open_project

        return open_project
    if name == "Settings":
        from qnindex.core.settings import Settings

        return Settings
    raise AttributeError(f"module 'qnindex' has no attribute {name!r}")
