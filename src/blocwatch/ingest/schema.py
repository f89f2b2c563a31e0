"""Tables of ingestion: ``articles``, ``article_sources`` and ``quarantine``
(see docs/architecture.md and docs/ingest.md)."""

from blocwatch.store.db import ComponentSchema, Migration

ARTICLE_TABLES = ("articles", "article_sources", "quarantine", "article_coding")

SCHEMA = ComponentSchema(
    component="articles",
    migrations=[
        Migration(
            1,
            """
            create table articles (
                id varchar primary key,
                title varchar,
                text varchar not null,
                lang varchar not null,
                published date,
                published_source varchar not null,
                url varchar,
                outlet varchar,
                reader varchar not null,
                location varchar not null,
                duplicate_of varchar,
                fingerprint varchar not null,
                ingested_at timestamp not null);
            create index articles_fingerprint on articles (fingerprint);
            create table article_sources (
                article_id varchar not null,
                url varchar,
                outlet varchar,
                reader varchar not null,
                location varchar not null,
                ingested_at timestamp not null,
                primary key (article_id, location));
            create table quarantine (
                id varchar primary key,
                location varchar not null,
                reason_code varchar not null,
                reason varchar not null,
                reader varchar,
                created_at timestamp not null,
                snippet varchar);
            """,
        ),
        Migration(
            2,
            """
            create table article_coding (
                article_id varchar primary key,
                coded_by varchar not null,
                components varchar[] not null,
                events integer not null,
                coded_at timestamp not null);
            -- articles stored before the coding state existed: stale (recode), not missing (re-coded by ingest)
            insert into article_coding
                select id, 'unknown (stored before article_coding)', []::varchar[], 0, now()::timestamp
                from articles where duplicate_of is null;
            """,
        ),
    ],
)
