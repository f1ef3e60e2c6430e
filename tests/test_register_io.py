"""Import and export of a register: XLSX and CSV round trips, every kind of bad row, encodings,
date spellings, and the documented column layout."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.format.spec import get_format
from gongkai.register.io import (
    RegisterFileError,
    event_key,
    export_files,
    read_files,
    sheet,
    sheets,
    write_csv,
    write_xlsx,
)
from gongkai.register.io.docs import register_page
from gongkai.register.io.layout import (
    ACCEPTED_SEPARATORS,
    case_kind_labels,
    case_result_labels,
    document_kind_labels,
    yearly_headers,
)
from gongkai.register.io.values import (
    DATE_FORMS,
    DATE_HINT,
    outcome_choices,
    parse_date,
    parse_dates,
)
from gongkai.register.model import (
    Application,
    CaseKind,
    CaseResult,
    Channel,
    DocumentKind,
    Event,
    EventKind,
    Register,
    YearlyFigures,
    applicant_types,
    outcomes,
)
from gongkai.register.parts import ALL_PARTS, Part
from tests.register_factory import random_register

ROOT = Path(__file__).resolve().parents[1]
AGENCY = "某市人民政府办公室"
APPS = sheet(Part.applications)


def _export(register: Register, path: Path, parts: tuple[Part, ...] = ALL_PARTS) -> list[Path]:
    files, warnings = export_files(register, path, parts)
    assert warnings == []
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


def _row(**cells: Any) -> list[Any]:
    """An application row by header, the rest blank."""
    return [cells.get(h) for h in APPS.headers]


GOOD = {"申请编号": "A-1", "收到方式": "网络", "提交日期": "2024-03-01", "申请人": "张三",
        "申请人类型": "自然人", "申请内容": "预算", "答复日期": "2024-03-20",
        "办理结果": "予以公开"}


def _errors(paths: list[Path]) -> list[str]:
    with pytest.raises(RegisterFileError) as caught:
        read_files(paths, AGENCY)
    return [str(e) for e in caught.value.errors]


# ---------------------------------------------------------------------------- round trips

@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_gives_the_same_register(tmp_path, seed, suffix):
    register = random_register(seed, agency=AGENCY)
    # varied, non-zero data: every outcome, every event kind, cases, documents, yearly figures
    assert {a.outcome for a in register.applications} >= set(outcomes())
    assert {e.kind for a in register.applications for e in a.events} == set(EventKind)
    assert {a.received.year for a in register.applications} == set(range(2020, 2026))
    assert register.cases and register.documents and len(register.yearly) == 6
    files = _export(register, tmp_path / f"台账{suffix}")
    assert len(files) == (1 if suffix == ".xlsx" else 4)
    imported = read_files(files, AGENCY)
    assert imported.parts == ALL_PARTS
    assert imported.warnings == []
    assert imported.register == register


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_blank_yearly_figures_are_not_recorded_not_zero(tmp_path, suffix):
    """A blank cell of 年度数据 is a figure the agency has not recorded: None, both ways."""
    register = Register(AGENCY, yearly={
        2024: YearlyFigures(2024, licensing_decisions=5),
        2025: YearlyFigures(2025, 0, None, 2, Decimal("0")),
    })
    (path, *_) = _export(register, tmp_path / f"年度{suffix}", (Part.yearly,))
    imported = read_files([path], AGENCY).register
    assert imported.yearly == register.yearly
    assert imported.yearly[2024] == YearlyFigures(2024, 5, None, None, None)
    assert imported.yearly[2025].licensing_decisions == 0  # a written 0 stays 0
    assert imported.yearly[2025].penalty_decisions is None
    headers = sheet(Part.yearly).headers
    typed = _xlsx(tmp_path / "typed.xlsx", {"年度数据": [list(headers), [2023, "", None, 7, " "]]})
    assert read_files([typed], AGENCY).register.yearly == {
        2023: YearlyFigures(2023, None, None, 7, None)}


def test_one_part_to_one_csv_file(tmp_path):
    register = random_register(4, agency=AGENCY)
    (path,) = _export(register, tmp_path / "cases.csv", (Part.cases,))
    assert path.name == "cases.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    imported = read_files([path], AGENCY)
    assert imported.parts == (Part.cases,)
    assert imported.register.cases == register.cases
    assert imported.register.applications == []


def test_exported_workbook_keeps_text_as_text_and_dates_as_dates(tmp_path):
    app = Application("007", Channel.post, date(2024, 1, 5), "=HYPERLINK(\"x\")", "other_org",
                      "=1+1", date(2024, 1, 8),
                      [Event(EventKind.answered, date(2024, 2, 1), outcome="granted")])
    data, warnings = write_xlsx(Register(AGENCY, applications=[app]))
    assert warnings == []
    ws = load_workbook(io.BytesIO(data))["申请"]
    cells = dict(zip(APPS.headers, (c.value for c in ws[2]), strict=False))
    assert cells["申请编号"] == "007" and cells["申请内容"] == "=1+1"
    assert ws["G2"].data_type == "s"  # not a formula
    assert cells["提交日期"] == datetime(2024, 1, 5)
    assert cells["办理结果"] == "（一）予以公开"
    assert [c.value for c in ws[1]] == list(APPS.headers)


@pytest.mark.parametrize("content", ["=1+1", "+86 10 1234", "-负号开头", "@SUM(A1)",
                                     "'=已有撇号", "'普通撇号", "正常内容"])
def test_csv_export_disarms_formulas_and_reads_back_the_same_text(tmp_path, content):
    app = Application("=HYPERLINK(\"x\")", Channel.post, date(2024, 1, 5), "@甲", "other_org",
                      content, date(2024, 1, 8))
    data, _ = write_csv(Register(AGENCY, applications=[app]), Part.applications)
    record = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    for field in ("申请编号", "申请人", "申请内容"):
        assert not record[field].startswith(("=", "+", "-", "@")), record[field]
    path = tmp_path / "applications.csv"
    path.write_bytes(data)
    (back,) = read_files([path], AGENCY).register.applications
    assert (back.number, back.applicant, back.content) == ("=HYPERLINK(\"x\")", "@甲", content)


def test_export_warns_about_what_the_layout_cannot_hold():
    app = Application("A", Channel.online, date(2024, 1, 5), "甲", "natural_person", events=[
        Event(EventKind.correction_requested, date(2024, 1, 6), note="请说明所需信息的名称"),
        Event(EventKind.correction_requested, date(2024, 1, 7)),
        Event(EventKind.fee_paid, date(2024, 1, 9), amount_yuan=Decimal("100")),
    ])
    data, warnings = write_csv(Register(AGENCY, applications=[app]), Part.applications)
    assert any("有 2 个“补正告知”，只导出了第一个" in w for w in warnings)
    assert any("“缴纳费用”的金额没有对应的列" in w for w in warnings)
    assert len(warnings) == 2  # the first request's note has its column
    record = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert record["补正告知内容"] == "请说明所需信息的名称"


NOTED = Application("N-1", Channel.post, date(2024, 3, 1), "某某公司", "commercial_enterprise",
                    "某项目环评报告", date(2024, 3, 4), [
    Event(EventKind.correction_requested, date(2024, 3, 5),
          note="请补充所需信息的名称、文号\n及用途"),
    Event(EventKind.correction_received, date(2024, 3, 8), note="申请人来电补正"),
    Event(EventKind.third_party_started, date(2024, 3, 11), note="征求甲公司意见"),
    Event(EventKind.third_party_started, date(2024, 3, 11)),  # no note: a blank line
    Event(EventKind.third_party_started, date(2024, 3, 12), note="征求丙公司意见"),
    Event(EventKind.third_party_answered, date(2024, 3, 18)),
    Event(EventKind.third_party_answered, date(2024, 3, 19), note="乙公司不同意公开"),
    Event(EventKind.extension_approved, date(2024, 3, 20), note="需要调取档案"),
    Event(EventKind.fee_notice_issued, date(2024, 3, 21), note="按件计收",
          amount_yuan=Decimal("100.50")),
    Event(EventKind.fee_paid, date(2024, 3, 25), note="银行转账"),
    Event(EventKind.answered, date(2024, 4, 2), outcome="partially_granted",
          note="某政公开〔2024〕12号"),
])
WITHDRAWN = Application("N-2", Channel.in_person, date(2024, 5, 6), "张三", "natural_person",
                        events=[Event(EventKind.withdrawn, date(2024, 5, 7), note="已自行获取")])


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_every_events_note_goes_out_and_comes_back(tmp_path, suffix):
    """Each event's note has a column (the consultations' and answers' one a line, in date
    order), so an exported register read back is the same, notes and all."""
    register = Register(AGENCY, applications=[NOTED, WITHDRAWN])
    (path,) = _export(register, tmp_path / f"申请{suffix}", (Part.applications,))
    (noted, withdrawn) = read_files([path], AGENCY).register.applications
    assert noted == NOTED and withdrawn == WITHDRAWN
    assert [e.note for e in noted.events_of(EventKind.third_party_started)] == [
        "征求甲公司意见", "", "征求丙公司意见"]
    assert noted.events_of(EventKind.correction_requested)[0].note == (
        "请补充所需信息的名称、文号\n及用途")
    assert withdrawn.events[0].note == "已自行获取"


def test_notes_need_their_events(tmp_path):
    path = _xlsx(tmp_path / "n.xlsx", {"申请": [
        list(APPS.headers),
        _row(**{**GOOD, "答复说明": "某政公开〔2024〕1号", "缴费说明": "现金"}),  # 2
        _row(**{**GOOD, "申请编号": "A-2", "征求第三方意见日期": "2024-03-05",
                "征求第三方意见说明": "征求甲公司意见\n征求乙公司意见"}),  # 3
        _row(**{**GOOD, "申请编号": "A-3", "征求第三方意见日期": "2024-03-05；2024-03-06",
                "征求第三方意见说明": "\n征求乙公司意见\n\n"}),  # 4: fine
    ]})
    assert _errors([path]) == [
        "申请 第 2 行：有缴费说明但没有缴费日期",
        "申请 第 3 行：征求第三方意见说明有 2 行，征求第三方意见日期却只有 "
        "1 个（每行对应一个日期，按先后顺序）",
    ]


# ------------------------------------------------------------------------------- bad rows

BAD_ROWS = [
    _row(**GOOD),  # row 2: fine
    _row(**{**GOOD, "申请编号": "A-2", "提交日期": "2024-02-30"}),  # 3: no such date
    _row(**{**GOOD, "申请编号": "A-3", "办理结果": "同意公开"}),  # 4: unknown outcome
    _row(**{**GOOD, "申请编号": "A-4", "申请人类型": "外国人"}),  # 5: unknown applicant type
    _row(**{**GOOD, "申请编号": "A-5", "撤回日期": "2024-03-10"}),  # 6: answered and withdrawn
    _row(**{**GOOD, "申请编号": None}),  # 7: no number
    _row(**{**GOOD, "申请编号": "A-1"}),  # 8: duplicate of row 2
    _row(**{**GOOD, "申请编号": "A-8", "办理结果": "不予公开"}),  # 9: ambiguous outcome
    _row(**{**GOOD, "申请编号": "A-9", "提交日期": "下周一"}),  # 10: not a date
]
EXPECTED = [
    ("申请 第 3 行", "提交日期“2024-02-30”不是有效的日期"),
    ("申请 第 4 行", "办理结果“同意公开”无法识别"),
    ("申请 第 5 行", "申请人类型“外国人”无法识别，应为“自然人”、“商业企业”"),
    ("申请 第 6 行", "既有答复日期又有撤回日期"),
    ("申请 第 7 行", "申请编号为空"),
    ("申请 第 8 行", "申请编号“A-1”与第 2 行重复"),
    ("申请 第 9 行", "办理结果“不予公开”不明确，应为“（三）不予公开/1.属于国家秘密”"),
    ("申请 第 10 行", "提交日期“下周一”不是日期，应写作 2024-03-05、2024/3/5 或 2024年3月5日"),
]


def _check_bad_rows(errors: list[str]) -> None:
    assert len(errors) == len(EXPECTED), errors
    for error, (where, what) in zip(errors, EXPECTED, strict=True):
        assert error.startswith(f"{where}："), error
        assert what in error, error
    assert "“（三）不予公开/8.属于行政查询事项”之一" in errors[6]
    # 21 outcomes are too many to list: the message points to the table and the docs
    assert errors[1].endswith(
        "办理结果“同意公开”无法识别，应为表三“本年度办理结果”之一（如“予以公开”"
        "“不予公开/属于国家秘密”，全部写法见 docs/register.md）"), errors[1]


def test_every_bad_row_of_a_workbook_is_reported(tmp_path):
    path = _xlsx(tmp_path / "bad.xlsx", {"申请": [list(APPS.headers), *BAD_ROWS]})
    _check_bad_rows(_errors([path]))


@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "utf-8-sig"])
def test_every_bad_row_of_a_csv_file_is_reported(tmp_path, encoding):
    out = io.StringIO(newline="")
    csv.writer(out).writerows([list(APPS.headers), *BAD_ROWS])
    path = tmp_path / "bad.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    _check_bad_rows(_errors([path]))


def test_bad_rows_in_several_sheets_are_all_reported(tmp_path):
    cases = sheet(Part.cases).headers
    docs = sheet(Part.documents).headers
    yearly = sheet(Part.yearly).headers
    path = _xlsx(tmp_path / "bad.xlsx", {
        "申请": [list(APPS.headers), _row(**GOOD),
                 _row(**{**GOOD, "申请编号": "B", "答复日期": None}),
                 _row(**{**GOOD, "申请编号": "C", "征求第三方意见日期": "2024-03-05",
                         "第三方答复日期": "2024-03-02；2024-03-09"}),
                 _row(**{**GOOD, "申请编号": "D", "缴费日期": "2024-03-05"}),
                 _row(**{**GOOD, "申请编号": "E", "答复日期": "2024-02-01"})],
        "复议诉讼案件": [list(cases), ["F-1", "行政复议", "2024-05-01", "2024-04-01", "结果维持"],
                   ["F-2", "行政诉讼", "2024-05-01", None, None],
                   ["F-3", "复议后起诉", "2024-05-01", None, "维持"],
                   ["F-1", "行政复议", "2024-05-01", None, None]],
        "规范性文件": [list(docs), ["规章", "办法", "1号", "2024-05-01", "2024-01-01"],
                  ["通知", "办法", "", "2024-05-01", None]],
        "年度数据": [list(yearly), [2024, 1, 2, 3, "1.5"], [2024, 0, 0, 0, 0],
                 [2025, -1, "三", 0, "0.12345678"]],
    })
    errors = _errors([path])
    expected = [
        "申请 第 3 行：有办理结果但没有答复",
        "申请 第 4 行 第三方答复日期：“第三方答复”有 2 个，“征求第三方意见”只有 1 个",
        "申请 第 4 行 第三方答复日期：第 1 个“第三方答复”（2024-03-02）早于对应的"
        "“征求第三方意见”（2024-03-05）",
        "申请 第 5 行 缴费日期：还没有“收费通知”，不能登记“缴纳费用”",
        "申请 第 6 行 答复日期：“答复”（2024-02-01）早于申请的提交日期（2024-03-01）",
        "复议诉讼案件 第 2 行：审结日期早于立案日期",
        "复议诉讼案件 第 3 行：类型“行政诉讼”不明确",
        "复议诉讼案件 第 4 行：有结果但没有审结日期",
        "复议诉讼案件 第 5 行：编号“F-1”与第 2 行重复",
        "规范性文件 第 2 行：废止日期（2024-01-01）早于印发日期（2024-05-01）",
        "规范性文件 第 3 行：类型“通知”无法识别",
        "年度数据 第 3 行：年度“2024”与第 2 行重复",
        "年度数据 第 4 行：行政许可决定“-1”为负数",
        "年度数据 第 4 行：行政处罚决定“三”不是件数",
        "年度数据 第 4 行：收费金额（万元）“0.12345678”的小数超过 6 位",
    ]
    assert len(errors) == len(expected), errors
    for error, start in zip(errors, expected, strict=True):
        assert error.startswith(start), (error, start)


def _row_errors(paths: list[Path]) -> list[tuple[str, int | None, str | None]]:
    with pytest.raises(RegisterFileError) as caught:
        read_files(paths, AGENCY)
    return [(e.sheet, e.row, e.column) for e in caught.value.errors]


def test_row_errors_name_their_column(tmp_path):
    """Each problem of one cell names its column's header; a problem of two cells names none."""
    path = _xlsx(tmp_path / "c.xlsx", {"申请": [
        list(APPS.headers),
        _row(**{**GOOD, "申请人": None}),  # 2: blank required cell
        _row(**{**GOOD, "申请编号": "B", "收到补正日期": "2024-03-05"}),  # 3: nothing requested
        _row(**{**GOOD, "申请编号": "C", "撤回日期": "2024-03-10"}),  # 4: answered and withdrawn
        _row(**{**GOOD, "申请编号": "D", "收费金额（元）": "20"}),  # 5: amount without notice
        _row(**{**GOOD, "申请编号": "E", "确认日期": "2024-02-28"}),  # 6: confirmed too early
    ]})
    assert _row_errors([path]) == [
        ("申请", 2, "申请人"), ("申请", 3, "收到补正日期"), ("申请", 4, None),
        ("申请", 5, "收费金额（元）"), ("申请", 6, "确认日期")]
    errors = _errors([path])
    # the column is printed after the row unless the message names it already
    assert errors[0] == "申请 第 2 行：申请人为空"
    assert errors[1] == "申请 第 3 行 收到补正日期：还没有“补正告知”，不能登记“收到补正”"
    assert errors[2].startswith("申请 第 4 行：既有答复日期又有撤回日期")
    assert errors[3] == "申请 第 5 行 收费金额（元）：有收费金额但没有“收费通知”"
    assert errors[4] == "申请 第 6 行：确认日期（2024-02-28）早于提交日期（2024-03-01）"
    headerless = _xlsx(tmp_path / "h.xlsx", {"申请": [["申请编号", "申请人"], ["A", "张三"]]})
    assert ("申请", 1, "收到方式") in _row_errors([headerless])
    cases = _xlsx(tmp_path / "k.xlsx", {"复议诉讼案件": [
        list(sheet(Part.cases).headers), ["F", "行政复议", "2024-05-01", "2024-04-01", "结果维持"],
        ["F", "行政复议", "2024-05-01", None, "维持"]]})
    assert _row_errors([cases]) == [("复议诉讼案件", 2, "审结日期"), ("复议诉讼案件", 3, "结果"),
                                    ("复议诉讼案件", 3, "编号")]
    fake = tmp_path / "y.xlsx"
    fake.write_text("not a workbook")
    assert _row_errors([fake]) == [("y.xlsx", None, None)]


