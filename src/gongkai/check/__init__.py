"""check: a report examined the way a reviewer would.

    from gongkai.check import check
    result = check(report, previous=last_years_report)
    for finding in result.findings:
        print(finding.code, finding.message)

Rules live in `gongkai.check.rules`, one module per group, each declared with a stable code in
the registry (`gongkai.check.registry.RULES`). `gongkai rules` lists them; docs/rules/ documents
each one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gongkai.check import rules as _rules  # noqa: F401  (registers the rules)
from gongkai.check.config import CheckConfig, ConfigError, load_config
from gongkai.check.context import Context
from gongkai.check.registry import RULES, SEVERITIES, Finding, Rule
from gongkai.format.spec import sections
from gongkai.model import Report
from gongkai.publish.stats import YearFigures

__all__ = ["RULES", "CheckConfig", "CheckResult", "ConfigError", "Finding", "Rule", "check",
           "load_config", "section_order"]


def section_order() -> list[str]:
    """Section ids in print order, with the text before the first section first."""
    return ["preamble", *(s.id for s in sections())]


@dataclass
class CheckResult:
    report: Report
    findings: list[Finding] = field(default_factory=list)
    previous: Report | None = None

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def has_errors(self) -> bool:
        return self.count("error") > 0

    @property
    def summary(self) -> dict[str, int]:
        return {s: self.count(s) for s in SEVERITIES}

    def to_dict(self) -> dict[str, Any]:
        r = self.report
        return {
            "report": {"source": r.source, "agency": r.agency, "year": r.year,
                       "format": r.format},
            "previous": ({"source": self.previous.source, "year": self.previous.year}
                         if self.previous else None),
            "summary": self.summary,
            "findings": [f.to_dict() for f in self.findings],
        }


def _sort_key(finding: Finding) -> tuple[int, int, str]:
    order = section_order()
    position = order.index(finding.section) if finding.section in order else len(order)
    return (position, SEVERITIES.index(finding.severity), finding.code)


def check(
    report: Report,
    *,
    previous: Report | None = None,
    config: CheckConfig | None = None,
    published: date | None = None,
    publication: YearFigures | None = None,
    government_report: bool | None = None,
) -> CheckResult:
    """Run every rule not switched off in `config` on `report`.

    `previous`: last year's report of the same agency, for the cross-year rules.
    `published`: the publication date, when known from outside the document.
    `publication`: the year's figures of the agency's publication register (`gongkai.publish`),
    for the rules that compare the report with it.
    `government_report`: whether the report is a county-level-or-above government's own (its
    deadline is 31 March), when known from outside the document; None: the agency's printed
    name decides (`gongkai.format.deadline.is_government_report`)."""
    context = Context(report, previous, config or CheckConfig(), published, publication,
                      government_report)
    findings = [
        finding
        for code, rule in RULES.items()
        if code not in context.config.disabled
        for finding in rule.run(context)
    ]
    findings.sort(key=_sort_key)
    return CheckResult(report, findings, previous)
