"""Lines of fragments → one label stream and a sequence of tokens placed on it.

The table engine does not care how a document broke its labels over lines, cells or pages:
all label text of a region is concatenated (normalised) into one stream, and every figure is a
token that remembers the stream offset at which it was printed. A figure belongs to the row
whose label started last before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from gongkai.format.normalize import nfkc, norm_label
from gongkai.read.document import Fragment, Line
from gongkai.read.values import COUNT_UNITS, is_blank_mark, looks_like_figure

_UNITS = COUNT_UNITS | {"元", "万元"}
# A figure glued to the end of label text: "总计0", "（七）总计 12".
_GLUED = re.compile(r"^(?P<label>.*[^\d.,+\-])(?P<figure>\d+(?:\.\d+)?)$")
_NUMBERING = re.compile(r"第\d+$")
_DIGIT_END = re.compile(r"\d$")


@dataclass(slots=True)
class Token:
    kind: Literal["text", "figure", "blank"]
    text: str
    offset: int  # position in the label stream where the token was printed
    line_index: int  # index of its Line in the region
    fragment: Fragment
    end: int = -1  # for text: offset + length of its normalised text

    def covers(self, position: int) -> bool:
        return self.kind == "text" and self.offset <= position < self.end


@dataclass
class Stream:
    labels: str
    tokens: list[Token]
    # Indexes of the text tokens, in stream order, and their offsets (computed once: the table
    # engine looks a row's label token up by offset for every row).
    text_index: list[int] = field(init=False)
    text_offsets: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.text_index = [i for i, t in enumerate(self.tokens) if t.kind == "text"]
        self.text_offsets = [self.tokens[i].offset for i in self.text_index]


def _words(text: str) -> list[str]:
    """Split running text at white space, keeping a unit word with the figure before it."""
    words: list[str] = []
    for word in text.split():
        # A unit is one or two characters. NFKC does not shorten a longer word into one: it
        # only merges a letter with its combining marks, and units contain neither.
        if words and len(word) <= 2 and nfkc(word) in _UNITS and looks_like_figure(words[-1]):
            words[-1] += word
        else:
            words.append(word)
    return words


def tokenize(lines: list[Line]) -> Stream:
    parts: list[str] = []
    offset = 0
    tokens: list[Token] = []
    append = tokens.append

    def add_text(text: str, index: int, frag: Fragment) -> None:
        nonlocal offset
        normal = norm_label(text)
        if normal:
            append(Token("text", text, offset, index, frag, offset + len(normal)))
            parts.append(normal)
            offset += len(normal)

    for index, line in enumerate(lines):
        for frag in line.fragments:
            if frag.blank:
                append(Token("blank", "", offset, index, frag))
            elif frag.table_cell is not None:  # a grid cell: one word, blank marks are blanks
                word = frag.text
                if looks_like_figure(word):
                    append(Token("figure", word, offset, index, frag))
                elif is_blank_mark(word):
                    append(Token("blank", word, offset, index, frag))
                else:
                    add_text(word, index, frag)
            else:
                for word in _words(frag.text):
                    if looks_like_figure(word):
                        append(Token("figure", word, offset, index, frag))
                    elif is_blank_mark(word):  # "-", "—", "/", "无" between figures
                        append(Token("blank", word, offset, index, frag))
                    elif _ends_in_digit(word) and (m := _GLUED.match(nfkc(word))) and (
                        not _is_numbering(word)
                    ):
                        add_text(m["label"], index, frag)
                        append(Token("figure", m["figure"], offset, index, frag))
                    else:
                        add_text(word, index, frag)
    return Stream("".join(parts), tokens)


def _ends_in_digit(word: str) -> bool:
    """Does the NFKC form of `word` (no white space) end in a digit, as a glued figure does?

    The NFKC form ends in whatever the NFKC form of the last character ends in (a digit has no
    composition with what precedes it), so only that character needs normalising.
    """
    return _DIGIT_END.search(nfkc(word[-1])) is not None


def _is_numbering(word: str) -> bool:
    """'第3' or a bare list number is label text, never a figure."""
    return _NUMBERING.search(nfkc(word)) is not None
