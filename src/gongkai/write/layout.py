"""The three statutory tables as grids of merged cells, drawn the way the format draws them.

Everything here is derived from `gongkai.format.spec`; no statutory label is spelled in this
module. The grids are what every writer renders (DOCX, HTML, XLSX):

- 表二: for each 第二十条 item, a row with the item across the table, a header row (信息内容 and
  the item's column labels) and one row per printed row; a block with fewer columns than the
  table lets its last column span the rest.
- 表三: the 勾稽关系 note in the top-left corner over the row labels, 申请人情况 over the applicant
  columns, nested column labels (法人或其他组织 over its five columns), nested row labels
  (三、本年度办理结果 over its result rows, （三）不予公开 over its reasons).
- 表四: one row of figures under the group labels (行政复议; 行政诉讼 over 未经复议直接起诉 and
  复议后起诉) and the result labels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Literal

from gongkai.format import FormatSpec, PrintedRow, TableDef, get_format
from gongkai.model import CellValue
from gongkai.write.style import TEXT_WIDTH_MM

# What a grid cell is, for renderers that treat headers differently (HTML th/scope, styles):
# "group": a 第二十条 item heading a block of table 二; "stub": the header over row labels;
# "note": the 勾稽关系 note; "column": a column header; "row": a row label; "figure": a cell.
Role = Literal["group", "stub", "note", "column", "row", "figure"]
HEADER_ROLES: frozenset[str] = frozenset({"group", "stub", "note", "column", "row"})

# Widths of the label columns of each table, in mm; the figure columns share the rest.
_LABEL_WIDTHS_MM: dict[str, tuple[float, ...]] = {"二": (44.0,), "三": (12.0, 19.0, 48.0),
                                                  "四": ()}


# Where a figure goes in a table's markup (see `TableTemplate`).
FIGURE_HOLE = "\x00"


def figure_text(value: CellValue) -> str:
    """A cell as printed: whole numbers as digits, amounts (万元) as given, blank as nothing."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    role: Role
    text: str = ""
    key: str | None = None
    rowspan: int = 1
    colspan: int = 1

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1

    def covers(self, row: int, col: int) -> bool:
        return self.row <= row <= self.last_row and self.col <= col <= self.last_col


@dataclass(frozen=True)
class Grid:
    """One statutory table as a grid; `header_rows` rows at the top are column headers."""

    table: str
    n_rows: int
    n_cols: int
    cells: tuple[GridCell, ...]
    header_rows: int = 0
    widths_mm: tuple[float, ...] = ()
    _rows: tuple[tuple[GridCell, ...], ...] = field(default=(), repr=False, compare=False)

    def rows(self) -> tuple[tuple[GridCell, ...], ...]:
        """Cells by the row they start in, left to right."""
        if not self._rows:
            out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
            for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
                out[cell.row].append(cell)
            object.__setattr__(self, "_rows", tuple(tuple(r) for r in out))
        return self._rows

    @property
    def figures(self) -> tuple[GridCell, ...]:
        return tuple(c for c in self.cells if c.key is not None)

    def headers_of(self, cell: GridCell) -> tuple[GridCell, ...]:
        """The header cells a figure cell stands under and beside (for HTML `headers`).

        Column headers: header cells above the cell covering its column, up to the nearest
        block heading ("group") above it, which is included. Row headers: row labels covering
        its row to its left.
        """
        above = [c for c in self.cells if c.role in HEADER_ROLES and c.last_row < cell.row
                 and c.col <= cell.col <= c.last_col]
        groups = [c for c in above if c.role == "group"]
        if groups:
            nearest = max(groups, key=lambda c: c.row)
            above = [c for c in above if c.row >= nearest.row]
        beside = [c for c in self.cells if c.role == "row" and c.last_col < cell.col
                  and c.row <= cell.row <= c.last_row]
        return tuple(sorted(above, key=lambda c: (c.row, c.col))) + tuple(
            sorted(beside, key=lambda c: c.col))


def _widths(table: str, n_cols: int) -> tuple[float, ...]:
    labels = _LABEL_WIDTHS_MM[table][:n_cols]
    rest = (TEXT_WIDTH_MM - sum(labels)) / (n_cols - len(labels))
    return tuple(labels) + (rest,) * (n_cols - len(labels))


def column_headers(paths: list[tuple[str, ...]], top: int, left: int) -> list[GridCell]:
    """Nested column headers: a label spans the columns under it; a path shorter than the
    deepest one lets its last label span down to the bottom header row."""
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
            cells.append(GridCell(top + level, left + c, "column", path[level],
                                  rowspan=rowspan, colspan=end - c + 1))
            c = end + 1
    return cells


def row_labels(paths: list[tuple[str, ...]], top: int, width: int) -> list[GridCell]:
    """Nested row labels: a group label spans its rows; a short path's last label spans right."""
    cells: list[GridCell] = []
    for i, path in enumerate(paths):
        for level, label in enumerate(path):
            prefix = path[: level + 1]
            if level == len(path) - 1:
                cells.append(GridCell(top + i, level, "row", label, colspan=width - level))
            elif i == 0 or paths[i - 1][: level + 1] != prefix:
                span = 1
                while i + span < len(paths) and paths[i + span][: level + 1] == prefix:
                    span += 1
                cells.append(GridCell(top + i, level, "row", label, rowspan=span))
    return cells