def test_a_row_obeys_the_workbench_rules_for_events(tmp_path):
    """What the event form refuses, a file's row may not hold either: a correction received
    without a request, anything after the answer or the withdrawal."""
    path = _xlsx(tmp_path / "r.xlsx", {"申请": [
        list(APPS.headers),
        _row(**{**GOOD, "收到补正日期": "2024-03-05"}),
        _row(**{**GOOD, "申请编号": "B", "延期日期": "2024-03-21", "延期理由": "情况复杂"}),
        _row(**{**GOOD, "申请编号": "C", "答复日期": None, "办理结果": None,
                "撤回日期": "2024-03-10", "收费通知日期": "2024-03-11"}),
        _row(**{**GOOD, "申请编号": "D", "答复日期": None, "撤回日期": "2024-03-10"}),
    ]})
    assert _errors([path]) == [
        "申请 第 2 行 收到补正日期：还没有“补正告知”，不能登记“收到补正”",
        "申请 第 3 行 延期日期：这件申请已于 2024-03-20 答复，其后不能再有“延期答复”（2024-03-21）",
        "申请 第 4 行 收费通知日期：这件申请已于 2024-03-10 撤回申请，其后不能再有“收费通知”"
        "（2024-03-11）",
        "申请 第 5 行：撤回的申请不填办理结果（撤回计入“（六）其他处理/3.其他”）",
    ]
    # on the day of the answer is not after it
    same_day = _xlsx(tmp_path / "s.xlsx", {"申请": [
        list(APPS.headers), _row(**{**GOOD, "缴费日期": "2024-03-20",
                                    "收费通知日期": "2024-03-12", "收费金额（元）": "30"})]})
    (app,) = read_files([same_day], AGENCY).register.applications
    assert [e.kind for e in app.events] == [
        EventKind.fee_notice_issued, EventKind.fee_paid, EventKind.answered]


