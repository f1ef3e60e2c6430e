"""Whole reports as text extracted from PDFs, in the four layouts the seeds show.

- "wrapped" (seeds 000/002): every line followed by a blank line; header labels broken two
  characters a line; long row labels wrapped with the figures on the line after, once with the
  total on its own line after a blank line.
- "tabs" (seed 001): tab-separated rows with leading empty cells, ASCII brackets in labels.
- "tabs_split" (seed 003): tab-separated, the vertical group label 三、本年度办理结果 split
  across rows, the long （二） label wrapped onto a continuation row.
- "narrow" (seed 004): a label column four to five characters wide, labels wrapped every few
  characters, sometimes with the figures in the middle of a wrapped label.

Labels all come from `gongkai.format`; only the way they are broken is decided here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from gongkai.format import FormatSpec, PrintedRow, SectionDef, label_variants
from gongkai.write.layout import column_label, note_text, table_two_blocks
from tests.builders.common import (
    T2_STUB_HEADER,
    T3_APPLICANT_HEADER,
    TITLE_SUFFIX,
    chunks,
    closing,
    preamble,
    section_blocks,
    spec_of,
    title,
)
from tests.builders.figures import Fault, Figures

LAYOUTS = ("wrapped", "tabs", "tabs_split", "narrow")

_ASCII_RUN = re.compile(r"[\x21-\x7e]+|.", re.S)
_NUMBERED = re.compile(r"^（([一二三四五六七八九十])）")
_ARABIC = re.compile(r"^(\d+)\.")
_CLOSING = frozenset("，。、；：？！）》」』”’〕】")
_OPENING = frozenset("（《「『“‘〔【")


# ---------------------------------------------------------------- helpers


def wrap(text: str, width: float) -> list[str]:
    """Greedy wrap at `width` columns; ASCII counts half and ASCII runs are never split.

    As in Chinese typesetting, closing punctuation never starts a line (it overhangs) and
    opening punctuation never ends one.
    """
    lines: list[str] = []
    line, used = "", 0.0
    for token in _ASCII_RUN.findall(text):
        size = len(token) / 2 if token.isascii() else float(len(token))
        if line and used + size > width and token not in _CLOSING:
            carried = line[-1] if line[-1] in _OPENING and len(line) > 1 else ""
            lines.append(line[: len(line) - len(carried)].rstrip())
            line, used = carried + token.lstrip(), size + len(carried)
        else:
            line, used = line + token, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


def spaced(*tokens: str | Iterable[str]) -> str:
    """Tokens joined by single spaces; empty tokens vanish, as in extracted text."""
    flat: list[str] = []
    for t in tokens:
        flat += [t] if isinstance(t, str) else list(t)
    return " ".join(t for t in flat if t)


def tabbed(cells: Iterable[str], width: int = 0) -> str:
    cells = list(cells)
    return "\t".join(cells + [""] * (width - len(cells)))


def blank_separated(parts: Iterable[str]) -> list[str]:
    """Each part followed by a blank line, as PDF extraction of a spaced-out table gives."""
    out: list[str] = []
    for p in parts:
        out += [p, ""]
    return out


def ascii_label(label: str, *, space_after_number: bool = True) -> str:
    """（一）予以公开 → (一) 予以公开; 1.属于 → 1. 属于; inner （，） → ASCII (seed 001)."""
    text = _NUMBERED.sub(r"(\1) ", label)
    text = text.replace("（", " (").replace("）", ")").replace("，", ", ")
    if space_after_number:
        text = _ARABIC.sub(r"\1. ", text)
    return text


def short_variant(label: str) -> str:
    """The shortest spelling real reports use for `label` (社会组织 for 社会公益组织)."""
    others = label_variants(label)[1:]
    return min(others, key=len) if others else label


def column_labels(spec: FormatSpec, row: PrintedRow) -> list[str]:
    """Table 二's column labels over `row`, as the writer prints them."""
    return [column_label(spec, k) for k in row.keys]


def applicant_columns(spec: FormatSpec) -> tuple[list[str], set[str], list[str], list[str]]:
    """Table 三's header: top labels, those spanning several columns, sub labels, and the top
    labels printed after the spanning group (总计)."""
    paths = [spec.cells[k].column_path for k in spec.tables["三"].rows[0].keys]
    tops = list(dict.fromkeys(p[0] for p in paths))
    spanning = {p[0] for p in paths if len(p) > 1}
    subs = [p[1] for p in paths if len(p) > 1]
    first_span = next(i for i, t in enumerate(tops) if t in spanning)
    after = [t for t in tops[first_span + 1:] if t not in spanning]
    return tops, spanning, subs, after


