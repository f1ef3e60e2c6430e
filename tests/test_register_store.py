"""The register's store (Django models, `gongkai.register.store`) against SQLite and PostgreSQL.

The PostgreSQL tests run on a throwaway cluster the session starts and removes (see
tests/pg_cluster.py; the fixtures `postgres`, `store` and `using` are in tests/conftest.py).
When PostgreSQL is missing they fail — they are never skipped."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import uuid
from datetime import date
from decimal import Decimal

import pytest

from gongkai.register.model import (
    Application,
    Case,
    CaseKind,
    CaseResult,
    Channel,
    NormativeDocument,
    Register,
    YearlyFigures,
)
from gongkai.register.parts import Part
from gongkai.register.tables import year_tables
from gongkai.web.database import database_settings
from tests.pg_cluster import ClusterError
from tests.register_factory import random_register


def _agency() -> str:
    return f"测试机关-{uuid.uuid4().hex[:8]}"


def test_the_postgresql_backend_is_really_postgresql(using, store):
    from django.db import connections

    vendor = connections[using].vendor
    assert vendor == ("postgresql" if using == "postgresql" else "sqlite")
    assert store.location(using).startswith("PostgreSQL" if using == "postgresql" else "SQLite")


@pytest.mark.parametrize("seed", [11, 12])
def test_round_trip_through_the_store(using, store, seed):
    register = random_register(seed, agency=_agency())
    assert len({a.outcome for a in register.applications}) >= 20
    store.save_register(register, using=using)
    loaded = store.load_register(register.agency, using=using)
    assert loaded == register
    assert sum(len(a.events) for a in loaded.applications) > 200
    for year in range(2020, 2026):
        assert year_tables(loaded, year) == year_tables(register, year)


def test_agencies_are_separate_and_numbers_unique_per_agency(using, store):
    first, second = random_register(21, agency=_agency()), random_register(21, agency=_agency())
    store.save_register(first, using=using)
    store.save_register(second, using=using)  # the same numbers, another agency
    assert {first.agency, second.agency} <= set(store.agencies(using))
    assert store.load_register(first.agency, using=using) == first
    assert store.load_register(second.agency, using=using).applications == second.applications


def test_saving_parts_replaces_only_those_parts(using, store):
    register = random_register(31, agency=_agency())
    store.save_register(register, using=using)
    other = random_register(32, agency=register.agency, applications=5, cases=3)
    store.save_register(other, [Part.cases], using=using)
    loaded = store.load_register(register.agency, using=using)
    assert loaded.cases == other.cases
    assert loaded.applications == register.applications
    assert loaded.documents == register.documents
    assert loaded.yearly == register.yearly
    store.save_register(Register(register.agency), [Part.applications], using=using)
    assert store.load_register(register.agency, using=using).applications == []


def test_a_failing_save_changes_nothing(using, store):
    """The database refuses the last part after the first ones were replaced: all is undone."""
    register = random_register(41, agency=_agency())
    store.save_register(register, using=using)
    bad = random_register(42, agency=register.agency)
    first = bad.cases[0]
    bad.cases.append(dataclasses.replace(first, kind=CaseKind.review))  # a duplicate number
    with pytest.raises(store.StoreError, match="未作任何修改"):
        store.save_register(bad, using=using)
    assert store.load_register(register.agency, using=using) == register

    bad = random_register(43, agency=register.agency)
    bad.documents.append(NormativeDocument(bad.documents[0].kind, "倒置", date(2024, 5, 1),
                                           repealed=date(2024, 4, 1)))
    with pytest.raises(store.StoreError):
        store.save_register(bad, using=using)
    assert store.load_register(register.agency, using=using) == register


def test_a_new_agency_is_not_created_by_a_failing_save(using, store):
    register = random_register(44, agency=_agency(), applications=3)
    register.applications.append(register.applications[0])  # duplicate number
    with pytest.raises(store.StoreError):
        store.save_register(register, using=using)
    assert register.agency not in store.agencies(using)
    with pytest.raises(store.UnknownAgency, match=register.agency):
        store.load_register(register.agency, using=using)


def test_the_store_rounds_nothing_silently(using, store):
    agency = _agency()
    register = Register(agency, yearly={2024: YearlyFigures(2024, fees_10k_yuan=Decimal(
        "1.1234567"))})
    with pytest.raises(store.StoreError, match="六位小数"):
        store.save_register(register, using=using)
    register.yearly[2024] = YearlyFigures(2024, 1, 2, 3, Decimal("123.456789"))
    register.cases.append(Case("复-1", CaseKind.review, date(2024, 1, 2), date(2024, 3, 1),
                               CaseResult.corrected))
    register.applications.append(Application("A-1", Channel.fax, date(2024, 1, 2), "甲",
                                             "natural_person", "内容" * 3000))
    store.save_register(register, using=using)
    assert store.load_register(agency, using=using) == register


def test_database_urls():
    pg = database_settings("postgresql://u:p%40ss@%2Frun%2Fpostgresql:5433/db?sslmode=require")
    assert (pg["ENGINE"], pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "django.db.backends.postgresql", "db", "u", "p@ss", "/run/postgresql", "5433")
    assert pg["OPTIONS"] == {"sslmode": "require"}
    socket = database_settings("postgres://gongkai@/test?host=/tmp/x&port=6000")
    assert (socket["HOST"], socket["PORT"], socket["NAME"]) == ("/tmp/x", "6000", "test")
    assert database_settings("sqlite:////tmp/a.sqlite3")["NAME"] == "/tmp/a.sqlite3"
    assert database_settings("台账.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"
    with pytest.raises(ValueError, match="不支持"):
        database_settings("mysql://x@y/z")


def test_committed_migrations_match_the_models(tmp_path):
    """`makemigrations --check`: a model change without its migration fails here."""
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.web", "makemigrations", "--check", "--dry-run"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
        env={"PATH": "/usr/bin:/bin", "GONGKAI_DB": str(tmp_path / "x.sqlite3"),
             "PYTHONPATH": ":".join(sys.path)},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_missing_postgresql_fails_rather_than_skips(monkeypatch):
    """Without PostgreSQL the cluster cannot start: `throwaway_cluster` raises (the `using`
    fixture then fails, never skips: the next test)."""
    from tests import pg_cluster

    monkeypatch.setattr(pg_cluster, "bindir", lambda: None)
    with pytest.raises(ClusterError, match="postgresql"), pg_cluster.throwaway_cluster():
        pass


def test_the_using_fixture_fails_without_postgresql(tmp_path):
    """The fixtures of tests/conftest.py in a pytest run of their own, with no PostgreSQL to
    be found: the SQLite case passes, the PostgreSQL case fails (pytest.fail in a fixture is
    reported as an error; the run's exit code is 1), and nothing is skipped."""
    (tmp_path / "conftest.py").write_text(
        "from tests import pg_cluster\n"
        "pg_cluster.bindir = lambda: None  # as on a machine without PostgreSQL\n"
        "from tests.conftest import postgres, store, using  # noqa: F401, E402\n",
        encoding="utf-8")
    (tmp_path / "test_backends.py").write_text(
        "def test_backend(using):\n    assert using\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "test_backends.py"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path),
             "HOME": str(tmp_path)},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 passed, 1 error" in done.stdout, done.stdout
    assert "skipped" not in done.stdout
    assert "ERROR test_backends.py::test_backend[postgresql]" in done.stdout
    assert "PostgreSQL 测试无法运行" in done.stdout
