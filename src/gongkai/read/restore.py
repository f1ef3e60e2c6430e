"""Restore figures that extraction lost or duplicated, from the relations the format states.

A row that came out with too few or too many figures is a set of hypotheses (where the gap
is, which figure is the duplicate). A hypothesis survives if, with the figures of every intact
row, the format's relations can hold. A cell is restored only when every surviving hypothesis
gives it the same value; otherwise it stays None. Nothing is ever invented.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations, product

from gongkai.format.spec import FormatSpec, PrintedRow

Values = dict[str, "int | None"]
MAX_GAP = 2  # at most this many figures lost or extra in one row
MAX_COMBINATIONS = 4096


@dataclass
class DamagedRow:
    row: PrintedRow
    figures: list[int | None]  # parsed figures as printed (None: unreadable or blank)


def _hypotheses(damaged: DamagedRow) -> list[dict[str, int | None]]:
    keys, figures = damaged.row.keys, damaged.figures
    n, m = len(keys), len(figures)
    out: list[dict[str, int | None]] = []
    if m < n and n - m <= MAX_GAP:
        for gaps in combinations(range(n), n - m):
            it = iter(figures)
            out.append({k: (None if i in gaps else next(it)) for i, k in enumerate(keys)})
    elif m > n and m - n <= MAX_GAP:
        for extra in combinations(range(m), m - n):
            kept = [f for i, f in enumerate(figures) if i not in extra]
            out.append(dict(zip(keys, kept, strict=True)))
    return out


def _propagate(values: Values, equations: list[tuple[tuple[str, ...], tuple[str, ...]]],
               non_negative: set[str]) -> Values | None:
    """Fill every unknown an equation determines; None if the equations cannot hold."""
    values = dict(values)
    changed = True
    while changed:
        changed = False
        for lhs, rhs in equations:
            unknown = [k for k in lhs + rhs if values.get(k) is None]
            if len(unknown) > 1:
                continue
            total = sum(values.get(k) or 0 for k in lhs) - sum(values.get(k) or 0 for k in rhs)
            if not unknown:
                if total != 0:
                    return None
                continue
            key = unknown[0]
            solved = -total if key in lhs else total
            if key in non_negative and solved < 0:
                return None
            values[key] = solved
            changed = True
    return values


def _consistent_outcomes(base: Values, rows: list[DamagedRow], equations, non_negative
                         ) -> Iterator[Values]:
    options = [_hypotheses(r) for r in rows]
    count = 1
    for o in options:
        count *= max(len(o), 1)
    if count > MAX_COMBINATIONS or any(not o for o in options):
        return
    for combo in product(*options):
        values = dict(base)
        for h in combo:
            values.update(h)
        solved = _propagate(values, equations, non_negative)
        if solved is not None:
            yield solved


def _agreed(outcomes: list[Values], keys: tuple[str, ...]) -> dict[str, int]:
    """Keys that every outcome determines, with the same value."""
    if not outcomes:
        return {}
    agreed: dict[str, int] = {}
    for key in keys:
        seen = {o.get(key) for o in outcomes}
        if len(seen) == 1 and (value := seen.pop()) is not None:
            agreed[key] = value
    return agreed


def restore(spec: FormatSpec, table: str, known: Values, damaged: list[DamagedRow]
            ) -> dict[str, int]:
    """Figures of damaged rows that the relations determine uniquely (key → value)."""
    relations = [r for r in spec.relations if r.table == table]
    # Relations the intact figures already break say nothing about the damaged rows.
    broken = {
        r for r in relations
        if all(known.get(k) is not None for k in r.lhs + r.rhs)
        and sum(known[k] or 0 for k in r.lhs) != sum(known[k] or 0 for k in r.rhs)
    }
    equations = [(r.lhs, r.rhs) for r in relations if r not in broken]
    non_negative = {k for k, c in spec.cells.items() if c.kind == "count"}
    base = dict(known)
    for row in damaged:
        for key in row.row.keys:
            base.setdefault(key, None)
    restored: dict[str, int] = {}
    pending = list(damaged)
    progress = True
    while pending and progress:  # one row at a time first: cheap and usually enough
        progress = False
        for row in list(pending):
            outcomes = list(_consistent_outcomes(base, [row], equations, non_negative))
            agreed = _agreed(outcomes, row.row.keys)
            if outcomes and len(agreed) == len(row.row.keys):
                restored.update(agreed)
                base.update(agreed)
                pending.remove(row)
                progress = True
    if pending:  # the rest jointly
        outcomes = list(_consistent_outcomes(base, pending, equations, non_negative))
        restored.update(_agreed(outcomes, tuple(k for r in pending for k in r.row.keys)))
    return restored
