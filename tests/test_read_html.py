"""Tests of the HTML reader: decoding, running text, and table grids."""

from __future__ import annotations

import codecs

import pytest

from gongkai.diagnostics import ReadError
from gongkai.read.document import Document
from gongkai.read.html import join_pieces, load_html

Cell = tuple[str, tuple[int, int, int] | None, bool]


def cells(doc: Document) -> list[list[Cell]]:
    """Every table row as (text, table_cell, blank) triples."""
    return [
        [(f.text, f.table_cell, f.blank) for f in line.fragments]
        for line in doc.lines
        if line.in_table
    ]


def texts(doc: Document) -> list[str]:
    """The running-text lines (outside tables)."""
    return [line.text for line in doc.lines if not line.in_table]


TABLE_3 = """
<table border="1">
  <tr><td rowspan="3" colspan="3">
        （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
      <td colspan="7">申请人情况</td></tr>
  <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他<br>组织</td>
      <td rowspan="2">总计</td></tr>
  <tr><td>商业<br/>企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
  <tr><td colspan="3">一、本年新收政府信息公开申请数量</td>
      <td>11</td><td>12</td><td>１３</td><td>14</td><td>15</td><td>16</td><td>81</td></tr>
  <tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>
      <td>21</td><td>22</td><td>23</td><td>24</td><td>25</td><td>26</td><td>141</td></tr>
  <tr><td colspan="2">（二）部分公开</td>
      <td>31</td><td>&nbsp;</td><td>33</td><td>\u3000</td><td> </td><td>36</td><td>100</td></tr>
  <tr><td>（三）不予公开</td><td>1.属于<p>国家秘密</p></td>
      <td>41</td><td>42</td><td>43</td><td>44</td><td>45</td><td>46</td><td>261</td></tr>
</table>
"""

EXPECTED_3: list[list[Cell]] = [
    [
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", (0, 0, 0), False),
        ("申请人情况", (0, 0, 3), False),
    ],
    [
        ("自然人", (0, 1, 3), False),
        ("法人或其他组织", (0, 1, 4), False),
        ("总计", (0, 1, 9), False),
    ],
    [
        ("商业企业", (0, 2, 4), False),
        ("科研机构", (0, 2, 5), False),
        ("社会公益组织", (0, 2, 6), False),
        ("法律服务机构", (0, 2, 7), False),
        ("其他", (0, 2, 8), False),
    ],
    [("一、本年新收政府信息公开申请数量", (0, 3, 0), False)]
    + [
        (v, (0, 3, c), False)
        for v, c in zip(["11", "12", "１３", "14", "15", "16", "81"], range(3, 10), strict=True)
    ],
    [("三、本年度办理结果", (0, 4, 0), False), ("（一）予以公开", (0, 4, 1), False)]
    + [
        (str(v), (0, 4, c), False)
        for v, c in zip([21, 22, 23, 24, 25, 26, 141], range(3, 10), strict=True)
    ],
    [
        ("（二）部分公开", (0, 5, 1), False),
        ("31", (0, 5, 3), False),
        ("", (0, 5, 4), True),
        ("33", (0, 5, 5), False),
        ("", (0, 5, 6), True),
        ("", (0, 5, 7), True),
        ("36", (0, 5, 8), False),
        ("100", (0, 5, 9), False),
    ],
    [("（三）不予公开", (0, 6, 1), False), ("1.属于国家秘密", (0, 6, 2), False)]
    + [
        (str(v), (0, 6, c), False)
        for v, c in zip([41, 42, 43, 44, 45, 46, 261], range(3, 10), strict=True)
    ],
]


def page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>标题不读</title></head><body>{body}</body></html>"
    )


def test_statistical_table_grid() -> None:
    doc = load_html(page("<p>三、收到和处理政府信息公开申请情况</p>" + TABLE_3).encode(), "t.html")
    assert doc.kind == "html"
    assert doc.source == "t.html"
    assert texts(doc) == ["三、收到和处理政府信息公开申请情况"]
    assert cells(doc) == EXPECTED_3
    assert all(line.in_table for line in doc.lines[1:])


def test_gbk_bytes_with_meta_charset() -> None:
    # 喆 and 镕 are in GBK but not in GB2312: a gb2312 declaration is read as GB18030.
    html = page(
        "<p>张喆、朱镕：２０２２年度报告</p><table><tr><td>合计</td><td>１２</td></tr></table>",
        head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    )
    doc = load_html(html.encode("gbk"), "gbk.html")
    assert texts(doc) == ["张喆、朱镕：２０２２年度报告"]
    assert cells(doc) == [[("合计", (0, 0, 0), False), ("１２", (0, 0, 1), False)]]


def test_gbk_meta_charset_short_form() -> None:
    doc = load_html(page("<p>政府信息公开</p>", head="<meta charset=GBK>").encode("gbk"), "x")
    assert texts(doc) == ["政府信息公开"]


def test_undeclared_gbk_is_detected() -> None:
    body = (
        "<p>沙坡头区科学技术局2022年政府信息公开工作年度报告</p>"
        "<p>本机关2022年未收到政府信息公开申请，未发生行政复议和行政诉讼案件。</p>"
        "<p>主动公开法治建设、政策文件、业务工作等各类信息，自觉接受群众监督。</p>"
    )
    doc = load_html(f"<html><body>{body}</body></html>".encode("gbk"), "x")
    assert texts(doc)[0] == "沙坡头区科学技术局2022年政府信息公开工作年度报告"


