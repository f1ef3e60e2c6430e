"""`gongkai register …`: an agency's disclosure register — import and export, applications due,
the year's tables, the deadline calculator and the working-day calendar."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.cells import cell_len

from gongkai.cli.app import app, fail, warn, write_atomically
from gongkai.cli.store import AgencyOption, DbOption, agency_name, open_store, pad, rejected
from gongkai.register.io.layout import sheets
from gongkai.register.parts import ALL_PARTS, Part

if TYPE_CHECKING:
    from gongkai.register.deadlines import DueItem
    from gongkai.register.model import Register

register_app = typer.Typer(
    help="依申请公开台账：导入导出、答复期限、年度报表数据、节假日日历。",
    no_args_is_help=True,
)
calendar_app = typer.Typer(
    help="工作日日历：导入新一年的节假日安排，查看某一年的安排。", no_args_is_help=True)
register_app.add_typer(calendar_app, name="calendar")
app.add_typer(register_app, name="register")

KindOption = Annotated[str | None, typer.Option(
    "--kind", "-k", help=f"只处理一类数据：{'、'.join(s.title for s in sheets())}"
    f"（或 {'、'.join(ALL_PARTS)}）")]
WEEKDAYS = "一二三四五六日"


def _date(text: str | None, option: str) -> date | None:
    from gongkai.register.io.values import parse_date

    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


def _kind(text: str | None) -> Part | None:
    from gongkai.register.io.layout import sheet_named

    if text is None:
        return None
    if text in Part.__members__:
        return Part(text)
    found = sheet_named(text)
    if found is None:
        raise typer.BadParameter(f"“{text}”不是一类台账数据", param_hint="--kind")
    return found.part


def _load(db: str | None, agency: str | None) -> Register:
    from gongkai.register import store

    open_store(db)
    try:
        return store.load_register(agency_name(agency))
    except store.StoreError as exc:
        raise fail(str(exc), 2) from None




# ------------------------------------------------------------------------------ commands

@register_app.command("init", help=(
    "建立（或升级）台账数据库。其他命令第一次使用数据库时也会自动完成这一步。"))
def init_command(db: DbOption = None) -> None:
    from gongkai.register import store

    open_store(db)
    print(f"台账数据库已就绪：{store.location()}")


@register_app.command("import", help=(
    "导入台账。文件中有哪类数据，就整体替换数据库中该机关的这类数据；"
    "任何一行有问题都不导入，并列出全部有问题的行（退出码 1）。"))
def import_command(
    files: Annotated[list[Path], typer.Argument(
        help="台账文件：Excel（.xlsx，每类数据一个工作表）或 CSV（每类数据一个文件）")],
    agency: AgencyOption = None,
    kind: KindOption = None,
    db: DbOption = None,
) -> None:
    from gongkai.register import store
    from gongkai.register.io import RegisterFileError, read_files, sheet

    part = _kind(kind)
    open_store(db)
    name = agency_name(agency)
    try:
        imported = read_files(files, name, part)
    except RegisterFileError as exc:
        raise rejected(exc.errors) from None
    for warning in imported.warnings:
        warn(warning)
    try:
        store.save_register(imported.register, imported.parts)
    except store.StoreError as exc:
        raise fail(f"{exc}（数据库未作任何修改）", 1) from None
    counts = "、".join(f"{sheet(p).title} {imported.count(p)} {'年' if p is Part.yearly else '件'}"
                      for p in imported.parts)
    print(f"已导入“{name}”的台账：{counts}（{store.location()}）")


@register_app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(
        help="导出到 .xlsx（一个工作簿）或 .csv（每类数据一个文件：名称-申请.csv 等；"
        "用 --kind 只导出一类时就是这个文件）")],
    agency: AgencyOption = None,
    kind: KindOption = None,
    db: DbOption = None,
) -> None:
    """导出台账，列的排列与导入相同（见 docs/register.md）。"""
    from gongkai.register.io import export_files

    part = _kind(kind)
    register = _load(db, agency)
    try:
        files, warnings = export_files(register, file, (part,) if part else ALL_PARTS)
    except ValueError as exc:
        raise fail(str(exc), 2) from None
    for warning in warnings:
        warn(warning)
    for path, data in files.items():
        write_atomically(path, data)
    print(f"已导出“{register.agency}”的台账：" + "、".join(str(p) for p in files))


def _due_table(items: list[DueItem], last_header: str, overdue: bool) -> list[str]:
    rows = [["申请编号", "申请人", "收到日期", "答复期限", last_header, "说明"]]
    for item in items:
        d = item.deadline
        notes = []
        if d.clock_start != item.application.received:
            notes.append(f"补正后自 {d.clock_start.isoformat()} 起算")
        if d.paused_days:
            notes.append(f"征求第三方意见 {d.paused_days} 个工作日不计入")
        if d.extended:
            notes.append("已延期")
        left = -item.workdays_left if overdue else item.workdays_left
        rows.append([item.application.number, item.application.applicant,
                     item.application.received.isoformat(),
                     f"{d.due.isoformat()}（周{WEEKDAYS[d.due.weekday()]}）" if d.due else "",
                     "今天到期" if not overdue and left == 0 else str(left), "；".join(notes)])
    widths = [max(cell_len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(pad(cell, w) for cell, w in zip(r, widths, strict=True)).rstrip()
            for r in rows]


@register_app.command("due")
def due_command(
    on: Annotated[str | None, typer.Option(
        "--on", help="以哪一天为准（默认今天），如 2025-10-09")] = None,
    within: Annotated[int, typer.Option(
        "--within", "-w", min=0, help="列出几个工作日内到期的申请")] = 5,
    agency: AgencyOption = None,
    db: DbOption = None,
) -> None:
    """列出即将到期和已经逾期的申请及其答复期限。"""
    from gongkai.register.calendar import CalendarError
    from gongkai.register.deadlines import application_deadline, due_list

    day = _date(on, "--on") or date.today()
    register = _load(db, agency)
    try:
        soon, overdue = due_list(register.applications, day, within=within)
        waiting = [a for a in register.applications
                   if a.open_on(day) and application_deadline(a).due is None]
    except CalendarError as exc:
        raise fail(str(exc), 2) from None
    lines = [f"{register.agency}：截至 {day.isoformat()}（周{WEEKDAYS[day.weekday()]}）"]
    if overdue:
        lines += ["", f"已逾期 {len(overdue)} 件", *_due_table(overdue, "逾期工作日", True)]
    if soon:
        lines += ["", f"{within} 个工作日内到期 {len(soon)} 件",
                  *_due_table(soon, "剩余工作日", False)]
    if not soon and not overdue:
        lines += ["", f"没有已逾期或 {within} 个工作日内到期的申请。"]
    if waiting:
        lines += ["", f"另有 {len(waiting)} 件正在等待申请人补正，答复期限暂不计算。"]
    sys.stdout.write("\n".join(lines) + "\n")


@register_app.command("tables", help=(
    "由台账算出某年度年报的表二、表三、表四，以交换格式 JSON 输出到标准输出"
    "（可直接交给 gongkai check 与 gongkai write）。"))
def tables_command(
    year: Annotated[int, typer.Option("--year", "-y", help="报告年度，如 2024")],
    agency: AgencyOption = None,
    db: DbOption = None,
) -> None:
    from gongkai import interchange
    from gongkai.register.tables import year_tables

    register = _load(db, agency)
    data = year_tables(register, year)
    for diagnostic in interchange.from_dict(data).diagnostics:
        warn(f"{diagnostic.message}（{diagnostic.code}）")
    sys.stdout.write(interchange.dumps(data) + "\n")


@register_app.command("deadline", context_settings={"allow_extra_args": True}, help=(
    "计算答复期限的最后一天（YYYY-MM-DD）：收到申请后的第 20 个工作日（收到当日不计），"
    "按条例第三十条至第三十三条计入补正、征求第三方意见与延期。"))
def deadline_command(
    ctx: typer.Context,
    received: Annotated[str, typer.Option(
        "--received", "-r", help="收到申请的日期（当日不计入）")],
    corrected: Annotated[str | None, typer.Option(
        "--corrected", help="收到补正后申请的日期：期限自此重新计算")] = None,
    correction_requested: Annotated[str | None, typer.Option(
        "--correction-requested", help="发出补正告知的日期（超过 7 个工作日的不重新计算）")] = None,
    third_party: Annotated[list[str] | None, typer.Option(
        "--third-party", metavar="START END",
        help="征求第三方意见的起止日期（含首尾两日），其间的工作日不计入；可重复")] = None,
    extended: Annotated[bool, typer.Option(
        "--extended", help="已批准延期（再加 20 个工作日）")] = False,
) -> None:
    from gongkai.register.calendar import CalendarError
    from gongkai.register.deadlines import deadline

    starts = third_party or []
    ends = list(ctx.args)
    if len(ends) != len(starts) or any(e.startswith("-") for e in ends):
        extra = [e for e in ends if e.startswith("-")]
        message = (f"不认识的选项 {extra[0]}" if extra else
                   "--third-party 后面应有开始和结束两个日期")
        raise typer.BadParameter(message, param_hint="--third-party")
    pairs = [(_date(s, "--third-party"), _date(e, "--third-party"))
             for s, e in zip(starts, ends, strict=True)]
    try:
        result = deadline(
            _date(received, "--received"),  # type: ignore[arg-type]
            corrected=_date(corrected, "--corrected"),
            correction_requested=_date(correction_requested, "--correction-requested"),
            third_party=pairs,  # type: ignore[arg-type]
            extended=extended,
        )
    except CalendarError as exc:
        raise fail(str(exc), 2) from None
    except ValueError as exc:
        raise fail(str(exc), 2) from None
    for note in result.notes:
        warn(note)
    if result.due is not None:
        print(result.due.isoformat())


# ------------------------------------------------------------------------------ calendar

def _read_text(path: Path) -> str:
    """A pasted notice: UTF-8 (with or without a BOM) or GBK, as register files are read."""
    from gongkai.register.io.csvfiles import decode

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(f"无法读取 {path}：{exc.strerror or exc}", 2) from None
    try:
        return decode(data, path.name)
    except ValueError as exc:
        raise fail(str(exc), 2) from None


@calendar_app.command("add")
def calendar_add_command(
    file: Annotated[Path, typer.Argument(
        help="年度日历文件（.toml），或粘贴的国务院办公厅关于部分节假日安排的通知全文（文本文件）")],
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="年份（通知中没有写明年份时必须给出）")] = None,
) -> None:
    """导入一年的节假日安排，保存到日历文件夹（环境变量 GONGKAI_CALENDAR_DIR）。"""
    from gongkai.register.calendar import (
        CalendarError,
        WorkCalendar,
        calendar_dir,
        load_year_file,
        parse_notice,
    )

    try:
        if file.suffix.lower() == ".toml":
            found = load_year_file(file)
            if year is not None and found.year != year:
                raise CalendarError(f"{file} 是 {found.year} 年的日历，不是 {year} 年的")
        else:
            found = parse_notice(_read_text(file), year)
        known = WorkCalendar.default().years.get(found.year)
    except CalendarError as exc:
        raise fail(str(exc), 2) from None
    target = calendar_dir() / f"{found.year}.toml"
    write_atomically(target, found.to_toml())
    print(f"已保存 {found.year} 年的节假日安排：放假 {len(found.holidays)} 天，"
          f"调休上班 {len(found.workdays)} 天 → {target}")
    if known is not None and known.source == "chinesecalendar":
        warn(f"chinesecalendar 中已有 {found.year} 年的安排，今后以这个文件为准")


def _runs(days: list[date]) -> list[tuple[date, date]]:
    runs: list[tuple[date, date]] = []
    for day in sorted(days):
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _day(day: date) -> str:
    return f"{day.isoformat()}（周{WEEKDAYS[day.weekday()]}）"


@calendar_app.command("show")
def calendar_show_command(
    year: Annotated[int, typer.Argument(help="年份，如 2026")],
) -> None:
    """显示一年的节假日和调休上班日。"""
    from gongkai.register.calendar import CalendarError, WorkCalendar

    try:
        calendar = WorkCalendar.default()
        found = calendar.years.get(year)
        if found is None:
            calendar.is_workday(date(year, 1, 1))  # raises the calendar's own message
    except CalendarError as exc:
        raise fail(str(exc), 2) from None
    assert found is not None
    lines = [f"{year} 年节假日安排（来源：{found.source}）", "放假："]
    for first, last in _runs(list(found.holidays)):
        span = _day(first) if first == last else (
            f"{_day(first)} 至 {_day(last)}，{(last - first).days + 1} 天")
        lines.append(f"  {span}")
    lines.append("调休上班：" if found.workdays else "调休上班：无")
    lines += [f"  {_day(d)}" for d in sorted(found.workdays)]
    sys.stdout.write("\n".join(lines) + "\n")
