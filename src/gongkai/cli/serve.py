"""`gongkai serve`: the workbench on this machine, with demo data, for trying it out.

It sets up the database (the store's: `--db`, else DATABASE_URL, GONGKAI_DB, ./gongkai.sqlite3),
applies the migrations, loads the demo data once (`gongkai.web.demo`), prints the address and
the demo logins, and runs Django's development server until Ctrl+C. For production, run
`gunicorn gongkai.web.wsgi` with `gongkai.web.settings_production` (docs/web/serve.md).
"""

from __future__ import annotations

import socket
import sys
from typing import Annotated

import typer

from gongkai.cli.app import app, fail, warn
from gongkai.cli.store import DbOption, open_store

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
EVERYWHERE = {"0.0.0.0", "::"}


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


def _allow(host: str) -> None:
    """Let Django answer requests addressed to `host` (the loopback names are always allowed;
    a server on every interface needs GONGKAI_ALLOWED_HOSTS)."""
    from django.conf import settings

    if host not in LOOPBACK | EVERYWHERE and host not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append(host)


@app.command("serve", help=(
    "在本机运行工作台（网页）：建立或升级数据库，首次运行时载入演示数据，显示网址和演示账号。"
    "这是开发用服务器，正式部署请用 gunicorn，见 docs/web/serve.md。"))
def serve_command(
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535,
                                      help="端口（默认 8000）")] = 8000,
    host: Annotated[str, typer.Option(
        "--host", help="监听地址（默认 127.0.0.1，只有本机能访问；0.0.0.0 为所有网卡，"
        "此时须用环境变量 GONGKAI_ALLOWED_HOSTS 列出访问所用的主机名）")] = "127.0.0.1",
    db: DbOption = None,
    demo: Annotated[bool, typer.Option("--demo/--no-demo",
                                       help="载入演示数据（默认载入；已载入时不重复）")] = True,
) -> None:
    host = host.strip().strip("[]")
    if not _port_free(host, port):
        raise fail(f"无法在 {host} 的端口 {port} 上启动：端口已被占用或地址无效，"
                   "请用 --port 换一个端口", 2)
    open_store(db)
    from django.core.management import call_command

    from gongkai.register.store import location
    from gongkai.web.demo import load_demo
    from gongkai.web.demo.world import loaded_text, login_lines

    _say(f"数据库：{location()}")
    if demo:
        try:
            loaded = load_demo()
        except Exception as exc:  # nothing was saved: the demo loads in one transaction
            raise fail(f"载入演示数据失败，数据库未作任何修改：{exc}", 2) from None
        if loaded.clash:
            warn(f"{loaded.clash}（用 --no-demo 启动可不再提示）")
        else:
            _say(loaded_text(loaded))
            _say("\n".join(login_lines()))
    _allow(host)
    _say(f"工作台网址：{_url(host, port)}")
    if host in EVERYWHERE:
        _say("正在所有网卡上监听：从其他电脑访问时，请把所用的主机名或 IP 地址写入环境变量 "
             "GONGKAI_ALLOWED_HOSTS（以逗号分隔）。")
    _say("按 Ctrl+C 停止。")
    from django.conf import settings

    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options = {"use_reloader": False, "use_threading": True, "use_ipv6": ":" in host}
    if "django.contrib.staticfiles" in settings.INSTALLED_APPS:
        options["insecure_serving"] = True  # the apps' static files, with DEBUG off too
    try:
        call_command("runserver", address, **options)
    except KeyboardInterrupt:
        sys.exit(0)
