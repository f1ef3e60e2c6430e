"""Tests of the DOCX reader: body order, merged cells, and broken or unsafe files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from gongkai.diagnostics import ReadError
from gongkai.read.document import Document
from gongkai.read.docx import load_docx

Cell = tuple[str, tuple[int, int, int] | None, bool]


def cells(doc: Document) -> list[list[Cell]]:
    return [
        [(f.text, f.table_cell, f.blank) for f in line.fragments]
        for line in doc.lines
        if line.in_table
    ]


def save(document: docx.document.Document, tmp_path: Path, name: str = "r.docx") -> bytes:
    path = tmp_path / name
    document.save(str(path))
    return path.read_bytes()


def report(tmp_path: Path) -> bytes:
    """A small report: text, a 5x5 table with vertical and horizontal merges, more text."""
    d = docx.Document()
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    d.add_paragraph("")
    t = d.add_table(rows=5, cols=5)
    # Header: a 2x2 corner label, "申请人情况" over three columns, then the column labels.
    t.cell(0, 0).merge(t.cell(1, 1)).text = "（本列数据的勾稽关系）"
    t.cell(0, 2).merge(t.cell(0, 4)).text = "申请人情况"
    label = t.cell(1, 3)
    label.text = "法人或其他"
    label.add_paragraph("组织")
    t.cell(1, 2).text = "自然人"
    t.cell(1, 4).text = "总计"
    # Body: a group label merged over three rows.
    t.cell(2, 0).merge(t.cell(4, 0)).text = "三、本年度办理结果"
    for row, (name, a, b, total) in enumerate(
        [
            ("（一）予以公开", "17", "２３", "40"),
            ("（二）部分公开", "5", "", "5"),
            ("（三）不予公开", "1", "8", "9"),
        ],
        start=2,
    ):
        t.cell(row, 1).text = name
        t.cell(row, 2).text = a
        t.cell(row, 3).text = b
        t.cell(row, 4).text = total
    p = d.add_paragraph("四、行政复议")
    p.add_run().add_break()
    p.add_run("Administrative review")
    d.add_table(rows=1, cols=2).cell(0, 1).text = "第二表"
    return save(d, tmp_path)


EXPECTED: list[list[Cell]] = [
    [("（本列数据的勾稽关系）", (0, 0, 0), False), ("申请人情况", (0, 0, 2), False)],
    [
        ("自然人", (0, 1, 2), False),
        ("法人或其他组织", (0, 1, 3), False),
        ("总计", (0, 1, 4), False),
    ],
    [
        ("三、本年度办理结果", (0, 2, 0), False),
        ("（一）予以公开", (0, 2, 1), False),
        ("17", (0, 2, 2), False),
        ("２３", (0, 2, 3), False),
        ("40", (0, 2, 4), False),
    ],
    [
        ("（二）部分公开", (0, 3, 1), False),
        ("5", (0, 3, 2), False),
        ("", (0, 3, 3), True),
        ("5", (0, 3, 4), False),
    ],
    [
        ("（三）不予公开", (0, 4, 1), False),
        ("1", (0, 4, 2), False),
        ("8", (0, 4, 3), False),
        ("9", (0, 4, 4), False),
    ],
    [("", (1, 0, 0), True), ("第二表", (1, 0, 1), False)],
]


def test_report_with_merged_cells(tmp_path: Path) -> None:
    doc = load_docx(report(tmp_path), "r.docx")
    assert doc.kind == "docx"
    assert doc.source == "r.docx"
    assert cells(doc) == EXPECTED
    assert [line.text for line in doc.lines if not line.in_table] == [
        "三、收到和处理政府信息公开申请情况",
        "四、行政复议",
        "Administrative review",
    ]
    # Body order: heading, five table rows, the paragraph's two lines, the second table.
    assert [line.in_table for line in doc.lines] == [False] + [True] * 5 + [False, False, True]


def test_merges_are_real_ooxml(tmp_path: Path) -> None:
    """The fixture really has gridSpan and vMerge, so the test above exercises them."""
    with zipfile.ZipFile(io.BytesIO(report(tmp_path))) as zf:
        xml = zf.read("word/document.xml").decode()
    assert 'w:gridSpan w:val="3"' in xml
    assert 'w:vMerge w:val="restart"' in xml
    assert "<w:vMerge/>" in xml


def test_grid_before_and_nested_table(tmp_path: Path) -> None:
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for col, text in enumerate(["甲", "乙", "丙"]):
        t.cell(0, col).text = text
    t.cell(1, 1).text = "6"
    t.cell(1, 2).text = "7"
    # Row 1 starts one grid column in: drop its first cell and declare w:gridBefore.
    tr = t.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    tr_pr = tr.get_or_add_trPr()
    grid_before = OxmlElement("w:gridBefore")
    grid_before.set(qn("w:val"), "1")
    tr_pr.insert(0, grid_before)
    inner = t.cell(0, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内"
    inner.cell(0, 1).text = "表"
    doc = load_docx(save(d, tmp_path), "x")
    assert cells(doc) == [
        [("甲", (0, 0, 0), False), ("乙", (0, 0, 1), False), ("丙内表", (0, 0, 2), False)],
        [("6", (0, 1, 1), False), ("7", (0, 1, 2), False)],
    ]


def test_vmerge_continue_without_restart_is_kept(tmp_path: Path) -> None:
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "3"
    t.cell(0, 1).text = "4"
    tc_pr = t.cell(0, 0)._tc.get_or_add_tcPr()
    tc_pr.append(OxmlElement("w:vMerge"))
    assert cells(load_docx(save(d, tmp_path), "x")) == [
        [("3", (0, 0, 0), False), ("4", (0, 0, 1), False)]
    ]


def test_truncated_docx(tmp_path: Path) -> None:
    data = report(tmp_path)
    with pytest.raises(ReadError) as err:
        load_docx(data[: len(data) // 2], "x")
    assert err.value.diagnostic.code == "R005"
    assert err.value.diagnostic.severity == "fatal"


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04" + b"\x00" * 40])
def test_garbage_docx(data: bytes) -> None:
    with pytest.raises(ReadError) as err:
        load_docx(data, "x")
    assert err.value.diagnostic.code == "R005"


def test_zip_without_document(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "你好")
    with pytest.raises(ReadError) as err:
        load_docx(buf.getvalue(), "x")
    assert err.value.diagnostic.code == "R005"


def test_empty_docx() -> None:
    with pytest.raises(ReadError) as err:
        load_docx(b"", "x")
    assert err.value.diagnostic.code == "R002"


def test_old_doc_format() -> None:
    with pytest.raises(ReadError) as err:
        load_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "x")
    assert err.value.diagnostic.code == "R004"


def test_entity_declaration_is_rejected(tmp_path: Path) -> None:
    original = report(tmp_path)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                head, rest = data.split(b"?>", 1)
                data = head + b'?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>' + rest
            dst.writestr(info, data)
    with pytest.raises(ReadError) as err:
        load_docx(buf.getvalue(), "x")
    assert err.value.diagnostic.code == "R005"
    assert "不安全的 XML 实体声明" in err.value.diagnostic.message
