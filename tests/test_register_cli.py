"""`gongkai register …` as a clerk runs it: `python -m gongkai register …` in a subprocess, with
the store (GONGKAI_DB) and the office's calendars (GONGKAI_CALENDAR_DIR) in tmp_path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from gongkai.check import RULES
from gongkai.register.io import export_files, read_files, sheet
from gongkai.register.model import Application, Channel, Event, EventKind, Register
from gongkai.register.parts import Part
from tests.register_factory import random_register

AGENCY = "某市人民政府办公室"


def gongkai(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(GONGKAI_DB=str(tmp_path / "gongkai.sqlite3"),
               GONGKAI_CALENDAR_DIR=str(tmp_path / "calendars"), COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "gongkai", *args], capture_output=True,
                          text=True, cwd=tmp_path, env=env, timeout=300, check=False)


def _write(register: Register, path: Path) -> list[Path]:
    files, _ = export_files(register, path)
    for target, data in files.items():
        target.write_bytes(data)
    return list(files)


# ------------------------------------------------------------------------------ deadline

def test_deadline_across_the_2025_national_day_holiday(tmp_path):
    # Received Friday 2025-09-26; the day of receipt is not counted. 2025's National Day and
    # Mid-Autumn holiday: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are working days.
    #   #1 09-28 (Sun, make-up), #2 09-29, #3 09-30, [10-01..10-08 off], #4 10-09, #5 10-10,
    #   #6 10-11 (Sat, make-up), #7-#11 10-13..10-17, #12-#16 10-20..10-24,
    #   #17 10-27, #18 10-28, #19 10-29, #20 10-30 (Thu)  →  2025-10-30
    done = gongkai(tmp_path, "register", "deadline", "--received", "2025-09-26")
    assert (done.returncode, done.stdout) == (0, "2025-10-30\n"), done.stderr
    # Consulting a third party from 10-09 to 10-13, both included, took 4 working days
    # (10-09, 10-10, 10-11 make-up, 10-13); an extension adds 20: 44 working days in all.
    #   #20 10-30, #21 10-31, #22-#26 11-03..07, #27-#31 11-10..14, #32-#36 11-17..21,
    #   #37-#41 11-24..28, #42 12-01, #43 12-02, #44 12-03  →  2025-12-03
    done = gongkai(tmp_path, "register", "deadline", "--received", "2025/9/26",
                   "--third-party", "2025-10-09", "2025-10-13", "--extended")
    assert (done.returncode, done.stdout) == (0, "2025-12-03\n"), done.stderr
    # Two consultations: 10-09..10-09 (1 working day) and 10-13..10-14 (2): 23 working days,
    # #21 10-31, #22 11-03, #23 11-04.
    done = gongkai(tmp_path, "register", "deadline", "--received", "2025年9月26日",
                   "--third-party", "2025-10-09", "2025-10-09",
                   "--third-party", "2025-10-13", "2025-10-14")
    assert (done.returncode, done.stdout) == (0, "2025-11-04\n"), done.stderr


def test_deadline_after_a_correction(tmp_path):
    # Received Monday 2025-03-03, correction requested 03-05 (within 7 working days), the
    # corrected application received Monday 03-10: the clock restarts from 03-10.
    #   #1-#4 03-11..14, #5-#9 03-17..21, #10-#14 03-24..28, #15-#18 03-31..04-03,
    #   [04-04..04-06 清明 off], #19 04-07, #20 04-08  →  2025-04-08
    done = gongkai(tmp_path, "register", "deadline", "--received", "2025-03-03",
                   "--correction-requested", "2025-03-05", "--corrected", "2025-03-10")
    assert (done.returncode, done.stdout) == (0, "2025-04-08\n"), done.stderr
    waiting = gongkai(tmp_path, "register", "deadline", "--received", "2025-03-03",
                      "--correction-requested", "2025-03-05")
    assert (waiting.returncode, waiting.stdout) == (0, "")
    assert "等待申请人补正" in waiting.stderr


def test_deadline_outside_the_known_calendar_is_an_error(tmp_path):
    done = gongkai(tmp_path, "register", "deadline", "--received", "2030-01-02")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "没有 2030 年的节假日安排" in done.stderr
    assert "gongkai register calendar add" in done.stderr
    bad = gongkai(tmp_path, "register", "deadline", "--received", "2025-09-26",
                  "--third-party", "2025-10-09")
    assert bad.returncode == 2
    assert "开始和结束两个日期" in bad.stderr


# ------------------------------------------------------------------------------ calendar

# A made-up notice for 2027 in the State Council's wording (the real one is not out yet).
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（周六）至12日（周五）放假调休，共7天。2月14日（周日）上班。
三、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
"""


