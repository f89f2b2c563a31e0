"""A random sample of reference rows with their sources, for a person to check.

The pool is every membership event, presidency term and mechanism status step of the
bundled (or given) data files; the sample is drawn with :class:`random.Random` seeded by
the caller, so the same seed gives the same rows for the same data.

>>> rows = sample_rows(seed=1, n=3)
>>> len(rows), rows[0].kind in {"membership", "presidency", "status"}
(3, True)
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from blocwatch.reference.build import load_and_validate
from blocwatch.reference.model import ReferenceData, Source


@dataclass(frozen=True)
class Cited:
    """A source as cited by a sampled row."""

    id: str
    publisher: str
    title: str
    url: str | None
    date: str | None


@dataclass(frozen=True)
class SampledRow:
    """One row to check: what it says, where it is, and its sources."""

    kind: str
    fact: str
    where: str
    sources: list[Cited]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pool(data: ReferenceData) -> list[tuple[str, str, str, tuple[str, ...]]]:
    rows: list[tuple[str, str, str, tuple[str, ...]]] = []
    for e in data.memberships:
        capacity = f" as {e.capacity}" if e.capacity else ""
        note = f" ({e.note})" if e.note else ""
        rows.append(
            ("membership", f"{e.org}: {e.member} {e.event}{capacity} on {e.date}{note}", str(e.where), e.sources)
        )
    for t in data.presidencies:
        joint = f" jointly with {', '.join(t.co_holders)}" if t.co_holders else ""
        note = f" ({t.note})" if t.note else ""
        rows.append(
            (
                "presidency",
                f"{t.org}: {t.holder}{joint} from {t.start} to {t.end or 'now'}{note}",
                str(t.where),
                t.sources,
            )
        )
    for m in data.mechanisms:
        for h in m.history:
            party = f" by {h.party}" if h.party else ""
            note = f" ({h.note})" if h.note else ""
            rows.append(("status", f"{m.id}: {h.status}{party} on {h.date}{note}", str(h.where), h.sources))
    return rows


def sample_rows(*, seed: int, n: int = 25, data_dir: Path | None = None) -> list[SampledRow]:
    """``n`` rows drawn at random (seeded) from the membership, presidency and status rows."""
    data = load_and_validate(data_dir)
    sources: dict[str, Source] = {s.id: s for s in data.sources}
    pool = _pool(data)
    picked = random.Random(seed).sample(pool, min(n, len(pool)))  # noqa: S311 - a reproducible sample, not crypto
    return [
        SampledRow(
            kind=kind,
            fact=fact,
            where=where,
            sources=[
                Cited(s, sources[s].publisher, sources[s].title, sources[s].url, sources[s].date)
                for s in ids
                if s in sources
            ],
        )
        for kind, fact, where, ids in picked
    ]
