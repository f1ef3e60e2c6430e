"""Text normalisation used to compare printed labels with the statutory ones."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
# "1、" "1．" "1 ." → "1."
_ARABIC_NUMBERING = re.compile(r"(?<![0-9.])([0-9]{1,2})\s*[、.]")
# "一." → "一、" (section and row numbering with Chinese numerals)
_CJK_NUMBERING = re.compile(r"([一二三四五六七八九十])\s*[.]")


def nfkc(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def norm_label(text: str) -> str:
    """The comparable form of a label: NFKC, no white space, no quotes, one numbering style."""
    text = nfkc(text).translate(_QUOTES)
    text = _SPACE.sub("", text)
    text = text.replace("其它", "其他")
    text = _ARABIC_NUMBERING.sub(r"\1.", text)
    return _CJK_NUMBERING.sub(r"\1、", text)


def squeeze(text: str) -> str:
    """Collapse white space runs to one space and strip; spaces between CJK characters go."""
    text = _SPACE.sub(" ", text).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)
