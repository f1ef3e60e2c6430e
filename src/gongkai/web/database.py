"""Where the store is: a SQLite file path, or a database URL (PostgreSQL, or sqlite:///path).

    postgresql://user:password@host:5432/name?sslmode=require
    postgresql://user@/name?host=/run/postgresql        (a Unix socket folder)
    postgresql://user@%2Frun%2Fpostgresql:5433/name     (the same, percent-encoded)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

DEFAULT_SQLITE = "gongkai.sqlite3"
_POSTGRES = ("postgres", "postgresql", "pgsql", "postgresql+psycopg")


def sqlite_settings(path: str | Path) -> dict[str, Any]:
    return {"ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path(path).expanduser().resolve()),
            "OPTIONS": {"timeout": 30}}


def database_settings(location: str) -> dict[str, Any]:
    """Django's settings of one database from a path or URL."""
    if "://" not in location:
        return sqlite_settings(location)
    url = urlsplit(location)
    scheme = url.scheme.lower()
    if scheme == "sqlite":
        path = unquote(url.path)
        if url.netloc:  # sqlite://relative/path
            path = unquote(url.netloc) + path
        return sqlite_settings(path)
    if scheme not in _POSTGRES:
        raise ValueError(f"不支持的数据库地址“{scheme}://…”（应为 SQLite 文件路径或 "
                         "postgresql://…）")
    options = dict(parse_qsl(url.query))
    host, port = _host_port(url.netloc.rsplit("@", 1)[-1])
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": options.pop("dbname", unquote(url.path.lstrip("/"))),
        "USER": options.pop("user", unquote(url.username or "")),
        "PASSWORD": options.pop("password", unquote(url.password or "")),
        "HOST": options.pop("host", host),
        "PORT": options.pop("port", port),
        "OPTIONS": options,
    }


def _host_port(text: str) -> tuple[str, str]:
    """Host (a name, an [IPv6] address or a percent-encoded socket folder, case kept) and
    port of a URL's network location."""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, rest.removeprefix(":")
    host, _, port = text.partition(":")
    if port and not port.isdigit():
        raise ValueError(f"数据库地址中的端口“{port}”无效")
    return unquote(host), port


def default_location(environ: os._Environ[str] | dict[str, str] = os.environ) -> str:
    """DATABASE_URL, else GONGKAI_DB (a path or URL), else ./gongkai.sqlite3."""
    return environ.get("DATABASE_URL") or environ.get("GONGKAI_DB") or DEFAULT_SQLITE


def describe(settings: dict[str, Any]) -> str:
    """The database in words, for messages."""
    if settings["ENGINE"].endswith("sqlite3"):
        return f"SQLite 数据库 {settings['NAME']}"
    where = settings["HOST"] or "本机"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"PostgreSQL 数据库 {settings['NAME']}（{where}{port}）"
