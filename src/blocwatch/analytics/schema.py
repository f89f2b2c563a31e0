"""Tables of the ``unvotes`` component: UN General Assembly roll calls, votes and issue tags.

They are filled by :func:`blocwatch.analytics.unvotes.import_unvotes` from the layout of
the ``unvotes`` R package (Voeten's data): at build time from the copy bundled in the
package, or from the user's folder (``import unvotes DIR``); nothing else writes them.
"""

from blocwatch.store.db import ComponentSchema, Migration

UNVOTES_TABLES = ("un_roll_calls", "un_votes", "un_issues", "un_import")

SCHEMA = ComponentSchema(
    component="unvotes",
    migrations=[
        Migration(
            1,
            """
            create table un_roll_calls (
                rcid integer primary key, session integer not null, date date not null,
                importantvote boolean, unres varchar, amend boolean, para boolean,
                short varchar, descr varchar);
            create table un_votes (
                rcid integer not null, iso3 varchar, iso2 varchar, country varchar not null,
                vote varchar not null);
            create table un_issues (rcid integer not null, short_name varchar not null, issue varchar not null);
            create table un_import (
                directory varchar not null, imported_at timestamp not null, counts json, unmapped json);
            """,
        ),
        # issue 12: where the votes came from (bundled copy or the user's), version, licence, coverage
        Migration(2, "alter table un_import add column provenance json;"),
    ],
)
