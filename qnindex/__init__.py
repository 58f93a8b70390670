"""qnindex: a province's administrative-reform indices as tidy data, charts, tables and Vietnamese narrative.

``qnindex.panel(index, years)``: one index over several years as one table (``qnindex.analysis.panel``). The
package imports nothing heavy until it is used (the ``qnindex`` command answers fast).
"""


def __getattr__(name: str):
    if name == "panel":
        from qnindex.analysis.panel import panel

        return panel
    raise AttributeError(f"module 'qnindex' has no attribute {name!r}")
