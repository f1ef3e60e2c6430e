"""Helpers for the tests that use the workbench as its users do: `gongkai serve` in a subprocess
on a free port (`served`), a session that logs in over HTTP (`HttpSession`), and Debian's
Chromium driven by Playwright (`chromium`, `Pages`). Nothing here downloads anything: the
browser is /usr/bin/chromium, never `playwright install`."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Screenshots go where GONGKAI_SCREENSHOTS says (`make screenshots` points it at docs/images),
# else to a temporary folder: a test run never changes the working tree.
IMAGES = Path(os.environ.get("GONGKAI_SCREENSHOTS")
              or Path(tempfile.gettempdir()) / "gongkai-screenshots")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
# The day the served workbench takes as today (GONGKAI_TODAY), for the demo it loads and for
# every page: inside the State Council's calendar the package ships, a Monday whose last 35
# working days span the Mid-Autumn and National Day holidays. The tests' expected dates and
# counts never depend on the day they run, nor on the machine's time zone.
DEMO_TODAY = date(2026, 10, 19)
ADDRESS = re.compile(r"工作台网址：(http://\S+/)")
PASSWORD = re.compile(r"密码均为 ([^\s，]+)，")
LOGIN_LINE = re.compile(r"^  (\S+)\s+(\S+?)(?:（(.+)）)?$", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without the database settings and without a fixed today,
    plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "GONGKAI_DB", "DJANGO_SETTINGS_MODULE", "GONGKAI_TODAY")}
    env.update(extra)
    return env


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    agency: str | None


@dataclass
class Served:
    """A running `gongkai serve`: its address and what it printed."""

    url: str
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path

    def output(self) -> str:
        return self.stdout.read_text(encoding="utf-8", errors="replace")

    def logins(self) -> list[DemoLogin]:
        """The demo logins the server printed."""
        text = self.output()
        password = PASSWORD.search(text)
        assert password, text
        block = text[password.end():].split("工作台网址")[0]
        return [DemoLogin(m[1], password[1], m[2], m[3]) for m in LOGIN_LINE.finditer(block)]

    def login(self, role: str, agency: str | None = None) -> DemoLogin:
        return next(x for x in self.logins() if x.role == role
                    and (agency is None or x.agency == agency))


def _wait_for(served_url: str, process: subprocess.Popen[bytes], deadline: float,
              describe: Any) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gongkai serve 已退出（{process.returncode}）：\n{describe()}")
        try:
            with urllib.request.urlopen(served_url + "login/", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"gongkai serve 未在时限内应答：\n{describe()}")


@contextmanager
def served(folder: Path, *args: str, env: dict[str, str] | None = None,
           timeout: float = 120) -> Iterator[Served]:
    """`python -m gongkai serve --port <free> *args` run in `folder` (by default with today
    fixed at DEMO_TODAY and no office calendars); yields once the printed address answers;
    always stops the server (SIGINT, then SIGKILL)."""
    port = free_port()
    stdout, stderr = folder / f"serve-{port}.out", folder / f"serve-{port}.err"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "gongkai", "serve", "--port", str(port), *args],
            cwd=folder, stdout=out, stderr=err,
            env=env or clean_env(GONGKAI_CALENDAR_DIR=str(folder / "calendars"),
                                 GONGKAI_TODAY=DEMO_TODAY.isoformat()))
        try:
            def describe() -> str:
                return (stdout.read_text(encoding="utf-8", errors="replace")
                        + stderr.read_text(encoding="utf-8", errors="replace"))

            deadline = time.monotonic() + timeout
            url = None
            while url is None and time.monotonic() < deadline:
                found = ADDRESS.search(stdout.read_text(encoding="utf-8", errors="replace"))
                if found:
                    url = found[1]
                elif process.poll() is not None:
                    raise AssertionError(f"gongkai serve 已退出（{process.returncode}）：\n"
                                         f"{describe()}")
                else:
                    time.sleep(0.2)
            assert url is not None, f"gongkai serve 没有显示网址：\n{describe()}"
            _wait_for(url, process, deadline, describe)
            yield Served(url, process, stdout, stderr)
        finally:
            stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# ---------------------------------------------------------------------------- plain HTTP

class HttpSession:
    """A browser-less session: cookies kept, redirects followed, CSRF tokens taken from forms."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, str, str]:
        """(status, final URL, body) of GET `path`."""
        try:
            with self.opener.open(self.base + path.lstrip("/"), timeout=30) as answer:
                return answer.status, answer.url, answer.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.url, exc.read().decode("utf-8", errors="replace")

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base + path.lstrip("/"), data=data,
                                         headers={"Referer": self.base + path.lstrip("/")})
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, answer.url, answer.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.url, exc.read().decode("utf-8", errors="replace")

    def login(self, username: str, password: str) -> tuple[int, str, str]:
        """Post the login form with its CSRF token; the page it lands on."""
        _, _, form = self.get("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token, form
        return self.post("/login/", {"csrfmiddlewaretoken": token[1], "username": username,
                                     "password": password})


# ---------------------------------------------------------------------------- the browser

@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, through Playwright; a fresh context (1280 px wide, Chinese
    locale) is made per user with `browser.new_context`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any, base: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                  base_url=base, accept_downloads=True)
    context.set_default_timeout(15_000)
    return context.new_page()


def log_in(page: Any, login: DemoLogin) -> None:
    """Log in through the login form, as a person would."""
    page.goto("/login/")
    page.fill("input[name=username]", login.username)
    page.fill("input[name=password]", login.password)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def screenshot(page: Any, name: str, full_page: bool = False) -> Path:
    """Save what the window shows (or the whole page) as web-<name>.png in IMAGES, 1280 px
    wide."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    target = IMAGES / f"web-{name}.png"
    page.screenshot(path=str(target), full_page=full_page)
    return target
