"""The library's front door: one object per store.

>>> from blocwatch import open_blocwatch
>>> bw = open_blocwatch(":memory:")        # builds the reference graph on first use
>>> [m.state for m in bw.graph.members("PROSUR", on="2019-06-01")][:3]  # doctest: +SKIP
['ARG', 'BRA', 'CHL']
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from blocwatch.reference.build import build_graph, is_current
from blocwatch.reference.graph import Graph
from blocwatch.settings import Settings, get_settings
from blocwatch.store import open_store

if TYPE_CHECKING:
    from blocwatch.analytics import Analytics
    from blocwatch.extract.store import Events
    from blocwatch.ingest import Articles

log = logging.getLogger(__name__)


class Blocwatch:
    """A blocwatch store: the reference graph and (in later stages) articles and events.

    Use :func:`open_blocwatch` to create one. Each subsystem is reached through a
    property (``graph``, …) that works on the same DuckDB connection.
    """

    def __init__(
        self, con: duckdb.DuckDBPyConnection, *, settings: Settings, path: str, read_only: bool = False
    ) -> None:
        self.con = con
        self.settings = settings
        self.path = path
        self.read_only = read_only
        self._graph: Graph | None = None
        self._articles: Articles | None = None
        self._events: Events | None = None

    def reopen(self, *, read_only: bool) -> None:
        """Close the connection and open the same file again, read-only or for writing.

        ``blocwatch serve`` reads through a read-only connection (so the CLI can read the
        same file meanwhile) and reopens for writing only to record a review decision.
        Raises BW010 when another process holds a conflicting lock; the store is then
        left without a connection until a later ``reopen`` succeeds.
        """
        if self.path == ":memory:":
            return
        self.con.close()
        self._graph, self._articles, self._events = None, None, None
        self.con = open_store(self.path, read_only=read_only)
        self.read_only = read_only

    @property
    def data_dir(self) -> Path | None:
        value = self.settings.get("data_dir")
        return Path(value) if value else None

    @property
    def graph(self) -> Graph:
        """Temporal queries over the reference knowledge graph."""
        if self._graph is None:
            self._graph = Graph(self.con)
        return self._graph

    @property
    def articles(self) -> Articles:
        """Ingestion of news into the store, and the article, source and quarantine tables."""
        from blocwatch.ingest import Articles

        if self._articles is None:
            self._articles = Articles(self)
        return self._articles

    @property
    def events(self) -> Events:
        """Coded events and graph proposals: extraction into the store and queries."""
        from blocwatch.extract.store import Events

        if self._events is None:
            self._events = Events(self)
        return self._events

    @property
    def analytics(self) -> Analytics:
        """Measures: cohesion, alignment, overlap, de facto blocs, multipolarity; events, proposals, review."""
        from blocwatch.analytics import Analytics

        return Analytics(self.con, self.graph)

    def build(self) -> dict[str, int]:
        """(Re)build the reference graph tables from the data files, then re-apply the
        proposals an analyst accepted (they live in the store, not in the data files)."""
        from blocwatch.analytics.unvotes import ensure_bundled_votes
        from blocwatch.extract.actors import ActorIndex
        from blocwatch.review import reapply_accepted

        counts = build_graph(self.con, self.data_dir)
        counts["accepted_facts"] = reapply_accepted(self.con)
        loaded = ensure_bundled_votes(self.con) if self.settings.get("unvotes_bundled") else None  # keeps a user's
        counts["un_roll_calls"] = self._count("un_roll_calls")
        if loaded is not None:
            log.info("loaded the bundled UN votes (%s)", loaded.version)
        # issue 9: compile the actor index once per data version into its file; the
        # gazetteer's rows are checked against the bundled sources and states
        ActorIndex.compile(self.con, strict=self.data_dir is None)
        return counts

    def _count(self, table: str) -> int:
        row = self.con.execute(f"select count(*) from {table}").fetchone()  # noqa: S608 - fixed names
        return int(row[0]) if row else 0

    def ensure_built(self) -> bool:
        """Build the reference graph if the store lacks it or the data files changed, and load
        the bundled UN votes into a store that has none (or an older bundled copy)."""
        if is_current(self.con, self.data_dir):
            from blocwatch.analytics.unvotes import ensure_bundled_votes

            if self.settings.get("unvotes_bundled"):
                ensure_bundled_votes(self.con)
            return False
        log.info("reference graph missing or out of date: building")
        self.build()
        return True

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Blocwatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_blocwatch(
    db: str | Path | None = None, *, build: bool = True, read_only: bool = False, **settings: Any
) -> Blocwatch:
    """Open the store at ``db`` (default: the ``db`` setting), building the graph if needed.

    ``read_only=True`` opens an existing file without the write lock (other processes may
    read it too) and builds nothing; writes through it fail.
    """
    resolved = get_settings(db=str(db) if db is not None else None, **settings)
    path = str(resolved.get("db"))
    read_only = read_only and path != ":memory:"
    con = open_store(path, read_only=read_only)
    bw = Blocwatch(con, settings=resolved, path=path, read_only=read_only)
    if read_only:
        if not is_current(con, bw.data_dir):
            log.warning("the reference graph in %s is out of date; it is rebuilt by the next writing command", path)
        return bw
    if build:
        bw.ensure_built()
    return bw
