"""The three tables as grids of (possibly merged) cells: the writer's own grids
(`gongkai.write.layout`), drawn the way the format draws them.

HTML and DOCX builders render these grids, each in its own way (blanks, units, full-width
digits); a figure cell carries its key, a label cell its text.
"""

from __future__ import annotations

from gongkai.format import FormatSpec
from gongkai.write import layout
from gongkai.write.layout import Grid, GridCell

__all__ = ["Grid", "GridCell", "table_grid"]


def table_grid(spec: FormatSpec, name: str) -> Grid:
    """The grid of table `name` ("二", "三", "四") of the format `spec`."""
    return layout.table_grid(spec.version, name)
