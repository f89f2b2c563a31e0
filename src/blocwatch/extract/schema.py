"""Tables of the extraction component: coded ``events`` and ``proposals`` for the graph."""

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
    ],
)
