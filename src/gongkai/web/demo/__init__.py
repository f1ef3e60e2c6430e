"""Demo data for trying the workbench out (`gongkai serve`, `python -m gongkai.web demo_data`).

`load_demo()` fills an empty database, in one transaction, with:

- a region tree (宁夏回族自治区 › 中卫市 › 沙坡头区/中宁县/海原县, and the cities the seeds name),
  the supervising office 中卫市人民政府办公室 and its agencies (`world`);
- an administrator, the office's reviewer and a clerk for each agency, all with the password
  `DEMO_PASSWORD` (`world.logins()`);
- the seed reports as uploaded published reports of the agencies they name (`reports`);
- 中卫市示例局's register, dated relative to today so that some applications are due in a few
  working days and some are overdue (`register`), its publication items at different steps of
  the review (`publications`), and its reports of last year and this year computed from the
  register (drafts);
- 中卫市科学技术局's register and its report of last year, submitted to the office.

It is idempotent: a database that already holds the demo (its office or its administrator) is
left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from gongkai.web.demo.world import ADMIN, DEMO_PASSWORD, OFFICE, Login, logins

__all__ = ["DEMO_PASSWORD", "Loaded", "Login", "load_demo", "logins"]


@dataclass(frozen=True)
class Loaded:
    """What `load_demo` did."""

    created: bool  # False: the demo was already there, or its names are taken; nothing changed
    counts: dict[str, int] = field(default_factory=dict)
    clash: str = ""  # why the demo was not loaded into a database that holds other data


def _taken(using: str) -> list[str]:
    """The demo's names (top region, agencies, users) the database already has."""
    from django.contrib.auth.models import User

    from gongkai.web.demo import world
    from gongkai.web.organisations.models import Agency, Region

    agencies = [OFFICE, *(a.name for a in world.AGENCIES)]
    users = [x.username for x in logins()]
    return [*Region.objects.using(using).filter(name=world.PROVINCE, parent__isnull=True)
            .values_list("name", flat=True),
            *Agency.objects.using(using).filter(name__in=agencies).values_list("name", flat=True),
            *User.objects.using(using).filter(username__in=users)
            .values_list("username", flat=True)]


def present(using: str = "default") -> bool:
    """Whether the database holds the demo (its office and its administrator)."""
    taken = _taken(using)
    return OFFICE in taken and ADMIN in taken


def load_demo(using: str = "default", today: date | None = None) -> Loaded:
    """Fill the database with the demo data unless it holds it already (Django set up and
    migrated: `gongkai.register.store.setup`). All or nothing; a database where some of the
    demo's names are taken by other data is left alone (`Loaded.clash` says which)."""
    from django.db import transaction
    from django.utils import timezone

    now = timezone.localtime().replace(tzinfo=None)
    if today is not None:
        now = datetime.combine(today, now.time())
    with transaction.atomic(using=using):
        taken = _taken(using)
        if OFFICE in taken and ADMIN in taken:
            return Loaded(created=False)
        if taken:
            return Loaded(created=False, clash=(
                f"数据库中已有与演示数据同名的地区、机关或用户（{'、'.join(taken)}），"
                "为免混淆，未载入演示数据"))
        counts = _fill(using, now)
    return Loaded(created=True, counts=counts)


def _fill(using: str, now: datetime) -> dict[str, int]:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from gongkai.register.store import save_register
    from gongkai.web.demo import reports, world
    from gongkai.web.demo.publications import create_publications
    from gongkai.web.demo.register import demo_register

    agencies = world.create_world(using)
    clerks = {a.name: User.objects.using(using).get(username=a.clerk) for a in world.AGENCIES}
    today, last_year = now.date(), now.year - 1

    sample, _ = demo_register(world.SAMPLE_AGENCY, "SL", today, seed=1, size=30)
    save_register(sample, using=using)
    for year in (last_year, now.year):
        reports.store_draft(agencies[world.SAMPLE_AGENCY], reports.computed(sample, year),
                            clerks[world.SAMPLE_AGENCY], using)
    publications = create_publications(world.SAMPLE_AGENCY, now, using)

    submitting, _ = demo_register(world.SUBMITTING_AGENCY, "KJ", today, seed=7, size=18)
    save_register(submitting, using=using)
    report = reports.with_drafted_text(reports.computed(submitting, last_year))
    row = reports.store_draft(agencies[world.SUBMITTING_AGENCY], report,
                              clerks[world.SUBMITTING_AGENCY], using)
    reports.submit(row, clerks[world.SUBMITTING_AGENCY],
                   timezone.make_aware(now.replace(microsecond=0)), using)
    return {
        "agencies": len(agencies),
        "users": len(logins()),
        "reports": 3 + reports.store_seeds(agencies, using),
        "applications": len(sample.applications) + len(submitting.applications),
        "publications": publications,
    }
