"""The main job's pieces: the seed article's questions answered from the graph, and the
bundled demo corpus (``corpus.jsonl``: short illustrative news items written for
blocwatch, each summarising a real, sourced event)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from blocwatch.core import Blocwatch

SEED_DATE = "2020-02-06"


def demo_corpus_path() -> Path:
    """The bundled demo corpus (JSON lines)."""
    return Path(str(resources.files("blocwatch.demo") / "corpus.jsonl"))


@dataclass(frozen=True)
class SeedAnswers:
    """What the knowledge graph says about the seed article's date (2020-02-06)."""

    date: str
    celac_presidency: str | None
    celac_members: int
    celac_active: int
    celac_suspended: list[str]
    unasur_members: list[str]
    unasur_active: list[str]
    prosur_members: list[str]
    russia_celac: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def seed_answers(bw: Blocwatch, *, on: str = SEED_DATE) -> SeedAnswers:
    """Answer the seed article's questions from the graph (see PRODUCT.md)."""
    graph = bw.graph
    celac = graph.members("CELAC", on=on)
    unasur = graph.members("UNASUR", on=on)
    prosur = graph.members("PROSUR", on=on, capacity="member")
    russia = graph.mechanisms("CELAC", partner="RUS")
    mechanism = None
    if russia:
        mech = russia[0]
        mechanism = {
            "id": mech.id,
            "status": mech.status,
            "condition": mech.condition,
            "areas": mech.areas,
            "proposed": mech.proposed,
        }
    return SeedAnswers(
        date=on,
        celac_presidency=graph.presidency("CELAC", on=on).holder,
        celac_members=len(celac),
        celac_active=sum(1 for m in celac if m.status == "active"),
        celac_suspended=[m.state for m in celac if m.status == "suspended"],
        unasur_members=sorted(m.state for m in unasur),
        unasur_active=sorted(m.state for m in unasur if m.status == "active"),
        prosur_members=sorted(m.state for m in prosur),
        russia_celac=mechanism,
    )
