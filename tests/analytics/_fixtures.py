"""Invented test fixtures (NOT real data): a tiny UN-votes folder in the ``unvotes`` layout and
rows of ``events``, ``articles`` and ``proposals`` written as the extraction component would.

Every figure the tests expect from them is worked out by hand in the test that uses it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb

from blocwatch.core import Blocwatch, open_blocwatch

ROLL_CALLS = """rcid,session,importantvote,date,unres,amend,para,short,descr
1,64,0.0,2009-10-01,R/64/1,0.0,0.0,TEST ONE,invented roll call
2,64,0.0,2009-11-01,R/64/2,0.0,0.0,TEST TWO,invented roll call
3,65,1.0,2010-10-01,R/65/3,0.0,0.0,TEST THREE,invented roll call
4,65,0.0,2011-03-01,R/65/4,0.0,0.0,TEST FOUR,invented roll call
5,67,0.0,2012-10-01,R/67/5,0.0,0.0,TEST FIVE,invented roll call
"""

#: rcid → {country code: vote}; Namibia's and Zanzibar's codes are empty as in the real file.
VOTES = {
    1: {"AR": "yes", "BR": "yes", "MX": "yes", "RU": "no", "CA": "no"},
    2: {"AR": "yes", "BR": "no", "MX": "abstain", "RU": "yes", "CA": "abstain"},
    3: {"AR": "yes", "BR": "no", "MX": "no", "RU": "no", "": "yes"},
    4: {"AR": "abstain", "BR": "yes", "MX": "yes"},
    5: {"AR": "yes", "BR": "yes", "MX": "yes", "RU": "abstain"},
}
NAMES = {"AR": "Argentina", "BR": "Brazil", "MX": "Mexico", "RU": "Russia", "CA": "Canada", "": "Namibia"}

ISSUES = """rcid,short_name,issue
1,hr,Human rights
2,hr,Human rights
3,me,Palestinian conflict
"""

XSS = "<script>alert('xss')</script>"


def write_unvotes(folder: Path, *, extra_votes: str = "") -> Path:
    """Write the invented ``unvotes`` folder and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "unvotes_roll_calls.csv").write_text(ROLL_CALLS, encoding="utf-8")
    lines = ["rcid,country,country_code,vote"]
    for rcid, votes in VOTES.items():
        lines += [f"{rcid},{NAMES[code]},{code},{vote}" for code, vote in votes.items()]
    lines.append("3,Zanzibar,,abstain")
    (folder / "unvotes_votes.csv").write_text("\n".join(lines) + "\n" + extra_votes, encoding="utf-8")
    (folder / "unvotes_issues.csv").write_text(ISSUES, encoding="utf-8")
    return folder


#: (id, date, actor, recipient, type, quad, score, negated, sentence)
EVENTS = [
    ("e1", "2013-03-01", "ARG", "BRA", "AGREE", "VERBAL_COOPERATION", 3.0, False, "Argentina agreed with Brazil."),
    ("e2", "2013-04-01", "BRA", "MEX", "ACCUSE", "VERBAL_CONFLICT", -4.0, False, "Brazil accused Mexico."),
    ("e3", "2013-05-01", "ARG", "MEX", "SUPPORT", "VERBAL_COOPERATION", 3.0, True, "Argentina did not support Mexico."),
    ("e4", "2014-01-01", "MEX", "ARG", "CONSULT", "VERBAL_COOPERATION", 1.0, False, "Mexico consulted Argentina."),
    ("e5", "2013-06-01", "RUS", "ARG", "AGREE", "VERBAL_COOPERATION", 4.0, False, "Russia agreed with Argentina."),
    ("e6", "2013-07-01", "BRA", "RUS", "CONSULT", "VERBAL_COOPERATION", 1.0, False, "Brazil consulted Russia."),
    ("e7", "2013-08-01", "CAN", "MEX", "ACCUSE", "VERBAL_CONFLICT", -5.0, False, "Canada accused Mexico."),
    ("e8", "2016-01-01", "ARG", "RUS", "REQUEST", "VERBAL_COOPERATION", 2.0, False, f"Argentina asked Russia {XSS}."),
]
ARTICLE_URL = "https://news.example.org/story/1"


