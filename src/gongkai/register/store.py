"""The register's store: the Django models of `gongkai.web.register`, shared by the command line
and the web workbench.

`setup()` configures Django with `gongkai.web.settings` (the database from `db`, else
DATABASE_URL, GONGKAI_DB, ./gongkai.sqlite3) and applies the migrations the database lacks.
`load_register` gives an agency's register as the domain's `Register` (each application by
`domain_application`, which the workbench's pages and API use too); `save_register` replaces
the given parts of it in one transaction: all or nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from gongkai.register.model import (
    Application,
    Case,
    CaseKind,
    CaseResult,
    Channel,
    DocumentKind,
    Event,
    EventKind,
    NormativeDocument,
    Register,
    YearlyFigures,
)
from gongkai.register.parts import ALL_PARTS, Part

T = TypeVar("T")
SETTINGS_MODULE = "gongkai.web.settings"
_ready = False


class StoreError(RuntimeError):
    """The store cannot do what was asked; the message is Chinese, for the user."""


class UnknownAgency(StoreError, LookupError):
    pass


def setup(db: str | None = None, *, extra: Mapping[str, str] | None = None,
          migrate: bool = True) -> None:
    """Configure Django once per process: `db` (a SQLite path or a database URL) overrides the
    environment for the default database; `extra` adds more databases by alias. Then apply
    any migration a database lacks."""
    global _ready
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.conf import settings

    from gongkai.web.database import database_settings

    wanted = {alias: database_settings(location)
              for alias, location in {**({"default": db} if db else {}), **(extra or {})}.items()}
    if _ready:
        for alias, config in wanted.items():
            if settings.DATABASES.get(alias, {}).get("NAME") != config["NAME"]:
                raise StoreError("本进程已经连接了另一个数据库")
    else:
        settings.DATABASES.update(wanted)
        for config in settings.DATABASES.values():
            if config["ENGINE"].endswith("sqlite3"):
                Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        import django

        django.setup()
        _ready = True
    if migrate:
        for alias in {"default", *(extra or {})}:
            apply_migrations(alias)


def _database_error(using: str, exc: Exception) -> StoreError:
    return StoreError(f"无法使用{location(using)}：{exc}")


def location(using: str = "default") -> str:
    """The database in words, e.g. “SQLite 数据库 /path/gongkai.sqlite3”."""
    from django.conf import settings

    from gongkai.web.database import describe

    return describe(settings.DATABASES[using])


def apply_migrations(using: str = "default") -> bool:
    """Apply the migrations `using` lacks; True when there were any."""
    from django.core.management import call_command
    from django.db import DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[using])
        if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return False
        call_command("migrate", database=using, verbosity=0, interactive=False)
    except DatabaseError as exc:
        raise _database_error(using, exc) from exc
    return True


def agencies(using: str = "default") -> list[str]:
    """The agencies the store holds a register for, by name."""
    from gongkai.web.organisations.models import Agency

    return list(Agency.objects.using(using).order_by("name").values_list("name", flat=True))


def agency_row(name: str, using: str = "default", holding: str = "的台账") -> Any:
    """The stored agency `name`; `UnknownAgency` (saying what it would hold: `holding`) when
    there is none. Shared with `gongkai.publish.store`."""
    from gongkai.web.organisations.models import Agency

    try:
        return Agency.objects.using(using).get(name=name)
    except Agency.DoesNotExist:
        known = agencies(using)
        hint = f"（已有：{'、'.join(known)}）" if known else "（数据库中还没有任何机关）"
        raise UnknownAgency(f"{location(using)}中没有机关“{name}”{holding}{hint}") from None


def guarded(using: str, work: Callable[[], T], what: str = "数据") -> T:
    """`work` in one transaction on `using`: on any failure nothing changes, and a database's
    refusal becomes a `StoreError` (`what` names the data refused)."""
    from django.db import DatabaseError, IntegrityError, transaction

    try:
        with transaction.atomic(using=using):
            return work()
    except IntegrityError as exc:
        raise StoreError(f"{what}不符合数据库的约束，未作任何修改：{exc}") from exc
    except DatabaseError as exc:
        raise _database_error(using, exc) from exc


def domain_application(row: Any, events: Iterable[Any] | None = None) -> Application:
    """The domain's application of a stored one (`gongkai.web.register.models.Application`),
    its events in their stored order; `events`: the row's stored events when already read
    (e.g. under a lock), else they are read from the row (its prefetched ones, if any)."""
    stored = events if events is not None else row.events.all()
    return Application(
        row.number, Channel[row.channel], row.submitted, row.applicant, row.applicant_type,
        row.content, row.confirmed,
        [Event(EventKind[e.kind], e.on, e.outcome, e.note, e.amount_yuan)
         for e in sorted(stored, key=lambda e: e.position)])


def load_register(agency: str, using: str = "default") -> Register:
    """The register of `agency`, in the order it was saved."""
    from django.db.models import Prefetch

    from gongkai.web.register import models as m

    owner = agency_row(agency, using)
    events = Prefetch("events", m.ApplicationEvent.objects.using(using).order_by("position"))
    register = Register(agency)
    register.applications = [
        domain_application(row)
        for row in (m.Application.objects.using(using).filter(agency=owner).order_by("id")
                    .prefetch_related(events))]
    register.cases = [
        Case(c.number, CaseKind(c.kind), c.filed, c.decided, CaseResult(c.result))
        for c in m.Case.objects.using(using).filter(agency=owner).order_by("id")
    ]
    register.documents = [
        NormativeDocument(DocumentKind(d.kind), d.title, d.issued, d.number, d.repealed)
        for d in m.NormativeDocument.objects.using(using).filter(agency=owner).order_by("id")
    ]
    register.yearly = {
        y.year: YearlyFigures(y.year, y.licensing_decisions, y.penalty_decisions,
                              y.coercion_decisions, y.fees_10k_yuan)
        for y in m.YearlyFigures.objects.using(using).filter(agency=owner).order_by("year")
    }
    return register


# ------------------------------------------------------------------------------- saving

_LIMITS = {"number": 100, "applicant": 500, "title": 500, "document_number": 200}


def _places(amount: Decimal | None, places: int, digits: int) -> bool:
    if amount is None:
        return True
    exponent = amount.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return decimals <= places and abs(amount) < Decimal(10) ** (digits - places)


def problems(register: Register, parts: Iterable[Part] = ALL_PARTS) -> list[str]:
    """What the store cannot hold exactly (it never rounds or truncates silently)."""
    out: list[str] = []
    parts = set(parts)
    if not register.agency.strip() or len(register.agency) > 200:
        out.append("机关名称不能为空，也不能超过 200 字")
    if Part.applications in parts:
        for app in register.applications:
            if not app.number or len(app.number) > _LIMITS["number"]:
                out.append(f"申请“{app.number}”：申请编号不能为空，也不能超过 100 字")
            if len(app.applicant) > _LIMITS["applicant"]:
                out.append(f"申请 {app.number}：申请人超过 500 字")
            for e in app.events:
                if not _places(e.amount_yuan, 2, 12):
                    out.append(f"申请 {app.number}：金额 {e.amount_yuan} 元超过两位小数或过大")
    if Part.cases in parts:
        for case in register.cases:
            if not case.number or len(case.number) > _LIMITS["number"]:
                out.append(f"案件“{case.number}”：编号不能为空，也不能超过 100 字")
    if Part.documents in parts:
        for doc in register.documents:
            if len(doc.title) > _LIMITS["title"] or len(doc.number) > _LIMITS["document_number"]:
                out.append(f"规范性文件“{doc.title[:20]}”：标题超过 500 字或文号超过 200 字")
    if Part.yearly in parts:
        for year, figures in register.yearly.items():
            if figures.year != year:
                out.append(f"年度数据 {year}：年份与数据中的 {figures.year} 不一致")
            if not _places(figures.fees_10k_yuan, 6, 18):
                out.append(f"年度数据 {year}：收费金额超过六位小数或过大")
    return out


def save_register(register: Register, parts: Iterable[Part] = ALL_PARTS,
                  using: str = "default") -> None:
    """Replace the `parts` of the agency's register with `register`'s, in one transaction:
    on any failure the store is left as it was."""
    from gongkai.web.organisations.models import Agency
    from gongkai.web.register import models as m

    parts = tuple(p for p in ALL_PARTS if p in set(parts))
    found = problems(register, parts)
    if found:
        raise StoreError("；".join(found))

    def work() -> None:
        owner, _ = Agency.objects.using(using).get_or_create(name=register.agency)
        if Part.applications in parts:
            m.Application.objects.using(using).filter(agency=owner).delete()
            rows = m.Application.objects.using(using).bulk_create([
                m.Application(agency=owner, number=a.number, channel=a.channel.name,
                              submitted=a.submitted, confirmed=a.confirmed,
                              applicant=a.applicant, applicant_type=a.applicant_type,
                              content=a.content)
                for a in register.applications])
            m.ApplicationEvent.objects.using(using).bulk_create([
                m.ApplicationEvent(application=row, position=n, kind=e.kind.name, on=e.on,
                                   outcome=e.outcome, note=e.note, amount_yuan=e.amount_yuan)
                for row, a in zip(rows, register.applications, strict=True)
                for n, e in enumerate(a.events)])
        if Part.cases in parts:
            m.Case.objects.using(using).filter(agency=owner).delete()
            m.Case.objects.using(using).bulk_create([
                m.Case(agency=owner, number=c.number, kind=c.kind.value, filed=c.filed,
                       decided=c.decided, result=c.result.value)
                for c in register.cases])
        if Part.documents in parts:
            m.NormativeDocument.objects.using(using).filter(agency=owner).delete()
            m.NormativeDocument.objects.using(using).bulk_create([
                m.NormativeDocument(agency=owner, kind=d.kind.value, title=d.title,
                                    number=d.number, issued=d.issued, repealed=d.repealed)
                for d in register.documents])
        if Part.yearly in parts:
            m.YearlyFigures.objects.using(using).filter(agency=owner).delete()
            m.YearlyFigures.objects.using(using).bulk_create([
                m.YearlyFigures(agency=owner, year=y.year,
                                licensing_decisions=y.licensing_decisions,
                                penalty_decisions=y.penalty_decisions,
                                coercion_decisions=y.coercion_decisions,
                                fees_10k_yuan=y.fees_10k_yuan)
                for y in register.yearly.values()])

    guarded(using, work, "台账数据")
