"""Run the upload load test end to end: a fresh database, the accounts, the workbench under
gunicorn on loopback, Locust headless against it, then the server stopped and the results
summarised (p95 per request kind, error counts) as a Markdown table.

Usage:
    python bench/load/run.py [--users 20] [--spawn-rate 5] [--run-time 2m]
                             [--database sqlite|postgresql] [--workers 2] [--threads 4]
                             [--out out/load]

`--database postgresql` starts a throwaway PostgreSQL cluster (tests/pg_cluster.py: Unix
socket only); SQLite is a file in the output folder. Nothing is left running afterwards.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
PASSWORD = "load-test-password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def database(kind: str, folder: Path) -> Iterator[dict[str, str]]:
    """The environment naming a fresh database of `kind`."""
    if kind == "sqlite":
        yield {"GONGKAI_DB": str(folder / "load.sqlite3")}
        return
    from tests.pg_cluster import throwaway_cluster

    with throwaway_cluster() as url:
        yield {"DATABASE_URL": url}


def prepare(env: dict[str, str], users: int) -> None:
    manage = [sys.executable, "-m", "gongkai.web"]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    script = (
        "from django.contrib.auth.models import User\n"
        f"for i in range(1, {users} + 1):\n"
        "    name = f'load-{i:02d}'\n"
        "    if not User.objects.filter(username=name).exists():\n"
        f"        User.objects.create_user(name, password={PASSWORD!r})\n"
    )
    subprocess.run([*manage, "shell", "-c", script], env=env, check=True)


@contextmanager
def server(env: dict[str, str], port: int, workers: int, threads: int,
           log: Path) -> Iterator[list[str]]:
    command = ["gunicorn", "gongkai.web.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--worker-class", "gthread",
               "--threads", str(threads), "--timeout", "120", "--graceful-timeout", "10",
               # Longer than the users' pause between tasks (1-3 s): with gunicorn's 2 s a
               # client may send its upload on a connection the server is just closing.
               "--keep-alive", "5"]
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start; see {log}") from None
                time.sleep(0.5)
        yield command
    finally:
        process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop of its workers
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def summary(stats_csv: Path) -> tuple[list[list[str]], int, int]:
    """Rows (kind, name, requests, failures, median, p95, max) and the totals."""
    rows, requests, failures = [], 0, 0
    with stats_csv.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Name"] == "Aggregated":
                requests, failures = int(row["Request Count"]), int(row["Failure Count"])
                continue
            rows.append([row["Type"], row["Name"], row["Request Count"], row["Failure Count"],
                         row["50%"], row["95%"], f"{float(row['Max Response Time']):.0f}"])
    return rows, requests, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--run-time", default="2m")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "load")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gongkai-load-")))
        named = stack.enter_context(database(args.database, folder))
        env = {**os.environ, **named, "DJANGO_SETTINGS_MODULE": "gongkai.web.settings",
               "LOAD_USERS": str(args.users), "LOAD_PASSWORD": PASSWORD}
        if "DATABASE_URL" not in named:
            env.pop("DATABASE_URL", None)  # it would win over GONGKAI_DB
        prepare(env, args.users)
        port = free_port()
        command = stack.enter_context(
            server(env, port, args.workers, args.threads, args.out / "gunicorn.log"))
        locust = ["locust", "-f", str(ROOT / "bench" / "load" / "locustfile.py"), "--headless",
                  "-u", str(args.users), "-r", str(args.spawn_rate), "--run-time", args.run_time,
                  "-H", f"http://127.0.0.1:{port}", "--csv", str(args.out / "locust"),
                  "--only-summary", "--stop-timeout", "30"]
        started = time.monotonic()
        subprocess.run(locust, env=env, cwd=ROOT, check=False)
        wall = time.monotonic() - started
        load = os.getloadavg()

    rows, requests, failures = summary(args.out / "locust_stats.csv")
    print(f"\nserver: {shlex.join(command)}  ({args.database})")
    print(f"load:   {shlex.join(locust)}")
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{wall:.0f} s; load average at the end {load[0]:.2f}")
    print("\n| kind | name | requests | failures | median ms | p95 ms | max ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nall requests: {requests}, failures: {failures}")
    return 0 if requests and not failures else 1


if __name__ == "__main__":
    raise SystemExit(main())
