"""Demo data for trying the workbench out (`gongkai serve`, `python -m gongkai.web demo_data`).

`load_demo()` fills an empty database, in one transaction, with:

- a region tree (宁夏回族自治区 › 中卫市 › 沙坡头区/中宁县/海原县, and the cities the seeds name),
  the supervising office 中卫市人民政府办公室 and its agencies (`world`);
- an administrator, the office's reviewer and a clerk for each agency, all with the public
  password `DEMO_PASSWORD` (`world.logins()`);
- the seed reports as uploaded published reports of the agencies they name (`reports`);
- 中卫市示例局's register, dated relative to the workbench's today (the setting GONGKAI_TODAY
  fixes it) so that some applications are due in a few working days and some are overdue
  (`register`), its publication items at different steps of the review (`publications`), and
  its reports of last year and this year computed from the register (drafts);
- 中卫市科学技术局's register and its report of last year, submitted to the office.

Because everyone knows the demo's passwords, the demo goes only into an empty database: one
with no user, no agency and no region. A database that already holds the demo is left as it
is; any other database is refused (`Loaded.refused` says why), never mixed with the demo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from gongkai.web.demo.world import ADMIN, DEMO_PASSWORD, OFFICE, Login, logins

__all__ = ["DEMO_PASSWORD", "DemoError", "Loaded", "Login", "is_empty", "load_demo", "logins",
           "present"]


class DemoError(Exception):
    """Why the demo cannot be loaded on this day; the message is Chinese, for the user."""


@dataclass(frozen=True)
class Loaded:
    """What `load_demo` did."""

    created: bool  # False: the demo was already there, or the database is not empty
    counts: dict[str, int] = field(default_factory=dict)
    refused: str = ""  # why the demo was not loaded into a database that holds other data


def present(using: str = "default") -> bool:
    """Whether the database holds the demo: its office, and its administrator with the
    demo's public password."""
    from django.contrib.auth.models import User

    from gongkai.web.organisations.models import Agency

    admin = User.objects.using(using).filter(username=ADMIN).first()
    return (admin is not None and admin.check_password(DEMO_PASSWORD)
            and Agency.objects.using(using).filter(name=OFFICE).exists())


def is_empty(using: str = "default") -> bool:
    """Whether the database holds no user, no agency and no region: the demo may go into it."""
    return not _holdings(using)


def _holdings(using: str) -> str:
    """What the database already holds of what the demo would create, in words ("" when it
    holds none of it)."""
    from django.contrib.auth.models import User

    from gongkai.web.organisations.models import Agency, Region

    found = [(User, "个用户"), (Agency, "个机关"), (Region, "个地区")]
    return "、".join(f"{n} {unit}" for n, unit in
                    ((model.objects.using(using).count(), unit) for model, unit in found) if n)


def load_demo(using: str = "default", today: date | None = None) -> Loaded:
    """Fill an empty database with the demo data as of `today` (default: the workbench's
    today, `gongkai.web.review.overview.today`); Django set up and migrated
    (`gongkai.register.store.setup`). All or nothing. A database that holds the demo already
    is left as it is; one that holds any other user, agency or region is refused
    (`Loaded.refused`). `DemoError` when the State Council's calendar does not cover the
    dates the demo needs on `today`."""
    from django.db import transaction
    from django.utils import timezone

    from gongkai.web.review.overview import today as workbench_today

    day = today or workbench_today()
    now = datetime.combine(day, timezone.localtime().time().replace(microsecond=0))
    with transaction.atomic(using=using):
        if present(using):
            return Loaded(created=False)
        held = _holdings(using)
        if held:
            return Loaded(created=False, refused=(
                f"数据库不是空的（已有 {held}）。演示账号的密码是公开的，为免把它们加入正式数据，"
                "演示数据只载入空数据库；未载入演示数据"))
        counts = _fill(using, now)
    return Loaded(created=True, counts=counts)


def _fill(using: str, now: datetime) -> dict[str, int]:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from gongkai.register.calendar import CalendarError
    from gongkai.register.store import save_register
    from gongkai.web.demo import reports, world
    from gongkai.web.demo.publications import create_publications
    from gongkai.web.demo.register import demo_register
    from gongkai.web.reports.editing import register_report
    from gongkai.web.reports.workflow import submit

    today, last_year = now.date(), now.year - 1
    try:  # the registers first: nothing is written when the calendar lacks a year
        sample, _ = demo_register(world.SAMPLE_AGENCY, "SL", today, seed=1, size=30)
        submitting, _ = demo_register(world.SUBMITTING_AGENCY, "KJ", today, seed=7, size=18)
    except CalendarError as exc:
        raise DemoError(f"演示数据的台账按今天（{today.isoformat()}）安排日期和答复期限，"
                        f"但{exc}") from None

    agencies = world.create_world(using)
    clerks = {a.name: User.objects.using(using).get(username=a.clerk) for a in world.AGENCIES}
    save_register(sample, using=using)
    for year in (last_year, now.year):
        reports.store_draft(agencies[world.SAMPLE_AGENCY],
                            register_report(world.SAMPLE_AGENCY, year, using),
                            clerks[world.SAMPLE_AGENCY], using)
    publications = create_publications(world.SAMPLE_AGENCY, now, using)

    save_register(submitting, using=using)
    report = reports.with_drafted_text(
        register_report(world.SUBMITTING_AGENCY, last_year, using))
    row = reports.store_draft(agencies[world.SUBMITTING_AGENCY], report,
                              clerks[world.SUBMITTING_AGENCY], using)
    submit(row, clerks[world.SUBMITTING_AGENCY], timezone.make_aware(now))
    return {
        "agencies": len(agencies),
        "users": len(logins()),
        "reports": 3 + reports.store_seeds(agencies, using),
        "applications": len(sample.applications) + len(submitting.applications),
        "publications": publications,
    }
