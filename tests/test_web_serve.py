"""`gongkai serve` as someone trying the workbench runs it: in a subprocess on a free port, on
a fresh SQLite file (and on the throwaway PostgreSQL), with the demo data; the printed address
answers, the printed logins log in, the demo data is there and a second start adds nothing.
The demo goes only into an empty database and stays on this machine unless told otherwise
(its passwords are public). Also the demo register's dates and deadlines with the State
Council's calendar (domain only), and the production settings under gunicorn.

Every server here takes DEMO_TODAY (tests/browser.py) as today, through GONGKAI_TODAY; each
test makes its own database. The expected figures follow from the demo's design
(gongkai.web.demo): 8 agencies and the office; an administrator, the office's reviewer and one
clerk per agency; 7 seed files for 7 agency-years plus 3 reports computed from registers;
registers of 30 + 20 + 9 and 18 + 12 + 9 applications (last year, this year closed, live) on a
day late enough in the year; 6 publication items.
"""

from __future__ import annotations

import io
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.browser import DEMO_TODAY, HttpSession, clean_env, free_port, served, stop

ROOT = Path(__file__).resolve().parents[1]

AGENCIES = 9
USERS = 10
REPORTS = 10
APPLICATIONS = (30 + 20 + 9) + (18 + 12 + 9)
PUBLICATIONS = 6
LIVE = 9  # open applications placed around today, per register
COUNTS = {
    "organisations_agency": AGENCIES,
    "auth_user": USERS,
    "organisations_membership": USERS,
    "reports_report": REPORTS,
    "reports_submission": 1,
    "register_application": APPLICATIONS,
    "publish_publicationitem": PUBLICATIONS,
}
# Who sees what on the home page: the office sees its city and the counties below it.
OFFICE_SEES = ["中卫市人民政府办公室", "中卫市示例局", "中卫市科学技术局", "中卫市自然资源局",
               "沙坡头区科学技术局", "沙坡头区工业信息化和商务局"]
ELSEWHERE = ["吴忠市科学技术局", "原州区科学技术局", "原州区示例局"]


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTS}


def postgres_counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(_conninfo(url)) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTS}


def _conninfo(url: str) -> str:
    """psycopg's keywords of a URL like the cluster's (…/name?host=/socket/folder&port=N)."""
    from gongkai.web.database import database_settings

    s = database_settings(url)
    return (f"dbname={s['NAME']} user={s['USER']} host={s['HOST']} port={s['PORT']}")


def agencies_on_home(session: HttpSession) -> set[str]:
    status, _, page = session.get("/")
    assert status == 200
    return set(re.findall(r'<a href="/agencies/\d+/">([^<]+)</a>', page))


def check_logins(base: str, logins) -> None:
    """The printed logins log in and see what their roles allow; a wrong password does not.
    The clerk's register counts the demo's live applications as of DEMO_TODAY, the day the
    demo was built for: the page and the demo agree on today."""
    by_role = {x.role: x for x in logins}
    admin, reviewer = by_role["系统管理员"], by_role["主管部门审核人员"]
    clerk = next(x for x in logins if x.agency == "中卫市示例局")

    session = HttpSession(base)
    status, landed, _ = session.login(admin.username, admin.password)
    assert status == 200 and landed == base, landed
    assert agencies_on_home(session) == set(OFFICE_SEES + ELSEWHERE)

    session = HttpSession(base)
    session.login(reviewer.username, reviewer.password)
    assert agencies_on_home(session) == set(OFFICE_SEES)

    session = HttpSession(base)
    session.login(clerk.username, clerk.password)
    assert agencies_on_home(session) == {"中卫市示例局"}
    # the clerk's agency page lists the open applications: the live ones of the demo
    _, _, home = session.get("/")
    agency_url = re.search(r'<a href="(/agencies/\d+/)">中卫市示例局</a>', home)[1]
    _, _, page = session.get(agency_url)
    assert len(set(re.findall(r"SL-\d{4}-L\d\d", page))) == LIVE
    status, _, register = session.get(agency_url + "register/")
    assert status == 200
    day = DEMO_TODAY
    assert f"截至 {day.year}年{day.month}月{day.day}日：" in register
    assert "不是今天" not in register
    assert '<strong id="count-overdue">2</strong>' in register
    assert '<strong id="count-due-soon">4</strong>' in register

    session = HttpSession(base)
    status, landed, page = session.login(clerk.username, clerk.password + "x")
    assert landed.endswith("/login/") and "用户名或密码不正确" in page


