"""Stored applications as the register's domain objects, and the rule a new application obeys
beyond the domain's own checks. The rules for one more event are the register app's
(`gongkai.web.register.events.event_problems`, shared with the register pages), so the API and
the pages accept exactly the same events. Every message is Chinese."""

from __future__ import annotations

from gongkai.register.model import Application, Channel, Event, EventKind
from gongkai.web.register import models as m


def domain_application(row: m.Application, events: list[m.ApplicationEvent] | None = None
                       ) -> Application:
    """The register's domain object of a stored application (events in their stored order)."""
    stored = events if events is not None else list(row.events.all())
    return Application(
        row.number, Channel[row.channel], row.submitted, row.applicant, row.applicant_type,
        row.content, row.confirmed,
        [Event(EventKind[e.kind], e.on, e.outcome, e.note, e.amount_yuan)
         for e in sorted(stored, key=lambda e: e.position)])


