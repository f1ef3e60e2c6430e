"""What gets written: the report's text put in order, with drafts where text is missing.

`compose(report, draft=True)` gives a `Composition`: the title, the opening paragraphs, the six
sections (statutory headings; the clerk's paragraphs before and after each table, or a draft
from `narrative` when a section has none), and the signature (落款). Every output kind renders
a Composition, so they all print the same words; `Composition.as_report()` is the report as it
will read once written, which is what the `write` gate checks.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, fields

from gongkai.format import FormatSpec, SectionDef, get_format
from gongkai.format.normalize import norm_label
from gongkai.model import Report, Section
from gongkai.read.metadata import date_line, extract_metadata
from gongkai.write import narrative
from gongkai.write.paragraphs import SectionText, join_lines, split_section

TITLE_SUFFIX = "政府信息公开工作年度报告"
_BREADCRUMB = re.compile(r"首页\s*[>»›]")


@dataclass
class ComposedSection:
    section: SectionDef
    text: SectionText
    drafted: bool = False

    @property
    def table(self) -> str | None:
        return self.section.table


@dataclass
class Composition:
    report: Report
    spec: FormatSpec
    title_lines: tuple[str, ...]
    preamble: list[str]
    sections: list[ComposedSection]
    signature: list[str] = field(default_factory=list)
    preamble_drafted: bool = False

    @property
    def title(self) -> str:
        return "".join(self.title_lines)

    @property
    def drafted(self) -> list[str]:
        """Ids of the parts drafted by gongkai ("preamble" and section ids)."""
        out = ["preamble"] if self.preamble_drafted else []
        return out + [s.section.id for s in self.sections if s.drafted]

    def as_report(self) -> Report:
        """The report as it reads once written: composed text, metadata re-read from it."""
        report = copy.copy(self.report)
        report.preamble = "\n".join([*self.title_lines, *self.preamble])
        report.sections = {}
        for part in self.sections:
            lines = part.text.paragraphs
            if part is self.sections[-1]:
                lines = lines + self.signature
            report.sections[part.section.id] = Section(part.section.id, part.section.title,
                                                       "\n".join(lines))
        text = "\n".join([report.preamble, *(s.text for s in report.sections.values())])
        found = extract_metadata(text)
        meta = copy.copy(self.report.metadata)
        for f in fields(meta):
            if getattr(meta, f.name) is None:
                setattr(meta, f.name, getattr(found, f.name))
        report.metadata = meta
        return report


def title_lines(report: Report) -> tuple[str, ...]:
    """The title in two lines as GB/T 9704 centres it: the agency, then year and subject."""
    subject = f"{report.year}年{TITLE_SUFFIX}" if report.year else TITLE_SUFFIX
    return (report.agency, subject) if report.agency else (subject,)


def caption(section: SectionDef) -> str:
    """The caption of a section's table (HTML `caption`, XLSX sheet heading)."""
    return f"表{section.table}　{section.heading}"


def _preamble_lines(report: Report, title: tuple[str, ...]) -> list[str]:
    """The report's own opening text without the title lines (and a web page's breadcrumbs)."""
    whole = norm_label("".join(title))
    out = []
    for line in report.preamble.splitlines():
        compact = norm_label(line)
        if not compact or compact in whole or _BREADCRUMB.search(line):
            continue
        out.append(line)
    return join_lines(out)


def _date_line(line: str) -> bool:
    """A line that is a date alone (2025年1月20日), as the reader finds the publication date."""
    return date_line(line) is not None


def _peel_signature(lines: list[str], agency: str | None) -> tuple[list[str], list[str]]:
    """Split trailing 落款 lines (the agency alone, a date alone) off a section's last lines."""
    body = [line for line in lines if line.strip()]
    signature: list[str] = []
    name = norm_label(agency) if agency else None
    while body and (_date_line(body[-1]) or norm_label(body[-1]) == name):
        signature.insert(0, body.pop().strip())
    if signature and not any(_date_line(s) for s in signature):
        return lines, []  # the agency's name alone is not a signature without a date
    return body, signature


def _signature(report: Report, peeled: list[str]) -> list[str]:
    if peeled:
        return peeled
    date = report.metadata.publication_date
    if not date:
        return []
    year, month, day = (int(p) for p in date.split("-"))
    return [s for s in (report.agency, f"{year}年{month}月{day}日") if s]


def compose(report: Report, *, draft: bool = True) -> Composition:
    """The report's parts in print order; `draft` fills sections that have no text."""
    spec = get_format(report.format)
    title = title_lines(report)
    sections: list[ComposedSection] = []
    peeled: list[str] = []
    for i, section in enumerate(spec.sections):
        found = report.sections.get(section.id)
        raw = found.text if found else ""
        if i == len(spec.sections) - 1:
            lines, peeled = _peel_signature(raw.splitlines(), report.agency)
            raw = "\n".join(lines)
        drop = (norm_label(caption(section)),) if section.table else ()
        text = split_section(raw, spec.version, section.table, drop)
        drafted = False
        if text.empty and draft:
            made = narrative.draft_section(report, section.id)
            if made is not None:
                text, drafted = made, True
        sections.append(ComposedSection(section, text, drafted))
    preamble = _preamble_lines(report, title)
    preamble_drafted = False
    if not preamble and draft:
        known = "\n".join(p for s in sections for p in s.text.paragraphs)
        preamble, preamble_drafted = narrative.draft_preamble(report, known), True
    return Composition(report, spec, title, preamble, sections, _signature(report, peeled),
                       preamble_drafted)
