"""Vouch for every figure read by OCR: its confidence, and the relations the format states.

After the table logic has read a scanned document like any other:

* every figure read from a scan gets its recognition confidence (`Provenance.confidence`);
  one below `LOW_CONFIDENCE`, or one whose printed text needed a look-alike read as a digit
  ("1O" → 10), is flagged (R301);
* a table cell where OCR found no text is read as blank (None, R106 like any reader), but in a
  scan "blank" is only a guess from missing ink: each such cell is flagged (R307);
* the relations the format states are checked. The broken ones are grouped (relations
  sharing a cell). A figure is corrected (R302) only when it is pinned down: at least two
  broken relations, and it the only cell all of them share; the one value that mends them all
  differs from what was read by one digit (one digit replaced, lost or added), and with it
  every relation through it holds and none of its table is broken. One broken relation alone never
  pins a cell (any of its cells may be the misread one, and a right cell one digit away from
  balancing it is no evidence), so then, as in every other case, every figure of the group's
  broken relations is flagged (R303), a one-digit candidate at most named as a suggestion.
  Nothing is corrected silently, nothing guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.format.spec import FormatSpec, Relation, get_format
from gongkai.model import Report
from gongkai.read.ocr.document import ScannedDocument

# Below this confidence a figure is flagged for checking against the scan. PP-OCRv4 reads the
# printed digits of a clean scan at 0.97-1.00 (a "0" at 150 dpi at about 0.98); a misread
# figure usually scores far lower (bench/bench_ocr.py measures both).
LOW_CONFIDENCE = 0.9
_METHODS = ("read", "converted")  # provenance of a figure taken as printed


@dataclass(frozen=True)
class _Fix:
    key: str
    value: int


def verify(doc: ScannedDocument, report: Report) -> None:
    """Attach confidences to `report`'s figures and flag or correct what OCR may have misread."""
    spec = get_format(report.format)
    ocr_keys = _attach_confidence(doc, report)
    _flag_doubtful(doc, report, spec, ocr_keys)
    _flag_blank(report, spec)
    for table in spec.tables:
        relations = [r for r in spec.relations if r.table == table]
        if relations:
            _check_relations(report, spec, table, relations, ocr_keys)
    pages = doc.pages or 0
    turned = [f"第{n}页 {a:+.1f}°" for n, a in sorted(doc.angles.items()) if a]
    dpis = sorted({round(d) for d in doc.dpi.values()})
    report.diagnose(
        "R304",
        f"扫描件共 {pages} 页，全文经 OCR 识别（约 {'/'.join(map(str, dpis))} dpi"
        + (f"；已纠正倾斜：{'，'.join(turned)}" if turned else "")
        + f"）；识别置信度低于 {LOW_CONFIDENCE:.2f} 的数字逐一标出",
    )
    if doc.tables == 0:
        report.diagnose("R305", "扫描件中未找到表格线，表格中的数字按文字的先后顺序读取，"
                        "请逐一核对")


def _attach_confidence(doc: ScannedDocument, report: Report) -> set[str]:
    """Set the confidence of every figure taken from a recognised box; those keys."""
    keys: set[str] = set()
    for key, prov in report.provenance.items():
        if prov.page is None or prov.bbox is None:
            continue
        confidence = doc.confidence.get((prov.page, tuple(prov.bbox)))
        if confidence is not None:
            prov.confidence = round(confidence, 4)
            keys.add(key)
    return keys


