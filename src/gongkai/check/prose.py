"""A section's text prepared for matching: unwrapped, normalised, mapped back to the original.

Text read from a PDF breaks lines mid-sentence and puts spaces around figures ("收到政府信息公开
申请\\n1 件"). `Prose` removes white space and NFKC-normalises (full-width digits and punctuation
to ASCII), and remembers for every character where it stood in the section's text, so a finding
can quote the words as printed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from gongkai.check.registry import Span
from gongkai.format.normalize import nfkc

# Sentence ends and clause breaks after NFKC ("，" → ",", "；" → ";", "！" → "!").
_SENTENCE = re.compile(r"[^。!?;]+")
_CLAUSE = re.compile(r"[^,:]+")
_RUN = re.compile(r"\S+")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
# A count as printed: Arabic digits or a small Chinese numeral, whole (not the tail of a longer
# numeral) and not an ordinal (第二十条).
NUMBER = r"(?<![第\d零〇一二两三四五六七八九十百])(\d+|[零〇一二两三四五六七八九十百]{1,4})"


def parse_number(text: str) -> int | None:
    """"12" → 12, "两" → 2, "十五" → 15, "二十三" → 23, "一百零五" → 105; None otherwise."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


@dataclass(frozen=True)
class Clause:
    """A clause of a sentence, with the sentence it belongs to (both normalised)."""

    text: str
    sentence: str
    start: int  # offset of the clause in the Prose's normalised text
    sentence_start: int


class Prose:
    """The normalised text of one section, mapped back to the section's own text."""

    def __init__(self, section: str, original: str) -> None:
        self.section = section
        self.original = original
        normal = nfkc(original)
        self._origin: Sequence[int]
        if len(normal) == len(original):
            self._origin = range(len(original))
        else:  # a character expanded (e.g. "…" → "..."): map character by character
            pieces = [(nfkc(ch), i) for i, ch in enumerate(original)]
            normal = "".join(p for p, _ in pieces)
            self._origin = [i for p, i in pieces for _ in p]
        runs = [(m.start(), m.end()) for m in _RUN.finditer(normal)]
        self.text = "".join(normal[a:b] for a, b in runs)
        # Where each run of non-space characters starts, in `text` and in `normal`.
        self._run_starts: list[int] = []
        self._run_sources: list[int] = []
        position = 0
        for a, b in runs:
            self._run_starts.append(position)
            self._run_sources.append(a)
            position += b - a

    def _source(self, offset: int) -> int:
        """The offset in the original text of character `offset` of `text`."""
        run = bisect_right(self._run_starts, offset) - 1
        return self._origin[self._run_sources[run] + offset - self._run_starts[run]]

    def span(self, start: int, end: int) -> Span:
        """The original text behind normalised offsets [start, end)."""
        if not self.text:
            return Span(self.section, 0, 0, "")
        first = self._source(min(start, len(self.text) - 1))
        last = self._source(max(min(end, len(self.text)) - 1, 0)) + 1
        return Span(self.section, first, last, self.original[first:last])

    @cached_property
    def sentences(self) -> list[tuple[int, str]]:
        return [(m.start(), m.group()) for m in _SENTENCE.finditer(self.text)]

    def clauses(self) -> Iterator[Clause]:
        for sentence_start, sentence in self.sentences:
            for m in _CLAUSE.finditer(sentence):
                yield Clause(m.group(), sentence, sentence_start + m.start(), sentence_start)
