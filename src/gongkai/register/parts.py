"""The four parts of a register, as imported, exported and stored: each is replaced whole."""

from __future__ import annotations

from enum import StrEnum


class Part(StrEnum):
    applications = "applications"
    cases = "cases"
    documents = "documents"
    yearly = "yearly"


ALL_PARTS: tuple[Part, ...] = tuple(Part)
