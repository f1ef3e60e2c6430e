"""A section's text as the clerk's paragraphs: table text removed, wrapped lines joined.

A report read from a document keeps, in each section's text, everything printed between the
section's heading and the next: for sections 二, 三 and 四 that includes the table's own labels
and figures, and text extracted from a PDF is broken into the page's lines. The writer prints
the tables itself, so here the table's lines are dropped, the prose before and after the table
is kept apart, and lines broken mid-sentence are joined back into paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from gongkai.format import label_variants
from gongkai.format.normalize import norm_label
from gongkai.read.values import is_blank_mark, looks_like_figure
from gongkai.write.layout import label_texts

# A line that ends a paragraph: sentence-final punctuation, possibly followed by a closing quote
# or bracket.
_ENDS_PARAGRAPH = re.compile(r"[。！？；：!?;:…][”’」』）)]*$")
# A line that starts a new paragraph: 一、 （一） (一) 1. 1、 （1） 第一，
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]"
                       r"|\d+[.、．]|第[一二三四五六七八九十]+[，,、])")
# What is left of a table line once its labels and figures are taken out.
_LEFTOVER = re.compile(r"^[\d.,+\-—－/、，。；;:：（）()\s]*$")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_HEADING_LIKE_MAX = 20


@dataclass
class SectionText:
    """A section's prose: paragraphs printed before its table and after it."""

    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.before and not self.after

    @property
    def paragraphs(self) -> list[str]:
        return self.before + self.after


@cache
def _label_forms(version: str, table: str) -> tuple[str, ...]:
    """The normalised labels of a table and their variants (the label itself among them),
    longest first."""
    forms = {form for text in label_texts(version, table) for form in label_variants(text)}
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


def is_table_line(line: str, version: str, table: str) -> bool:
    """Whether a line of a section's text is (a piece of) the table's labels and figures."""
    words = line.split()
    figures = [w for w in words if looks_like_figure(w) or is_blank_mark(w)]
    pieces = [norm_label(w) for w in words if w not in figures]
    rest = "".join(pieces)
    if not rest:
        return bool(figures)
    forms = _label_forms(version, table)
    # Labels, or pieces of labels broken over lines or cells ("总计 商业", "业 构 织 构").
    if all(any(piece in form for form in forms) for piece in pieces if piece):
        return True
    if any(rest in form for form in forms):
        return True
    # Whole labels glued to figures, punctuation or pieces of other labels ("总计商业": 总计,
    # and 商业 of 商业企业 broken over two lines): what is left between the whole labels must
    # itself be table text.
    for form in forms:
        if form in rest:
            rest = rest.replace(form, "\x00")
    return all(_LEFTOVER.match(left) or any(left in form for form in forms)
               for left in rest.split("\x00"))


def _join(left: str, right: str) -> str:
    """Two pieces of one paragraph: no space next to a CJK character, else one."""
    if left and right and (_CJK.match(left[-1]) or _CJK.match(right[0])):
        return left + right
    return f"{left} {right}" if left and right else left + right


def _heading_like(line: str) -> bool:
    return bool(_NUMBERED.match(line)) and len(line) <= _HEADING_LIKE_MAX and "，" not in line


def join_lines(lines: list[str]) -> list[str]:
    """Lines → paragraphs: a line continues the paragraph before it unless that one ended a
    sentence or was a short numbered heading, or the line itself starts with a numbering."""
    paragraphs: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if paragraphs and not (
            _ENDS_PARAGRAPH.search(paragraphs[-1]) or _heading_like(paragraphs[-1])
            or _NUMBERED.match(line)
        ):
            paragraphs[-1] = _join(paragraphs[-1], line)
        else:
            paragraphs.append(line)
    return paragraphs


def split_section(text: str, version: str, table: str | None,
                  drop: tuple[str, ...] = ()) -> SectionText:
    """The prose of a section's text, before and after its table (if it has one).

    `drop`: normalised lines to leave out as well (a caption the HTML writer printed)."""
    before: list[str] = []
    after: list[str] = []
    seen_table = False
    for line in text.splitlines():
        if not line.strip() or norm_label(line) in drop:
            continue
        if table is not None and is_table_line(line, version, table):
            seen_table = True
            continue
        (after if seen_table else before).append(line)
    return SectionText(join_lines(before), join_lines(after))
