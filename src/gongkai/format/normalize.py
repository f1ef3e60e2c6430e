"""Text normalisation used to compare printed labels with the statutory ones."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_QUOTE_CHARS = "“”\"'‘’「」『』"
_QUOTES = re.compile(f"[{re.escape(_QUOTE_CHARS)}]")
# "1、" "1．" "1 ." → "1."
_ARABIC_NUMBERING = re.compile(r"(?<![0-9.])([0-9]{1,2})\s*[、.]")
_ARABIC_HINT = re.compile(r"[0-9][、.]")
# "一." → "一、" (section and row numbering with Chinese numerals)
_CJK_NUMBERING = re.compile(r"([一二三四五六七八九十])\s*[.]")

# Full-width ASCII forms and the ideographic space: the characters of Chinese text that are not
# already in NFKC. Each one's NFKC form is a single ASCII character, which has no decomposition,
# so replacing them beforehand leaves the NFKC of the whole text unchanged.
_FULL_WIDTH = re.compile("[\u3000\uff01-\uff5e]")
_FULL_WIDTH_ASCII = {
    chr(code): unicodedata.normalize("NFKC", chr(code))
    for code in (0x3000, *range(0xFF01, 0xFF5F))
}
_SHORT = 64  # below this length unicodedata.normalize alone is the quicker way


def nfkc(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms (Unicode NFKC).

    Long Chinese text is mostly ideographs (already NFKC) with some full-width punctuation:
    that punctuation is replaced first, so the text usually passes NFKC's quick check and is
    returned without running the full normalisation algorithm over every character.
    """
    if len(text) < _SHORT or text.isascii():
        return unicodedata.normalize("NFKC", text)
    for char in set(_FULL_WIDTH.findall(text)):
        text = text.replace(char, _FULL_WIDTH_ASCII[char])
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def norm_label(text: str) -> str:
    """The comparable form of a label: NFKC, no white space, no quotes, one numbering style."""
    text = _QUOTES.sub("", nfkc(text))
    text = "".join(text.split())  # str.split() and re's \s agree on what white space is
    text = text.replace("其它", "其他")
    # A substitution with a template costs more than a search: only run it when there is
    # something to substitute (white space is gone, so a match is a digit right before 、 or .).
    if _ARABIC_HINT.search(text):
        text = _ARABIC_NUMBERING.sub(r"\1.", text)
    if "." in text:
        text = _CJK_NUMBERING.sub(r"\1、", text)
    return text


def squeeze(text: str) -> str:
    """Collapse white space runs to one space and strip; spaces between CJK characters go."""
    text = _SPACE.sub(" ", text).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)


# "一、" "（三）" "3." "第一项" at the start of a label, and a bracketed note at its end.
_LEADING_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+\.)"
)
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


def bare_label(label: str) -> str:
    """A printed label without its numbering and trailing note, as prose names the thing:
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" → "部分公开"."""
    return without_note(_LEADING_NUMBER.sub("", label.strip()))


def without_note(label: str) -> str:
    """A label without its trailing note in brackets, numbering kept: "（二）部分公开（区分处理
    的，…）" → "（二）部分公开"; a label that is all note stays as it is."""
    return _TRAILING_NOTE.sub("", label) or label