def table_two_blocks(spec: FormatSpec) -> list[tuple[str, list[PrintedRow]]]:
    """Table 二's printed rows grouped under their 第二十条 item, in print order."""
    groups: dict[str, list[PrintedRow]] = {}
    for row in spec.tables["二"].rows:
        groups.setdefault(row.label_path[0], []).append(row)
    return list(groups.items())


def column_label(spec: FormatSpec, key: str) -> str:
    """A cell's column label as printed over it: the leaf of its column path."""
    return spec.cells[key].column_path[-1]


def note_text(table: TableDef) -> str:
    """The 勾稽关系 note as the table prints it, in brackets ("" when the table has none)."""
    return f"（{table.note}）" if table.note else ""


def _spread(row: int, items: list[tuple[Role, str, str | None]], width: int) -> list[GridCell]:
    """Cells from column 1 on, the last one spanning the rest of the table."""
    out = []
    for j, (role, text, key) in enumerate(items):
        span = width - 1 - j if j == len(items) - 1 else 1
        out.append(GridCell(row, 1 + j, role, text, key, colspan=span))
    return out


def _table_two(spec: FormatSpec) -> Grid:
    table = spec.tables["二"]
    width = 1 + max(len(r.keys) for r in table.rows)
    stub = table.headers[0]
    cells: list[GridCell] = []
    r = 0
    for group, rows in table_two_blocks(spec):
        cells.append(GridCell(r, 0, "group", group, colspan=width))
        cells.append(GridCell(r + 1, 0, "stub", stub))
        cells += _spread(r + 1, [("column", column_label(spec, k), None) for k in rows[0].keys],
                         width)
        r += 2
        for row in rows:
            cells.append(GridCell(r, 0, "row", row.label))
            cells += _spread(r, [("figure", "", k) for k in row.keys], width)
            r += 1
    return Grid("二", r, width, tuple(cells), 0, _widths("二", width))


def _table_three(spec: FormatSpec) -> Grid:
    table = spec.tables["三"]
    depth = max(len(r.label_path) for r in table.rows)
    column_paths = [spec.cells[k].column_path for k in table.rows[0].keys]
    header_depth = 1 + max(len(p) for p in column_paths)
    n_cols = depth + len(column_paths)
    cells = [
        GridCell(0, 0, "note", note_text(table), rowspan=header_depth, colspan=depth),
        GridCell(0, depth, "column", table.headers[0], colspan=len(column_paths)),
        *column_headers(column_paths, 1, depth),
        *row_labels([r.label_path for r in table.rows], header_depth, depth),
    ]
    for i, row in enumerate(table.rows):
        cells += [GridCell(header_depth + i, depth + j, "figure", key=k)
                  for j, k in enumerate(row.keys)]
    return Grid("三", header_depth + len(table.rows), n_cols, tuple(cells), header_depth,
                _widths("三", n_cols))


def _table_four(spec: FormatSpec) -> Grid:
    keys = list(spec.tables["四"].keys)
    paths = [spec.cells[k].row_path + spec.cells[k].column_path for k in keys]
    depth = max(len(p) for p in paths)
    cells = column_headers(paths, 0, 0)
    cells += [GridCell(depth, j, "figure", key=k) for j, k in enumerate(keys)]
    return Grid("四", depth + 1, len(keys), tuple(cells), depth, _widths("四", len(keys)))


@cache
def table_grid(version: str, table: str) -> Grid:
    """The grid of statutory table `table` ("二", "三", "四") of format `version`."""
    spec = get_format(version)
    return {"二": _table_two, "三": _table_three, "四": _table_four}[table](spec)


def label_texts(version: str, table: str) -> tuple[str, ...]:
    """Every text the table prints besides figures (labels, headers, the note)."""
    return tuple(dict.fromkeys(c.text for c in table_grid(version, table).cells if c.text))


@dataclass(frozen=True)
class TableTemplate:
    """A table's markup cut at its figures: n + 1 pieces around n keys, in document order. A
    writer draws a table once per format version; each report only fills in the figures."""

    pieces: tuple[str, ...]
    keys: tuple[str, ...]

    @classmethod
    def cut(cls, markup: str, keys: list[str] | tuple[str, ...]) -> TableTemplate:
        """`markup` with `FIGURE_HOLE` where each of `keys` goes."""
        pieces = tuple(markup.split(FIGURE_HOLE))
        if len(pieces) != len(keys) + 1:
            raise ValueError(f"{len(pieces) - 1} places for {len(keys)} figures")
        return cls(pieces, tuple(keys))

    def fill(self, cells: Mapping[str, CellValue], render: Callable[[str], str]) -> str:
        """The markup with each figure's text (`figure_text`) as `render` marks it up."""
        out = [self.pieces[0]]
        for key, piece in zip(self.keys, self.pieces[1:], strict=True):
            out.append(render(figure_text(cells.get(key))))
            out.append(piece)
        return "".join(out)
