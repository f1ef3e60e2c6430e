"""Working days of mainland China: the State Council's holidays and make-up working days (调休).

The years the `chinesecalendar` package knows come from it; an office adds a year the package
does not know yet with a small TOML file, or by pasting the State Council's notice
(国务院办公厅关于××年部分节假日安排的通知): see `parse_notice`. A date in a year nobody knows
is an error, never a guess.

Office calendars live in the folder `GONGKAI_CALENDAR_DIR` (default
`~/.local/share/gongkai/calendars`), one `<year>.toml` each:

    year = 2027
    holidays = ["2027-01-01", "2027-02-06", …]   # days off, weekends inside a holiday included
    workdays = ["2027-02-14"]                     # weekend days that are working days (调休)
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path


class CalendarError(ValueError):
    """A date the calendar cannot answer for; the message is Chinese, for the user."""


def calendar_dir() -> Path:
    default = Path.home() / ".local" / "share" / "gongkai" / "calendars"
    return Path(os.environ.get("GONGKAI_CALENDAR_DIR", default))


@dataclass(frozen=True)
class YearCalendar:
    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str

    def __post_init__(self) -> None:
        for day in self.holidays | self.workdays:
            if day.year != self.year:
                raise CalendarError(f"{self.source}：{day.isoformat()} 不在 {self.year} 年")
        both = self.holidays & self.workdays
        if both:
            raise CalendarError(f"{self.source}：{min(both).isoformat()} 既是假日又是工作日")

    def to_toml(self) -> str:
        def days(items: Iterable[date]) -> str:
            return ", ".join(f'"{d.isoformat()}"' for d in sorted(items))

        return (f"# {self.source}\nyear = {self.year}\nholidays = [{days(self.holidays)}]\n"
                f"workdays = [{days(self.workdays)}]\n")


def _package_years() -> dict[int, YearCalendar]:
    from chinese_calendar import constants

    years: dict[int, YearCalendar] = {}
    for year in {d.year for d in constants.holidays}:
        years[year] = YearCalendar(
            year,
            frozenset(d for d in constants.holidays if d.year == year),
            frozenset(d for d in constants.workdays if d.year == year),
            "chinesecalendar",
        )
    return years


def load_year_file(path: Path) -> YearCalendar:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        year = int(data["year"])
        return YearCalendar(
            year,
            frozenset(date.fromisoformat(d) for d in data.get("holidays", [])),
            frozenset(date.fromisoformat(d) for d in data.get("workdays", [])),
            str(path),
        )
    except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        if isinstance(exc, CalendarError):
            raise
        raise CalendarError(f"日历文件 {path} 无效：{exc}") from None


class WorkCalendar:
    """Which days are working days, for every year some source knows."""

    def __init__(self, years: dict[int, YearCalendar]) -> None:
        self.years = years

    @classmethod
    def default(cls, folder: Path | None = None) -> WorkCalendar:
        """The package's years, with the office's own year files over them."""
        years = dict(_package_years())
        folder = folder or calendar_dir()
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                year = load_year_file(path)
                years[year.year] = year
        return cls(years)

    @property
    def known_years(self) -> tuple[int, int]:
        return min(self.years), max(self.years)

    def is_workday(self, day: date) -> bool:
        year = self.years.get(day.year)
        if year is None:
            first, last = self.known_years
            raise CalendarError(
                f"没有 {day.year} 年的节假日安排（已知 {first}–{last} 年），无法计算 "
                f"{day.isoformat()} 是否为工作日。请用“gongkai register calendar add 文件”导入"
                f"国务院办公厅关于 {day.year} 年部分节假日安排的通知。"
            )
        if day in year.workdays:
            return True
        if day in year.holidays:
            return False
        return day.weekday() < 5

    def add_workdays(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (`start` itself not counted)."""
        day, left = start, count
        while left > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def workdays_between(self, first: date, last: date) -> int:
        """Working days from `first` to `last`, both included."""
        return sum(1 for n in range((last - first).days + 1)
                   if self.is_workday(first + timedelta(days=n)))


@cache
def default_calendar() -> WorkCalendar:
    return WorkCalendar.default()


# ---------------------------------------------------------------- the State Council's notice

# "2月15日（农历腊月二十八、周日）": month (optional after the first), day, a remark in brackets
_DAY = r"(?:(\d{1,2})月)?(\d{1,2})日(?:[（(][^）)]{0,20}[）)])?"
_OFF = re.compile(_DAY + r"(?:至|—|-|~)" + _DAY + r"放假|" + _DAY + r"放假")
_ON = re.compile(r"((?:" + _DAY + r"[、，,和及]?\s*)+)上班")
_ONE_DAY = re.compile(_DAY)
_YEAR = re.compile(r"(\d{4})年")


def _days_in(text: str, year: int, month: int | None) -> list[tuple[int, int]]:
    out = []
    for m in _ONE_DAY.finditer(text):
        month = int(m[1]) if m[1] else month
        if month is None:
            raise CalendarError(f"通知中的“{m[0]}”没有月份")
        out.append((month, int(m[2])))
    return out


def parse_notice(text: str, year: int | None = None) -> YearCalendar:
    """The holidays and make-up working days of the State Council's yearly notice, e.g.

        一、元旦：1月1日（周五）至3日（周日）放假，共3天。
        二、春节：2月10日（周三）至17日（周三）放假调休，共8天。2月7日（周日）、2月20日（周六）上班。
    """
    text = text.replace("\u3000", " ")
    if year is None:
        found = _YEAR.search(text)
        if found is None:
            raise CalendarError("通知中没有年份：请同时给出年份")
        year = int(found[1])
    holidays: set[date] = set()
    workdays: set[date] = set()
    for line in re.split(r"[。\n]", text):
        for m in _OFF.finditer(line):
            if m[2] is not None:  # a range
                start_month = int(m[1]) if m[1] else None
                if start_month is None:
                    raise CalendarError(f"通知中的“{m[0]}”没有月份")
                end_month = int(m[3]) if m[3] else start_month
                first = date(year, start_month, int(m[2]))
                last = date(year, end_month, int(m[4]))
                if last < first:
                    raise CalendarError(f"通知中的“{m[0]}”起止日期颠倒")
                holidays.update(first + timedelta(days=n) for n in range((last - first).days + 1))
            else:
                if not m[5]:
                    raise CalendarError(f"通知中的“{m[0]}”没有月份")
                holidays.add(date(year, int(m[5]), int(m[6])))
        for m in _ON.finditer(line):
            workdays.update(date(year, mo, d) for mo, d in _days_in(m[1], year, None))
    if not holidays:
        raise CalendarError("通知中没有找到放假安排（应有“×月×日至×日放假”这样的句子）")
    return YearCalendar(year, frozenset(holidays), frozenset(workdays), "国务院办公厅通知")
