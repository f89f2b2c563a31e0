"""Tables of the ``review`` component: facts accepted from proposals, and the audit log.

``accepted_facts`` outlives rebuilds of the reference graph: ``blocwatch build`` replays
it through :func:`blocwatch.review.apply.reapply_accepted`.
"""

from blocwatch.store.db import ComponentSchema, Migration

SCHEMA = ComponentSchema(
    component="review",
    migrations=[
        Migration(
            1,
            """
            create table accepted_facts (
                proposal_id varchar primary key, kind varchar not null, payload json not null,
                decided_by varchar not null, decided_at timestamp not null, evidence json not null);
            create sequence audit_log_seq start 1;
            create table audit_log (
                id bigint primary key default nextval('audit_log_seq'), decided_at timestamp not null,
                actor varchar not null, action varchar not null, proposal_id varchar not null,
                detail json);
            """,
        ),
    ],
)
