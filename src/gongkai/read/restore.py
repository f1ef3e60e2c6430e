"""Restore figures that extraction lost or duplicated, from the relations the format states.

A row that came out with too few or too many figures is a set of hypotheses (where the gap
is, which figure is the duplicate). A hypothesis survives if, with the figures of every intact
row, the format's relations can hold. A cell is restored only when every surviving hypothesis
gives it the same value; otherwise it stays None. Nothing is ever invented.

A cell printed blank or unreadable says nothing: wherever a hypothesis puts it, that cell is
never solved (it stays None, and the relations through it constrain nothing). Only cells that
appear in some relation are restored: agreement by position alone proves nothing.
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
    figures: list[int | None]  # figures as printed; None: printed blank or unreadable
    # Indexes (in `figures`) of empty cells that may be layout padding rather than cells (a
    # text dump's empty label column): each is tried both as a blank cell and as no cell.
    optional: tuple[int, ...] = ()


@dataclass(frozen=True)
class Restoration:
    values: dict[str, int]  # cells the relations determine uniquely
    unstated: frozenset[str]  # cells every surviving hypothesis puts a blank or unreadable on


# A hypothesis: the values it gives the row's cells (None: a lost figure, to be solved) and the
# cells it puts a printed blank or unreadable figure on (never solved).
Hypothesis = tuple[Values, frozenset[str]]


def _placed(keys: tuple[str, ...], figures: list[int | None], gaps: tuple[int, ...]
            ) -> Hypothesis:
    it = iter(figures)
    values: Values = {}
    unstated: set[str] = set()
    for i, key in enumerate(keys):
        if i in gaps:
            values[key] = None
            continue
        values[key] = figure = next(it)
        if figure is None:
            unstated.add(key)
    return values, frozenset(unstated)


def _hypotheses(damaged: DamagedRow) -> list[Hypothesis]:
    keys, n = damaged.row.keys, len(damaged.row.keys)
    out: list[Hypothesis] = []
    optional = damaged.optional
    for size in range(len(optional) + 1):
        for padding in combinations(optional, size):
            figures = [f for i, f in enumerate(damaged.figures) if i not in padding]
            m = len(figures)
            if m == n:
                out.append(_placed(keys, figures, ()))
            elif m < n and n - m <= MAX_GAP:
                out += [_placed(keys, figures, gaps) for gaps in combinations(range(n), n - m)]
            elif m > n and m - n <= MAX_GAP:
                for extra in combinations(range(m), m - n):
                    kept = [f for i, f in enumerate(figures) if i not in extra]
                    out.append(_placed(keys, kept, ()))
    return out


def _propagate(values: Values, equations: list[tuple[tuple[str, ...], tuple[str, ...]]],
               non_negative: set[str], unstated: frozenset[str]) -> Values | None:
    """Fill every unknown an equation determines; None if the equations cannot hold. A cell in
    `unstated` is never filled, and an equation through it is neither solved nor checked."""
    values = dict(values)
    changed = True
    while changed:
        changed = False
        for lhs, rhs in equations:
            unknown = [k for k in lhs + rhs if values.get(k) is None or k in unstated]
            if len(unknown) > 1 or (unknown and unknown[0] in unstated):
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


def _consistent_outcomes(base: Values, unstated: frozenset[str], rows: list[DamagedRow],
                         equations, non_negative) -> Iterator[Hypothesis]:
    options = [_hypotheses(r) for r in rows]
    count = 1
    for o in options:
        count *= max(len(o), 1)
    if count > MAX_COMBINATIONS or any(not o for o in options):
        return
    for combo in product(*options):
        values = dict(base)
        blank = set(unstated)
        for placed, pinned in combo:
            values.update(placed)
            blank |= pinned
        frozen = frozenset(blank)
        solved = _propagate(values, equations, non_negative, frozen)
        if solved is not None:
            yield {k: (None if k in frozen else v) for k, v in solved.items()}, frozen


def _agreed(outcomes: list[Hypothesis], keys: tuple[str, ...], related: set[str]
            ) -> tuple[dict[str, int], set[str]]:
    """Keys that every outcome determines, with the same value (only keys some relation
    constrains), and keys that every outcome leaves unstated."""
    if not outcomes:
        return {}, set()
    agreed: dict[str, int] = {}
    for key in keys:
        seen = {o.get(key) for o, _ in outcomes}
        if key in related and len(seen) == 1 and (value := seen.pop()) is not None:
            agreed[key] = value
    unstated = {k for k in keys if all(k in pinned for _, pinned in outcomes)}
    return agreed, unstated


def restore(spec: FormatSpec, table: str, known: Values, damaged: list[DamagedRow],
            unstated: set[str] | frozenset[str] = frozenset()) -> Restoration:
    """Figures of damaged rows that the relations determine uniquely (key → value).

    `known`: the figures of the intact rows; `unstated`: their cells printed blank or
    unreadable (never solved)."""
    relations = [r for r in spec.relations if r.table == table]
    related = {k for r in relations for k in r.lhs + r.rhs}
    # Relations the intact figures already break say nothing about the damaged rows.
    broken = {
        r for r in relations
        if all(known.get(k) is not None for k in r.lhs + r.rhs)
        and sum(known[k] or 0 for k in r.lhs) != sum(known[k] or 0 for k in r.rhs)
    }
    equations = [(r.lhs, r.rhs) for r in relations if r not in broken]
    non_negative = {k for k, c in spec.cells.items() if c.kind == "count"}
    base = {k: v for k, v in known.items() if k not in unstated}
    for row in damaged:
        for key in row.row.keys:
            base.setdefault(key, None)
    fixed = frozenset(unstated)
    restored: dict[str, int] = {}
    blank: set[str] = set()
    pending = list(damaged)
    progress = True
    while pending and progress:  # one row at a time first: cheap and usually enough
        progress = False
        for row in list(pending):
            outcomes = list(_consistent_outcomes(base, fixed, [row], equations, non_negative))
            agreed, pinned = _agreed(outcomes, row.row.keys, related)
            if outcomes and len(agreed) + len(pinned) == len(row.row.keys):
                restored.update(agreed)
                blank |= pinned
                base.update(agreed)
                fixed |= pinned
                pending.remove(row)
                progress = True
    if pending:  # the rest jointly
        outcomes = list(_consistent_outcomes(base, fixed, pending, equations, non_negative))
        agreed, pinned = _agreed(outcomes, tuple(k for r in pending for k in r.row.keys),
                                 related)
        restored.update(agreed)
        blank |= pinned
    return Restoration(restored, frozenset(blank))