def test_missing_columns_and_unreadable_files(tmp_path):
    path = _xlsx(tmp_path / "x.xlsx", {"申请": [["申请编号", "申请人"], ["A", "张三"]]})
    errors = _errors([path])
    assert "申请 第 1 行：缺少“收到方式”列" in errors
    assert len(errors) == 3  # 收到方式, 提交日期, 申请人类型
    fake = tmp_path / "y.xlsx"
    fake.write_text("not a workbook")
    assert _errors([fake]) == ["y.xlsx：不是有效的 Excel（.xlsx）文件"]
    other = tmp_path / "z.pdf"
    other.write_text("x")
    assert "不支持的文件类型" in _errors([other])[0]
    nothing = _xlsx(tmp_path / "n.xlsx", {"说明": [["本表说明"]]})
    assert "没有可导入的工作表" in _errors([nothing])[0]
    unknown = tmp_path / "u.csv"
    unknown.write_text("甲,乙\n1,2\n", encoding="utf-8")
    assert "无法从表头判断" in _errors([unknown])[0]
    # the parts it could be are named by their sheets' titles (the cases' is 复议诉讼案件)
    assert "（“申请”、“复议诉讼案件”、“规范性文件”或“年度数据”）" in _errors([unknown])[0]


def test_problems_in_two_files_are_listed_together(tmp_path):
    first = _xlsx(tmp_path / "a.xlsx", {"申请": [list(APPS.headers),
                                                _row(**{**GOOD, "收到方式": "飞鸽"})]})
    second = tmp_path / "b.csv"
    second.write_text("编号,类型,立案日期\nF,行政复议,昨天\n", encoding="utf-8")
    errors = _errors([first, second])
    assert errors == [
        "申请 第 2 行：收到方式“飞鸽”无法识别，应为“当面”、“邮寄”、“网络”、“传真”、“其他”之一",
        "复议诉讼案件 第 2 行：立案日期“昨天”不是日期，应写作 2024-03-05、2024/3/5 或 2024年3月5日",
    ]


