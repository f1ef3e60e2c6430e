"""Read the statutory tables out of a region of lines, for any input kind.

The printed rows come from the format (`FormatSpec.tables`); their labels are found in order in
the region's label stream; the figures printed after a row's label (and before the next row's)
are that row's cells, in the format's column order. Rows with too few or too many figures are
handed to `restore`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.diagnostics import Diagnostic
from gongkai.format.spec import FormatSpec, PrintedRow, label_variants
from gongkai.model import CellValue, Provenance
from gongkai.read.document import Line
from gongkai.read.restore import DamagedRow, restore
from gongkai.read.tokens import Stream, Token, tokenize
from gongkai.read.values import parse_figure

_PREFIXES = (10, 6)  # shorter label prefixes tried when a full label is not found


@dataclass
class TableResult:
    cells: dict[str, CellValue] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    found: bool = False  # any row or figure of the table was found


def _find_label(stream: str, row: PrintedRow, start: int) -> int | None:
    forms = label_variants(row.label)
    hits = [i for f in forms if (i := stream.find(f, start)) >= 0]
    if hits:
        return min(hits)
    for length in _PREFIXES:
        hits = [i for f in forms if len(f) > length and (i := stream.find(f[:length], start)) >= 0]
        if hits:
            return min(hits)
    return None


def _token_at(stream: Stream, position: int) -> int:
    """Index of the text token in which stream position `position` lies."""
    texts = stream.text_index
    i = bisect_right(stream.text_offsets, position) - 1
    while not stream.tokens[texts[i]].covers(position):  # zero-length neighbours
        i -= 1
    return texts[i]


def _row_tokens(stream: Stream, first: int, stop: int, expected: int) -> _Printed:
    """Figures and blanks printed after the row's label token `first`, before token `stop`."""
    return _collect(stream.tokens[first: stop], expected)


@dataclass
class _Printed:
    """A row's figures and blanks in print order, and which of those blanks may be padding."""

    tokens: list[Token]
    # Indexes of empty text cells printed right after label text on its line, before any
    # figure: a text dump's empty label column, or the row's first cell printed blank.
    pads: list[int]


def _collect(tokens: list[Token], expected: int) -> _Printed:
    out: list[Token] = []
    pads: list[int] = []
    text_line = -1  # line of the last label text seen
    for tok in tokens:
        if tok.kind == "text":
            # Narrative after a complete row ends it.
            if len(out) >= expected and len(tok.text.strip()) >= 2:
                break
            text_line = tok.line_index
            continue
        if (tok.kind == "blank" and tok.fragment.blank and tok.fragment.table_cell is None
                and tok.line_index == text_line and all(t.kind == "blank" for t in out)):
            pads.append(len(out))
        out.append(tok)
    return _drop_padding(out, pads, expected)


def _drop_padding(out: list[Token], pads: list[int], expected: int) -> _Printed:
    """Blank cells beyond the row's width are layout padding, not cells: first the empty label
    column of a text dump, then blanks after the row's last figure. A blank between figures is
    a cell and always stays.

    An empty cell after the label that is not beyond the row's width is ambiguous: the row's
    first cell printed blank, or the label column's padding beside a lost figure. If the row
    shows padding (one such cell was beyond its width), the rest is padding too (seed 003: a
    0 lost by extraction leaves its empty cell behind); if not, both readings are handed to
    restoration (`_Printed.pads`)."""
    out, pads = list(out), list(pads)
    padded = False
    while len(out) > expected:
        if pads:
            out.pop(pads.pop(0))
            pads = [i - 1 for i in pads]
            padded = True
        elif out[-1].kind == "blank":
            out.pop()
        else:
            break
    if padded and pads:
        out = [t for i, t in enumerate(out) if i not in pads]
        pads = []
    return _Printed(out, pads)


def _occurrences(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + len(word))
    return found


def _single_row_tokens(stream: Stream, header: list[str], expected: int) -> _Printed | None:
    """Table 四: after the table's header, the figures of the first line that prints figures.

    Header labels with no figure between them form runs; the header is the longest run (the
    later one on a tie). The section heading and a sentence such as "被申请行政复议14件，被提起
    行政诉讼3件" also name the groups, but in shorter runs broken by their figures."""
    hits = sorted(i for label in header for i in _occurrences(stream.labels, label))
    if not hits:
        return None
    figures = sorted(t.offset for t in stream.tokens if t.kind == "figure")
    runs: list[list[int]] = [[hits[0]]]
    for hit in hits[1:]:
        if any(runs[-1][-1] < f <= hit for f in figures):
            runs.append([hit])
        else:
            runs[-1].append(hit)
    begin = max(reversed(runs), key=len)[0]
    first = next((t for t in stream.tokens if t.kind == "figure" and t.offset > begin), None)
    if first is None:
        return None
    return _collect([t for t in stream.tokens
                     if t.line_index >= first.line_index and t.offset > begin], expected)


def _provenance(tok: Token, method: str = "read") -> Provenance:
    f = tok.fragment
    return Provenance(raw=tok.text, page=f.page, line=f.line, bbox=f.bbox,
                      table_cell=f.table_cell, method=method)


