"""Hypothesis strategies for reports that satisfy every relation of their format."""

from __future__ import annotations

import random

from hypothesis import strategies as st

from gongkai.format import versions
from gongkai.synth import random_report, random_sections


def _report(rng: random.Random, version: str, density: float) -> dict:
    return random_report(rng, version, density=density)


def consistent_reports(version: str | None = None) -> st.SearchStrategy[dict]:
    """Interchange reports of `version` (any version if None), every relation holding."""
    chosen = st.just(version) if version else st.sampled_from(versions())
    return st.builds(
        _report,
        st.randoms(use_true_random=False),
        chosen,
        st.floats(min_value=0.3, max_value=1.0),
    )


def reports_with_sections(version: str | None = None) -> st.SearchStrategy[tuple[dict, dict]]:
    """(report, section texts) pairs, for building whole documents."""
    return st.tuples(consistent_reports(version), st.randoms(use_true_random=False)).map(
        lambda pair: (pair[0], random_sections(pair[1], pair[0]))
    )
