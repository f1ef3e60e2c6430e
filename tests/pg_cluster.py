"""A throwaway PostgreSQL cluster for the store tests.

PostgreSQL (the Debian package `postgresql`, installed by `make test`) is on the machine but not
running. `throwaway_cluster()` creates a cluster in a fresh temporary folder with initdb, starts
it with pg_ctl on a Unix socket in that folder only (no TCP: listen_addresses=''), creates a
database, yields its URL, then stops the server and removes the folder. PostgreSQL refuses to
run as root, so as root the cluster is run by the `postgres` system user (runuser).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

USER = "gongkai"
DATABASE = "gongkai_test"
MISSING = ("没有找到 PostgreSQL（initdb）。请安装 Debian 软件包 postgresql"
           "（make test 会自动安装），或用环境变量 PG_BINDIR 指明其 bin 目录。")


class ClusterError(RuntimeError):
    pass


def bindir() -> Path | None:
    """The folder of initdb and pg_ctl: $PG_BINDIR, PostgreSQL 15, any other version, PATH."""
    candidates = [os.environ.get("PG_BINDIR", ""), "/usr/lib/postgresql/15/bin"]
    candidates += sorted((str(p.parent) for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")),
                         reverse=True)
    on_path = shutil.which("initdb")
    candidates += [str(Path(on_path).parent)] if on_path else []
    return next((Path(c) for c in candidates if c and (Path(c) / "initdb").is_file()), None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(command: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if check and done.returncode != 0:
        raise ClusterError(f"{' '.join(command)} 失败（{done.returncode}）：\n"
                           f"{done.stdout}\n{done.stderr}")
    return done


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a cluster; yield the URL of an empty database in it; stop and remove it."""
    bin_ = bindir()
    if bin_ is None:
        raise ClusterError(MISSING)
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL will not run as root
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise ClusterError("以 root 运行测试时需要系统用户 postgres 来运行 PostgreSQL"
                               "（安装 postgresql 软件包时会创建）") from None
        runuser = shutil.which("runuser")
        if runuser is None:
            raise ClusterError("以 root 运行测试时需要 runuser（util-linux）") from None
        base = Path(tempfile.mkdtemp(prefix="gongkai-pg-", dir="/tmp"))
        os.chown(base, owner.pw_uid, owner.pw_gid)
        as_user = [runuser, "-u", "postgres", "--"]
    else:
        base = Path(tempfile.mkdtemp(prefix="gongkai-pg-"))
    data, port = base / "data", _free_port()
    started = False
    try:
        _run([*as_user, str(bin_ / "initdb"), "-D", str(data), "-A", "trust", "-U", USER,
              "-E", "UTF8", "--locale=C", "--no-sync"])
        options = f"-k {base} -p {port} -c listen_addresses='' -c fsync=off"
        done = _run([*as_user, str(bin_ / "pg_ctl"), "-D", str(data), "-l", str(base / "log"),
                     "-w", "-t", "60", "-o", options, "start"], check=False)
        if done.returncode != 0:
            log = (base / "log").read_text(errors="replace") if (base / "log").exists() else ""
            raise ClusterError(f"pg_ctl start 失败：{done.stderr}\n{log}")
        started = True
        _run([*as_user, str(bin_ / "createdb"), "-h", str(base), "-p", str(port), "-U", USER,
              DATABASE])
        yield f"postgresql://{USER}@/{DATABASE}?host={base}&port={port}"
    finally:
        if started:
            _run([*as_user, str(bin_ / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                  "stop"], check=False)
        shutil.rmtree(base, ignore_errors=True)