def test_bom_wins_over_declaration() -> None:
    data = codecs.BOM_UTF16_LE + page("<p>年度报告</p>", head="<meta charset=gbk>").encode(
        "utf-16-le"
    )
    assert texts(load_html(data, "x")) == ["年度报告"]


def test_wrong_declaration_falls_back_to_utf8() -> None:
    data = page("<p>年度报告</p>", head="<meta charset=iso-8859-1>").encode("utf-8")
    assert texts(load_html(data, "x")) == ["年度报告"]


def test_undecodable_bytes() -> None:
    with pytest.raises(ReadError) as err:
        load_html(bytes(range(256)) * 3, "x")
    assert err.value.diagnostic.code == "R009"


@pytest.mark.parametrize("data", [b"", b"   \r\n\t ", codecs.BOM_UTF8 + b" \n", b"<!-- only -->"])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(ReadError) as err:
        load_html(data, "x")
    assert err.value.diagnostic.code == "R002"


def test_running_text() -> None:
    body = """
      前言文字 <span>本机关</span><span>2022</span>年
      <script>document.write("脚本不读")</script><style>p { color: red }</style>
      <!-- 注释不读 -->
      <div>外层<div>内层一</div>外层尾<div><div>深层</div></div></div>
      <p>第一行<br>第 二 行<br/><br/>Third line</p>
      <h2>二、主动公开政府信息情况</h2>
      <ul><li>条目甲</li><li>条目乙</li></ul>
      <p> &nbsp; \u3000 </p>
      结尾
    """
    doc = load_html(page(body).encode(), "x")
    assert texts(doc) == [
        "前言文字本机关2022年",
        "外层",
        "内层一",
        "外层尾",
        "深层",
        "第一行",
        "第二行",
        "Third line",
        "二、主动公开政府信息情况",
        "条目甲",
        "条目乙",
        "结尾",
    ]
    assert all(len(line.fragments) == 1 for line in doc.lines)
    assert all(line.fragments[0].table_cell is None for line in doc.lines)


def test_row_groups_th_and_table_index() -> None:
    body = """
      <table><tr><td>表一</td><td>7</td></tr></table>
      <p>中间</p>
      <table>
        <caption>表二标题</caption>
        <thead><tr><th>项目</th><th colspan="2">数量</th></tr></thead>
        <tbody><tr><th rowspan="5">行政复议</th><td>3</td><td>4</td></tr>
               <tr><td>5</td><td>6</td></tr></tbody>
        <tfoot><tr><td>合计</td><td>8</td><td>9</td></tr></tfoot>
      </table>
    """
    doc = load_html(page(body).encode(), "x")
    assert [line.text for line in doc.lines] == [
        "表一\t7",
        "中间",
        "表二标题",
        "项目\t数量",
        "行政复议\t3\t4",
        "5\t6",
        "合计\t8\t9",
    ]
    assert cells(doc)[1:] == [
        [("项目", (1, 0, 0), False), ("数量", (1, 0, 1), False)],
        [("行政复议", (1, 1, 0), False), ("3", (1, 1, 1), False), ("4", (1, 1, 2), False)],
        # The rowspan stops at the end of its row group (tbody).
        [("5", (1, 2, 1), False), ("6", (1, 2, 2), False)],
        [("合计", (1, 3, 0), False), ("8", (1, 3, 1), False), ("9", (1, 3, 2), False)],
    ]


def test_rowspan_zero_and_bad_spans() -> None:
    body = """<table>
      <tr><td rowspan="0">甲</td><td colspan="x">2</td><td>3</td></tr>
      <tr><td>4</td><td>5</td></tr>
    </table>"""
    assert cells(load_html(page(body).encode(), "x")) == [
        [("甲", (0, 0, 0), False), ("2", (0, 0, 1), False), ("3", (0, 0, 2), False)],
        [("4", (0, 1, 1), False), ("5", (0, 1, 2), False)],
    ]


def test_nested_table_does_not_crash() -> None:
    body = """<table><tr><td>外<table><tr><td>内一</td><td>内二</td></tr></table>尾</td>
      <td>9</td></tr></table><table><tr><td>后表</td></tr></table>"""
    assert cells(load_html(page(body).encode(), "x")) == [
        [("外尾", (0, 0, 0), False), ("9", (0, 0, 1), False)],
        [("内一", (1, 0, 0), False), ("内二", (1, 0, 1), False)],
        [("后表", (2, 0, 0), False)],
    ]


def test_no_external_entities() -> None:
    data = b'<!DOCTYPE html [<!ENTITY e SYSTEM "file:///etc/passwd">]><p>&e;X</p>'
    doc = load_html(data, "x")
    assert all("root:" not in line.text for line in doc.lines)


def test_join_pieces() -> None:
    assert join_pieces(["法人或其他", "组织"]) == "法人或其他组织"
    assert join_pieces(["Total", "合计"]) == "Total 合计"
    assert join_pieces(["（一）", " 予以公开 "]) == "（一）予以公开"
    assert join_pieces(["\xa0", "\u3000", "\u200b"]) == ""