def test_an_office_adds_a_year_from_the_notice(tmp_path):
    before = gongkai(tmp_path, "register", "deadline", "--received", "2027-09-24")
    assert before.returncode == 2 and "没有 2027 年" in before.stderr
    notice = tmp_path / "通知.txt"
    notice.write_bytes(NOTICE_2027.encode("gbk"))  # pasted into a GBK text file
    added = gongkai(tmp_path, "register", "calendar", "add", str(notice))
    assert added.returncode == 0, added.stderr
    assert "2027 年" in added.stdout and "放假 17 天，调休上班 3 天" in added.stdout
    assert (tmp_path / "calendars" / "2027.toml").is_file()
    # Received Friday 2027-09-24: #1 09-26 (Sun, make-up), #2-#5 09-27..30, [10-01..07 off],
    # #6 10-08, #7 10-09 (Sat, make-up), #8-#12 10-11..15, #13-#17 10-18..22,
    # #18 10-25, #19 10-26, #20 10-27  →  2027-10-27
    done = gongkai(tmp_path, "register", "deadline", "--received", "2027-09-24")
    assert (done.returncode, done.stdout) == (0, "2027-10-27\n"), done.stderr
    shown = gongkai(tmp_path, "register", "calendar", "show", "2027")
    assert shown.returncode == 0
    assert "2027-10-01（周五） 至 2027-10-07（周四），7 天" in shown.stdout
    assert "2027-09-26（周日）" in shown.stdout
    assert "来源：" in shown.stdout


def test_calendar_files_and_unknown_years(tmp_path):
    year_file = tmp_path / "2028.toml"
    year_file.write_text('year = 2028\nholidays = ["2028-01-01"]\nworkdays = []\n',
                         encoding="utf-8")
    wrong = gongkai(tmp_path, "register", "calendar", "add", str(year_file), "--year", "2029")
    assert wrong.returncode == 2 and "不是 2029 年的" in wrong.stderr
    added = gongkai(tmp_path, "register", "calendar", "add", str(year_file))
    assert added.returncode == 0, added.stderr
    assert "2028-01-01" in gongkai(tmp_path, "register", "calendar", "show", "2028").stdout
    unknown = gongkai(tmp_path, "register", "calendar", "show", "2031")
    assert unknown.returncode == 2 and "没有 2031 年的节假日安排" in unknown.stderr
    garbage = tmp_path / "x.txt"
    garbage.write_text("今天天气很好", encoding="utf-8")
    assert gongkai(tmp_path, "register", "calendar", "add", str(garbage)).returncode == 2


# ------------------------------------------------------------------------ import, export

def test_import_then_export_through_the_store(tmp_path):
    register = random_register(7, agency=AGENCY)
    (workbook,) = _write(register, tmp_path / "台账.xlsx")
    done = gongkai(tmp_path, "register", "import", str(workbook), "--agency", AGENCY)
    assert done.returncode == 0, done.stderr
    assert "申请 240 件" in done.stdout and "年度数据 6 年" in done.stdout
    out = gongkai(tmp_path, "register", "export", "导出.xlsx")  # one agency: no --agency
    assert out.returncode == 0, out.stderr
    assert read_files([tmp_path / "导出.xlsx"], AGENCY).register == register
    out = gongkai(tmp_path, "register", "export", "导出.csv", "--agency", AGENCY)
    assert out.returncode == 0, out.stderr
    csvs = sorted(tmp_path.glob("导出-*.csv"))
    assert len(csvs) == 4
    again = gongkai(tmp_path, "register", "import", *map(str, csvs), "--agency", "另一机关")
    assert again.returncode == 0, again.stderr
    gongkai(tmp_path, "register", "export", "另一.xlsx", "--agency", "另一机关")
    copy = read_files([tmp_path / "另一.xlsx"], "另一机关").register
    assert copy.applications == register.applications and copy.yearly == register.yearly
    ambiguous = gongkai(tmp_path, "register", "due")
    assert ambiguous.returncode == 2 and "请用 --agency 指定机关名称" in ambiguous.stderr
    assert "另一机关" in ambiguous.stderr


