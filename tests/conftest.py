"""Shared fixtures: the seeds and their expected readings from ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = SHARED / "fixtures" / "seeds"


def seed_cases() -> list[tuple[str, Path, dict]]:
    manifest = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
    return [
        (case["case"], (FIXTURES / case["file"]).resolve(),
         json.loads((FIXTURES / case["truth"]).read_text(encoding="utf-8")))
        for case in manifest
    ]


@pytest.fixture(scope="session")
def seeds() -> list[tuple[str, Path, dict]]:
    return seed_cases()