def serve_once(folder: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """`gongkai serve` expected to stop by itself (a refusal), in `folder`."""
    env = clean_env(GONGKAI_CALENDAR_DIR=str(folder / "calendars"),
                    GONGKAI_TODAY=DEMO_TODAY.isoformat())
    env.update(extra)
    return subprocess.run([sys.executable, "-m", "gongkai", "serve", "--port", str(free_port()),
                           *args], capture_output=True, text=True, env=env, cwd=folder,
                          timeout=120, check=False)


def test_serve_loads_the_demo_into_a_file_in_the_current_folder(tmp_path: Path) -> None:
    with served(tmp_path) as server:
        text = server.output()
        assert f"SQLite 数据库 {tmp_path / 'gongkai.sqlite3'}" in text
        assert f"今天按环境变量 GONGKAI_TODAY 算作 {DEMO_TODAY.isoformat()}" in text
        assert "已载入演示数据" in text
        assert "这个密码是公开的" in text  # the demo's passwords are no secret
        assert server.url.startswith("http://127.0.0.1:")
        logins = server.logins()
        assert [x.role for x in logins].count("机关工作人员") == AGENCIES - 1
        assert len(logins) == USERS
        check_logins(server.url, logins)
        assert sqlite_counts(tmp_path / "gongkai.sqlite3") == COUNTS
    assert server.process.returncode is not None  # stopped


def test_a_second_start_adds_nothing_and_keeps_the_demo_off_the_network(tmp_path: Path) -> None:
    with served(tmp_path):
        pass
    before = sqlite_counts(tmp_path / "gongkai.sqlite3")
    assert before == COUNTS
    with served(tmp_path) as server:
        assert "数据库中已有演示数据，未重复载入" in server.output()
        assert "已载入演示数据" not in server.output()
        session = HttpSession(server.url)
        admin = server.login("系统管理员")
        session.login(admin.username, admin.password)
        assert len(agencies_on_home(session)) == AGENCIES
    # Its public passwords stay on this machine, even when the demo is not to be loaded.
    refused = serve_once(tmp_path, "--host", "0.0.0.0", "--no-demo")
    assert refused.returncode == 2, refused.stderr
    assert "数据库中有演示数据" in refused.stderr and "--demo-on-network" in refused.stderr
    assert "工作台网址" not in refused.stdout
    assert sqlite_counts(tmp_path / "gongkai.sqlite3") == before


def test_the_demo_is_refused_on_the_network_before_the_database_is_touched(
        tmp_path: Path) -> None:
    for host in ("0.0.0.0", "192.0.2.7"):
        done = serve_once(tmp_path, "--host", host, "--db", str(tmp_path / "x.sqlite3"))
        assert done.returncode == 2
        assert "密码是公开的" in done.stderr and f"不能在 {host} 上" in done.stderr
        assert "--no-demo" in done.stderr and "--demo-on-network" in done.stderr
    assert not (tmp_path / "x.sqlite3").exists()


def test_only_loopback_addresses_count_as_this_machine() -> None:
    from gongkai.cli.serve import _loopback

    assert all(_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "localhost"))
    assert not any(_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.10", "10.0.0.1",
                                          "gongkai.example.gov.cn"))


def test_serve_on_postgresql(tmp_path: Path, postgres) -> None:
    if not isinstance(postgres, str):
        pytest.fail(f"PostgreSQL 测试无法运行：{postgres}")
    import psycopg

    # A database of its own in the throwaway cluster, so the demo meets no other test's data.
    name = f"gongkai_serve_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(_conninfo(postgres), autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    url = re.sub(r"/gongkai_test\?", f"/{name}?", postgres)
    assert name in url
    env = clean_env(DATABASE_URL=url, GONGKAI_CALENDAR_DIR=str(tmp_path / "calendars"),
                    GONGKAI_TODAY=DEMO_TODAY.isoformat())
    with served(tmp_path, env=env) as server:
        assert f"PostgreSQL 数据库 {name}" in server.output()
        check_logins(server.url, server.logins())
        assert postgres_counts(url) == COUNTS
    assert not (tmp_path / "gongkai.sqlite3").exists()
    with served(tmp_path, env=env) as server:  # again: nothing added
        assert "数据库中已有演示数据" in server.output()
    assert postgres_counts(url) == COUNTS