def _flag_doubtful(doc: ScannedDocument, report: Report, spec: FormatSpec,
                   ocr_keys: set[str]) -> None:
    for key in sorted(ocr_keys, key=spec.keys.index):
        prov = report.provenance[key]
        if prov.method not in _METHODS or report.cells.get(key) is None:
            continue
        label = spec.cells[key].label
        read = doc.recognised.get((prov.page, tuple(prov.bbox)))  # type: ignore[arg-type]
        location = {"page": prov.page, "bbox": prov.bbox, "confidence": prov.confidence}
        if read is not None:
            report.diagnose("R301", f"表{spec.cells[key].table}“{label}”OCR 识别为“{read}”，"
                            f"按数字读作 {report.cells[key]}，请核对原件", [key], **location)
        elif prov.confidence is not None and prov.confidence < LOW_CONFIDENCE:
            report.diagnose("R301", f"表{spec.cells[key].table}“{label}”OCR 识别为"
                            f"“{prov.raw}”，置信度 {prov.confidence:.2f}（低于 "
                            f"{LOW_CONFIDENCE:.2f}）{_corroborated(spec, key, report.cells)}"
                            "，请核对原件", [key], **location)


def _flag_blank(report: Report, spec: FormatSpec) -> None:
    """A warning for every table cell left blank (R106) where the scan showed no text: no ink
    found may be a faint or lost figure, not a cell printed empty."""
    blank = [k for d in report.diagnostics if d.code == "R106" for k in d.keys
             if k in spec.cells and report.cells.get(k) is None]
    for key in sorted(dict.fromkeys(blank), key=spec.keys.index):
        prov = report.provenance.get(key)
        location = {"page": prov.page, "bbox": prov.bbox} if prov is not None else {}
        report.diagnose("R307", f"表{spec.cells[key].table}“{spec.cells[key].label}”在扫描件中"
                        "未识别出文字，按空白读取；可能是印得很淡或缺失的数字，请核对原件",
                        [key], **{k: v for k, v in location.items() if v is not None})


def _corroborated(spec: FormatSpec, key: str, cells: dict) -> str:
    """A note when every relation through `key` can be checked and holds."""
    through = [r for r in spec.relations if key in r.lhs + r.rhs]
    if through and all(_holds(r, cells) for r in through):
        return "；它所在的勾稽关系都成立，误识的可能较小"
    return ""


def _holds(relation: Relation, cells: dict) -> bool | None:
    """Does the relation hold; None if one of its cells is not a whole number."""
    values = [cells.get(k) for k in relation.lhs + relation.rhs]
    if not all(isinstance(v, int) for v in values):
        return None
    return sum(cells[k] for k in relation.lhs) == sum(cells[k] for k in relation.rhs)


def _groups(broken: list[Relation]) -> list[list[Relation]]:
    """Broken relations grouped by shared cells (connected components)."""
    groups: list[tuple[set[str], list[Relation]]] = []
    for relation in broken:
        keys = set(relation.lhs + relation.rhs)
        touching = [g for g in groups if g[0] & keys]
        merged_keys, merged = set(keys), [relation]
        for g in touching:
            merged_keys |= g[0]
            merged = g[1] + merged
            groups.remove(g)
        groups.append((merged_keys, merged))
    return [g[1] for g in groups]


def _one_digit_apart(a: int, b: int) -> bool:
    """Do the printed forms differ by one digit replaced, lost or added?"""
    s, t = str(a), str(b)
    if len(s) == len(t):
        return sum(x != y for x, y in zip(s, t, strict=True)) == 1
    if abs(len(s) - len(t)) != 1:
        return False
    short, long = (s, t) if len(s) < len(t) else (t, s)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _solve(relation: Relation, key: str, cells: dict) -> int:
    """The value of `key` that makes the relation hold, the others as they are."""
    lhs = sum(cells[k] for k in relation.lhs if k != key)
    rhs = sum(cells[k] for k in relation.rhs if k != key)
    return rhs - lhs if key in relation.lhs else lhs - rhs


def _one_digit_fix(key: str, group: list[Relation], cells: dict, spec: FormatSpec,
                   ocr_keys: set[str], report: Report) -> _Fix | None:
    """The value of figure `key`, read by OCR as printed, that mends every relation of `group`
    through it, if that is one value, one digit from what was read (and not a negative count)."""
    prov = report.provenance.get(key)
    if key not in ocr_keys or prov is None or prov.method not in _METHODS:
        return None
    if not isinstance(cells.get(key), int):
        return None
    values = {_solve(r, key, cells) for r in group if key in r.lhs + r.rhs}
    if len(values) != 1:
        return None
    value = values.pop()
    if value < 0 and spec.cells[key].kind == "count":
        return None
    if not _one_digit_apart(cells[key], value):
        return None
    return _Fix(key, value)


