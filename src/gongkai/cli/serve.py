"""`gongkai serve`: the workbench on this machine, with demo data, for trying it out.

It sets up the database (the store's: `--db`, else DATABASE_URL, GONGKAI_DB, ./gongkai.sqlite3),
applies the migrations, loads the demo data into an empty database (`gongkai.web.demo`), prints
the address and the demo logins, and runs Django's development server until Ctrl+C. The demo's
passwords are public: with the demo, the server listens on this machine only unless
--demo-on-network says otherwise. The environment variable GONGKAI_TODAY (an ISO date) fixes the
workbench's today, for tests and demonstrations. For production, run `gunicorn gongkai.web.wsgi`
(which uses `gongkai.web.settings_production`; docs/web/serve.md).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
import tempfile
import traceback
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from gongkai.cli.app import app, fail, warn
from gongkai.cli.store import DbOption, open_store

EVERYWHERE = {"0.0.0.0", "::"}
ON_NETWORK_HINT = ("只在本机试用请去掉 --host（默认 127.0.0.1）；不需要演示数据请加 --no-demo；"
                   "确需让其他电脑访问演示数据，请加 --demo-on-network")


def _say(text: str) -> None:
    print(text, flush=True)  # at once: a script waits for the address line


def _url(host: str, port: int) -> str:
    """The address to open in a browser on this machine."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _loopback(host: str) -> bool:
    """Whether `host` is this machine only (127.0.0.1, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may be reached from elsewhere
        return False


def _fixed_today() -> date | None:
    """The day the environment variable GONGKAI_TODAY fixes as today, if it is set."""
    text = os.environ.get("GONGKAI_TODAY", "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"环境变量 GONGKAI_TODAY 应为日期，例如 2026-06-15（现为“{text}”）", 2) from None


def _trace_file() -> Path:
    """The traceback of the exception being handled, written to a new file for a bug report."""
    handle, name = tempfile.mkstemp(prefix="gongkai-serve-", suffix=".log")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        traceback.print_exc(file=out)
    return Path(name)


def _demo_day(today: date) -> date:
    """The day the demo can run on: `today`, unless the State Council's holiday calendar does
    not yet cover the weeks ahead (each year's notice comes out late in the year before) — then
    the latest earlier day, at most 16 weeks back, on which the demo's register can be laid out
    with real working days. Nothing is guessed: the pages then run on that day as well."""
    from datetime import timedelta

    from gongkai.register.calendar import CalendarError
    from gongkai.web.demo.register import demo_register
    from gongkai.web.demo.world import SAMPLE_AGENCY

    for weeks in range(17):
        day = today - timedelta(weeks=weeks)
        try:
            demo_register(SAMPLE_AGENCY, "SL", day, seed=1, size=30)
        except CalendarError:
            continue
        return day
    return today  # load_demo then explains which year's calendar is missing


def _shifted_today(demo: bool, using: str = "default") -> date | None:
    """The earlier day the workbench must take as today for the demo (`_demo_day`), or None to
    keep the real today. Only a database that holds the demo, or an empty one the demo is about
    to go into (`demo`), is shifted: a database with real data is refused the demo, and its
    applications' deadlines must count from the real today."""
    from gongkai.web.demo import is_empty, present
    from gongkai.web.review.overview import today as workbench_today

    if not (present(using) or (demo and is_empty(using))):
        return None
    actual = workbench_today()
    day = _demo_day(actual)
    return day if day != actual else None


def _load_demo() -> bool:
    """Load the demo into the database (if it is empty); whether the demo is there now."""
    from gongkai.web.demo import DemoError, load_demo
    from gongkai.web.demo.world import loaded_text, login_lines

    try:
        loaded = load_demo()
    except DemoError as exc:  # a Chinese explanation: the calendar lacks a year
        raise fail(f"未载入演示数据（一条也没有保存）：{exc}\n"
                   "不需要演示数据时可用 --no-demo 启动。", 2) from None
    except Exception:  # nothing was saved: the demo loads in one transaction
        raise fail("载入演示数据时程序出错，演示数据一条也没有保存。详细的出错信息已写入 "
                   f"{_trace_file()}，报告问题时请附上这个文件。", 2) from None
    if loaded.refused:
        warn(f"{loaded.refused}。（用 --no-demo 启动可不再提示）")
        return False
    _say(loaded_text(loaded))
    _say("\n".join(login_lines()))
    return True


def _allow(host: str) -> None:
    """Let Django answer requests addressed to `host` (the loopback names are always allowed;
    a server on every interface needs GONGKAI_ALLOWED_HOSTS)."""
    from django.conf import settings

    entry = f"[{host}]" if ":" in host else host  # Django's spelling of an IPv6 address
    if host not in EVERYWHERE and entry not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append(entry)


@app.command("serve", help=(
    "在本机运行工作台（网页）：建立或升级数据库，空数据库中载入演示数据，显示网址和演示账号。"
    "演示账号的密码是公开的。这是开发用服务器，正式部署请用 gunicorn，见 docs/web/serve.md。"))
def serve_command(
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535,
                                      help="端口（默认 8000）")] = 8000,
    host: Annotated[str, typer.Option(
        "--host", help="监听地址（默认 127.0.0.1，只有本机能访问；0.0.0.0 为所有网卡，"
        "此时须用环境变量 GONGKAI_ALLOWED_HOSTS 列出访问所用的主机名）")] = "127.0.0.1",
    db: DbOption = None,
    demo: Annotated[bool, typer.Option("--demo/--no-demo", help=(
        "在空数据库中载入演示数据（默认载入；已载入时不重复；数据库中已有其他数据时不载入）"
    ))] = True,
    demo_on_network: Annotated[bool, typer.Option("--demo-on-network", help=(
        "允许在本机以外的地址上提供演示数据（演示账号的密码是公开的，网络中任何人都能用它登录）"
    ))] = False,
) -> None:
    host = host.strip().strip("[]")
    network = not _loopback(host)
    if network and demo and not demo_on_network:
        raise fail(f"演示账号的密码是公开的，不能在 {host} 上让其他电脑访问。"
                   f"{ON_NETWORK_HINT}。", 2)
    today = _fixed_today()
    if not _port_free(host, port):
        raise fail(f"无法在 {host} 的端口 {port} 上启动：端口已被占用或地址无效，"
                   "请用 --port 换一个端口", 2)
    open_store(db)
    from django.conf import settings
    from django.core.management import call_command

    from gongkai.register.store import location
    from gongkai.web.demo import present

    if today is not None:
        settings.GONGKAI_TODAY = today
        _say(f"今天按环境变量 GONGKAI_TODAY 算作 {today.isoformat()}（供测试和演示）。")
    elif (day := _shifted_today(demo)) is not None:
        settings.GONGKAI_TODAY = day
        warn("已导入的国务院节假日安排还不包括今后几周所在的年份，演示台账的答复期限无法按"
             f"真实工作日计算：演示数据和工作台都以 {day.isoformat()} 作为今天。新一年的"
             "节假日安排公布后用 gongkai register calendar add 导入，再启动即按实际日期。")
    _say(f"数据库：{location()}")
    with_demo = _load_demo() if demo else network and present()
    if network and with_demo:
        if not demo_on_network:
            raise fail(f"数据库中有演示数据，演示账号的密码是公开的，不能在 {host} 上让其他电脑"
                       f"访问。{ON_NETWORK_HINT}。", 2)
        warn("演示数据在本机以外的地址上提供：网络中任何人都能用公开的演示密码以系统管理员登录。")
    _allow(host)
    _say(f"工作台网址：{_url(host, port)}")
    if host in EVERYWHERE:
        _say("正在所有网卡上监听：从其他电脑访问时，请把所用的主机名或 IP 地址写入环境变量 "
             "GONGKAI_ALLOWED_HOSTS（以逗号分隔）。")
    _say("按 Ctrl+C 停止。")
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        call_command("runserver", address, use_reloader=False, use_threading=True,
                     use_ipv6=":" in host)
    except KeyboardInterrupt:
        sys.exit(0)
