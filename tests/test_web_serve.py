"""`gongkai serve` as someone trying the workbench runs it: in a subprocess on a free port, on
a fresh SQLite file (and on the throwaway PostgreSQL), with the demo data; the printed address
answers, the printed logins log in, the demo data is there and a second start adds nothing.
Also the demo register's live deadlines (domain only), and the production settings under
gunicorn.

The expected figures follow from the demo's design (gongkai.web.demo): 8 agencies and the
office; an administrator, the office's reviewer and one clerk per agency; 7 seed files for 7
agency-years plus 3 reports computed from registers; registers of 30 + 20 + 9 and 18 + 12 + 9
applications (last year, this year closed, live); 6 publication items.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import date
from pathlib import Path

import pytest

from tests.browser import HttpSession, clean_env, free_port, served, stop

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
    """The printed logins log in and see what their roles allow; a wrong password does not."""
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

    session = HttpSession(base)
    status, landed, page = session.login(clerk.username, clerk.password + "x")
    assert landed.endswith("/login/") and "用户名或密码不正确" in page


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve")


def test_serve_loads_the_demo_into_a_file_in_the_current_folder(folder: Path) -> None:
    with served(folder) as server:
        text = server.output()
        assert f"SQLite 数据库 {folder / 'gongkai.sqlite3'}" in text
        assert "已载入演示数据" in text
        assert server.url.startswith("http://127.0.0.1:")
        logins = server.logins()
        assert [x.role for x in logins].count("机关工作人员") == AGENCIES - 1
        assert len(logins) == USERS
        check_logins(server.url, logins)
        assert sqlite_counts(folder / "gongkai.sqlite3") == COUNTS
    assert server.process.returncode is not None  # stopped


def test_a_second_start_adds_nothing(folder: Path) -> None:
    before = sqlite_counts(folder / "gongkai.sqlite3")
    assert before == COUNTS  # the first test's database
    with served(folder) as server:
        assert "数据库中已有演示数据，未重复载入" in server.output()
        assert "已载入演示数据" not in server.output()
        session = HttpSession(server.url)
        admin = server.login("系统管理员")
        session.login(admin.username, admin.password)
        assert len(agencies_on_home(session)) == AGENCIES
    assert sqlite_counts(folder / "gongkai.sqlite3") == before


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
    env = clean_env(DATABASE_URL=url, GONGKAI_CALENDAR_DIR=str(tmp_path / "calendars"))
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


def test_the_demo_register_has_live_deadlines() -> None:
    """Placed by working days before a Monday of the State Council's 2026 calendar: received 17
    working days before it, an application is due 3 working days after it; 24 before, 4 days
    overdue; 28 before, 8 overdue; the rest as the comments say."""
    from gongkai.register.deadlines import due_list
    from gongkai.web.demo.register import demo_register

    monday = date(2026, 11, 23)
    register, cases = demo_register("某局", "T", monday)
    soon, overdue = due_list(register.applications, monday)
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


def test_gunicorn_serves_with_the_production_settings(folder: Path) -> None:
    """The documented production command on the demo database: HTTPS-only cookies, plain
    HTTP redirected, and no start at all without a secret key."""
    port = free_port()
    env = clean_env(DJANGO_SETTINGS_MODULE="gongkai.web.settings_production",
                    GONGKAI_DB=str(folder / "gongkai.sqlite3"),
                    GONGKAI_SECRET_KEY="k" * 20 + uuid.uuid4().hex)
    command = [sys.executable, "-m", "gunicorn", "gongkai.web.wsgi", "--bind",
               f"127.0.0.1:{port}", "--workers", "1"]
    log = folder / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=out, stderr=out)
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
    done = subprocess.run([sys.executable, "-m", "gongkai.web", "check"], env=env, cwd=folder,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0 and "GONGKAI_SECRET_KEY" in done.stderr


def test_a_database_with_other_data_of_the_same_names_gets_no_demo(tmp_path: Path) -> None:
    """A real database whose administrator is called admin: the demo is not mixed into it —
    `gongkai serve` says so and serves what is there; `demo_data` refuses (exit 1)."""
    env = clean_env(GONGKAI_DB=str(tmp_path / "real.sqlite3"))

    def web(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "gongkai.web", *args], env=env,
                              cwd=tmp_path, capture_output=True, text=True, timeout=120,
                              check=False)

    assert web("migrate", "-v0").returncode == 0
    made = web("shell", "-c", "from django.contrib.auth.models import User; "
               "User.objects.create_superuser('admin', '', 'a-real-password-1')")
    assert made.returncode == 0, made.stderr
    with served(tmp_path, "--db", str(tmp_path / "real.sqlite3")) as server:
        assert "演示账号" not in server.output()
        assert "未载入演示数据" in server.stderr.read_text(encoding="utf-8")
        session = HttpSession(server.url)
        session.login("admin", "a-real-password-1")
        assert agencies_on_home(session) == set()
    refused = web("demo_data")
    assert refused.returncode == 1 and "admin" in refused.stderr
    counts = sqlite_counts(tmp_path / "real.sqlite3")
    assert counts["auth_user"] == 1 and counts["organisations_agency"] == 0