def test_a_bad_import_lists_every_bad_row_and_changes_nothing(tmp_path):
    register = random_register(8, agency=AGENCY, applications=40)
    (good,) = _write(register, tmp_path / "good.xlsx")
    assert gongkai(tmp_path, "register", "import", str(good), "-a", AGENCY).returncode == 0
    headers = sheet(Part.applications).headers
    base = {"申请编号": "N-1", "收到方式": "当面", "提交日期": "2025-01-02", "申请人": "张三",
            "申请人类型": "自然人", "答复日期": "2025-01-10", "办理结果": "予以公开"}
    rows = [base,
            {**base, "申请编号": "N-2", "提交日期": "2025-13-01"},
            {**base, "申请编号": "N-3", "办理结果": "不予公开"},
            {**base, "申请编号": "N-4", "申请人类型": "法人"},
            {**base, "申请编号": "N-5", "撤回日期": "2025-01-05"},
            {**base, "申请编号": ""},
            {**base, "申请编号": "N-1"}]
    book = Workbook()
    ws = book.active
    ws.title = "申请"
    ws.append(list(headers))
    for row in rows:
        ws.append([row.get(h) for h in headers])
    book.save(tmp_path / "bad.xlsx")
    done = gongkai(tmp_path, "register", "import", "bad.xlsx", "-a", AGENCY)
    assert done.returncode == 1
    assert "发现 6 处问题，数据库未作任何修改" in done.stderr
    for line in ("申请 第 3 行：提交日期“2025-13-01”不是有效的日期",
                 "申请 第 4 行：办理结果“不予公开”不明确，应为“（三）不予公开/1.属于国家秘密”",
                 "申请 第 5 行：申请人类型“法人”无法识别",
                 "申请 第 6 行：既有答复日期又有撤回日期",
                 "申请 第 7 行：申请编号为空",
                 "申请 第 8 行：申请编号“N-1”与第 2 行重复"):
        assert line in done.stderr, (line, done.stderr)
    assert gongkai(tmp_path, "register", "export", "after.xlsx").returncode == 0
    assert read_files([tmp_path / "after.xlsx"], AGENCY).register == register


# ----------------------------------------------------------------------------- due, tables

def test_due_lists_overdue_and_soon_due_applications(tmp_path):
    register = Register(AGENCY, applications=[
        # received Monday 09-01: #1-#19 09-02..09-26, #20 09-28 (Sun, make-up) → 2025-09-28;
        # on 10-09 it is 3 working days late (09-29, 09-30, 10-09)
        Application("逾期-1", Channel.in_person, date(2025, 9, 1), "张三", "natural_person"),
        # received Wednesday 09-10: #13 09-28, #14 09-29, #15 09-30, #16 10-09, #17 10-10,
        # #18 10-11 (make-up), #19 10-13, #20 10-14 → 2025-10-14, 4 working days after 10-09
        Application("将到期-1", Channel.post, date(2025, 9, 8), "某公司", "commercial_enterprise",
                    confirmed=date(2025, 9, 10)),
        Application("已答复-1", Channel.online, date(2025, 9, 1), "李四", "natural_person",
                    events=[Event(EventKind.answered, date(2025, 9, 20), outcome="granted")]),
        Application("待补正-1", Channel.online, date(2025, 9, 30), "王五", "natural_person",
                    events=[Event(EventKind.correction_requested, date(2025, 10, 9))]),
        Application("未到期-1", Channel.online, date(2025, 10, 8), "赵六", "natural_person"),
    ])
    (workbook,) = _write(register, tmp_path / "t.xlsx")
    assert gongkai(tmp_path, "register", "import", str(workbook), "-a", AGENCY).returncode == 0
    done = gongkai(tmp_path, "register", "due", "--on", "2025-10-09")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "截至 2025-10-09（周四）" in text
    overdue, soon = text.split("已逾期 1 件")[1].split("5 个工作日内到期 1 件")
    assert "逾期-1" in overdue and "2025-09-28（周日）" in overdue
    assert overdue.split("逾期-1")[1].split()[3] == "3"
    assert "将到期-1" in soon and "2025-10-14（周二）" in soon
    assert soon.split("将到期-1")[1].split()[3] == "4"
    assert "另有 1 件正在等待申请人补正" in text
    assert "已答复-1" not in text and "未到期-1" not in text
    late = gongkai(tmp_path, "register", "due", "--on", "2031-01-05")
    assert late.returncode == 2 and "没有 2027 年的节假日安排" in late.stderr  # the first gap


