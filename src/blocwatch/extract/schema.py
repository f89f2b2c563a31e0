"""Tables of the extraction component: coded ``events``, ``proposals`` for the graph and
their ``proposal_evidence`` (read and written through :mod:`blocwatch.extract.tables`).

Version 2: a proposal is one change with many evidences. ``proposals`` gains its
``relation`` to the graph (new|confirms|contradicts|refines), the graph's side
(``graph_fact``), the date's precision, evidence and independent-source counts and its
content ``key``; ``proposal_evidence`` holds one row per sentence that states it (the
version-1 evidence of each proposal is copied there).
"""

from blocwatch.store.db import ComponentSchema, Migration

SCHEMA = ComponentSchema(
    component="events",
    migrations=[
        Migration(
            1,
            """
            create table events (
                id varchar primary key, doc_id varchar not null, sentence_index integer not null,
                sentence varchar not null, event_type varchar not null, mode varchar, contexts varchar[],
                actor_text varchar, actor_country varchar, actor_sector varchar, actor_org varchar, actor_id varchar,
                recipient_text varchar, recipient_country varchar, recipient_sector varchar, recipient_org varchar,
                recipient_id varchar, date date, negated boolean not null, future boolean not null,
                quad varchar not null, score double not null, confidence double not null,
                evidence_start integer not null, evidence_end integer not null, source varchar not null,
                lang varchar, created_at timestamp not null);
            create index events_doc on events (doc_id);
            create table proposals (
                id varchar primary key, kind varchar not null, org varchar, member varchar, change varchar not null,
                date date, payload json not null, confidence double not null, doc_id varchar not null,
                sentence varchar not null, evidence_start integer not null, evidence_end integer not null,
                source varchar not null, status varchar not null default 'pending', created_at timestamp not null);
            create index proposals_doc on proposals (doc_id);
            """,
        ),
        Migration(
            2,
            """
            drop index proposals_doc;
            alter table proposals add column date_precision varchar default 'unknown';
            alter table proposals add column relation varchar default 'new';
            alter table proposals add column graph_fact json;
            alter table proposals add column evidence_count integer default 1;
            alter table proposals add column sources_count integer default 1;
            alter table proposals add column key varchar;
            create index proposals_doc on proposals (doc_id);
            create table proposal_evidence (
                proposal_id varchar not null, doc_id varchar not null, sentence_index integer,
                sentence varchar not null, evidence_start integer not null, evidence_end integer not null,
                outlet varchar, url varchar, article_date date, date date, date_precision varchar,
                date_text varchar, speaker varchar, relation varchar, graph_fact json,
                confidence double not null, source varchar not null, created_at timestamp not null,
                primary key (proposal_id, doc_id, evidence_start));
            insert into proposal_evidence
                select id, doc_id, null, sentence, evidence_start, evidence_end, null, null, date, date,
                       case when date is null then 'unknown' else 'day' end, null, null, 'new', null,
                       confidence, source, created_at
                from proposals;
            """,
        ),
    ],
)
