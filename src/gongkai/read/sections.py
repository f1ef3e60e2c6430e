"""Find the six section headings and split the document at them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from gongkai.format.normalize import norm_label
from gongkai.format.spec import SectionDef, sections
from gongkai.read.document import Line

_HEADING = re.compile(r"^(?P<numeral>[一二三四五六])、(?P<rest>.+)$")
_SIMILARITY = 0.75


@dataclass
class Heading:
    section: SectionDef
    line_index: int
    printed: str


def _matches(section: SectionDef, rest: str) -> bool:
    rest = rest.rstrip(":：。")
    for form in (section.heading, *section.variants):
        normal = norm_label(form)
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
            if section.numeral == m["numeral"] and _matches(section, m["rest"]):
                found.append(Heading(section, index, line.text.strip()))
                del expected[: pos + 1]
                break
    return found