def test_a_port_in_use_is_refused_in_chinese(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "gongkai", "serve", "--port", str(port),
                               "--db", str(tmp_path / "x.sqlite3")], capture_output=True,
                              text=True, env=clean_env(), cwd=tmp_path, timeout=120,
                              check=False)
    assert done.returncode == 2
    assert f"端口 {port} 上启动" in done.stderr and "已被占用" in done.stderr
    assert not (tmp_path / "x.sqlite3").exists()  # refused before touching the database


# ------------------------------------------------------------ the demo register (domain only)

@pytest.fixture
def shipped_calendar(tmp_path: Path):
    """The State Council's calendar as the package ships it (2004–2026), no office's files."""
    from gongkai.register.calendar import WorkCalendar

    return WorkCalendar.default(tmp_path / "no-calendars")


# Placed by working days before two Mondays of the State Council's 2026 calendar, counted by
# hand from its notice. Before 23 November: 17 working days back is 29 October, 24 back is 20
# October (no holiday between). Before 19 October: 10 October (a Saturday) and 20 September (a
# Sunday) are make-up working days, 25–27 September and 1–7 October are holidays, so 17
# working days back is 18 September and 24 back is 9 September (a weekday count would give 24
# and 15 September).
LIVE_PLACES = [(date(2026, 11, 23), date(2026, 10, 29), date(2026, 10, 20)),
               (date(2026, 10, 19), date(2026, 9, 18), date(2026, 9, 9))]


@pytest.mark.parametrize(("monday", "l01", "l05"), LIVE_PLACES)
def test_the_demo_register_has_live_deadlines(monday: date, l01: date, l05: date,
                                              shipped_calendar) -> None:
    """With the State Council's calendar: received 17 working days before `monday`, an
    application is due 3 working days after it; 24 before, 4 days overdue; 28 before, 8
    overdue; the rest as the comments say. No application is received or answered on a day
    off."""
    from gongkai.register.deadlines import due_list
    from gongkai.web.demo.register import demo_register

    register, cases = demo_register("某局", "T", monday, calendar=shipped_calendar)
    by_number = {a.number: a for a in register.applications}
    assert by_number["T-2026-L01"].received == l01
    assert by_number["T-2026-L05"].received == l05
    soon, overdue = due_list(register.applications, monday, calendar=shipped_calendar)
    left = {i.application.number: i.workdays_left for i in soon}
    late = {i.application.number: i.workdays_left for i in overdue}
    # L01 received 17 working days before: 20 − 17 = 3 left; L02 19 before: 1 left; L03's
    # correction arrived 16 before: 4 left; L04 22 before, 5 days with the third party: 3.
    assert left == {"T-2026-L01": 3, "T-2026-L02": 1, "T-2026-L03": 4, "T-2026-L04": 3}
    # L05 24 working days before: due 4 working days ago; L06 (in person) 28 before: 8 ago.
    assert late == {"T-2026-L05": -4, "T-2026-L06": -8}
    assert {c.number for c in cases if c.expect in ("soon", "overdue")} == set(left) | set(late)
    # Nothing else is open and due within 5 working days; everything else is closed in time.
    open_numbers = {a.number for a in register.applications if a.open_on(monday)}
    assert open_numbers == {c.number for c in cases}
    assert len(register.applications) == 30 + 20 + LIVE
    days_off = shipped_calendar.years[2026].holidays | shipped_calendar.years[2025].holidays
    for app in register.applications:
        assert shipped_calendar.is_workday(app.received), (app.number, app.received)
        assert not {e.on for e in app.events} & days_off, app.number


@pytest.mark.parametrize("today", [date(2026, 1, 12), date(2026, 3, 2), date(2026, 6, 15),
                                   DEMO_TODAY])
