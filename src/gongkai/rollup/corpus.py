"""A generated corpus: N random, internally consistent reports as documents in nested folders,
year series per agency with consistent carry-overs, some with known faults, and a manifest.

Layout: `OUT/<place>/<year>/<agency>-<year>.<suffix>`; `OUT/manifest.csv` lists every file
with its agency, year, format, kind and fault (empty when none) and the code expected for it.
"""

from __future__ import annotations

import csv
import io
import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gongkai import interchange, synth
from gongkai.model import Section
from gongkai.rollup.faults import FAULTS, NOT_A_REPORT
from gongkai.rollup.render import SUFFIXES, document_bytes
from gongkai.rollup.series import random_series

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("path", "agency", "year", "format", "kind", "fault", "expected_code")


@dataclass(frozen=True)
class Planned:
    report: dict
    kind: str
    fault: str | None


def _agencies(rng: random.Random) -> Iterator[str]:
    """Distinct agency names: place × bureau first, then numbered offices."""
    names = [f"{p}{b}" for p in synth.PLACES for b in synth.BUREAUS]
    rng.shuffle(names)
    yield from names
    n = 1
    while True:
        yield f"{rng.choice(synth.PLACES)}第{n}办公室"
        n += 1


def plan(n: int, *, kinds: list[str], years: tuple[int, int], faults: float,
         seed: int) -> Iterator[Planned]:
    """The corpus's reports, one agency's year series at a time (lazily)."""
    rng = random.Random(seed)
    first, last = years
    made = 0
    for agency in _agencies(rng):
        if made >= n:
            return
        start = rng.randint(first, last)
        end = min(last, rng.randint(start, last), start + n - made - 1)
        for report in random_series(rng, agency, list(range(start, end + 1))):
            fault = rng.choice(sorted(FAULTS)) if rng.random() < faults else None
            report["publication_date"] = f"{report['year'] + 1}-01-{rng.randint(5, 28):02d}"
            if fault:
                FAULTS[fault].apply(rng, report)
            report["sections"] = synth.random_sections(rng, report)
            yield Planned(report, rng.choice(kinds), fault)
            made += 1


def document(planned: Planned) -> bytes:
    data = planned.report
    if data.get("not_a_report"):
        return NOT_A_REPORT.format(agency=data["agency"], year=data["year"]).encode("utf-8")
    report = interchange.from_dict({k: data[k] for k in ("format", "agency", "year", "cells")})
    report.sections = {sid: Section(sid, "", text) for sid, text in data["sections"].items()}
    report.metadata.publication_date = data["publication_date"]
    return document_bytes(report, planned.kind)


def relative_path(planned: Planned) -> str:
    r = planned.report
    place = next((p for p in synth.PLACES if r["agency"].startswith(p)), "其他")
    return f"{place}/{r['year']}/{r['agency']}-{r['year']}{SUFFIXES[planned.kind]}"


def generate(out: Path, n: int, *, kinds: list[str], years: tuple[int, int],
             faults: float = 0.0, seed: int = 0,
             advance: Callable[[int], None] | None = None) -> Path:
    """Write the corpus into `out` and return the manifest's path."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    tmp = out / f".{MANIFEST}.tmp"
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(MANIFEST_COLUMNS)
        for planned in plan(n, kinds=kinds, years=years, faults=faults, seed=seed):
            rel = relative_path(planned)
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(document(planned))
            r = planned.report
            fault = planned.fault or ""
            writer.writerow((rel, r["agency"], r["year"], r["format"], planned.kind, fault,
                             FAULTS[fault].code if fault else ""))
            if advance:
                advance(1)
    os.replace(tmp, manifest)
    return manifest


def read_manifest(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
