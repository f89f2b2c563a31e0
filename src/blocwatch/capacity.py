"""Capacities of membership (``member``, ``associate``, ``observer``) as options take them.

>>> parse_capacities("member,observer")
('member', 'observer')
>>> parse_capacities("all")
('member', 'associate', 'observer')
>>> parse_capacities(None, default=("member",))
('member',)
"""

from __future__ import annotations

from collections.abc import Iterable

from blocwatch.errors import E, UsageError

CAPACITIES: tuple[str, ...] = ("member", "associate", "observer")
PLURAL = {"member": "members", "associate": "associates", "observer": "observers"}


def parse_capacities(value: str | Iterable[str] | None, *, default: tuple[str, ...] = ("member",)) -> tuple[str, ...]:
    """``"member,associate"``, ``["member"]`` or ``"all"`` → capacities in canonical order."""
    if value is None or value == "" or value == ():
        return default
    items = value.split(",") if isinstance(value, str) else [v for part in value for v in str(part).split(",")]
    chosen = {v.strip().lower() for v in items if v.strip()}
    if "all" in chosen:
        return CAPACITIES
    unknown = sorted(chosen - set(CAPACITIES))
    if unknown:
        raise UsageError(
            E.BW011,
            f"unknown capacity {', '.join(unknown)}",
            hint="use member, associate, observer (comma-separated) or all",
        )
    if not chosen:
        return default
    return tuple(c for c in CAPACITIES if c in chosen)


def count_phrase(capacities: Iterable[str]) -> str:
    """``["member"]*4 + ["observer"]*2`` → ``"4 members, 2 observers"`` (zero counts left out)."""
    counts = dict.fromkeys(CAPACITIES, 0)
    for capacity in capacities:
        counts[capacity] = counts.get(capacity, 0) + 1
    parts = [f"{n} {PLURAL.get(c, c + 's') if n != 1 else c}" for c, n in counts.items() if n]
    return ", ".join(parts) if parts else "0 members"
