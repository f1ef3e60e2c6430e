"""Lines of fragments → one label stream and a sequence of tokens placed on it.

The table engine does not care how a document broke its labels over lines, cells or pages:
all label text of a region is concatenated (normalised) into one stream, and every figure is a
token that remembers the stream offset at which it was printed. A figure belongs to the row
whose label started last before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from gongkai.format.normalize import nfkc, norm_label
from gongkai.read.document import Fragment, Line
from gongkai.read.values import COUNT_UNITS, is_blank_mark, looks_like_figure

_UNITS = COUNT_UNITS | {"元", "万元"}
# A figure glued to the end of label text: "总计0", "（七）总计 12".
_GLUED = re.compile(r"^(?P<label>.*[^\d.,+\-])(?P<figure>\d+(?:\.\d+)?)$")


@dataclass
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

    @property
    def text_index(self) -> list[int]:
        """Indexes of the text tokens, in stream order."""
        return [i for i, t in enumerate(self.tokens) if t.kind == "text"]


def _words(text: str) -> list[str]:
    """Split running text at white space, keeping a unit word with the figure before it."""
    words: list[str] = []
    for word in text.split():
        if words and nfkc(word) in _UNITS and looks_like_figure(words[-1]):
            words[-1] += word
        else:
            words.append(word)
    return words


def tokenize(lines: list[Line]) -> Stream:
    parts: list[str] = []
    offset = 0
    tokens: list[Token] = []

    def add_text(text: str, index: int, frag: Fragment) -> None:
        nonlocal offset
        normal = norm_label(text)
        if normal:
            tokens.append(Token("text", text, offset, index, frag, offset + len(normal)))
            parts.append(normal)
            offset += len(normal)

    for index, line in enumerate(lines):
        for frag in line.fragments:
            if frag.blank:
                tokens.append(Token("blank", "", offset, index, frag))
                continue
            grid_cell = frag.table_cell is not None
            for word in [frag.text] if grid_cell else _words(frag.text):
                if looks_like_figure(word):
                    tokens.append(Token("figure", word, offset, index, frag))
                elif grid_cell and is_blank_mark(word):
                    tokens.append(Token("blank", word, offset, index, frag))
                elif not grid_cell and (m := _GLUED.match(nfkc(word))) and not _is_numbering(word):
                    add_text(m["label"], index, frag)
                    tokens.append(Token("figure", m["figure"], offset, index, frag))
                else:
                    add_text(word, index, frag)
    return Stream("".join(parts), tokens)


def _is_numbering(word: str) -> bool:
    """'第3' or a bare list number is label text, never a figure."""
    return bool(re.search(r"第\d+$", nfkc(word)))
