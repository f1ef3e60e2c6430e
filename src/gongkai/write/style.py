"""The official document layout (GB/T 9704-2012) as numbers, and how a paragraph is marked up.

Shared by the DOCX writer (which sets these in the document), the PDF conversion (which maps the
fonts named here to installed ones) and the HTML writer (print CSS).
"""

from __future__ import annotations

import re

# Page: A4, margins of GB/T 9704-2012 §5.2.1 (天头 37 mm, 订口 28 mm); text area 156 × 225 mm.
PAGE_MM = (210.0, 297.0)
MARGIN_TOP_MM = 37.0
MARGIN_BOTTOM_MM = 35.0
MARGIN_LEFT_MM = 28.0
MARGIN_RIGHT_MM = 26.0
TEXT_WIDTH_MM = PAGE_MM[0] - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156 mm
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

# Sizes in points: 二号 22, 三号 16, 四号 14, 五号 10.5.
TITLE_PT = 22.0
BODY_PT = 16.0
PAGE_NUMBER_PT = 14.0
TABLE_PT = 10.5
LINE_PITCH_PT = 28.95  # 225 mm / 22 lines, as the standard's templates round it

# The fonts the standard names. Debian has none of them: the DOCX names them (a Chinese office
# has them installed), the PDF conversion maps them to Noto CJK (see pdf.py).
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"  # first-level headings 一、
SUBHEADING_FONT = "楷体_GB2312"  # second-level headings （一）
TABLE_FONT = "宋体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"  # digits and Latin letters in the body
OFFICIAL_FONTS = (TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT, TABLE_FONT, LATIN_FONT)

# A second-level heading leading a paragraph: （一）主动公开。 or a line that is only one.
SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]+[）)][^。：:；;，,（(]{1,24}(?:[。：:]|$)")
# A placeholder the clerk must fill in.
PLACEHOLDER = re.compile(r"(【[^】]*】)")


def text_width_pt() -> float:
    return TEXT_WIDTH_MM / 25.4 * 72


def split_lead(paragraph: str) -> tuple[str, str]:
    """(second-level heading lead, rest) of a paragraph; lead is "" when there is none."""
    m = SUBHEADING.match(paragraph)
    return (m.group(), paragraph[m.end():]) if m else ("", paragraph)