# -------------------------------------------------------------------------- what is read

def test_dates_in_every_accepted_spelling(tmp_path):
    spellings = ["2024-03-05", "2024/3/5", "2024年3月5日", "２０２４年３月５日", "2024.3.5",
                 "20240305", datetime(2024, 3, 5), date(2024, 3, 5), 45356, "2024-03-05 00:00:00"]
    rows = [_row(**{**GOOD, "申请编号": f"D{n}", "提交日期": s, "答复日期": None,
                    "办理结果": None}) for n, s in enumerate(spellings)]
    path = _xlsx(tmp_path / "d.xlsx", {"申请": [list(APPS.headers), *rows]})
    apps = read_files([path], AGENCY).register.applications
    assert [a.submitted for a in apps] == [date(2024, 3, 5)] * len(spellings)


def test_the_documented_date_spellings_and_separators_are_the_accepted_ones(tmp_path):
    """Every spelling the documentation and the hint name reads as the same day; every
    separator they name splits a cell of several dates (ASCII “,” too)."""
    page = register_page()
    for form in DATE_FORMS:
        assert parse_date(form) == date(2024, 3, 5), form
        assert f"`{form}`" in page, form
    assert DATE_HINT.count("2024") == 3 and all(
        parse_date(form) == date(2024, 3, 5)
        for form in DATE_HINT.removeprefix("应写作 ").replace(" 或 ", "、").split("、"))
    for mark, words in ACCEPTED_SEPARATORS.items():
        assert parse_dates(f"2024-03-05{mark}2024/3/9") == [date(2024, 3, 5), date(2024, 3, 9)]
        assert words in page
    assert "“,”" in page


