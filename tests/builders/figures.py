"""The printed figures of a report, with faults injected for restoration tests."""

from __future__ import annotations

from collections.abc import Iterable

from tests.builders.common import format_value, spec_of

# ("drop", key): the figure is missing; ("dup", key): it is printed twice;
# ("blank", key): its cell is printed empty (a tab-separated row keeps the empty cell).
FAULT_KINDS = ("drop", "dup", "blank")
Fault = tuple[str, str]


class Figures:
    """Print tokens for cells in statutory order, applying the faults asked for."""

    def __init__(self, report: dict, faults: Iterable[Fault] = ()) -> None:
        self.spec = spec_of(report)
        self.cells = report["cells"]
        self.faults: dict[str, str] = {}
        for kind, key in faults:
            if kind not in FAULT_KINDS:
                raise ValueError(f"unknown fault {kind!r}; use one of {FAULT_KINDS}")
            if key not in self.spec.cells:
                raise KeyError(f"{key} is not a cell of format {self.spec.version}")
            self.faults[key] = kind

    def text(self, key: str) -> str:
        return format_value(self.cells[key], self.spec.kind(key))

    def of(self, keys: Iterable[str]) -> list[str]:
        """One token per printed figure: none for a dropped one, two for a duplicated one."""
        out: list[str] = []
        for key in keys:
            fault = self.faults.get(key)
            if fault == "drop":
                continue
            text = "" if fault == "blank" else self.text(key)
            out += [text, text] if fault == "dup" else [text]
        return out
