"""Fuzz the text and HTML readers with mutated seeds: no exception escapes, and every failure
is a named diagnostic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.diagnostics import CODES
from gongkai.read import ReadError, read_bytes
from tests.conftest import seed_cases

SEEDS = [p.read_bytes() for _, p, _ in seed_cases()]


def _html(text: bytes) -> bytes:
    rows = []
    for line in text.decode("utf-8").splitlines():
        cells = "".join(f"<td>{c}</td>" for c in line.split())
        rows.append(f"<tr>{cells}</tr>" if len(line.split()) > 1 else f"<p>{line}</p>")
    return ("<html><body><table>" + "".join(rows) + "</table></body></html>").encode()


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    lines = bytes(data).split(b"\n")
    for _ in range(draw(st.integers(1, 12))):
        op = draw(st.sampled_from(["drop", "dup", "swap", "flip", "cut", "insert"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "flip" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            line = bytearray(lines[i])
            line[k] = draw(st.integers(0, 255))
            lines[i] = bytes(line)
        elif op == "cut":
            lines = lines[: i + 1]
        elif op == "insert":
            lines.insert(i, draw(st.sampled_from([b"0 0 0", b"1 2 3 4 5 6 7 8", b"\t\t9", b"-",
                                                  b"\xe6\x80\xbb\xe8\xae\xa1 3"])))
    return b"\n".join(lines)


def _assert_named(data: bytes, name: str) -> None:
    try:
        report = read_bytes(data, name)
    except ReadError as exc:
        assert exc.diagnostic.code in CODES
        assert exc.diagnostic.message
        return
    for d in report.diagnostics:
        assert d.code in CODES and d.message
    named = {k for d in report.diagnostics for k in d.keys}
    for key, value in report.cells.items():
        assert value is None or isinstance(value, int) or key.endswith("amount")
        # Every cell left empty or restored is named in a diagnostic.
        restored = key in report.provenance and report.provenance[key].method == "restored"
        assert key in named or (value is not None and not restored), key


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_text_reader_survives_mutation(data):
    _assert_named(data, "fuzz.txt")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_html_reader_survives_mutation(data):
    try:
        page = _html(data)
    except UnicodeDecodeError:
        page = b"<html><body><p>" + data + b"</p></body></html>"
    _assert_named(page, "fuzz.html")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=4000))
def test_random_bytes(data):
    _assert_named(data, "random.bin")