def review_paths(spec: FormatSpec) -> tuple[list[str], list[tuple[str, ...]]]:
    """Table 四's keys and full label paths (group, subgroup…, column)."""
    keys = list(spec.tables["四"].keys)
    return keys, [spec.cells[k].row_path + spec.cells[k].column_path for k in keys]


# ---------------------------------------------------------------- layouts


class _Layout:
    """The parts of a document every layout prints; subclasses decide how."""

    def __init__(self, report: dict, figs: Figures, variant: int) -> None:
        self.report = report
        self.spec = spec_of(report)
        self.figs = figs
        self.variant = variant

    def title(self) -> list[str]:
        return ["", title(self.report), ""]

    def paragraph(self, text: str) -> list[str]:
        return [text, ""]

    def heading(self, section: SectionDef) -> list[str]:
        return [section.title, ""]

    def table(self, name: str) -> list[str]:
        return {"二": self.table_two, "三": self.table_three, "四": self.table_four}[name]()

    def table_two(self) -> list[str]:
        raise NotImplementedError

    def table_three(self) -> list[str]:
        raise NotImplementedError

    def table_four(self) -> list[str]:
        raise NotImplementedError

    def document(self, sections: dict[str, str]) -> str:
        lines = self.title() + self.paragraph(preamble(self.report))
        for section, paras in section_blocks(self.report, sections):
            lines += self.heading(section)
            for p in paras:
                lines += self.paragraph(p)
            if section.table:
                lines += self.table(section.table)
        lines += self.paragraph(closing(self.report))
        return "\n".join(lines) + "\n"


class _Wrapped(_Layout):
    """Seeds 000/002: a PDF of a Word document, every line followed by a blank line."""

    WIDTH = 28
    LEAF_WIDTH: ClassVar[dict[int, int]] = {1: 99, 2: 23, 3: 18}
    # How the figures follow a wrapped label: C all on the next line, A the total after a
    # blank line, B a blank line then the figures with the total on its own line.
    PATTERNS = ("C", "A", "C", "B")

    def title(self) -> list[str]:
        return ["", self.report["agency"], f"{self.report['year']} {TITLE_SUFFIX}", ""]

    def paragraph(self, text: str) -> list[str]:
        return blank_separated(wrap(text, self.WIDTH))

    def heading(self, section: SectionDef) -> list[str]:
        if section.table:  # a page break: no blank line before, a space before the heading
            return [f" {section.title}", ""]
        return [section.title, ""]

    def document(self, sections: dict[str, str]) -> str:
        text = super().document(sections)
        return text.replace("\n\n ", "\n ")

    def table_two(self) -> list[str]:
        out: list[str] = []
        for group, rows in table_two_blocks(self.spec):
            out += [group, ""]
            out += [spaced(T2_STUB_HEADER, column_labels(self.spec, rows[0])), ""]
            for row in rows:
                out += [spaced(row.label, self.figs.of(row.keys)), ""]
        return out

    def applicant_header(self) -> list[str]:
        tops, spanning, subs, after = applicant_columns(self.spec)
        pieces: list[str] = []
        for top in tops:
            if top in spanning:
                pieces.append(top)
            elif top not in after:
                pieces += chunks(top, 2)
        sub_pieces = [c for s in subs for c in chunks(s, 2)]
        sub_pieces[0] = "".join(after) + sub_pieces[0]  # 总计 sits beside 商业
        return blank_separated(pieces + sub_pieces)

    def wrapped_row(self, label: str, width: int, values: list[str], index: int) -> list[str]:
        parts = chunks(label, width)
        out = blank_separated(parts)[:-1]
        head, tail = values[:-1], values[-1:]
        pattern = self.PATTERNS[(index + self.variant) % len(self.PATTERNS)]
        if pattern == "A":
            out += [spaced(head), "", spaced(tail)]
        elif pattern == "B":
            out += ["", spaced(head), spaced(tail)]
        else:
            out.append(spaced(values))
        return out

    def table_three(self) -> list[str]:
        table = self.spec.tables["三"]
        out = blank_separated(wrap(note_text(table), 26))
        out += blank_separated([T3_APPLICANT_HEADER]) + self.applicant_header()
        seen: set[tuple[str, ...]] = set()
        long_rows, previous_depth = 0, 1
        for row in table.rows:
            path = row.label_path
            if len(path) == 1 and previous_depth > 1 and out[-1]:
                out.append("")
            for level in range(len(path) - 1):
                prefix = path[: level + 1]
                if prefix not in seen:
                    seen.add(prefix)
                    out += [""] if out[-1] else []
                    out += blank_separated(chunks(prefix[-1], [4, 3] if level == 0 else 5))
            values = self.figs.of(row.keys)
            width = self.LEAF_WIDTH[len(path)]
            if len(row.label) <= width:
                out.append(spaced(row.label, values))
            else:
                out += [""] if out[-1] else []
                out += [*self.wrapped_row(row.label, width, values, long_rows), ""]
                long_rows += 1
            previous_depth = len(path)
        return [*out, ""]

    def table_four(self) -> list[str]:
        keys, paths = review_paths(self.spec)
        out = [spaced(dict.fromkeys(p[0] for p in paths)), ""]
        out = self._leaf_headers(out, [p[-1] for p in paths if len(p) == 2])
        out += ["", spaced(dict.fromkeys(p[1] for p in paths if len(p) == 3)), ""]
        out = self._leaf_headers(out, [p[-1] for p in paths if len(p) == 3])
        return [*out, "", spaced(self.figs.of(keys)), ""]

    @staticmethod
    def _leaf_headers(out: list[str], labels: list[str]) -> list[str]:
        for label in labels:
            if len(label) <= 2 and out[-1] == "":
                out = out[:-1]  # a two-character label (总计) follows without a blank line
            out += blank_separated(chunks(label, 2))
        return out[:-1] if out[-1] == "" else out


