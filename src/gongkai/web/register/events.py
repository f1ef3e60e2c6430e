"""Whether an event may be added to an application: the register's own rules
(`gongkai.register.rules`, the same a register file's rows obey), applied to the domain's
`Application` with the new event, and the statutory deadline recomputed from it. The register
pages' event form and the API ask here."""

from __future__ import annotations

from gongkai.register.rules import event_problems

__all__ = ["event_problems"]