def insert_events(con: duckdb.DuckDBPyConnection) -> None:
    """Write the invented articles and events (columns as in docs/architecture.md)."""
    now = dt.datetime(2026, 1, 1)
    text = " ".join(e[8] for e in EVENTS)
    con.execute(
        """insert into articles (id, title, text, lang, published, published_source, url, outlet, reader, location,
                                 duplicate_of, fingerprint, ingested_at)
           values ('doc1', ?, ?, 'en', '2013-03-01', 'metadata', ?, 'Example News', 'test.v1', 'fixture:1', null,
                   'fp1', ?)""",
        [f"Test story {XSS}", text, ARTICLE_URL, now],
    )
    for event_id, date, actor, recipient, kind, quad, score, negated, sentence in EVENTS:
        con.execute(
            """insert into events (id, doc_id, sentence_index, sentence, event_type, mode, contexts, actor_text,
                   actor_country, actor_sector, actor_org, actor_id, recipient_text, recipient_country, recipient_sector,
                   recipient_org, recipient_id, date, negated, future, quad, score, confidence, evidence_start,
                   evidence_end, source, lang, created_at)
               values (?, 'doc1', ?, ?, ?, null, [], ?, ?, 'government', null, null, ?, ?, 'government', null, null,
                       ?, ?, false, ?, ?, 0.9, ?, ?, 'test_fixture.v1', 'en', ?)""",
            [
                event_id,
                int(event_id[1:]),
                sentence,
                kind,
                actor,
                actor,
                recipient,
                recipient,
                date,
                negated,
                quad,
                score,
                text.index(sentence),
                text.index(sentence) + len(sentence),
                now,
            ],
        )


PROPOSALS = {
    "p-member": (
        "membership",
        "TESTBLOC",
        "CAN",
        "joined",
        "2021-03-01",
        {"org": "TESTBLOC", "member": "CAN", "event": "joined", "date": "2021-03-01", "capacity": "observer"},
        "Canada joined the Test Bloc as an observer.",
    ),
    "p-pres": (
        "presidency",
        "TESTBLOC",
        "ARG",
        "handover",
        "2021-01-01",
        {"org": "TESTBLOC", "holder": "ARG", "start": "2021-01-01"},
        "Argentina took over the pro tempore presidency.",
    ),
    "p-area": (
        "area",
        "TESTBLOC",
        "RUS",
        "area",
        "2020-02-06",
        {"org": "TESTBLOC", "partner": "RUS", "areas": ["disasters"]},
        "Russia proposed cooperation on natural disasters.",
    ),
    "p-bad": (
        "membership",
        "NOPE",
        "ARG",
        "joined",
        "2021-01-01",
        {"org": "NOPE", "member": "ARG", "event": "joined", "date": "2021-01-01", "capacity": "member"},
        "Argentina joined an organization nobody knows.",
    ),
    "p-xss": (
        "membership",
        "TESTBLOC",
        "MEX",
        "suspended_self",
        "2021-05-01",
        {"org": "TESTBLOC", "member": "MEX", "event": "suspended_self", "date": "2021-05-01"},
        f"Mexico suspended itself {XSS}.",
    ),
}


def insert_proposals(con: duckdb.DuckDBPyConnection) -> None:
    """Write the invented pending proposals."""
    now = dt.datetime(2026, 1, 1)
    for i, (pid, (kind, org, member, change, date, payload, sentence)) in enumerate(PROPOSALS.items()):
        con.execute(
            """insert into proposals (id, kind, org, member, change, date, payload, confidence, doc_id, sentence,
                   evidence_start, evidence_end, source, status, created_at)
               values (?, ?, ?, ?, ?, ?, ?, 0.8, 'doc1', ?, 0, ?, 'test_fixture.v1', 'pending', ?)""",
            [
                pid,
                kind,
                org,
                member,
                change,
                date,
                json.dumps(payload),
                sentence,
                len(sentence),
                now + dt.timedelta(minutes=i),
            ],
        )


def open_loaded_mini(mini_data_dir: Path, tmp_path: Path) -> Blocwatch:
    """The mini graph in memory with the invented UN votes, events and proposals loaded."""
    bw = open_blocwatch(":memory:", data_dir=str(mini_data_dir), unvotes_bundled=False)
    bw.analytics.import_unvotes(write_unvotes(tmp_path / "unvotes"))
    insert_events(bw.con)
    insert_proposals(bw.con)
    return bw
