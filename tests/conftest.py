"""Shared fixtures: the seeds and their expected readings from ../shared; the store on SQLite
and on a throwaway PostgreSQL cluster (tests/pg_cluster.py), one per session for all the store
tests (Django is configured once per process)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg_cluster import ClusterError, throwaway_cluster

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = SHARED / "fixtures" / "seeds"


def seed_cases() -> list[tuple[str, Path, dict]]:
    manifest = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
    return [
        (case["case"], (FIXTURES / case["file"]).resolve(),
         json.loads((FIXTURES / case["truth"]).read_text(encoding="utf-8")))
        for case in manifest
    ]


@pytest.fixture(scope="session")
def seeds() -> list[tuple[str, Path, dict]]:
    return seed_cases()


# ------------------------------------------------------------------------------ the store

BACKENDS = ["default", "postgresql"]  # database aliases: SQLite, PostgreSQL


@pytest.fixture(scope="session")
def postgres() -> Iterator[str | ClusterError]:
    """The URL of a throwaway PostgreSQL database, or why there is none."""
    try:
        with throwaway_cluster() as url:
            yield url
    except ClusterError as exc:
        yield exc


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory, postgres: str | ClusterError):
    """Django set up on a fresh SQLite file ("default") and, when there is one, the
    PostgreSQL database ("postgresql"), every migration applied; the register's store."""
    from gongkai.register import store

    extra = {"postgresql": postgres} if isinstance(postgres, str) else {}
    store.setup(str(tmp_path_factory.mktemp("store") / "gongkai.sqlite3"), extra=extra)
    yield store
    from django.db import connections

    connections.close_all()  # before the cluster stops


@pytest.fixture(params=BACKENDS)
def using(request: pytest.FixtureRequest, store, postgres: str | ClusterError) -> str:
    """Each database alias in turn; PostgreSQL missing is a failure, never a skip."""
    if request.param == "postgresql" and not isinstance(postgres, str):
        pytest.fail(f"PostgreSQL 测试无法运行：{postgres}")
    return request.param


class _OneDatabase:
    """A database router sending every read and write to one alias."""

    def __init__(self, alias: str) -> None:
        self.alias = alias

    def db_for_read(self, model, **hints) -> str:
        return self.alias

    db_for_write = db_for_read

    def allow_relation(self, *objects, **hints) -> bool:
        return True


@pytest.fixture
def web_db(using: str) -> Iterator[str]:
    """The workbench served from each database in turn (SQLite, then PostgreSQL): every query
    of the views, the sessions and the test data made with the default manager goes to
    `using`. Use with Django's test `Client`; the settings are those Django's test runner
    would set (host "testserver", a fast password hasher)."""
    from django.db import router
    from django.test.utils import override_settings

    saved = router.routers
    router.routers = [_OneDatabase(using)]
    try:
        with override_settings(ALLOWED_HOSTS=["testserver"], PASSWORD_HASHERS=[
                "django.contrib.auth.hashers.MD5PasswordHasher"]):
            yield using
    finally:
        router.routers = saved
