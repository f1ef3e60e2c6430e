"""Find the six section headings and split the document at them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from gongkai.format.normalize import norm_label
from gongkai.format.spec import SectionDef, sections
from gongkai.read.document import Line

_HEADING = re.compile(r"^(?P<numeral>[一二三四五六])、(?P<rest>.+)$")
# Numbering before a heading, after `norm_label` ("五." is already "五、").
_NUMBERING = re.compile(r"^[一二三四五六七八九十]+、?")
_SIMILARITY = 0.75


@dataclass
class Heading:
    section: SectionDef
    line_index: int
    printed: str


def heading_form(printed: str) -> str:
    """A printed heading in comparable form: normalised, without its numbering and trailing
    colon or full stop ("五、存在的主要问题及改进情况：" → "存在的主要问题及改进情况")."""
    return _NUMBERING.sub("", norm_label(printed)).rstrip(":：。")


def _forms(section: SectionDef) -> tuple[str, ...]:
    return tuple(norm_label(form) for form in (section.heading, *section.variants))


def heading_is_standard(section: SectionDef, printed: str) -> bool:
    """Whether `printed` is the statutory heading of `section` or one of its usual variants."""
    return heading_form(printed) in _forms(section)


def heading_matches(section: SectionDef, printed: str) -> bool:
    """Whether `printed` (numbered or not) can be taken for `section`'s heading: a standard
    heading, one with a few words added, or one close to it."""
    rest = heading_form(printed)
    for normal in _forms(section):
        if rest == normal or (rest.startswith(normal) and len(rest) <= len(normal) + 4):
            return True
        if SequenceMatcher(None, rest, normal).ratio() >= _SIMILARITY:
            return True
    return False


def find_headings(lines: list[Line]) -> list[Heading]:
    """The section headings in document order; each section at most once, in statutory order."""
    found: list[Heading] = []
    expected = list(sections())
    for index, line in enumerate(lines):
        if line.in_table or not expected:
            continue
        text = norm_label(line.text)
        m = _HEADING.match(text)
        if m is None or len(text) > 40:
            continue
        for pos, section in enumerate(expected):
            if section.numeral == m["numeral"] and heading_matches(section, text):
                found.append(Heading(section, index, line.text.strip()))
                del expected[: pos + 1]
                break
    return found