class _TableReader:
    def __init__(self, spec: FormatSpec, table: str, lines: list[Line]) -> None:
        self.spec = spec
        self.table = spec.tables[table]
        self.stream = tokenize(lines)
        self.result = TableResult()
        # Cells of intact rows printed blank or unreadable: never solved by restoration.
        self.unstated: set[str] = set()

    def diagnose(self, code: str, message: str, keys: list[str], tok: Token | None = None) -> None:
        loc = _provenance(tok).to_dict() if tok else {}
        loc.pop("method", None)
        self.result.diagnostics.append(Diagnostic(code, message, keys, loc))

    def rows_and_tokens(self) -> list[tuple[PrintedRow, _Printed | None]]:
        if self.table.layout == "single_row":
            row = self.table.rows[0]
            header = [
                form for key in row.keys
                for label in (*self.spec.cells[key].row_path, self.spec.cells[key].column_path[-1])
                for form in label_variants(label)
            ]
            return [(row, _single_row_tokens(self.stream, header, len(row.keys)))]
        starts: list[int | None] = []
        pos = 0
        for row in self.table.rows:
            start = _find_label(self.stream.labels, row, pos)
            starts.append(start)
            if start is not None:
                pos = start + 1
        firsts = [None if s is None else _token_at(self.stream, s) for s in starts]
        out: list[tuple[PrintedRow, _Printed | None]] = []
        for i, (row, first) in enumerate(zip(self.table.rows, firsts, strict=True)):
            if first is None:
                out.append((row, None))
                continue
            stop = next((f for f in firsts[i + 1:] if f is not None), len(self.stream.tokens))
            out.append((row, _row_tokens(self.stream, first, stop, len(row.keys))))
        return out

    def read(self) -> TableResult:
        damaged: list[tuple[DamagedRow, list[Token]]] = []
        for row, printed in self.rows_and_tokens():
            if printed is None or not printed.tokens:
                self.result.cells.update(dict.fromkeys(row.keys))
                self.diagnose("R102", f"表{self.table.name}未找到“{row.label or '数字行'}”这一行",
                              list(row.keys))
                continue
            self.result.found = True
            tokens = printed.tokens
            if len(tokens) == len(row.keys) and not printed.pads:
                for key, tok in zip(row.keys, tokens, strict=True):
                    self.set_cell(key, tok)
            else:
                # Too few or too many figures, or an empty cell after the label that may be a
                # blank first cell or the layout's padding: the relations decide.
                self.result.cells.update(dict.fromkeys(row.keys))
                figures = [_as_int(parse_figure(t.text, "signed_count").value) for t in tokens]
                damaged.append((DamagedRow(row, figures, tuple(printed.pads)), tokens))
        if damaged:
            self.restore(damaged)
        return self.result

    def set_cell(self, key: str, tok: Token) -> None:
        cell = self.spec.cells[key]
        if tok.kind == "blank":
            self.result.cells[key] = None
            self.result.provenance[key] = _provenance(tok)
            self.unstated.add(key)
            self.diagnose("R106", f"“{cell.label}”单元格为空", [key], tok)
            return
        fig = parse_figure(tok.text, cell.kind)
        self.result.cells[key] = fig.value
        method = "converted" if fig.converted_from_yuan else "read"
        self.result.provenance[key] = _provenance(tok, method)
        if fig.error:
            self.unstated.add(key)
            self.diagnose(fig.code or "R105", f"“{cell.label}”：{fig.error}", [key], tok)
        elif fig.converted_from_yuan:
            self.diagnose("R107", f"“{cell.label}”印的是“{tok.text}”，已换算为"
                          f"{_plain(fig.value)}万元", [key], tok)

    def restore(self, damaged: list[tuple[DamagedRow, list[Token]]]) -> None:
        known = {k: v for k, v in self.result.cells.items() if isinstance(v, int)}
        result = restore(self.spec, self.table.name, known, [d for d, _ in damaged],
                         self.unstated)
        name = self.table.name
        for row, tokens in damaged:
            keys = list(row.row.keys)
            got = [k for k in keys if k in result.values]
            unstated = [k for k in keys if k in result.unstated]
            missing = [k for k in keys if k not in result.values and k not in result.unstated]
            label = row.row.label or "数字行"
            if len(tokens) == len(keys):
                printed = "标签后的空白无法确定是空单元格还是排版留白"
            else:
                printed = f"印出 {len(tokens)} 个数字（应为 {len(keys)} 个）"
            for key in got:
                self.result.cells[key] = result.values[key]
                self.result.provenance[key] = Provenance(
                    raw=" ".join(t.text for t in tokens), page=tokens[0].fragment.page,
                    line=tokens[0].fragment.line, method="restored")
            if len(got) == len(keys):
                self.diagnose("R104", f"表{name}“{label}”{printed}，"
                              "依据格式的勾稽关系唯一恢复了该行", keys, tokens[0])
            elif got:
                self.diagnose("R104", f"表{name}“{label}”{printed}，依据格式的勾稽关系唯一恢复了"
                              f"其中 {len(got)} 个单元格", got, tokens[0])
            if unstated:
                errors = [f for t in tokens if t.kind == "figure"
                          and (f := parse_figure(t.text, "signed_count")).error]
                if errors:
                    self.diagnose(errors[0].code or "R105", f"表{name}“{label}”{printed}，"
                                  f"其中无法识别的数字（{errors[0].error}）所在单元格留空",
                                  unstated, tokens[0])
                else:
                    self.diagnose("R106", f"表{name}“{label}”{printed}，其中印为空白的单元格留空",
                                  unstated, tokens[0])
            if missing:
                self.diagnose("R103", f"表{name}“{label}”{printed}，"
                              "无法依据勾稽关系唯一确定，相关单元格留空", missing, tokens[0])


def _as_int(value: CellValue) -> int | None:
    return value if isinstance(value, int) else None


def _plain(value: CellValue) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def read_table(spec: FormatSpec, table: str, lines: list[Line]) -> TableResult:
    """Read table `table` ("二", "三", "四") of format `spec` from `lines`."""
    return _TableReader(spec, table, lines).read()
