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


@dataclass(frozen=True)
class DemoReport:
    """What the main job did: the graph's size, the demo corpus ingested and coded, the
    seed's answers, and a few coded events about Russia and CELAC with their evidence."""

    db: str
    graph: dict[str, int]
    ingest: dict[str, Any]
    stats: dict[str, Any]
    seed: SeedAnswers
    russia_celac_events: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["seed"] = self.seed.to_dict()
        return out


def graph_counts(bw: Blocwatch) -> dict[str, int]:
    """How many records of each kind the reference graph holds."""
    rows = bw.con.execute(
        """select 'organizations', count(*) from organizations union all
           select 'states and territories', count(*) from countries union all
           select 'membership events', count(*) from membership_events union all
           select 'presidency terms', count(*) from presidencies union all
           select 'dialogue mechanisms', count(*) from mechanisms union all
           select 'persons in office', count(distinct id) from persons union all
           select 'sources', count(*) from sources"""
    ).fetchall()
    return {str(name): int(count) for name, count in rows}


def run_demo(bw: Blocwatch, *, progress: Any = None) -> DemoReport:
    """The main job: build the graph if needed, ingest and code the bundled demo corpus
    (idempotent: a second run adds nothing), and answer the seed's questions."""
    bw.ensure_built()
    report = bw.articles.ingest([demo_corpus_path()], progress=progress)
    events = bw.events.query(actor="RUS", recipient="CELAC")
    keep = ("date", "event_type", "mode", "contexts", "actor_text", "recipient_text", "sentence", "doc_id")
    return DemoReport(
        db=bw.path,
        graph=graph_counts(bw),
        ingest={
            k: v
            for k, v in report.to_dict().items()
            if k in {"read", "stored", "duplicates", "unchanged", "quarantined"}
        },
        stats=bw.articles.stats(),
        seed=seed_answers(bw),
        russia_celac_events=[{k: e.get(k) for k in keep} for e in events[:8]],
    )


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
