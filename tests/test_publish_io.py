"""Import and export of a publication list: XLSX and CSV round trips of random lists, every kind
of bad row in both sheets (all listed, nothing imported), the trail replayed through the
domain's workflow, a clerk's own sheets, the merge rule for stored trails, and the documented
column layout."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.publish import (
    CHANNELS,
    KINDS,
    SECRECY_CHECKLIST,
    Attribute,
    Decision,
    PublicationItem,
    Workflow,
    correct,
)
from gongkai.publish.io import (
    PublicationFileError,
    PublishPart,
    export_files,
    read_files,
    sheet,
    sheets,
)
from gongkai.publish.io.docs import publish_page
from gongkai.publish.io.merge import check_merge
from gongkai.publish.io.values import channel
from gongkai.publish.model import CHANNEL_FORMS
from gongkai.register.io.values import (
    datetime_text,
    parse_datetime,
    parse_ordinal,
    parse_texts,
    parse_yes_no,
)
from tests.publish_factory import SHORT_WORKFLOW, random_items

ROOT = Path(__file__).resolve().parents[1]
AGENCY = "某市人民政府办公室"
ITEMS, REVIEWS = sheet(PublishPart.items), sheet(PublishPart.reviews)
NO = dict.fromkeys(SECRECY_CHECKLIST, "否")


def _export(items: list[PublicationItem], path: Path) -> list[Path]:
    files = export_files(items, path)
    for target, data in files.items():
        target.write_bytes(data)
    return list(files)


def _xlsx(path: Path, sheets_: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets_.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def item_row(**cells: Any) -> list[Any]:
    return [cells.get(h) for h in ITEMS.headers]


def review_row(**cells: Any) -> list[Any]:
    return [cells.get(h) for h in REVIEWS.headers]


def _errors(paths: list[Path], workflow: Workflow | None = None) -> list[str]:
    with pytest.raises(PublicationFileError) as caught:
        read_files(paths, AGENCY, workflow)
    return [str(e) for e in caught.value.errors]


# ---------------------------------------------------------------------------- round trips

@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_gives_the_same_items(tmp_path, seed, suffix):
    items = random_items(seed)
    # varied, non-zero data: every kind and channel, returns, corrections, legacy items, years
    assert {i.kind for i in items} == set(KINDS)
    assert {c for i in items for c in i.channels} == set(CHANNELS)
    assert {i.attribute for i in items} == set(Attribute)
    assert {i.published.year for i in items if i.published} >= {2022, 2023, 2024, 2025}
    entries = [e for i in items for e in i.trail]
    assert len(entries) > 500
    assert Counter(e.decision for e in entries)[Decision.returned] > 50
    assert sum(1 for e in entries if e.corrects) > 20
    assert any(e.corrects and i.published and e.at.date() > i.published
               for i in items for e in i.trail)  # corrected after publication
    assert sum(1 for i in items if i.published and not i.trail) > 10  # published before gongkai
    assert sum(1 for i in items if i.trail and not i.published) > 10  # under review, withheld
    files = _export(items, tmp_path / f"发布{suffix}")
    assert [p.name for p in files] == (
        [f"发布{suffix}"] if suffix == ".xlsx" else ["发布-信息.csv", "发布-审核记录.csv"])
    imported = read_files(files, AGENCY)
    assert imported.warnings == []
    assert imported.parts == (PublishPart.items, PublishPart.reviews)
    assert imported.items == items
    assert len(imported.replayed.entry_rows) == len(entries)


def test_round_trip_under_an_agencys_own_steps(tmp_path):
    items = random_items(4, count=40, workflow=SHORT_WORKFLOW)
    files = _export(items, tmp_path / "短流程.xlsx")
    assert read_files(files, AGENCY, SHORT_WORKFLOW).items == items
    errors = _errors(files)  # under the default steps the trail is out of turn
    assert errors and all(e.startswith("审核记录 第 ") for e in errors)
    assert any("当前应进行“校对”，而不是“保密审查”" in e for e in errors)


def test_only_the_items_for_the_figures(tmp_path):
    items = random_items(5, count=60)
    files = _export(items, tmp_path / "发布.csv")
    only = read_files([files[0]], AGENCY, parts=(PublishPart.items,))
    assert only.parts == (PublishPart.items,)
    assert [(i.key, i.published, i.channels) for i in only.items] == [
        (i.key, i.published, i.channels) for i in items]
    assert all(i.trail == [] for i in only.items)
    workbook = _export(items, tmp_path / "发布.xlsx")
    assert read_files(workbook, AGENCY, parts=(PublishPart.items,)).items == only.items
    assert "审核记录须与信息一起导入" in _errors([files[1]])[0]


def test_exported_cells_keep_their_types(tmp_path):
    item = PublicationItem("=1+1", "工作动态", number="001")
    item.submissions = [datetime(2025, 3, 2, 9, 0), datetime(2025, 3, 3, 9, 0, 0, 250)]
    (path,) = _export([item], tmp_path / "t.xlsx")
    book = load_workbook(path)
    ws = book["信息"]
    assert [c.value for c in ws[1]] == list(ITEMS.headers)
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"
    assert ws["C2"].value == "001"
    trail = book["审核记录"]
    assert trail["D2"].value == datetime(2025, 3, 2, 9, 0)  # a date-time cell
    assert trail["D3"].value == "2025-03-03 09:00:00.000250"  # exact, as text
    assert read_files([path], AGENCY).items[0].submissions == item.submissions


# ------------------------------------------------------------------------------- bad rows

BAD_ITEMS = [
    item_row(标题="关于开展科普活动的通知", 类别="部门文件", 文号="某发〔2025〕1号",
             发布渠道="政府网站；政务微信", 起草日期="2025-03-01", 发布日期="2025-03-05"),  # 2
    item_row(标题="工作动态一则", 类别="工作动态", 发布渠道="网站", 发布日期="2025-02-30"),
    item_row(标题="内部会议纪要", 类别="其他", 公开属性="不予公开"),
    item_row(标题="某公示", 类别="公示公告", 公开属性="不予公开", 不公开理由="涉及个人隐私",
             发布日期="2025-03-02", 发布渠道="政府网站"),
    item_row(标题="另一通知", 类别="部门文件", 文号="某发〔2025〕1号"),
    item_row(标题="某办法解读", 类别="工作动态", 解读对象="某发〔2025〕1号"),
    item_row(标题="旧文件", 类别="规范性文件", 文号="某规〔2020〕1号", 印发日期="2020-05-01",
             废止日期="2019-01-01"),
    item_row(标题="无渠道", 类别="工作动态", 发布日期="2025-01-02"),
    item_row(标题=None, 类别="工作动态"),
    item_row(标题="未审完", 类别="工作动态", 发布日期="2025-03-09", 发布渠道="政府网站"),
    item_row(标题="属性乱写", 类别="工作动态", 公开属性="半公开"),
    item_row(标题="先发后写", 类别="工作动态", 起草日期="2025-03-09", 发布日期="2025-03-01",
             发布渠道="政府网站"),
    item_row(标题="保密清单错填", 类别="工作动态"),  # 14
    item_row(标题="时间倒序", 类别="工作动态"),  # 15
    item_row(标题="退回无意见", 类别="工作动态"),  # 16
]
BAD_REVIEWS = [
    review_row(标题或文号="某发〔2025〕1号", 步骤="提交审核", 时间="2025-03-01 09:00"),  # 2
    review_row(标题或文号="某发〔2025〕1号", 步骤="初审", 时间="2025-03-01 10:00",
               审核人="王科员", 结论="通过"),
    review_row(标题或文号="某发〔2025〕1号", 步骤="审发", 时间="2025-03-01 11:00",
               审核人="李局长", 结论="通过"),
    review_row(标题或文号="不存在的信息", 步骤="初审", 时间="2025-03-01 10:00", 审核人="王科员",
               结论="通过"),
    review_row(标题或文号="退回无意见", 步骤="初审", 时间="2025-03-02 10:00", 审核人="王科员",
               结论="退回"),
    review_row(标题或文号="未审完", 步骤="复核", 时间="2025-03-02 10:00", 审核人="王科员",
               结论="通过"),
    review_row(标题或文号="未审完", 步骤="初审", 时间="明天", 审核人="王科员", 结论="通过"),
    review_row(标题或文号="未审完", 步骤="初审", 时间="2025-03-03 10:00", 结论="通过"),
    review_row(标题或文号="未审完", 步骤="提交审核", 时间="2025-03-03 10:00", 结论="通过"),
    review_row(标题或文号="保密清单错填", 步骤="初审", 时间="2025-03-03 11:00", 审核人="王科员",
               结论="同意", 是否涉及国家秘密="否"),
    review_row(标题或文号="未审完", 步骤="初审", 时间="2025-03-03 11:00", 审核人="王科员",
               结论="通过", 是否涉及国家秘密="也许"),
    review_row(标题或文号="未审完", 步骤="初审", 时间="2025-03-03 11:00", 审核人="王科员",
               结论="通过", 更正记录编号="0"),
    review_row(标题或文号="旧文件", 步骤="初审", 时间="2025-03-03 11:00", 审核人="王科员",
               结论="通过"),  # 14: its item's row is bad: not reported again
    review_row(标题或文号="时间倒序", 步骤="初审", 时间="2025-03-03 10:00", 审核人="王科员",
               结论="通过"),
    review_row(标题或文号="时间倒序", 步骤="校对", 时间="2025-03-03 08:00", 审核人="校对员",
               结论="通过"),
]
BAD_EXPECTED = [
    "信息 第 3 行：发布日期“2025-02-30”不是有效的日期",
    "信息 第 4 行：“内部会议纪要”的公开属性为不予公开，须写明理由和依据",
    "信息 第 5 行：“某公示”的公开属性为不予公开，不能主动公开",
    "信息 第 6 行：文号“某发〔2025〕1号”与第 2 行重复",
    "信息 第 7 行：只有“政策解读”填写解读对象（这一行的类别是“工作动态”）",
    "信息 第 8 行：废止日期（2019-01-01）早于印发日期（2020-05-01）",
    "信息 第 9 行：须至少选择一个发布渠道",
    "信息 第 10 行：标题为空",
    "信息 第 12 行：公开属性“半公开”无法识别，应为“主动公开”、“依申请公开”、“不予公开”之一",
    "信息 第 13 行：发布日期早于起草日期",
    "审核记录 第 4 行：“关于开展科普活动的通知”当前应进行“校对”，而不是“审发”",
    "审核记录 第 5 行：标题或文号“不存在的信息”在“信息”表中没有",
    "审核记录 第 6 行：退回时须写明意见",
    "审核记录 第 7 行：步骤“复核”不是本机关的审核步骤（应为“初审”、“校对”、“保密审查”、"
    "“审核”、“审发”或“提交审核”）",
    "审核记录 第 8 行：时间“明天”不是日期时间，应写作 2024-03-05 14:30、2024/3/5 14:30:05 或 "
    "2024年3月5日14时30分（也可只写日期）",
    "审核记录 第 9 行：审核人为空",
    "审核记录 第 10 行：“提交审核”的行不填结论",
    "审核记录 第 11 行：只有“保密审查”填写保密审查清单（这一行的步骤是“初审”）",
    "审核记录 第 12 行：是否涉及国家秘密“也许”应为“是”或“否”",
    "审核记录 第 13 行：更正记录编号“0”不是编号（应为 1、2、3……）",
    "审核记录 第 16 行：时间早于该信息的上一条审核记录（第 15 行）：审核记录应按时间先后排列",
]


def test_every_bad_row_of_both_sheets_is_reported(tmp_path):
    path = _xlsx(tmp_path / "bad.xlsx", {"信息": [list(ITEMS.headers), *BAD_ITEMS],
                                         "审核记录": [list(REVIEWS.headers), *BAD_REVIEWS]})
    assert _errors([path]) == BAD_EXPECTED


@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "utf-8-sig"])
def test_every_bad_row_of_csv_files_is_reported(tmp_path, encoding):
    paths = []
    for name, header, rows in (("a.csv", ITEMS.headers, BAD_ITEMS),
                               ("b.csv", REVIEWS.headers, BAD_REVIEWS)):
        out = io.StringIO(newline="")
        csv.writer(out).writerows([list(header), *rows])
        paths.append(tmp_path / name)
        paths[-1].write_bytes(out.getvalue().encode(encoding))
    assert _errors(paths[::-1]) == BAD_EXPECTED  # the order of the files does not matter


def _good_trail(ref: str, start: int = 9) -> list[list[Any]]:
    """A whole pass through the default steps on 2025-03-02."""
    rows = [review_row(标题或文号=ref, 步骤="提交审核", 时间=f"2025-03-02 {start:02d}:00")]
    for n, step in enumerate(Workflow().steps, 1):
        extra = NO if step == "保密审查" else {}
        rows.append(review_row(标题或文号=ref, 步骤=step, 时间=f"2025-03-02 {start:02d}:{n:02d}",
                               审核人="王科员", 结论="通过", **extra))
    return rows


def test_a_returned_secrecy_review_is_corrected_to_a_pass_only_with_a_clear_checklist(
        tmp_path):
    """A file cannot turn a secrecy review returned for a 是 into a pass: the correcting row
    answers the whole checklist afresh, every answer 否."""
    items = [item_row(标题="某补偿名单", 类别="公示公告")]
    flagged = {**NO, "是否涉及个人隐私": "是"}
    head = [
        *_good_trail("某补偿名单")[:3],  # 2 submitted, 3 初审 and 4 校对 passed
        review_row(标题或文号="某补偿名单", 步骤="保密审查", 时间="2025-03-02 10:00",
                   审核人="保密员", 结论="退回", 意见="含身份证号", **flagged),  # 5: entry 3
    ]

    def errors_with(**answers: str) -> list[str]:
        fix = review_row(标题或文号="某补偿名单", 步骤="保密审查", 时间="2025-03-02 11:00",
                         审核人="保密员", 结论="通过", 意见="误点退回", 更正记录编号=3,
                         **answers)  # 6
        path = _xlsx(tmp_path / "t.xlsx", {"信息": [list(ITEMS.headers), *items],
                                           "审核记录": [list(REVIEWS.headers), *head, fix]})
        try:
            read_files([path], AGENCY)
        except PublicationFileError as exc:
            return [str(e) for e in exc.errors]
        return []

    assert errors_with() == [
        "审核记录 第 6 行：将“保密审查”更正为通过，须重新填写完整的保密审查清单"]
    assert errors_with(**flagged) == [
        "审核记录 第 6 行：保密审查清单中“是否涉及个人隐私”答“是”，不能通过"]
    assert errors_with(**NO) == []


def test_trail_rules_are_the_domains(tmp_path):
    """Each item's trail is replayed through the domain's workflow; an item's first refused
    row is reported (what its later rows may do depends on it)."""
    titles = ("甲", "乙", "丙", "丁", "戊", "己")
    items = [item_row(标题=t, 类别="工作动态", 发布日期="2025-03-02", 发布渠道="政府网站")
             for t in titles]
    flagged = {**NO, "是否涉及个人隐私": "是"}
    trail = [
        *_good_trail("甲")[:3],  # 2-4; 甲 is published without 保密审查, 审核, 审发
        *_good_trail("乙")[:3],  # 5-7
        review_row(标题或文号="乙", 步骤="保密审查", 时间="2025-03-02 10:00", 审核人="保密员",
                   结论="通过", **flagged),  # 8
        review_row(标题或文号="乙", 步骤="保密审查", 时间="2025-03-02 10:10", 审核人="保密员",
                   结论="通过", **NO),  # 9: not judged
        *_good_trail("丙"),  # 10-15
        review_row(标题或文号="丙", 步骤="审发", 时间="2025-03-02 12:00", 审核人="李局长",
                   结论="退回", 意见="补充附件", 更正记录编号=9),  # 16: no entry 9
        *_good_trail("丁"),  # 17-22
        review_row(标题或文号="丁", 步骤="初审", 时间="2025-03-03 12:00", 审核人="李局长",
                   结论="退回", 意见="补充附件", 更正记录编号=5),  # 23: not the same step
        *_good_trail("戊"),  # 24-29
        review_row(标题或文号="戊", 步骤="审核", 时间="2025-03-03 12:30", 审核人="李局长",
                   结论="通过", 意见="误填"),  # 30: after publication
        *_good_trail("己"),  # 31-36
        review_row(标题或文号="己", 步骤="审发", 记录编号=8, 时间="2025-03-04 12:00",
                   审核人="李局长", 结论="通过", 意见="签名笔误", 更正记录编号=5),  # 37
    ]
    path = _xlsx(tmp_path / "t.xlsx", {"信息": [list(ITEMS.headers), *items],
                                       "审核记录": [list(REVIEWS.headers), *trail]})
    assert _errors([path]) == [
        "信息 第 2 行：“甲”尚未通过“保密审查”，不能发布",
        "审核记录 第 8 行：保密审查清单中“是否涉及个人隐私”答“是”，不能通过"
        "（该信息此后的审核记录未再检查）",
        "审核记录 第 16 行：没有编号为 9 的审核记录",
        "审核记录 第 23 行：更正记录的步骤应与第 5 条记录相同（“审发”）",
        "审核记录 第 30 行：“戊”当前没有待审核的步骤",
        "审核记录 第 37 行：记录编号应为 6（这是该信息的第 6 条结论）",
    ]
    fixed = [r for n, r in enumerate(trail, 2) if n not in (8, 16, 23, 30, 37)]
    fixed += [*_good_trail("甲")[3:], *_good_trail("乙", start=11)[4:]]
    path = _xlsx(tmp_path / "t.xlsx", {"信息": [list(ITEMS.headers), *items],
                                       "审核记录": [list(REVIEWS.headers), *fixed]})
    imported = read_files([path], AGENCY)
    assert all(i.published == date(2025, 3, 2) for i in imported.items)
    assert [len(i.trail) for i in imported.items] == [5, 5, 5, 5, 5, 5]


def test_missing_columns_and_unreadable_files(tmp_path):
    path = _xlsx(tmp_path / "x.xlsx", {"信息": [["标题", "备注"], ["甲", "x"]],
                                       "审核记录": [["标题或文号", "结论"], ["甲", "通过"]]})
    assert _errors([path]) == ["信息 第 1 行：缺少“类别”列", "审核记录 第 1 行：缺少“步骤”列",
                               "审核记录 第 1 行：缺少“时间”列"]
    fake = tmp_path / "y.xlsx"
    fake.write_text("not a workbook")
    assert _errors([fake]) == ["y.xlsx：不是有效的 Excel（.xlsx）文件"]
    unknown = tmp_path / "u.csv"
    unknown.write_text("甲,乙\n1,2\n", encoding="utf-8")
    assert _errors([unknown]) == ["u.csv 第 1 行：无法从表头判断是“信息”还是“审核记录”：请检查表头"]
    assert "不支持的文件类型" in _errors([tmp_path / "z.pdf"])[0]
    nothing = _xlsx(tmp_path / "n.xlsx", {"说明": [["本表说明"]]})
    assert "没有可导入的工作表" in _errors([nothing])[0]
    twice = _xlsx(tmp_path / "t.xlsx", {"信息": [["标题", "类别"]], "Sheet2": [["标题", "类别"]],
                                        "审核记录": [list(REVIEWS.headers)]})
    assert read_files([twice], AGENCY).items == []


# -------------------------------------------------------------------------- what is read

def test_every_documented_channel_spelling_is_read_as_its_channel():
    """The channel column's description names every common spelling the reader accepts, each
    with the channel it counts as; upper case counts the same (政务APP)."""
    described = sheet(PublishPart.items).column("channels").zh
    for form, usual in CHANNEL_FORMS.items():
        assert channel(form.upper()) == (usual, True), form
        assert f"“{form}”" in described.split(f"按“{usual}”")[0], form
    assert "“客户端”“政务app”按“政务客户端”" in described and "“报纸”按“报刊”" in described
    assert channel("电子屏") == ("电子屏", False)



def test_a_clerks_own_sheets(tmp_path):
    """Other sheet names and headers, columns in another order, blank rows, common spellings of
    kinds and channels, unusual ones kept with a warning, a trail without 提交审核 rows, a
    resubmission after a return, times as dates or Excel date-time cells, a title for a
    numbered item."""
    items = [
        ["信息名称", "分类", "发文字号", "公开渠道", "公开日期", "成文日期", "备注"],
        ["关于某办法的通知", "规范性文件", "某规〔2025〕2号", "网站、微信公众号", "2025/3/5",
         "2025年3月4日", "急"],
        [None] * 7,
        ["《某办法》解读", "解读", None, "门户网站", "2025-03-05", None, None],
        ["捐赠情况", "慈善信息", None, "电子屏；政府网站", "2025-03-06", None, None],
    ]
    trail = [["信息", "审核步骤", "审核时间", "审核人员", "审核结论", "审核意见",
              *SECRECY_CHECKLIST]]
    for ref in ("关于某办法的通知", "捐赠情况"):  # by title, for the numbered one too
        trail += [[ref, "初审", "2025-03-03", "王科员", "退回", "请补充依据", *[None] * 6],
                  [ref, "初审", datetime(2025, 3, 4, 9), "王科员", "同意", None, *[None] * 6],
                  [ref, "校对", datetime(2025, 3, 4, 10), "校对员", "通过", None, *[None] * 6],
                  [ref, "保密审查", "2025年3月4日11时", "保密员", "通过", None, *["否"] * 6],
                  [ref, "审核", 45720.5, "李科长", "通过", None, *[None] * 6],
                  [ref, "审发", "2025-03-04 13:00", "陈局长", "通过", None, *[None] * 6]]
    path = _xlsx(tmp_path / "clerk.xlsx", {"Sheet1": items, "Sheet2": trail})
    imported = read_files([path], AGENCY)
    doc, interp, gift = imported.items
    assert (doc.kind, doc.channels, doc.issued) == (
        "行政规范性文件", ("政府网站", "政务微信"), date(2025, 3, 4))
    assert (interp.kind, interp.interpretation_of) == ("政策解读", None)
    assert (gift.kind, gift.channels) == ("慈善信息", ("电子屏", "政府网站"))
    assert len(doc.submissions) == 2 and doc.submissions[1] == datetime(2025, 3, 4, 9)
    assert [e.decision for e in doc.trail] == [Decision.returned] + [Decision.passed] * 5
    assert doc.trail[4].at == datetime(2025, 3, 4, 12) and doc.published == date(2025, 3, 5)
    assert gift.trail == [dataclasses.replace(e) for e in doc.trail]
    warnings = "\n".join(imported.warnings)
    for expected in ("工作表“Sheet1”按表头作为“信息”导入",
                     "工作表“Sheet2”按表头作为“审核记录”导入",
                     "忽略了不认识的列“备注”",
                     "类别“慈善信息”不是常用类别，按原样计数（第 5 行）",
                     "发布渠道“电子屏”不是常用渠道",
                     "政策解读没有填写解读对象，无法与文件对应（第 4 行）"):
        assert expected in warnings, warnings


def test_cell_parsers_shared_with_the_register():
    for spelling in ("2025-03-02 14:30", "2025/3/2 14:30:00", "2025年3月2日14时30分",
                     "２０２５－０３－０２　１４：３０", "2025年3月2日 14点30",
                     datetime(2025, 3, 2, 14, 30), 45718.6041666667):
        assert parse_datetime(spelling) == datetime(2025, 3, 2, 14, 30), spelling
    assert parse_datetime("2025-03-02") == datetime(2025, 3, 2)
    assert parse_datetime(date(2025, 3, 2)) == datetime(2025, 3, 2)
    assert parse_datetime("2025-03-02T14:30:05.5") == datetime(2025, 3, 2, 14, 30, 5, 500000)
    for bad, message in (("2025-03-02 24:00", "不是有效的时间"), ("下午三点", "不是日期时间"),
                         ("1800-01-01 10:00", "年份不合理")):
        with pytest.raises(ValueError, match=message):
            parse_datetime(bad)
    assert datetime_text(datetime(2025, 3, 2, 14, 30)) == "2025-03-02 14:30"
    assert datetime_text(datetime(2025, 3, 2, 14, 30, 5)) == "2025-03-02 14:30:05"
    assert [parse_yes_no(x) for x in ("是", "否", True, "FALSE", "y")] == [
        True, False, True, False, True]
    with pytest.raises(ValueError, match="应为“是”或“否”"):
        parse_yes_no("不确定")
    assert parse_ordinal("3") == 3
    for bad in ("0", "-1", "1.5", "第一"):
        with pytest.raises(ValueError, match="不是编号"):
            parse_ordinal(bad)
    assert parse_texts("政府网站；政务微信;政务微博、报刊，\n广播电视") == [
        "政府网站", "政务微信", "政务微博", "报刊", "广播电视"]


# -------------------------------------------------------------- merging into a stored list

def test_a_stored_trail_can_only_grow(tmp_path):
    items = random_items(6, count=30)
    reviewed = next(i for i in items if len(i.trail) >= 6 and i.published)
    stored = [dataclasses.replace(i, trail=list(i.trail), submissions=list(i.submissions))
              for i in items]
    imported = read_files(_export(items, tmp_path / "a.xlsx"), AGENCY)
    check_merge(stored, imported)  # the same trail: fine
    grown = dataclasses.replace(reviewed, trail=list(reviewed.trail))
    next_year = datetime(reviewed.published.year + 1, 1, 5, 9)
    correct(grown, 1, reviewer="李局长", at=next_year, decision=Decision.passed, comment="补记")
    more = read_files(_export([grown if i is reviewed else i for i in items],
                              tmp_path / "b.xlsx"), AGENCY)
    check_merge(stored, more)  # a new correction after the kept entries: fine

    changed = dataclasses.replace(reviewed, trail=list(reviewed.trail))
    changed.trail[2] = dataclasses.replace(changed.trail[2], reviewer="改过的名字")
    edited = read_files(_export([changed if i is reviewed else i for i in items],
                                tmp_path / "c.xlsx"), AGENCY)
    with pytest.raises(PublicationFileError) as caught:
        check_merge(stored, edited)
    (error,) = caught.value.errors
    assert error.sheet == "审核记录" and error.row == edited.replayed.entry_rows[(reviewed.key, 3)]
    assert "第 3 条审核记录" in error.message and "不能修改或删除" in error.message

    without = read_files(_export(items, tmp_path / "d.csv")[:1], AGENCY)
    with pytest.raises(PublicationFileError) as caught:
        check_merge(stored, without)
    assert {e.sheet for e in caught.value.errors} == {"信息"}
    assert len(caught.value.errors) == sum(1 for i in items if i.trail or i.submissions)
    assert "没有“审核记录”表" in caught.value.errors[0].message


# ------------------------------------------------------------------ the documented layout

def test_docs_publish_md_is_generated_from_the_layout():
    """docs/publish.md is `python -m gongkai.publish.io.docs`; every column is in it, Chinese
    first, then English."""
    page = (ROOT / "docs" / "publish.md").read_text(encoding="utf-8")
    assert page == publish_page()
    chinese, english = page.split("## English")
    for s in sheets():
        for column in s.columns:
            assert f"| {column.header} |" in chinese and f"| {column.header} |" in english
    for step in Workflow().steps:
        assert step in chinese
    assert [s.title for s in sheets()] == ["信息", "审核记录"]
    assert all(q in REVIEWS.headers for q in SECRECY_CHECKLIST)


def test_a_list_beyond_the_row_bound_is_refused(tmp_path, monkeypatch):
    """The register's bounds hold for the publication list too (the same readers)."""
    from gongkai.register.io import bounds

    monkeypatch.setattr(bounds, "MAX_ROWS", 2)
    items = [item_row(标题=f"通知{n}", 类别="工作动态") for n in range(3)]
    path = _xlsx(tmp_path / "多.xlsx", {"信息": [list(ITEMS.headers), *items]})
    assert _errors([path]) == ["多.xlsx：工作表“信息”的数据超过 2 行的上限：请拆分后分批导入"]
    path = _xlsx(tmp_path / "两条.xlsx", {"信息": [list(ITEMS.headers), *items[:2]]})
    assert len(read_files([path], AGENCY).items) == 2