def test_outcomes_by_full_path_or_unambiguous_last_segment():
    choices = outcome_choices()
    for outcome, label in outcomes().items():
        assert choices.resolve(label) == outcome
        assert choices.resolve(outcome) == outcome
        leaf = label.split("/")[-1]
        assert choices.resolve(leaf) == outcome
    assert choices.resolve("属于国家秘密") == "withheld.state_secret"
    assert choices.resolve("不予公开/属于国家秘密") == "withheld.state_secret"
    assert choices.resolve("（三）不予公开／1、属于国家秘密") == "withheld.state_secret"
    assert choices.resolve("部分公开") == "partially_granted"
    for group in ("不予公开", "无法提供", "不予处理", "其他处理"):
        with pytest.raises(ValueError, match="不明确"):
            choices.resolve(group)


def test_a_clerks_own_sheet(tmp_path):
    """A sheet named Sheet1, columns in another order and with other names, an extra column,
    optional columns left out, empty rows, aliases of channel and applicant type."""
    header = ["备注", "编号", "申请日期", "申请人", "申请人类别", "申请方式", "答复日期",
              "答复结果"]
    path = _xlsx(tmp_path / "clerk.xlsx", {"Sheet1": [
        header,
        ["", "2024-001", "2024/1/3", "张三", "公民", "网上申请", "2024/1/20", "属于国家秘密"],
        [None] * 8,
        ["急", "2024-002", "2024年1月4日", "某公司", "商业企业", "信函", None, None],
        ["", "2024-003", "2024-01-05", "李四", "个人", "当面", "2024-01-06", "不予公开"],
    ]})
    with pytest.raises(RegisterFileError) as caught:
        read_files([path], AGENCY)
    assert [str(e) for e in caught.value.errors] == [
        "申请 第 5 行：办理结果“不予公开”不明确，应为“（三）不予公开/1.属于国家秘密”、"
        "“（三）不予公开/2.其他法律行政法规禁止公开”、“（三）不予公开/3.危及“三安全一稳定””、"
        "“（三）不予公开/4.保护第三方合法权益”、“（三）不予公开/5.属于三类内部事务信息”、"
        "“（三）不予公开/6.属于四类过程性信息”、“（三）不予公开/7.属于行政执法案卷”、"
        "“（三）不予公开/8.属于行政查询事项”之一"]
    book = load_workbook(path)
    book["Sheet1"]["H5"] = "不予公开/属于行政查询事项"
    book.save(path)
    imported = read_files([path], AGENCY)
    assert "忽略了不认识的列“备注”" in " ".join(imported.warnings)
    assert "按表头作为“申请”导入" in " ".join(imported.warnings)
    first, second, third = imported.register.applications
    assert (first.channel, first.applicant_type, first.outcome) == (
        Channel.online, "natural_person", "withheld.state_secret")
    assert (second.channel, second.outcome, second.submitted) == (
        Channel.post, None, date(2024, 1, 4))
    assert third.outcome == "withheld.administrative_inquiry"