def _pinned(group: list[Relation], relations: list[Relation], cells: dict, spec: FormatSpec,
            ocr_keys: set[str], report: Report) -> _Fix | None:
    """The correction of the one misread figure the group's broken relations pin down: at
    least two of them, sharing that cell and no other, mended by one value one digit from what
    was read, with which every relation of the table through it holds and none is broken."""
    if len(group) < 2:
        return None
    shared = set.intersection(*(set(r.lhs + r.rhs) for r in group))
    if len(shared) != 1:
        return None
    fix = _one_digit_fix(next(iter(shared)), group, cells, spec, ocr_keys, report)
    if fix is None:
        return None
    trial = {**cells, fix.key: fix.value}
    through = [r for r in relations if fix.key in r.lhs + r.rhs]
    if not all(_holds(r, trial) for r in through):
        return None
    if any(_holds(r, trial) is False for r in relations):
        return None
    return fix


def _suggestion(group: list[Relation], relations: list[Relation], cells: dict,
                spec: FormatSpec, ocr_keys: set[str], report: Report) -> _Fix | None:
    """For one broken relation: its only figure that one digit changed would mend it (and
    break nothing else), to be named as a suggestion, never applied."""
    if len(group) != 1:
        return None
    found = []
    for key in group[0].lhs + group[0].rhs:
        fix = _one_digit_fix(key, group, cells, spec, ocr_keys, report)
        if fix is not None and all(_holds(r, {**cells, key: fix.value}) is not False
                                   for r in relations):
            found.append(fix)
    return found[0] if len(found) == 1 else None


def _check_relations(report: Report, spec: FormatSpec, table: str, relations: list[Relation],
                     ocr_keys: set[str]) -> None:
    cells = report.cells
    broken = [r for r in relations if _holds(r, cells) is False]
    for group in _groups(broken):
        statements = "；".join(dict.fromkeys(r.statement for r in group))
        fix = _pinned(group, relations, cells, spec, ocr_keys, report)
        if fix is not None:
            prov = report.provenance[fix.key]
            read = cells[fix.key]
            cells[fix.key] = fix.value
            prov.method = "restored"
            report.diagnose(
                "R302",
                f"表{table}“{spec.cells[fix.key].label}”OCR 识别为“{prov.raw}”（{read}），"
                f"{len(group)} 处勾稽关系不成立（{statements}），它是这些关系唯一共有的单元格；"
                f"改为 {fix.value}（与识别结果只差一位数字）后本表的勾稽关系全部成立，"
                f"已更正为 {fix.value}，请核对原件",
                [fix.key], page=prov.page, bbox=prov.bbox, confidence=prov.confidence)
            continue
        keys = sorted({k for r in group for k in r.lhs + r.rhs}, key=spec.keys.index)
        if len(group) == 1:
            why = "只有一处关系不成立，其中任何一个数字都可能是误识的，无法确定是哪一个"
            hint = _suggestion(group, relations, cells, spec, ocr_keys, report)
            if hint is not None:
                why += (f"（仅供参考：若“{spec.cells[hint.key].label}”为 {hint.value}，"
                        f"即与识别结果 {cells[hint.key]} 只差一位数字，该关系即成立；"
                        "但别的单元格差不止一位同样可能，未作更正）")
        else:
            why = "不能由一个只差一位数字的更正使其全部成立，无法唯一确定误识的数字"
        report.diagnose(
            "R303",
            f"表{table}中 OCR 识别的数字不满足勾稽关系（{statements}）：{len(group)} 处不成立，"
            f"{why}；所涉 {len(keys)} 个单元格均未改动，请逐一核对原件",
            keys)