class _Tabs(_Layout):
    """Seed 001: a table-aware extraction, cells tab-separated, leading empty cells kept."""

    def title(self) -> list[str]:
        return ["", "", self.report["agency"], "", f"{self.report['year']} {TITLE_SUFFIX}", ""]

    def two_width(self) -> int:
        return 1 + max(len(r.keys) for r in self.spec.tables["二"].rows)

    def table_two(self) -> list[str]:
        width, out = self.two_width(), []
        groups = table_two_blocks(self.spec)
        for group, rows in groups:
            out.append(tabbed([group], width))
            out.append(tabbed([T2_STUB_HEADER, *column_labels(self.spec, rows[0])], width))
            for row in rows:
                cells = [row.label, *self.figs.of(row.keys)]
                if row is groups[-1][1][-1]:  # the last row lost its padding, then an artefact
                    out += ["", tabbed(cells), "---------\t---"]
                else:
                    out.append(tabbed(cells, width))
        return [*out, ""]

    def table_three(self) -> list[str]:
        table = self.spec.tables["三"]
        tops, _, subs, after = applicant_columns(self.spec)
        n = len(table.rows[0].keys)
        before = [t for t in tops if t not in after]
        out = [
            tabbed([f"({table.note})", "", T3_APPLICANT_HEADER]
                   + [""] * (n - 1 - len(after)) + after + [""]),
            tabbed(["", "", *before], n + 3),
            tabbed(["", "", "", *subs], n + 3),
        ]
        last_leaf = max(i for i, r in enumerate(table.rows) if len(r.label_path) == 3)
        seen: set[tuple[str, ...]] = set()
        for i, row in enumerate(table.rows):
            out.append(tabbed(self.row_cells(row, seen, i >= last_leaf)))
        return [*out, ""]

    def row_cells(self, row: PrintedRow, seen: set, shifted: bool) -> list[str]:
        """A row's cells; from the last leaf row on (seed 001) the leading cells are lost."""
        path = [ascii_label(p) for p in row.label_path]
        values = self.figs.of(row.keys)
        firsts = []
        for level in range(len(path) - 1):
            prefix = row.label_path[: level + 1]
            firsts.append(path[level] if prefix not in seen else "")
            seen.add(prefix)
        if len(path) == 1 or shifted:
            return [path[-1], "", *values, ""]
        if len(path) == 2:
            return [firsts[0], path[1], *values, ""]
        return ["", firsts[1], path[2], *values]

    @staticmethod
    def leaf_label(label: str, index: int) -> str:
        return label[:2] + " " + label[2:] if len(label) > 2 else label

    def table_four(self) -> list[str]:
        keys, paths = review_paths(self.spec)
        top: list[str] = []
        for p in paths:
            top.append(p[0] if not top or p[0] not in top else "")
        second: list[str] = []
        third: list[str] = []
        for i, p in enumerate(paths):
            if len(p) == 2:
                second.append(self.leaf_label(p[1], i))
                third.append("")
            else:
                second.append(p[1] if p[1] not in second else "")
                third.append(self.leaf_label(p[2], i))
        tail = self.four_tail()
        return [
            tabbed(top + tail),
            tabbed(second + tail),
            tabbed(third + tail),
            tabbed(self.figs.of(keys) + tail),
            "",
        ]

    @staticmethod
    def four_tail() -> list[str]:
        return []


