"""Graph proposals on whole sentences: negation, dates from the text, organizations by
name, the graph check, one proposal with many evidences (issue 10's "Must show")."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from blocwatch.core import Blocwatch, open_blocwatch
from blocwatch.extract.pipeline import Document, Extractor
from blocwatch.extract.proposals import ProposalRules
from blocwatch.extract.records import Proposal


def _proposals(extractor: Extractor, text: str, lang: str, day: str) -> list[Proposal]:
    doc = Document(id="t", text=text, date=dt.date.fromisoformat(day), lang=lang)
    return extractor.extract(doc).proposals


def _membership(proposals: list[Proposal]) -> list[tuple[str | None, str | None, str]]:
    return [(p.org, p.member, p.change) for p in proposals if p.kind == "membership"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("El presidente de Argentina, Javier Milei, anunció que su país no se incorporará a los BRICS.", "es"),
        ("Argentina will not join BRICS.", "en"),
    ],
)
def test_a_refusal_is_declined_never_joined(rules_extractor: Extractor, text: str, lang: str) -> None:
    found = _proposals(rules_extractor, text, lang, "2023-12-29")
    assert _membership(found) in ([], [("BRICS", "ARG", "declined")])
    assert not [p for p in found if p.change == "joined"]


def test_the_milei_sentence_keeps_its_speaker_and_no_date(rules_extractor: Extractor) -> None:
    text = "El presidente de Argentina, Javier Milei, anunció que su país no se incorporará a los BRICS."
    (proposal,) = _proposals(rules_extractor, text, "es", "2023-12-29")
    assert proposal.evidence[0].speaker is not None and "Milei" in proposal.evidence[0].speaker
    assert (proposal.date, proposal.date_precision) == (None, "unknown")  # never the article's day


def test_mercosul_handover_is_dated_by_the_text_and_contradicts_the_graph(rules_extractor: Extractor) -> None:
    text = "O Brasil assumiu a presidência pro tempore do Mercosul em julho de 2024, sucedendo o Paraguai."
    (proposal,) = _proposals(rules_extractor, text, "pt", "2024-07-10")
    assert (proposal.kind, proposal.org, proposal.member, proposal.change) == (
        "presidency",
        "MERCOSUR",
        "BRA",
        "handover",
    )
    assert (proposal.date, proposal.date_precision) == (dt.date(2024, 7, 1), "month")
    assert proposal.payload == {"org": "MERCOSUR", "holder": "BRA", "start": "2024-07", "previous": "PRY"}
    assert proposal.relation == "contradicts"
    assert proposal.graph_fact is not None
    assert (proposal.graph_fact["holder"], proposal.graph_fact["start"]) == ("URY", "2024-07-08")


def test_bolivia_full_member_confirms_the_graph(rules_extractor: Extractor) -> None:
    (proposal,) = _proposals(
        rules_extractor, "Bolivia became a full member of MERCOSUR in July 2024", "en", "2024-08-01"
    )
    assert (proposal.org, proposal.member, proposal.change) == ("MERCOSUR", "BOL", "joined")
    assert proposal.relation == "confirms"
    assert proposal.graph_fact is not None and proposal.graph_fact["date"] == "2024-07-05"
    assert proposal.payload["event"] == "capacity_changed"  # an associate since 1996 becoming a full member


def test_railway_cooperatives_give_nothing(rules_extractor: Extractor) -> None:
    text = (
        "Like how there are railway cooperatives, KSRTC's cooperative, doctor union's cooperative: "
        "similarly we have our sex workers' organisations cooperative."
    )
    assert _proposals(rules_extractor, text, "en", "2020-10-18") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Argentina could join BRICS next year.", []),
        ("Argentina plans to join BRICS.", []),
        ("If Argentina joins BRICS, trade will grow.", []),
        ("Will Argentina join BRICS?", []),
        ("Argentina applied to join BRICS in 2023.", [("BRICS", "ARG", "applied")]),
        ("Argentina was invited to join BRICS in August 2023.", [("BRICS", "ARG", "invited")]),
        ("Argentina refused to join BRICS.", [("BRICS", "ARG", "declined")]),
        ("The United Kingdom voted on June 23, 2016, to leave the European Union.", []),
        ("Turkey could find itself excluded from joint air exercises with its NATO partners.", []),
        ("Venezuela did not withdraw from the OAS.", []),
    ],
)
def test_cues_change_or_cancel_a_proposal(rules_extractor: Extractor, text: str, expected: list) -> None:
    assert _membership(_proposals(rules_extractor, text, "en", "2024-01-02")) == expected


def test_past_events_take_their_own_date(rules_extractor: Extractor) -> None:
    text = "In late January, Burkina Faso, Mali and Niger withdrew from ECOWAS."
    found = _proposals(rules_extractor, text, "en", "2025-03-12")
    assert {(p.member, p.change, p.date, p.date_precision) for p in found} == {
        (state, "withdrawn", dt.date(2025, 1, 1), "month") for state in ("BFA", "MLI", "NER")
    }
    assert {p.relation for p in found} == {"confirms"}


@pytest.mark.parametrize(
    ("text", "lang", "day", "holder", "previous"),
    [
        (
            "Paraguay traspasó la presidencia pro tempore del Mercosur a Uruguay este lunes.",
            "es",
            "2024-07-08",
            "URY",
            "PRY",
        ),
        ("O Uruguai passou a presidência pro tempore do Mercosul para a Argentina.", "pt", "2024-12-06", "ARG", "URY"),
        ("Honduras entregó la presidencia pro tempore de la CELAC a Colombia.", "es", "2025-04-09", "COL", "HND"),
    ],
)
def test_handover_with_outgoing_and_incoming_holder(
    rules_extractor: Extractor, text: str, lang: str, day: str, holder: str, previous: str
) -> None:
    (proposal,) = [p for p in _proposals(rules_extractor, text, lang, day) if p.kind == "presidency"]
    assert (proposal.member, proposal.payload.get("previous")) == (holder, previous)
    assert proposal.relation == "confirms"


def test_organizations_only_by_name(rules_extractor: Extractor) -> None:
    # "PA" is a two-letter acronym of the Pacific Alliance; "pacific" and "alliance" are words
    assert _proposals(rules_extractor, "The PA joined the alliance in the Pacific.", "en", "2020-01-01") == []


def test_rules_pickle_without_a_connection(bw: Blocwatch) -> None:
    rules = ProposalRules.from_store(bw.con)
    copy = pickle.loads(pickle.dumps(rules))
    assert copy.graph.terms["MERCOSUR"] == rules.graph.terms["MERCOSUR"]
    assert copy.langs["pt"].presidency


ARTICLES = [
    {
        "id": "n1",
        "date": "2024-07-09",
        "lang": "pt",
        "outlet": "Agência Um",
        "text": "A Bolívia se tornou membro pleno do Mercosul em julho de 2024. Outra frase.",
    },
    {
        "id": "n2",
        "date": "2024-07-10",
        "lang": "en",
        "outlet": "Wire Two",
        "text": "Bolivia became a full member of MERCOSUR in July 2024.",
    },
    {
        "id": "n3",
        "date": "2024-07-10",
        "lang": "en",
        "outlet": "Wire Two",
        "text": "Officials said Bolivia became a full member of MERCOSUR in July 2024, after years of talks.",
    },
]


@pytest.fixture
def news_store(tmp_path: Path) -> Iterator[tuple[Blocwatch, Path]]:
    bw = open_blocwatch(tmp_path / "bw.duckdb")
    source = tmp_path / "news.jsonl"
    source.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n", encoding="utf-8")
    bw.articles.ingest([str(source)])
    yield bw, source
    bw.close()


def test_one_proposal_many_evidences_and_reingest_adds_nothing(news_store: tuple[Blocwatch, Path]) -> None:
    bw, source = news_store
    (proposal,) = [p for p in bw.events.proposals() if p["member"] == "BOL"]
    assert proposal["evidence_count"] == 3 and proposal["sources_count"] == 2
    assert {e["outlet"] for e in proposal["evidence"]} == {"Agência Um", "Wire Two"}
    assert all(e["sentence"] and e["evidence_end"] > e["evidence_start"] for e in proposal["evidence"])
    # the noisy-or of the two sources' strongest evidence: more than either alone
    assert proposal["confidence"] > max(e["confidence"] for e in proposal["evidence"])
    before = bw.events.count()
    bw.articles.ingest([str(source)])
    bw.events.extract_articles(None)
    assert bw.events.count() == before
    assert bw.con.execute(
        "select count(*) from (select proposal_id, doc_id, evidence_start from proposal_evidence group by all having count(*) > 1)"
    ).fetchone() == (0,)


def test_filters_and_queue(news_store: tuple[Blocwatch, Path]) -> None:
    bw, _ = news_store
    assert bw.events.proposals(relation="confirms")
    assert bw.events.proposals(relation="new", min_confidence=0.7) == [
        p for p in bw.events.proposals(relation="new") if p["confidence"] >= 0.7
    ]
    assert not [p for p in bw.events.proposals(queue=True) if p["relation"] == "confirms"]


def test_cli_proposals_filters_json(news_store: tuple[Blocwatch, Path]) -> None:
    from click.testing import CliRunner

    from blocwatch.cli import main

    bw, _ = news_store
    db = bw.path
    bw.close()
    runner = CliRunner()
    result = runner.invoke(
        main, ["--db", db, "proposals", "--relation", "confirms", "--min-confidence", "0.7", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and all(r["relation"] == "confirms" and r["confidence"] >= 0.7 and r["evidence"] for r in rows)
    result = runner.invoke(main, ["--db", db, "proposals", "--relation", "maybe"])
    assert result.exit_code == 2
    text = runner.invoke(main, ["--db", db, "proposals"])
    assert text.exit_code == 0 and "Agência Um" in text.output


@pytest.mark.parametrize(
    ("text", "lang", "day", "expected"),
    [
        (
            "Nesta segunda-feira (8), o presidente Luiz Inácio Lula da Silva participou da Cúpula do Mercosul, "
            "em Assunção, quando o Uruguai assumiu a Presidência Pro Tempore do bloco.",
            "pt",
            "2024-07-08",
            ("URY", None, "2024-07-08", "confirms"),
        ),
        (
            "O presidente Lula recebeu, neste sábado (5), a presidência pro tempore do Mercosul das mãos do "
            "presidente da Argentina, Javier Milei.",
            "pt",
            "2025-07-05",
            ("BRA", "ARG", "2025-07-05", "confirms"),
        ),
        (
            "A Cúpula de Chefes de Estado do Mercosul marcou a transferência da Presidência Pro Tempore do Brasil "
            "para o Paraguai.",
            "pt",
            "2025-12-20",
            ("PRY", "BRA", None, "confirms"),
        ),
        (
            "Colombia asumió este miércoles la presidencia pro tempore de la Celac, en reemplazo de Honduras.",
            "es",
            "2025-04-09",
            ("COL", "HND", "2025-04-09", "confirms"),
        ),
    ],
)
def test_agency_phrasings_of_a_handover(
    rules_extractor: Extractor, text: str, lang: str, day: str, expected: tuple
) -> None:
    (proposal,) = [p for p in _proposals(rules_extractor, text, lang, day) if p.kind == "presidency"]
    got = (proposal.member, proposal.payload.get("previous"), proposal.payload.get("start"), proposal.relation)
    assert got == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("O Senado aprovou o protocolo de adesão da Bolívia ao Mercosul.", "pt", []),
        ("A Bolívia passa a ser membro pleno do Mercosul.", "pt", [("MERCOSUR", "BOL", "joined")]),
        ("Indonesia se convirtió en miembro pleno de los BRICS, anunció Brasil.", "es", [("BRICS", "IDN", "joined")]),
        ("El gobierno de Bolivia solicitó formalmente su ingreso a los BRICS.", "es", [("BRICS", "BOL", "applied")]),
        ("A Argentina recusou o convite para aderir ao BRICS.", "pt", [("BRICS", "ARG", "declined")]),
    ],
)
def test_agency_phrasings_of_membership(rules_extractor: Extractor, text: str, lang: str, expected: list) -> None:
    assert _membership(_proposals(rules_extractor, text, lang, "2024-07-09")) == expected
