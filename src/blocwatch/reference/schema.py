"""Tables of the reference knowledge graph. They are rebuilt from the data files by
:func:`blocwatch.reference.build.build_graph`; ``membership_spells`` is derived from the
event log at build time (a cache for queries, never edited by hand)."""

from blocwatch.store.db import ComponentSchema, Migration

REFERENCE_TABLES = (
    "sources",
    "countries",
    "organizations",
    "membership_events",
    "membership_spells",
    "presidencies",
    "areas",
    "mechanisms",
    "mechanism_meetings",
    "persons",
    "cow_notes",
    "names",
    "coverage",
    "coverage_gaps",
    "mechanism_history",
    "build_info",
)

SCHEMA = ComponentSchema(
    component="reference",
    migrations=[
        Migration(
            1,
            """
            create table sources (
                id varchar primary key, publisher varchar not null, title varchar not null,
                url varchar, date varchar, note varchar, file varchar, line integer);
            create table countries (
                iso3 varchar primary key, iso2 varchar, numeric varchar, cow_code integer,
                cow_abbr varchar, qid varchar, un_status varchar, region varchar,
                name_en varchar not null, name_es varchar, name_pt varchar,
                demonym_en varchar, demonym_es varchar, demonym_pt varchar,
                capital_en varchar, capital_es varchar, capital_pt varchar,
                aliases varchar[], sources varchar[]);
            create table organizations (
                id varchar primary key, name_en varchar not null, name_es varchar, name_pt varchar,
                acronym_en varchar, acronym_es varchar, acronym_pt varchar, aliases varchar[],
                founded date, founded_precision varchar, ended date, ended_precision varchar,
                status varchar not null, region varchar not null, qid varchar, cow_abbr varchar,
                sources varchar[], file varchar, line integer);
            create table membership_events (
                org varchar not null, member varchar not null, event varchar not null,
                date date not null, precision varchar not null, capacity varchar, note varchar,
                sources varchar[], origin varchar not null default 'reference',
                file varchar, line integer);
            create table membership_spells (
                org varchar not null, member varchar not null, capacity varchar not null,
                status varchar not null, start date not null, start_precision varchar,
                "end" date, end_precision varchar, since date not null, since_precision varchar);
            create table presidencies (
                org varchar not null, holder varchar not null, start date not null,
                start_precision varchar, "end" date, end_precision varchar, note varchar,
                sources varchar[], origin varchar not null default 'reference',
                file varchar, line integer);
            create table areas (
                id varchar primary key, label_en varchar, label_es varchar, label_pt varchar,
                keywords_en varchar[], keywords_es varchar[], keywords_pt varchar[]);
            create table mechanisms (
                id varchar primary key, name_en varchar not null, name_es varchar, name_pt varchar,
                org varchar not null, partner varchar not null, status varchar not null,
                condition varchar, proposed date, proposed_precision varchar,
                established date, established_precision varchar, areas varchar[],
                sources varchar[], origin varchar not null default 'reference',
                file varchar, line integer);
            create table mechanism_meetings (
                mechanism varchar not null, date date not null, precision varchar,
                "end" date, place varchar, kind varchar, sources varchar[]);
            create table persons (
                id varchar not null, name varchar not null, aliases varchar[], state varchar not null,
                role varchar not null, start date not null, start_precision varchar,
                "end" date, end_precision varchar, sources varchar[], file varchar, line integer);
            create table cow_notes (
                org varchar not null, member varchar not null, year_from integer not null,
                year_to integer not null, cow varchar, ours varchar, explanation varchar not null,
                sources varchar[]);
            create table names (
                norm varchar not null, kind varchar not null, id varchar not null,
                lang varchar, name varchar not null);
            create table build_info (
                data_hash varchar not null, built_at timestamp not null, version varchar not null,
                counts json);
            """,
        ),
        Migration(
            2,
            """
            create table coverage (
                org varchar not null, kind varchar not null, start date not null, start_precision varchar,
                "end" date not null, end_precision varchar, checked date not null, note varchar,
                file varchar, line integer);
            create table coverage_gaps (
                org varchar not null, kind varchar not null, start date not null, start_precision varchar,
                "end" date, end_precision varchar, explanation varchar not null, sources varchar[],
                unknown boolean default false, file varchar, line integer);
            create table mechanism_history (
                mechanism varchar not null, seq integer not null, date date not null, precision varchar,
                status varchar not null, party varchar, note varchar, sources varchar[],
                file varchar, line integer);
            alter table presidencies add column co_holders varchar[];
            alter table persons add column co_holders varchar[];
            alter table mechanisms add column kind varchar default 'dialogue';
            """,
        ),
    ],
)