def test_this_year_in_the_demo_is_this_year(today: date, shipped_calendar, store) -> None:
    """This year's closed applications are received this year (from 5 January) and answered
    before today — none at all in January, two thirds of the register's size (20 of 30) once
    the year is a few months old; last year's are all answered before today; the year's case
    and normative document are dated this year, before today."""
    from gongkai.web.demo.register import ASSESSMENT_RULES, demo_register
    from gongkai.web.reports.editing import register_report

    agency = f"某局{uuid.uuid4().hex[:6]}"
    register, cases = demo_register(agency, "T", today, calendar=shipped_calendar)
    live = {c.number for c in cases}
    this_year = [a for a in register.applications if a.number.startswith("TB-")]
    last_year = [a for a in register.applications
                 if a.number.startswith("T-") and a.number not in live]
    assert len(last_year) == 30
    assert {a.received.year for a in last_year} == {today.year - 1}
    for app in this_year:
        assert date(today.year, 1, 5) <= app.received < today, app.number
    for app in this_year + last_year:
        assert app.closed_on is not None and app.closed_on < today, app.number
    expected = {date(2026, 1, 12): 0, date(2026, 6, 15): 20, DEMO_TODAY: 20}
    if today in expected:
        assert len(this_year) == expected[today]
    for case in register.cases:
        assert case.filed < today and case.filed.year >= today.year - 1
        assert case.decided is None or case.decided < today
    this_years_case = f"T-复议-{today.year}-1"
    assert (this_years_case in {c.number for c in register.cases}) == (today > date(2026, 2, 10))
    rules = next(d for d in register.documents if d.title == ASSESSMENT_RULES)
    assert rules.issued == today - timedelta(days=25)
    assert rules.number.startswith(f"卫示规〔{rules.issued.year}〕")
    # both years' reports compute from the stored register, whatever the day
    store.save_register(register)
    assert register_report(agency, today.year, "default").year == today.year
    assert register_report(agency, today.year - 1, "default").year == today.year - 1


def test_the_demo_needs_the_calendar_of_its_due_dates(tmp_path: Path, shipped_calendar) -> None:
    """On 14 December 2026 the application received two working days before (10 December) is
    due on the 20th working day after it, in 2027, which the shipped calendar does not know:
    the demo refuses rather than guess. With a 2027 calendar (1 January off) it is due on
    8 January 2027: 11, 14–18, 21–25 and 28–31 December are 15 working days, 4–8 January 5."""
    from gongkai.register.calendar import CalendarError, WorkCalendar
    from gongkai.register.deadlines import application_deadline
    from gongkai.web.demo.register import demo_register

    monday = date(2026, 12, 14)
    with pytest.raises(CalendarError, match="2027 年"):
        demo_register("某局", "T", monday, calendar=shipped_calendar)
    folder = tmp_path / "calendars"
    folder.mkdir()
    (folder / "2027.toml").write_text('year = 2027\nholidays = ["2027-01-01"]\nworkdays = []\n',
                                      encoding="utf-8")
    calendar = WorkCalendar.default(folder)
    register, _ = demo_register("某局", "T", monday, calendar=calendar)
    newest = next(a for a in register.applications if a.number == "T-2026-L08")
    assert newest.received == date(2026, 12, 10)
    assert application_deadline(newest, calendar).due == date(2027, 1, 8)


def test_serve_refuses_the_demo_on_a_day_the_calendar_does_not_cover(tmp_path: Path) -> None:
    done = serve_once(tmp_path, GONGKAI_TODAY="2026-12-14")
    assert done.returncode == 2, done.stderr
    assert "未载入演示数据" in done.stderr and "2027 年" in done.stderr
    assert "--no-demo" in done.stderr and "Traceback" not in done.stderr
    assert "工作台网址" not in done.stdout
    counts = sqlite_counts(tmp_path / "gongkai.sqlite3")
    assert counts["auth_user"] == 0 and counts["register_application"] == 0


# ------------------------------------------------------------------- refusals and failures