def test_events_from_one_row():
    cells = {**GOOD, "确认日期": "2024-03-02", "补正告知日期": "2024-03-04",
             "收到补正日期": "2024-03-08", "征求第三方意见日期": "2024-03-11；2024-03-12",
             "第三方答复日期": "2024-03-15", "延期日期": "2024-03-18", "延期理由": "情况复杂",
             "收费通知日期": "2024-03-19", "收费金额（元）": "1,200.50元", "缴费日期": "2024-03-19",
             "答复日期": "2024-04-10", "办理结果": "（五）不予处理/2.重复申请"}
    out = io.StringIO(newline="")
    csv.writer(out).writerows([list(APPS.headers), _row(**cells)])
    from gongkai.register.io import read_csv, read_tables

    table, _ = read_csv(out.getvalue().encode("utf-8"), "x.csv")
    (app,) = read_tables([table], AGENCY).register.applications
    assert app.received == date(2024, 3, 2)
    assert app.events == sorted(app.events, key=event_key)
    kinds = [(e.kind, e.on.day) for e in app.events]
    assert kinds == [
        (EventKind.correction_requested, 4), (EventKind.correction_received, 8),
        (EventKind.third_party_started, 11), (EventKind.third_party_started, 12),
        (EventKind.third_party_answered, 15), (EventKind.extension_approved, 18),
        (EventKind.fee_notice_issued, 19), (EventKind.fee_paid, 19), (EventKind.answered, 10)]
    assert app.events_of(EventKind.extension_approved)[0].note == "情况复杂"
    assert app.events_of(EventKind.fee_notice_issued)[0].amount_yuan == Decimal("1200.50")
    assert app.outcome == "not_processed.repeated"


