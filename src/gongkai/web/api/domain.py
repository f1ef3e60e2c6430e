"""The applications received in a year by the domain's rule (a stored application as the
domain's object: `gongkai.register.store.domain_application`). The rules for one more event are
the register app's (`gongkai.web.register.events.event_problems`, shared with the register
pages), so the API and the pages accept exactly the same events. Every message is Chinese."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.register.store import domain_application
from gongkai.web.register import models as m


def received_in(rows: QuerySet[m.Application], year: int) -> QuerySet[m.Application]:
    """The applications of `rows` received in `year` by the register's own rule
    (`Application.received`, 条例第三十一条: in person the day submitted, by post or online the
    day confirmed), as the register page and the year's tables count them.

    The day received is the day submitted or the day confirmed, so the database narrows to the
    rows with either in the year; where the two fall in different years, the domain object
    decides."""
    candidates = rows.filter(Q(submitted__year=year) | Q(confirmed__year=year))
    straddling = candidates.filter(confirmed__isnull=False).exclude(
        submitted__year=year, confirmed__year=year)
    elsewhere = [row.pk for row in straddling
                 if domain_application(row, []).received.year != year]
    return candidates.exclude(pk__in=elsewhere)