def test_a_database_with_other_data_gets_no_demo(tmp_path: Path) -> None:
    """A real database whose one administrator has a name the demo does not use: the demo is
    not mixed into it — `gongkai serve` says so and serves what is there (the demo's admin
    does not exist); `demo_data` refuses in Chinese (exit 1)."""
    env = clean_env(GONGKAI_DB=str(tmp_path / "real.sqlite3"),
                    GONGKAI_TODAY=DEMO_TODAY.isoformat())

    def web(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "gongkai.web", *args], env=env,
                              cwd=tmp_path, capture_output=True, text=True, timeout=120,
                              check=False)

    assert web("migrate", "-v0").returncode == 0
    made = web("shell", "-c", "from django.contrib.auth.models import User; "
               "User.objects.create_superuser('chief', '', 'a-real-password-1')")
    assert made.returncode == 0, made.stderr
    with served(tmp_path, "--db", str(tmp_path / "real.sqlite3")) as server:
        assert "演示账号" not in server.output()
        notice = server.stderr.read_text(encoding="utf-8")
        assert "数据库不是空的（已有 1 个用户）" in notice and "未载入演示数据" in notice
        session = HttpSession(server.url)
        _, landed, page = session.login("admin", "gongkai-demo")
        assert landed.endswith("/login/") and "用户名或密码不正确" in page  # no demo admin
        session.login("chief", "a-real-password-1")
        assert agencies_on_home(session) == set()
    refused = web("demo_data")
    assert refused.returncode == 1
    assert "数据库不是空的" in refused.stderr and "CommandError" not in refused.stderr
    counts = sqlite_counts(tmp_path / "real.sqlite3")
    assert counts["auth_user"] == 1 and counts["organisations_agency"] == 0


def test_the_demo_goes_only_into_an_empty_database(web_db: str) -> None:
    """On each backend: a database with one user more than the demo knows of is refused by
    `load_demo` and by `demo_data`, and nothing is added."""
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from gongkai.web.demo import load_demo, present
    from gongkai.web.organisations.models import Agency, Region

    User.objects.create_user(f"chief-{uuid.uuid4().hex[:6]}", password="a-real-password-1")
    before = (User.objects.count(), Agency.objects.count(), Region.objects.count())
    loaded = load_demo(web_db, today=DEMO_TODAY)
    assert not loaded.created and loaded.counts == {}
    assert f"数据库不是空的（已有 {before[0]} 个用户" in loaded.refused
    assert "密码是公开的" in loaded.refused
    assert not present(web_db)
    errors = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("demo_data", database=web_db, stderr=errors)
    assert exited.value.code == 1
    assert errors.getvalue().startswith("错误：数据库不是空的")
    assert (User.objects.count(), Agency.objects.count(), Region.objects.count()) == before


