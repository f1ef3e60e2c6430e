"""Clean reports for the checker's tests, built in Python from random consistent figures.

A clean report has all six sections under their statutory headings, a statistics period, a
narrative whose figures agree with the tables (gongkai.synth), a fee statement in section 六 and
a rectification sentence in section 五: no rule of the checker should fire on it. Each rule's
test breaks one thing in such a report.
"""

from __future__ import annotations

import copy
import random

from gongkai.format import get_format
from gongkai.interchange import from_dict
from gongkai.model import Report, Section
from gongkai.synth import random_report, random_sections
from tests.builders.common import preamble, statistics_period, title


def clean_dict(seed: int, version: str = "2021", **kwargs) -> tuple[dict, dict[str, str]]:
    rng = random.Random(seed)
    report = random_report(rng, version, **kwargs)
    return report, random_sections(rng, report)


def build(report: dict, texts: dict[str, str]) -> Report:
    model = from_dict(report)
    spec = get_format(report["format"])
    model.sections = {s.id: Section(s.id, s.title, texts[s.id]) for s in spec.sections
                      if s.id in texts}
    model.preamble = f"{title(report)}\n{preamble(report)}"
    model.metadata.statistics_period = statistics_period(report)
    return model


def clean_report(seed: int = 1, version: str = "2021", **kwargs) -> Report:
    return build(*clean_dict(seed, version, **kwargs))


def with_cells(report: Report, **changes) -> Report:
    """A copy of `report` with cells changed; keyword names use "__" for "." in keys."""
    changed = copy.deepcopy(report)
    for name, value in changes.items():
        key = name.replace("__", ".")
        assert key in changed.cells, key
        changed.cells[key] = value
    return changed


def with_text(report: Report, section: str, text: str) -> Report:
    changed = copy.deepcopy(report)
    heading = changed.sections[section].heading
    changed.sections[section] = Section(section, heading, text)
    return changed
