"""The register's domain: applications and their events, review and lawsuit cases, normative
documents, and the yearly figures of table 二. Plain Python; nothing here needs a database.

Applicant types are the applicant columns of table 三, and an application's outcome is exactly
one result row of table 三 in the 2021 format: both are taken from the statutory format, so a
register always speaks the format's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache

from gongkai.format.spec import get_format

REGISTER_FORMAT = "2021"  # outcomes are recorded as the 2021 format's result rows


class Channel(StrEnum):
    """How an application reached the agency (条例第二十九条、第三十一条)."""

    in_person = "当面"
    post = "邮寄"
    online = "网络"
    fax = "传真"
    other = "其他"


class EventKind(StrEnum):
    correction_requested = "补正告知"
    correction_received = "收到补正"
    third_party_started = "征求第三方意见"
    third_party_answered = "第三方答复"
    extension_approved = "延期答复"
    fee_notice_issued = "收费通知"
    fee_paid = "缴纳费用"
    answered = "答复"
    withdrawn = "撤回申请"


# The events that end an application: its answer or its withdrawal.
CLOSING_KINDS: frozenset[EventKind] = frozenset({EventKind.answered, EventKind.withdrawn})


class CaseKind(StrEnum):
    """The three groups of table 四 (their key stems)."""

    review = "review"
    litigation_direct = "litigation_direct"
    litigation_after_review = "litigation_after_review"


class CaseResult(StrEnum):
    """The result columns of table 四 (their key suffixes)."""

    upheld = "upheld"
    corrected = "corrected"
    other = "other"
    pending = "pending"


class DocumentKind(StrEnum):
    regulation = "regulations"
    normative_document = "normative_documents"


@cache
def applicant_types() -> dict[str, str]:
    """Applicant column id → its label, in print order (自然人, 商业企业, …)."""
    spec = get_format(REGISTER_FORMAT)
    relation = next(r for r in spec.relations if r.id == "t3-applicant-total")
    return {k.rsplit(".", 1)[1]: spec.cells[k].column_path[-1] for k in relation.rhs}


@cache
def outcomes() -> dict[str, str]:
    """Outcome (a result row id of table 三, e.g. `withheld.state_secret`) → its printed label
    path (e.g. 不予公开/属于国家秘密), in print order."""
    spec = get_format(REGISTER_FORMAT)
    relation = next(r for r in spec.relations
                    if r.id == "t3-results-total" and r.scope == "total")
    return {spec.cells[k].row_id: "/".join(spec.cells[k].row_path[1:]) for k in relation.rhs}


WITHDRAWN_OUTCOME = "other_handling.other"  # a withdrawn application counts under （六）3.其他


@dataclass(frozen=True)
class Event:
    kind: EventKind
    on: date
    outcome: str | None = None  # for `answered`: one of `outcomes()`
    note: str = ""  # reason of an extension, content of a correction request, …
    amount_yuan: Decimal | None = None  # for fee notices and payments

    def __post_init__(self) -> None:
        if self.kind is EventKind.answered and self.outcome not in outcomes():
            raise ValueError(f"答复结果“{self.outcome}”不是表三的办理结果之一")


@dataclass
class Application:
    number: str
    channel: Channel
    submitted: date  # the day the applicant handed in, posted or sent it
    applicant: str
    applicant_type: str  # one of `applicant_types()`
    content: str = ""
    # The day the agency signed for it or confirmed it with the applicant (条例第三十一条);
    # for applications handed in person it is the day of submission.
    confirmed: date | None = None
    events: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.applicant_type not in applicant_types():
            raise ValueError(f"申请人类型“{self.applicant_type}”不是表三的申请人类型之一")

    @property
    def received(self) -> date:
        """The day the application counts as received (条例第三十一条)."""
        if self.channel is Channel.in_person:
            return self.submitted
        return self.confirmed or self.submitted

    def events_of(self, kind: EventKind) -> list[Event]:
        return [e for e in self.events if e.kind is kind]

    @property
    def closing(self) -> Event | None:
        """The event that ended the application: its answer or its withdrawal."""
        ends = [e for e in self.events if e.kind in CLOSING_KINDS]
        return min(ends, key=lambda e: e.on) if ends else None

    @property
    def closed_on(self) -> date | None:
        end = self.closing
        return end.on if end else None

    @property
    def outcome(self) -> str | None:
        end = self.closing
        if end is None:
            return None
        return end.outcome if end.kind is EventKind.answered else WITHDRAWN_OUTCOME

    def open_on(self, day: date) -> bool:
        """Received by `day` and not yet closed at its end."""
        return self.received <= day and (self.closed_on is None or self.closed_on > day)


@dataclass
class Case:
    """A review (行政复议) or lawsuit (行政诉讼) about the agency's disclosure work."""

    number: str
    kind: CaseKind
    filed: date
    decided: date | None = None
    result: CaseResult = CaseResult.pending

    def __post_init__(self) -> None:
        if (self.decided is None) != (self.result is CaseResult.pending):
            raise ValueError(f"案件 {self.number}：已审结的案件须有结果，"
                             "未审结的案件结果为尚未审结")
        if self.decided is not None and self.decided < self.filed:
            raise ValueError(f"案件 {self.number}：审结日期早于立案日期")

    def result_at(self, day: date) -> CaseResult:
        """The result as known at the end of `day`: pending until decided."""
        if self.decided is None or self.decided > day:
            return CaseResult.pending
        return self.result


@dataclass
class NormativeDocument:
    kind: DocumentKind
    title: str
    issued: date
    number: str = ""  # 文号
    repealed: date | None = None

    def in_force_on(self, day: date) -> bool:
        return in_force_on(self.issued, self.repealed, day)


def in_force_on(issued: date, repealed: date | None, day: date) -> bool:
    """A document issued on `issued` and repealed on `repealed` (None: never) is in force at
    the end of `day`."""
    return issued <= day and (repealed is None or repealed > day)


def stock_counts(spans: Iterable[tuple[date, date | None]], year: int) -> dict[str, int]:
    """Table 二's stock row of documents given as (issued, repealed) pairs, by its column ids
    (`FormatSpec.stock_rows`): 本年制发 (issued in `year`), 本年废止 (repealed in `year`) and
    现行有效 (in force at the end of `year`). The register's and the publication list's
    counts both come from here."""
    spans = list(spans)
    last = date(year, 12, 31)
    return {
        "issued": sum(1 for issued, _ in spans if issued.year == year),
        "repealed": sum(1 for _, repealed in spans if repealed and repealed.year == year),
        "in_force": sum(1 for issued, repealed in spans if in_force_on(issued, repealed, last)),
    }


@dataclass
class YearlyFigures:
    """The figures of table 二 the register does not derive from documents. None: not recorded
    (the table's cell stays blank and is named in a diagnostic, never taken as 0)."""

    year: int
    licensing_decisions: int | None = None
    penalty_decisions: int | None = None
    coercion_decisions: int | None = None
    fees_10k_yuan: Decimal | None = None


# YearlyFigures field → its cell of table 二 (2021 keys; the 2019 format has the three
# decision cells under the same keys and no fee amount).
YEARLY_KEYS = {
    "licensing_decisions": "t2.licensing.decisions",
    "penalty_decisions": "t2.penalty.decisions",
    "coercion_decisions": "t2.coercion.decisions",
    "fees_10k_yuan": "t2.fees.amount",
}


@dataclass
class Register:
    """One agency's register."""

    agency: str
    applications: list[Application] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    documents: list[NormativeDocument] = field(default_factory=list)
    yearly: dict[int, YearlyFigures] = field(default_factory=dict)
