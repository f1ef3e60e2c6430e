"""The rule registry: each rule is a small declared object with a stable code.

A rule declares its code (`T3-101`), name, severity, Chinese title and message template, its
statutory basis, the section it belongs to, the text of its documentation page, and the function
that returns its findings. `RULES` holds them all in code order; `docs/rules/<code>.md` is
generated from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from gongkai.check.context import Context

Severity = Literal["error", "warning", "notice"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "notice")
SEVERITY_ZH: dict[str, str] = {"error": "错误", "warning": "警告", "notice": "提示"}

# The groups rules fall into, in the order a reviewer reads them.
GROUPS: dict[str, str] = {
    "arithmetic": "表格计算",
    "completeness": "内容完整性",
    "narrative": "正文与表格一致",
    "cross_year": "与上年报告衔接",
    "publication": "公开时限",
    "register": "与公开台账一致",
}

_CODE = re.compile(r"^[A-Z][0-9A-Z]?-[0-9]{3}$")


@dataclass(frozen=True)
class Span:
    """A stretch of a section's text: the section id, character offsets and the words."""

    section: str
    start: int
    end: int
    text: str

    @property
    def filed_under(self) -> str | None:
        """The section a finding about this text is grouped under: the text's own section, or
        None (the rule's own section) for the text before the first heading."""
        return None if self.section == "preamble" else self.section

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Evidence:
    """What a finding rests on: a formula with its two sides and their difference."""

    formula: str
    left: int | Decimal | None = None
    right: int | Decimal | None = None

    @property
    def difference(self) -> int | Decimal | None:
        if self.left is None or self.right is None:
            return None
        return self.left - self.right

    def to_dict(self) -> dict[str, Any]:
        return {"formula": self.formula, "left": self.left, "right": self.right,
                "difference": self.difference}


@dataclass(frozen=True)
class Finding:
    """One fault found: the rule, its message, the cells it concerns, where and why."""

    code: str
    severity: Severity
    message: str
    keys: tuple[str, ...] = ()
    section: str | None = None  # section id the finding belongs to, for grouping
    span: Span | None = None
    evidence: Evidence | None = None

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.rule.name,
            "severity": self.severity,
            "title": self.rule.title,
            "message": self.message,
            "keys": list(self.keys),
            "section": self.section,
            "span": self.span.to_dict() if self.span else None,
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "basis": self.rule.basis,
        }


@dataclass(frozen=True)
class RuleDoc:
    """The parts of a rule's documentation page."""

    checks: str  # what it checks
    why: str  # why it matters
    example: str  # an example of the fault
    fix: str  # how to fix it


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    group: str
    title: str
    message: str  # str.format template over the fields a check passes
    basis: str
    doc: RuleDoc
    section: str | None
    function: Callable[[Context, Rule], Iterable[Finding]] = field(repr=False, compare=False)

    def finding(
        self,
        *,
        keys: Iterable[str] = (),
        section: str | None = None,
        span: Span | None = None,
        evidence: Evidence | None = None,
        **fields: Any,
    ) -> Finding:
        """A finding of this rule, its message filled in from `fields`."""
        return Finding(
            code=self.code,
            severity=self.severity,
            message=self.message.format(**fields),
            keys=tuple(keys),
            section=section if section is not None else self.section,
            span=span,
            evidence=evidence,
        )

    def run(self, context: Context) -> Iterator[Finding]:
        yield from self.function(context, self)


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity,
    group: str,
    *,
    title: str,
    message: str,
    basis: str,
    doc: RuleDoc,
    section: str | None = None,
) -> Callable[[Callable[[Context, Rule], Iterable[Finding]]], Callable]:
    """Declare a rule: decorate the function that yields its findings."""
    if not _CODE.match(code):
        raise ValueError(f"bad rule code {code!r}")
    if group not in GROUPS:
        raise ValueError(f"unknown rule group {group!r}")

    def register(function: Callable[[Context, Rule], Iterable[Finding]]) -> Callable:
        if code in RULES:
            raise ValueError(f"rule code {code} declared twice")
        if any(r.name == name for r in RULES.values()):
            raise ValueError(f"rule name {name} declared twice")
        RULES[code] = Rule(code, name, severity, group, title, message, basis, doc, section,
                           function)
        return function

    return register


def resolve(selector: str) -> str:
    """A rule code or name → its code; a clear Chinese error for anything else."""
    selector = selector.strip()
    if selector.upper() in RULES:
        return selector.upper()
    for r in RULES.values():
        if r.name == selector:
            return r.code
    raise KeyError(f"未知的检查规则：{selector}（`gongkai rules` 列出全部规则）")
