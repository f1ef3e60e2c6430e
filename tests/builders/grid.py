"""The three tables as grids of (possibly merged) cells, drawn the way the format draws them.

HTML and DOCX builders render these grids; a figure cell carries its key, a label cell its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.format import FormatSpec
from tests.builders.common import T2_STUB_HEADER, T3_APPLICANT_HEADER
from tests.builders.textdump import column_labels, review_paths, table_two_groups


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    text: str = ""
    key: str | None = None
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Grid:
    name: str
    n_rows: int
    n_cols: int
    cells: tuple[GridCell, ...]

    def rows(self) -> list[list[GridCell]]:
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[cell.row].append(cell)
        return out


def header_cells(paths: list[tuple[str, ...]], top: int, left: int) -> list[GridCell]:
    """Nested column headers: a label spans the columns under it, a short path spans down."""
    depth = max(len(p) for p in paths)
    cells: list[GridCell] = []
    for level in range(depth):
        c = 0
        while c < len(paths):
            path = paths[c]
            if len(path) <= level:
                c += 1
                continue
            end = c
            while end + 1 < len(paths) and paths[end + 1][: level + 1] == path[: level + 1]:
                end += 1
            rowspan = depth - level if level == len(path) - 1 else 1
            cells.append(GridCell(top + level, left + c, path[level], rowspan=rowspan,
                                  colspan=end - c + 1))
            c = end + 1
    return cells


def row_label_cells(paths: list[tuple[str, ...]], top: int, width: int) -> list[GridCell]:
    """Nested row labels: a group label spans its rows, a short path spans right."""
    cells: list[GridCell] = []
    for i, path in enumerate(paths):
        for level, label in enumerate(path):
            prefix = path[: level + 1]
            if level == len(path) - 1:
                cells.append(GridCell(top + i, level, label, colspan=width - level))
            elif i == 0 or paths[i - 1][: level + 1] != prefix:
                span = 1
                while i + span < len(paths) and paths[i + span][: level + 1] == prefix:
                    span += 1
                cells.append(GridCell(top + i, level, label, rowspan=span))
    return cells


def table_two_grid(spec: FormatSpec) -> Grid:
    """Per 第二十条 item: its label across the table, a header row, then its rows."""
    width = 1 + max(len(r.keys) for r in spec.tables["二"].rows)
    cells: list[GridCell] = []
    r = 0
    for group, rows in table_two_groups(spec):
        cells.append(GridCell(r, 0, group, colspan=width))
        labels = column_labels(spec, rows[0])
        cells.append(GridCell(r + 1, 0, T2_STUB_HEADER))
        cells += _spread(r + 1, [(label, None) for label in labels], width)
        r += 2
        for row in rows:
            cells.append(GridCell(r, 0, row.label))
            cells += _spread(r, [("", k) for k in row.keys], width)
            r += 1
    return Grid("二", r, width, tuple(cells))


def _spread(row: int, items: list[tuple[str, str | None]], width: int) -> list[GridCell]:
    """Cells from column 1 on, the last one spanning the rest of the table."""
    out = []
    for j, (text, key) in enumerate(items):
        span = width - 1 - j if j == len(items) - 1 else 1
        out.append(GridCell(row, 1 + j, text, key, colspan=span))
    return out


def table_three_grid(spec: FormatSpec) -> Grid:
    table = spec.tables["三"]
    depth = max(len(r.label_path) for r in table.rows)
    column_paths = [spec.cells[k].column_path for k in table.rows[0].keys]
    header_depth = 1 + max(len(p) for p in column_paths)
    n_cols = depth + len(column_paths)
    cells = [
        GridCell(0, 0, f"（{table.note}）", rowspan=header_depth, colspan=depth),
        GridCell(0, depth, T3_APPLICANT_HEADER, colspan=len(column_paths)),
        *header_cells(column_paths, 1, depth),
        *row_label_cells([r.label_path for r in table.rows], header_depth, depth),
    ]
    for i, row in enumerate(table.rows):
        cells += [GridCell(header_depth + i, depth + j, key=k) for j, k in enumerate(row.keys)]
    return Grid("三", header_depth + len(table.rows), n_cols, tuple(cells))


def table_four_grid(spec: FormatSpec) -> Grid:
    keys, paths = review_paths(spec)
    depth = max(len(p) for p in paths)
    cells = header_cells(paths, 0, 0)
    cells += [GridCell(depth, j, key=k) for j, k in enumerate(keys)]
    return Grid("四", depth + 1, len(keys), tuple(cells))


def table_grid(spec: FormatSpec, name: str) -> Grid:
    return {"二": table_two_grid, "三": table_three_grid, "四": table_four_grid}[name](spec)
