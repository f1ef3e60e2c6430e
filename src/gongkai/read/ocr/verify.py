"""Vouch for every figure read by OCR: its confidence, and the relations the format states.

After the table logic has read a scanned document like any other:

* every figure read from a scan gets its recognition confidence (`Provenance.confidence`);
  one below `LOW_CONFIDENCE`, or one whose printed text needed a look-alike read as a digit
  ("1O" → 10), is flagged (R301);
* the relations the format states are checked. The broken ones are grouped (relations
  sharing a cell). If changing exactly one figure of a group, to a value that differs from
  what was read by one digit (one digit replaced, lost or added), makes every relation of
  its table hold again, and no other figure of the group does, that figure was misread: it is
  corrected and the correction reported (R302). Otherwise every figure of the group's broken
  relations is flagged (R303). Nothing is corrected silently, nothing guessed.
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


def _candidates(group: list[Relation], relations: list[Relation], cells: dict,
                spec: FormatSpec, ocr_keys: set[str], report: Report) -> list[_Fix]:
    """Single-figure corrections that repair the whole group and break nothing."""
    keys = set.intersection(*(set(r.lhs + r.rhs) for r in group))
    fixes: list[_Fix] = []
    for key in sorted(keys):
        prov = report.provenance.get(key)
        if key not in ocr_keys or prov is None or prov.method not in _METHODS:
            continue
        values = {_solve(r, key, cells) for r in group if key in r.lhs + r.rhs}
        if len(values) != 1:
            continue
        value = values.pop()
        if value < 0 and spec.cells[key].kind == "count":
            continue
        if not _one_digit_apart(cells[key], value):
            continue
        trial = {**cells, key: value}
        if all(_holds(r, trial) is not False for r in relations):
            fixes.append(_Fix(key, value))
    return fixes


def _check_relations(report: Report, spec: FormatSpec, table: str, relations: list[Relation],
                     ocr_keys: set[str]) -> None:
    cells = report.cells
    broken = [r for r in relations if _holds(r, cells) is False]
    for group in _groups(broken):
        fixes = _candidates(group, relations, cells, spec, ocr_keys, report)
        if len(fixes) == 1:
            fix = fixes[0]
            prov = report.provenance[fix.key]
            read = cells[fix.key]
            cells[fix.key] = fix.value
            prov.method = "restored"
            statements = "；".join(dict.fromkeys(r.statement for r in group))
            report.diagnose(
                "R302",
                f"表{table}“{spec.cells[fix.key].label}”OCR 识别为“{prov.raw}”（{read}），"
                f"不满足勾稽关系（{statements}）；只有改为 {fix.value} 才能使本表的勾稽关系"
                f"全部成立，且与识别结果只差一位数字，已更正为 {fix.value}，请核对原件",
                [fix.key], page=prov.page, bbox=prov.bbox, confidence=prov.confidence)
            continue
        keys = sorted({k for r in group for k in r.lhs + r.rhs}, key=spec.keys.index)
        statements = "；".join(dict.fromkeys(r.statement for r in group))
        why = ("有多种改法都能使其成立" if fixes else "改动其中任何一个数字都不能使其全部成立")
        report.diagnose(
            "R303",
            f"表{table}中 OCR 识别的数字不满足勾稽关系（{statements}）：{len(group)} 处不成立，"
            f"{why}，无法唯一确定误识的数字；所涉 {len(keys)} 个单元格请核对原件",
            keys)
