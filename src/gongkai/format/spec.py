"""The statutory format, loaded once from the package's data files.

`get_format("2021")` and `get_format("2019")` give a `FormatSpec`: every cell of the three
tables with its labels and kind, how each table is printed, the relations the format states,
and the six sections. Everything else in gongkai derives from these objects.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

from gongkai.format.normalize import norm_label

CellKind = Literal["count", "signed_count", "amount_10k_yuan"]
TABLES = ("二", "三", "四")


@dataclass(frozen=True)
class CellDef:
    """One cell of a statutory table."""

    key: str
    table: str
    row_path: tuple[str, ...]
    column_path: tuple[str, ...]
    kind: CellKind

    @property
    def row_id(self) -> str:
        """The middle of the key: `withheld.state_secret` in `t3.withheld.state_secret.total`."""
        return self.key.split(".", 1)[1].rsplit(".", 1)[0]

    @property
    def column_id(self) -> str:
        return self.key.rsplit(".", 1)[1]

    @property
    def label(self) -> str:
        """Row and column labels as a reader would say them: 行 / 列."""
        return f"{'/'.join(self.row_path)} — {'/'.join(self.column_path)}"


@dataclass(frozen=True)
class PrintedRow:
    """A row of figures as the format prints it: a label path and the cells in print order."""

    table: str
    label_path: tuple[str, ...]
    keys: tuple[str, ...]
    # The leaf column label of each cell, in print order (from the cells of the row's format).
    columns: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.label_path[-1] if self.label_path else ""


@dataclass(frozen=True)
class TableDef:
    name: str
    layout: Literal["rows", "single_row"]
    rows: tuple[PrintedRow, ...]
    note: str | None = None
    # Header words printed in the table that name no cell (e.g. 信息内容 over table 二's rows).
    headers: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for row in self.rows for k in row.keys)

    @property
    def column_labels(self) -> tuple[str, ...]:
        """Distinct leaf column labels in print order."""
        return tuple(dict.fromkeys(label for row in self.rows for label in row_columns(row)))


@dataclass(frozen=True)
class SectionDef:
    id: str
    numeral: str
    heading: str
    variants: tuple[str, ...]
    table: str | None = None

    @property
    def title(self) -> str:
        return f"{self.numeral}、{self.heading}"


@dataclass(frozen=True)
class Relation:
    """sum(lhs) = sum(rhs), one instance of a relation the format states."""

    id: str
    table: str
    scope: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    statement: str
    # What the relation is repeated over: "column" (of table 三), "row" (of table 三) or
    # "group" (of table 四); `scope` is that column's or row's id.
    for_each: str = "column"


@dataclass(frozen=True)
class FormatSpec:
    version: str
    document: str
    first_year: int
    last_year: int | None
    markers: tuple[str, ...]
    cells: dict[str, CellDef]
    tables: dict[str, TableDef]
    relations: tuple[Relation, ...]
    sections: tuple[SectionDef, ...] = field(repr=False)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.cells)

    def kind(self, key: str) -> CellKind:
        return self.cells[key].kind

    def section(self, section_id: str) -> SectionDef:
        return next(s for s in self.sections if s.id == section_id)

    def relations_of(self, relation_id: str) -> tuple[Relation, ...]:
        """Every instance of the relation template `relation_id`."""
        return tuple(r for r in self.relations if r.id == relation_id)

    def relation(self, relation_id: str, scope: str) -> Relation:
        """The instance of `relation_id` for one column, row or group (`scope`)."""
        return next(r for r in self.relations if r.id == relation_id and r.scope == scope)

    def group_totals(self) -> dict[str, tuple[str, ...]]:
        """Table 四's group totals by their outer label: 行政复议 → (t4.review.total,),
        行政诉讼 → (the two lawsuit groups' totals). From the relations the format states."""
        out: dict[str, tuple[str, ...]] = {}
        for relation in self.relations:
            if relation.for_each == "group":
                total = relation.lhs[0]
                label = self.cells[total].row_path[0]
                out[label] = (*out.get(label, ()), total)
        return out

    def stock_rows(self) -> tuple[str, ...]:
        """Row stems of table 二 that print a stock (现行有效) with its year's changes
        (本年制发, 本年废止): `t2.regulations`, `t2.normative_documents` in the 2021 format."""
        stems = []
        for key in self.cells:
            stem, column = key.rsplit(".", 1)
            if column == "in_force" and f"{stem}.issued" in self.cells and (
                    f"{stem}.repealed" in self.cells):
                stems.append(stem)
        return tuple(stems)


def row_columns(row: PrintedRow) -> list[str]:
    """The leaf column label of each cell of `row`, in print order."""
    return list(row.columns)


@cache
def _data() -> dict:
    with resources.files("gongkai.format.data").joinpath("statutory.toml").open("rb") as fh:
        return tomllib.load(fh)


def versions() -> tuple[str, ...]:
    """The format versions, newest first."""
    return tuple(sorted(_data()["versions"], reverse=True))


def version_for_year(year: int) -> str:
    """The format a report of `year` must use."""
    for version in versions():
        if year >= _data()["versions"][version]["first_year"]:
            return version
    return versions()[-1]


@cache
def sections() -> tuple[SectionDef, ...]:
    return tuple(
        SectionDef(
            id=s["id"],
            numeral=s["numeral"],
            heading=s["heading"],
            variants=tuple(s.get("variants", ())),
            table=s.get("table"),
        )
        for s in _data()["sections"]
    )


@cache
def label_variants(label: str) -> tuple[str, ...]:
    """The printed label and the spellings seen in the wild, normalised."""
    forms = [label, *_data()["label_variants"].get(label, ())]
    return tuple(dict.fromkeys(norm_label(f) for f in forms))


def _label_path(text: str) -> tuple[str, ...]:
    """Split a CSV label path at "/", except inside a label such as 本年增/减 (a one-character
    piece belongs to the label before it)."""
    parts: list[str] = []
    for piece in text.split("/"):
        if parts and len(piece) == 1:
            parts[-1] += "/" + piece
        else:
            parts.append(piece)
    return tuple(parts)


def _load_cells(version: str) -> dict[str, CellDef]:
    path = resources.files("gongkai.format.data").joinpath(f"cells-{version}.csv")
    cells: dict[str, CellDef] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            cells[rec["key"]] = CellDef(
                key=rec["key"],
                table=rec["table"],
                row_path=_label_path(rec["row"]),
                column_path=_label_path(rec["column"]),
                kind=rec["kind"],  # type: ignore[arg-type]
            )
    return cells


def _build_tables(cells: dict[str, CellDef]) -> dict[str, TableDef]:
    tables: dict[str, TableDef] = {}
    grouped: dict[tuple[str, ...], list[CellDef]]
    for name in TABLES:
        conf = _data()["tables"][name]
        members = [c for c in cells.values() if c.table == name]
        if conf["layout"] == "single_row":
            grouped = {(): members}
        else:
            grouped = {}
            for c in members:
                grouped.setdefault(c.row_path, []).append(c)
        rows = tuple(
            PrintedRow(name, path, tuple(c.key for c in row), tuple(c.column_path[-1] for c in row))
            for path, row in grouped.items()
        )
        tables[name] = TableDef(name, conf["layout"], rows, conf.get("note"),
                                tuple(conf.get("headers", ())))
    return tables


def _results(members: list[CellDef], total_id: str) -> list[str]:
    """The rows a total row sums ("@results"): the other rows under its group label (three's
    （一）…（六） under 三、本年度办理结果 for （七）总计)."""
    group = next(c.row_path[0] for c in members if c.row_id == total_id)
    return list(dict.fromkeys(c.row_id for c in members
                              if c.row_path[0] == group and c.row_id != total_id))


def _relation_names(names: list[str], results: list[str]) -> list[str]:
    """Row or column ids of a relation side; "@results" stands for every result row."""
    out: list[str] = []
    for name in names:
        out += results if name == "@results" else [name]
    return out


def _expand_relations(cells: dict[str, CellDef]) -> tuple[Relation, ...]:
    """Turn each relation template into concrete equations over keys."""
    out: list[Relation] = []
    for tmpl in _data()["relations"]:
        table = tmpl["table"]
        members = [c for c in cells.values() if c.table == table]
        prefix = members[0].key.split(".", 1)[0]
        row_ids = list(dict.fromkeys(c.row_id for c in members))
        column_ids = list(dict.fromkeys(c.column_id for c in members))
        results: list[str] = []
        for side, other in (("lhs", "rhs"), ("rhs", "lhs")):
            if "@results" in tmpl[side]:  # the other side names the total row
                (total_id,) = tmpl[other]
                results = _results(members, total_id)
        lhs_names = _relation_names(tmpl["lhs"], results)
        rhs_names = _relation_names(tmpl["rhs"], results)
        by_column = tmpl["for_each"] == "column"
        for scope in column_ids if by_column else row_ids:
            if by_column:
                lhs = [f"{prefix}.{r}.{scope}" for r in lhs_names]
                rhs = [f"{prefix}.{r}.{scope}" for r in rhs_names]
            else:  # "row" of table 三, "group" of table 四: the scope is the row id
                lhs = [f"{prefix}.{scope}.{c}" for c in lhs_names]
                rhs = [f"{prefix}.{scope}.{c}" for c in rhs_names]
            if all(k in cells for k in lhs + rhs):
                out.append(
                    Relation(tmpl["id"], table, scope, tuple(lhs), tuple(rhs), tmpl["statement"],
                             tmpl["for_each"])
                )
    return tuple(out)


@cache
def get_format(version: str) -> FormatSpec:
    """The format `version` ("2021" or "2019")."""
    conf = _data()["versions"].get(str(version))
    if conf is None:
        raise KeyError(f"未知的年报格式版本：{version}（可用：{'、'.join(versions())}）")
    cells = _load_cells(str(version))
    return FormatSpec(
        version=str(version),
        document=conf["document"],
        first_year=conf["first_year"],
        last_year=conf.get("last_year"),
        markers=tuple(conf["markers"]),
        cells=cells,
        tables=_build_tables(cells),
        relations=_expand_relations(cells),
        sections=sections(),
    )