class _TabsSplit(_Tabs):
    """Seed 003: tab-separated; 三、本年度办理结果 split across rows, （二） wrapped."""

    SPLIT_LABEL = 17  # a depth-2 label longer than this continues on the next row
    GROUP_HEAD = 3  # characters of the vertical group label printed on its first row

    def title(self) -> list[str]:
        return ["", "", title(self.report), ""]

    def table_two(self) -> list[str]:
        width, out = self.two_width(), []
        for group, rows in table_two_blocks(self.spec):
            out.append(tabbed([group], width))
            out.append(tabbed([T2_STUB_HEADER, *column_labels(self.spec, rows[0])], width))
            out += [tabbed([r.label, *self.figs.of(r.keys)], width) for r in rows]
        return [*out, ""]

    @staticmethod
    def vertical(label: str) -> str:
        """（三）不予公开 → (三) 不予 公开: a narrow cell's lines joined by spaces."""
        match = _NUMBERED.match(label)
        head = ascii_label(match.group(0)) if match else ""
        rest = label[match.end():] if match else label
        return head + " ".join(chunks(rest, 2))

    def table_three(self) -> list[str]:
        table = self.spec.tables["三"]
        tops, _, subs, after = applicant_columns(self.spec)
        n = len(table.rows[0].keys)
        before = [t for t in tops if t not in after]
        out = [
            tabbed([f"({table.note})", T3_APPLICANT_HEADER], n + 1),
            tabbed(["", *before, *[""] * (n - len(before) - len(after)), *after]),
            tabbed(["", "", *[short_variant(s) for s in subs], ""]),
        ]
        seen: set[tuple[str, ...]] = set()
        pending_group: str | None = None
        after_leaves = False
        for row in table.rows:
            path = row.label_path
            values = self.figs.of(row.keys)
            group_cell = ""
            if len(path) > 1 and path[:1] not in seen:
                seen.add(path[:1])
                group_cell, pending_group = path[0][: self.GROUP_HEAD], path[0][self.GROUP_HEAD:]
            if len(path) == 1:
                lead = ["", ascii_label(path[0]), ""] if after_leaves else [path[0]]
                out.append(tabbed([*lead, *values]))
            elif len(path) == 2:
                if len(path[1]) > self.SPLIT_LABEL and pending_group is not None:
                    cut = self.SPLIT_LABEL
                    first = ascii_label(path[1][:3]) + path[1][3:cut]
                    out.append(tabbed([group_cell, first, *values]))
                    out += ["", tabbed([" ".join(chunks(pending_group, 2)),
                                        ascii_label(path[1][cut:])], n + 3)]
                    pending_group = None
                elif after_leaves:
                    out.append(tabbed([group_cell, ascii_label(path[1]), "", *values]))
                else:
                    out.append(tabbed([group_cell, ascii_label(path[1]), *values]))
            else:
                sub = self.vertical(path[1]) if path[:2] not in seen else ""
                seen.add(path[:2])
                out.append(tabbed(["", sub, path[2], *values]))
                after_leaves = True
        return [*out, ""]

    @staticmethod
    def leaf_label(label: str, index: int) -> str:
        if index < 3:
            return label[:2] + " " + label[2:]
        return " ".join(label)

    @staticmethod
    def four_tail() -> list[str]:
        return [""]


