"""The version-2 migration of the events component keeps version-1 proposals as evidence."""

from __future__ import annotations

import duckdb

from blocwatch.extract.schema import SCHEMA
from blocwatch.store.db import migrate


def test_v1_proposals_become_proposals_with_one_evidence() -> None:
    con = duckdb.connect(":memory:")
    con.execute("create table schema_versions (component varchar primary key, version integer not null)")
    con.execute(SCHEMA.migrations[0].sql)
    con.execute("insert into schema_versions values ('events', 1)")
    con.execute(
        """insert into proposals (id, kind, org, member, change, date, payload, confidence, doc_id, sentence,
               evidence_start, evidence_end, source, created_at)
           values ('p1', 'membership', 'CELAC', 'BRA', 'returned', '2023-01-06', '{}', 0.6, 'd1', 'Brazil returned.',
                   0, 16, 'proposals.v1', now())"""
    )
    migrate(con)
    assert con.execute("select relation, evidence_count from proposals").fetchall() == [("new", 1)]
    assert con.execute("select proposal_id, doc_id, sentence from proposal_evidence").fetchall() == [
        ("p1", "d1", "Brazil returned.")
    ]
