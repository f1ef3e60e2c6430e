"""register: an agency's disclosure register — applications, cases, normative documents —
with statutory deadlines, fees, and the year's tables computed from it."""

from gongkai.register.calendar import CalendarError, WorkCalendar, default_calendar, parse_notice
from gongkai.register.deadlines import Deadline, application_deadline, deadline, due_list
from gongkai.register.fees import piece_fee, piece_fees, volume_fee
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
    applicant_types,
    outcomes,
)
from gongkai.register.tables import year_tables

__all__ = [
    "Application", "CalendarError", "Case", "CaseKind", "CaseResult", "Channel", "Deadline",
    "DocumentKind", "Event", "EventKind", "NormativeDocument", "Register", "WorkCalendar",
    "YearlyFigures", "applicant_types", "application_deadline",
    "deadline", "default_calendar", "due_list", "outcomes", "parse_notice", "piece_fee",
    "piece_fees", "volume_fee", "year_tables",
]