class _Narrow(_Layout):
    """Seed 004: a very narrow label column, labels wrapped every few characters."""

    WIDTH = 28
    MIDDLE = 4  # every 8th leaf row from this one carries its figures after its first piece

    def title(self) -> list[str]:
        full = f"{self.report['agency']} {self.report['year']} {TITLE_SUFFIX}"
        return ["", full[:-6], full[-6:], ""]

    def paragraph(self, text: str) -> list[str]:
        return blank_separated(wrap(text, self.WIDTH))

    def row(self, label: str, limit: int, widths: list[int], values: list[str]) -> list[str]:
        if len(label) <= limit:
            return [spaced(label, values), ""]
        parts = chunks(label, widths)
        out = blank_separated(parts)[:-1]
        if len(parts) >= 3:
            out.append("")
        return [*out, spaced(values), ""]

    def table_two(self) -> list[str]:
        out: list[str] = []
        for group, rows in table_two_blocks(self.spec):
            out += [group, ""]
            columns = [short_variant(c) for c in column_labels(self.spec, rows[0])]
            if len(columns) >= 3:
                out.append(T2_STUB_HEADER)
                for j, col in enumerate(columns):
                    out += blank_separated(chunks(col, 6 if j == 0 else 5))
            else:
                out += [spaced(T2_STUB_HEADER, columns), ""]
            for row in rows:
                out += self.row(row.label, 7, [5], self.figs.of(row.keys))
        return out

    def applicant_header(self) -> list[str]:
        tops, spanning, subs, _ = applicant_columns(self.spec)
        out: list[str] = []
        for top in tops:
            out += blank_separated([top] if top in spanning else list(top))
        lasts: list[str] = []
        for sub in subs:
            pieces = list(sub) if len(sub) <= 4 else [sub[0], *chunks(sub[1:-1], 2), sub[-1]]
            if len(pieces) >= 4:
                out += blank_separated(pieces[:-1])
                lasts.append(pieces[-1])
            else:
                out += blank_separated(pieces)
        return [*out, "", "", " ".join(lasts), ""]

    def leaf_row(self, label: str, values: list[str], index: int) -> list[str]:
        parts = chunks(label, 5)
        if len(parts) > 1 and (index + self.variant) % 8 == self.MIDDLE:
            return [spaced(parts[0], values), "", "", "", *blank_separated(parts[1:])]
        return self.row(label, 5, [5], values)

    def table_three(self) -> list[str]:
        table = self.spec.tables["三"]
        out = blank_separated(chunks(note_text(table), [10, 12, 10]))
        out += blank_separated([T3_APPLICANT_HEADER]) + self.applicant_header()
        seen: set[tuple[str, ...]] = set()
        leaves = 0
        for row in table.rows:
            path = row.label_path
            for level in range(len(path) - 1):
                if path[: level + 1] not in seen:
                    seen.add(path[: level + 1])
                    out += blank_separated(chunks(path[level], [1, 2]))
            values = self.figs.of(row.keys)
            if len(path) == 1:
                out += self.row(row.label, 11, [11], values)
            elif len(path) == 2:
                out += self.row(row.label, 7, [7, 9], values)
            else:
                out += self.leaf_row(row.label, values, leaves)
                leaves += 1
        return out

    def table_four(self) -> list[str]:
        keys, paths = review_paths(self.spec)
        out = [spaced(dict.fromkeys(p[0] for p in paths)), ""]
        for p in paths:
            if len(p) == 2:
                out += blank_separated(p[-1])
        subgroups = list(dict.fromkeys(p[1] for p in paths if len(p) == 3))
        out += blank_separated(chunks(subgroups[0], 7))[:-1] + subgroups[1:] + [""]
        for p in paths:
            if len(p) == 3:
                out += blank_separated(p[-1])
        return [*out, "", "", spaced(self.figs.of(keys)), ""]


_LAYOUT_CLASSES: dict[str, type[_Layout]] = {
    "wrapped": _Wrapped,
    "tabs": _Tabs,
    "tabs_split": _TabsSplit,
    "narrow": _Narrow,
}


def text_dump(
    report: dict,
    sections: dict[str, str],
    layout: str,
    *,
    faults: Iterable[Fault] = (),
    variant: int = 0,
) -> str:
    """The whole report as PDF-extracted text in `layout` (one of `LAYOUTS`).

    `faults` = [("drop", key), ("dup", key), ("blank", key)] removes, duplicates or empties the
    printed figure of a cell. `variant` rotates which rows get a layout's quirks.
    """
    if layout not in _LAYOUT_CLASSES:
        raise ValueError(f"unknown layout {layout!r}; use one of {LAYOUTS}")
    figures = Figures(report, faults)
    return _LAYOUT_CLASSES[layout](report, figures, variant).document(sections)
