"""The reader's fast paths give exactly what the plain formulations they replace give.

Each shortcut taken for speed (NFKC of long text, word splitting, label and cell cleaning,
contact patterns, PDFium's raw handles) is compared here with the straightforward code.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.format.normalize import nfkc, norm_label, squeeze
from gongkai.read import html, metadata, pdf, tokens
from tests.test_read_pdf import _scanned, report_pdf  # noqa: F401 (fixture)

# Characters that exercise NFKC and the cleaning rules: CJK text and full-width forms,
# white space of every kind, combining marks, compatibility characters, digits, quotes.
_ALPHABET = st.sampled_from([
    *"总计其它他一二三十、.．。，（）“”\"'‘’「」『』0123456789１２３abcE@:：-",
    *[" ", "\t", "\n", "\r", "\u3000", "\xa0", "\u2028", "\x1c", "\x00", "\x7f", "\ufeff"],
    *["\u200b", "\u00ad", "\u0301", "\u0308", "\u1100", "\u1161", "\uac00", "㉑", "㍸", "²"],
    *["⼀", "ﬁ", "㈠", "①", "\U0001d7ce", "\ufffe", "\ud7a3"],
])
_TEXT = st.text(_ALPHABET, max_size=200)


@settings(max_examples=400)
@given(_TEXT)
def test_nfkc_is_unicode_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)
    assert nfkc(text * 4) == unicodedata.normalize("NFKC", text * 4)  # the long-text path


def _norm_label_plainly(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans("", "", "“”\"'‘’「」『』"))
    text = re.sub(r"\s+", "", text).replace("其它", "其他")
    text = re.sub(r"(?<![0-9.])([0-9]{1,2})\s*[、.]", r"\1.", text)
    return re.sub(r"([一二三四五六七八九十])\s*[.]", r"\1、", text)


@settings(max_examples=400)
@given(_TEXT)
def test_norm_label_is_the_plain_normalisation(text: str) -> None:
    assert norm_label(text) == _norm_label_plainly(text)


@settings(max_examples=400)
@given(_TEXT)
def test_clean_shortcut_leaves_nothing_to_clean(text: str) -> None:
    invisible = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
    assert html.clean(text) == squeeze(invisible.sub("", text))


@settings(max_examples=400)
@given(st.lists(_TEXT, max_size=4))
def test_glued_figure_check_needs_only_the_last_character(parts: list[str]) -> None:
    for word in "".join(parts).split():
        ends = re.search(r"\d$", unicodedata.normalize("NFKC", word)) is not None
        assert tokens._ends_in_digit(word) == ends


@settings(max_examples=400)
@given(_TEXT)
def test_pdf_word_split_is_the_word_pattern(text: str) -> None:
    parts = pdf._WORD.split(text)
    assert pdf._split_words(text) == (parts[1::2], list(accumulate(map(len, parts)))[:-1:2])


# The contact patterns as first written: an optional word before the keyword.
_PREFIXED = {
    "_PHONE": re.compile(
        r"(?:联系)?电话[:：]?((?:\(?0\d{2,3}\)?-?)?\d{7,8}(?:-\d{1,5})?|1\d{10})"
    ),
    "_EMAIL": re.compile(
        r"(?:电子)?(?:邮箱|信箱|邮件|E-?mail)[:：]?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I
    ),
    "_ADDRESS": re.compile(r"(?:通讯|联系)?地址[:：]([^；;，,。)）]+)"),
}
_CONTACT = st.lists(
    st.sampled_from(
        ["联系", "电话", "电子", "邮箱", "信箱", "邮件", "Email", "e-mail", "通讯", "地址", ":",
         "：", "0571-", "87654321", "13912345678", "a.b", "@", "x.cn", "路8号", "，", "。", "）"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400)
@given(_CONTACT)
def test_contact_patterns_capture_as_with_the_optional_word(text: str) -> None:
    for name, prefixed in _PREFIXED.items():
        assert getattr(metadata, name).findall(text) == prefixed.findall(text)


def test_raw_page_text_and_images_match_pypdfium2(report_pdf: bytes) -> None:  # noqa: F811
    for data in (report_pdf, _scanned(report_pdf)):
        document = pdfium.PdfDocument(data)
        try:
            for index in range(len(document)):
                page = document[index]
                textpage = page.get_textpage()
                images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
                assert pdf._text_range(textpage.raw, textpage.count_chars()) == (
                    textpage.get_text_range()
                )
                assert pdf._has_image(
                    pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw, 0
                ) == (next(iter(images), None) is not None)
                textpage.close()
                page.close()
        finally:
            document.close()