def test_an_unexpected_failure_of_the_demo_is_told_in_chinese(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error the demo does not expect (here a failing disk) reaches the user as a Chinese
    sentence naming a file that holds the details; the English text is only in that file."""
    import tempfile

    from typer.testing import CliRunner

    import gongkai.cli.serve as serve
    import gongkai.register.store as store
    import gongkai.web.demo as demo
    from gongkai.cli import app

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk I/O error while saving the demo")

    monkeypatch.delenv("GONGKAI_TODAY", raising=False)
    monkeypatch.setattr(serve, "open_store", lambda db: None)
    monkeypatch.setattr(store, "location", lambda using="default": "SQLite 数据库 试用")
    monkeypatch.setattr(demo, "load_demo", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = CliRunner().invoke(app, ["serve", "--port", str(free_port())])
    assert result.exit_code == 2
    assert "载入演示数据时程序出错，演示数据一条也没有保存" in result.output
    assert "disk I/O" not in result.output and "OSError" not in result.output
    (trace,) = tmp_path.glob("gongkai-serve-*.log")
    assert trace.name in result.output.replace("\n", "")
    assert "OSError: disk I/O error while saving the demo" in trace.read_text(encoding="utf-8")


def test_the_demo_seeds_are_the_projects_examples() -> None:
    """The package ships its own copies of the seed reports (a wheel has no examples/); they
    must stay byte for byte the files in examples/."""
    from gongkai.web.demo.reports import SEEDS

    seeds = sorted(p for p in SEEDS.iterdir() if p.is_file() and not p.name.startswith("."))
    assert len(seeds) == 7
    for seed in seeds:
        example = ROOT / "examples" / seed.name
        assert example.is_file(), f"{seed.name} 不在 examples/ 中"
        assert seed.read_bytes() == example.read_bytes(), f"{seed.name} 与 examples/ 中的不同"


# ----------------------------------------------------------------------------- production

def test_gunicorn_serves_with_the_production_settings_by_default(tmp_path: Path) -> None:
    """The documented production command, without DJANGO_SETTINGS_MODULE: the production
    settings — HTTPS-only cookies, plain HTTP redirected, and no start at all without a
    secret key."""
    port = free_port()
    env = clean_env(GONGKAI_DB=str(tmp_path / "gongkai.sqlite3"),
                    GONGKAI_SECRET_KEY="k" * 20 + uuid.uuid4().hex)
    assert "DJANGO_SETTINGS_MODULE" not in env
    command = [sys.executable, "-m", "gunicorn", "gongkai.web.wsgi", "--bind",
               f"127.0.0.1:{port}", "--workers", "1"]
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=out, stderr=out)
        try:
            answer = None
            for _ in range(100):
                request = urllib.request.Request(f"http://127.0.0.1:{port}/login/",
                                                 headers={"X-Forwarded-Proto": "https"})
                try:
                    answer = urllib.request.urlopen(request, timeout=5)
                    break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.2)
            assert answer is not None, log.read_text()
            assert answer.status == 200
            assert "登录" in answer.read().decode("utf-8")
            cookie = answer.headers["Set-Cookie"]
            assert "csrftoken=" in cookie and "Secure" in cookie

            class NoRedirect(urllib.request.HTTPRedirectHandler):
                def redirect_request(self, *args, **kwargs):
                    return None

            with pytest.raises(urllib.error.HTTPError) as plain:
                urllib.request.build_opener(NoRedirect).open(
                    f"http://127.0.0.1:{port}/login/", timeout=5)
            assert plain.value.code == 301
            assert plain.value.headers["Location"] == f"https://127.0.0.1:{port}/login/"
        finally:
            stop(process)
    env.pop("GONGKAI_SECRET_KEY")
    loaded = subprocess.run([sys.executable, "-c", "import gongkai.web.wsgi"], env=env,
                            cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            check=False)
    assert loaded.returncode != 0 and "GONGKAI_SECRET_KEY" in loaded.stderr
    env["DJANGO_SETTINGS_MODULE"] = "gongkai.web.settings_production"
    done = subprocess.run([sys.executable, "-m", "gongkai.web", "check"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0 and "GONGKAI_SECRET_KEY" in done.stderr


def test_the_demo_runs_on_the_last_day_the_holiday_calendar_allows(store) -> None:
    """The shipped calendar ends with 2026: from early December the demo's due dates would need
    2027's holidays, so `serve` runs the demo (and the pages) on the latest earlier day that has
    them all — a day the demo can really be laid out on — and on today while it can."""
    from datetime import date

    from gongkai.cli.serve import _demo_day
    from gongkai.register.calendar import CalendarError
    from gongkai.web.demo.register import demo_register
    from gongkai.web.demo.world import SAMPLE_AGENCY

    assert _demo_day(date(2026, 11, 2)) == date(2026, 11, 2)
    with pytest.raises(CalendarError):
        demo_register(SAMPLE_AGENCY, "SL", date(2026, 12, 28), seed=1, size=30)
    day = _demo_day(date(2026, 12, 28))
    assert date(2026, 9, 1) <= day < date(2026, 12, 28) and day.weekday() == 0
    demo_register(SAMPLE_AGENCY, "SL", day, seed=1, size=30)  # lays out with real working days


def test_a_database_with_real_data_keeps_the_real_today(web_db: str) -> None:
    """On 2026-12-28 the shipped calendar cannot lay the demo out (see above), yet a database
    holding a real user and agency is refused the demo: `serve` keeps the real today for it, so
    its applications' deadlines count from the day it really is — with --demo or without."""
    from django.contrib.auth.models import User
    from django.test.utils import override_settings

    from gongkai.cli.serve import _demo_day, _shifted_today
    from gongkai.web.demo import is_empty, present
    from gongkai.web.organisations.models import Agency

    tag = uuid.uuid4().hex[:6]
    User.objects.create_user(f"chief-{tag}", password="a-real-password-1")
    Agency.objects.create(name=f"某市某局{tag}")
    december = date(2026, 12, 28)
    assert _demo_day(december) < december  # the demo itself would run on an earlier day
    assert not present(web_db) and not is_empty(web_db)
    with override_settings(GONGKAI_TODAY=december):
        assert _shifted_today(True, web_db) is None
        assert _shifted_today(False, web_db) is None