# ------------------------------------------------------------------ labels and the layout

def test_labels_come_from_the_format():
    spec = get_format("2021")
    apps = {c.key: c for c in APPS.columns}
    assert apps["applicant_type"].choices == tuple(applicant_types().values()) == (
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    assert apps["outcome"].choices == tuple(outcomes().values())
    assert len(apps["outcome"].choices) == 21 and apps["outcome"].choices[0] == "（一）予以公开"
    assert apps["channel"].choices == tuple(c.value for c in Channel)
    assert set(case_kind_labels().values()) == {
        spec.cells[f"t4.{k.value}.total"].row_path[-1] for k in CaseKind} == {
        "行政复议", "未经复议直接起诉", "复议后起诉"}
    assert set(case_result_labels().values()) == {
        spec.cells[k].column_path[-1] for k in spec.tables["四"].keys if k.startswith("t4.review.")
        and not k.endswith(".total")} == {"结果维持", "结果纠正", "其他结果", "尚未审结"}
    assert set(document_kind_labels().values()) == {"规章", "行政规范性文件"}
    assert yearly_headers() == {"licensing_decisions": "行政许可决定",
                                "penalty_decisions": "行政处罚决定",
                                "coercion_decisions": "行政强制决定",
                                "fees_10k_yuan": "收费金额（万元）"}
    assert [s.title for s in sheets()] == ["申请", "复议诉讼案件", "规范性文件", "年度数据"]
    # The labels as the 2021 format (国办公开办函〔2021〕30号) prints them, typed here from the
    # printed tables so that a wrong lookup in the code cannot agree with itself.
    assert apps["applicant_type"].choices == (
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    assert apps["outcome"].choices[:3] == (
        "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（三）不予公开/1.属于国家秘密")
    # （一）（二）, then the sub-rows of （三） 8, （四） 3, （五） 5 and （六） 3: 2 + 19 = 21
    assert len(apps["outcome"].choices) == 21
    assert case_kind_labels() == {CaseKind.review: "行政复议",
                                  CaseKind.litigation_direct: "未经复议直接起诉",
                                  CaseKind.litigation_after_review: "复议后起诉"}
    assert case_result_labels() == {CaseResult.upheld: "结果维持", CaseResult.corrected: "结果纠正",
                                    CaseResult.other: "其他结果", CaseResult.pending: "尚未审结"}
    assert document_kind_labels() == {DocumentKind.regulation: "规章",
                                      DocumentKind.normative_document: "行政规范性文件"}


def test_docs_register_md_is_generated_from_the_layout():
    """docs/register.md is `python -m gongkai.register.io.docs`; every column is in it."""
    page = (ROOT / "docs" / "register.md").read_text(encoding="utf-8")
    assert page == register_page()
    for s in sheets():
        for column in s.columns:
            assert f"| {column.header} |" in page
    for label in outcomes().values():
        assert f"| {label} |" in page


# ------------------------------------------------------------------------------- bounds

def test_rows_beyond_the_bound_are_refused_blank_rows_not_counted(tmp_path, monkeypatch):
    from gongkai.register.io import bounds

    monkeypatch.setattr(bounds, "MAX_ROWS", 3)
    rows = [_row(**{**GOOD, "申请编号": f"A-{n}"}) for n in range(3)]
    blank = [None] * len(APPS.headers)
    fits = _xlsx(tmp_path / "fits.xlsx", {"申请": [list(APPS.headers), rows[0], blank, blank,
                                                   rows[1], blank, rows[2], blank]})
    assert len(read_files([fits], AGENCY).register.applications) == 3
    over = _xlsx(tmp_path / "over.xlsx", {"申请": [list(APPS.headers), *rows, rows[0]]})
    assert _errors([over]) == ["over.xlsx：工作表“申请”的数据超过 3 行的上限：请拆分后分批导入"]
    out = io.StringIO()
    csv.writer(out).writerows([list(APPS.headers), *rows, [], rows[0]])
    path = tmp_path / "over.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert _errors([path]) == ["over.csv：文件的数据超过 3 行的上限：请拆分后分批导入"]
    path.write_text("\n".join(out.getvalue().splitlines()[:4]) + "\n\n\n", encoding="utf-8")
    assert len(read_files([path], AGENCY).register.applications) == 3


def test_a_workbook_that_unpacks_too_far_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import zipfile

    from gongkai.register.io import bounds

    good = _export(Register(AGENCY, applications=[]), tmp_path / "空.xlsx")[0].read_bytes()
    bomb = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(
            bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/media/blank.bin", b"\0" * (4 * 1024 * 1024))  # packs ~1000 : 1
    assert _errors([bomb]) == [
        "炸弹.xlsx：压缩比异常（超过 100 倍），不像是正常的 Excel 文件，未导入"]
    monkeypatch.setattr(bounds, "MAX_UNPACKED_BYTES", 2 * bounds.MB)
    assert _errors([bomb]) == ["炸弹.xlsx：解压后有 4 MB，超过 2 MB 的上限：请拆分后分批导入"]