def test_tables_are_interchange_json_that_gongkai_check_accepts(tmp_path):
    register = random_register(9, agency=AGENCY)
    (workbook,) = _write(register, tmp_path / "t.xlsx")
    assert gongkai(tmp_path, "register", "import", str(workbook), "-a", AGENCY).returncode == 0
    for year in (2023, 2024):
        done = gongkai(tmp_path, "register", "tables", "--year", str(year))
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        assert (data["format"], data["agency"], data["year"]) == ("2021", AGENCY, year)
        assert data["cells"]["t3.new_received.total"] > 0
        (tmp_path / f"{year}.json").write_text(done.stdout, encoding="utf-8")
    assert data["cells"]["t3.carried_over.total"] == json.loads(
        (tmp_path / "2023.json").read_text(encoding="utf-8"))["cells"]["t3.carried_forward.total"]
    checked = gongkai(tmp_path, "check", "2024.json", "--previous", "2023.json",
                      "--format", "json")
    findings = json.loads(checked.stdout)["findings"]
    table_rules = {c for c, r in RULES.items() if r.group in ("arithmetic", "cross_year")}
    assert [f for f in findings if f["code"] in table_rules] == []
    assert findings  # the sections are not written yet: completeness findings remain
    assert "G001" not in done.stderr  # every figure of 2024 is in the register


def test_tables_name_what_the_register_does_not_hold(tmp_path):
    """A year without yearly figures: the four cells are null, the G001 warning names them on
    stderr and in the JSON, and `gongkai check` lists them as blank (T0-102)."""
    register = random_register(9, agency=AGENCY)
    del register.yearly[2025]
    (workbook,) = _write(register, tmp_path / "t.xlsx")
    assert gongkai(tmp_path, "register", "import", str(workbook), "-a", AGENCY).returncode == 0
    done = gongkai(tmp_path, "register", "tables", "--year", "2025")
    assert done.returncode == 0, done.stderr
    yearly = ["t2.licensing.decisions", "t2.penalty.decisions", "t2.coercion.decisions",
              "t2.fees.amount"]
    data = json.loads(done.stdout)
    assert [data["cells"][k] for k in yearly] == [None] * 4
    assert [(d["code"], d["keys"]) for d in data["diagnostics"]] == [("G001", yearly)]
    assert "注意" in done.stderr and "G001" in done.stderr
    assert "台账中没有 2025 年的年度数据" in done.stderr and "行政许可" in done.stderr
    (tmp_path / "2025.json").write_text(done.stdout, encoding="utf-8")
    checked = gongkai(tmp_path, "check", "2025.json", "--format", "json")
    (blank,) = [f for f in json.loads(checked.stdout)["findings"] if f["code"] == "T0-102"]
    assert blank["keys"] == yearly


def test_init_and_the_db_option(tmp_path):
    done = gongkai(tmp_path, "register", "init", "--db", "其他/台账.sqlite3")
    assert done.returncode == 0, done.stderr
    assert "SQLite 数据库" in done.stdout and "台账.sqlite3" in done.stdout
    assert (tmp_path / "其他" / "台账.sqlite3").is_file()
    assert not (tmp_path / "gongkai.sqlite3").exists()
    missing = gongkai(tmp_path, "register", "export", "x.xlsx", "--agency", "没有的机关")
    assert missing.returncode == 2 and "没有机关“没有的机关”的台账" in missing.stderr


@pytest.mark.parametrize(("args", "expected"), [
    (["register", "--help"],
     ["依申请公开台账", "init", "import", "export", "due", "tables", "deadline", "calendar"]),
    (["register", "calendar", "--help"], ["工作日日历", "add", "show", "节假日安排"]),
])
def test_help(tmp_path, args, expected):
    done = gongkai(tmp_path, *args)
    assert done.returncode == 0, done.stderr
    for word in expected:
        assert word in done.stdout, word
    if args[1] == "calendar":  # the calendar's own help, not the register's
        assert "依申请公开台账" not in done.stdout
