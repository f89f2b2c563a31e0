"""How the server shares its store with the CLI: many readers, one short-lived writer.

``blocwatch serve`` holds a **read-only** DuckDB connection, which takes only a shared lock
on the file, so ``blocwatch members …``, ``stats`` or ``extract`` in another terminal open
the same file read-only and work while the dashboard runs. Recording a review decision is
the server's only write: :meth:`StoreGate.writing` waits for the requests in flight, closes
the read-only connection, opens the file for writing just for that decision, and goes back
to read-only. If another process holds the file at that moment the decision fails with
BW010 (HTTP 409) and nothing is written; the reviewer can try again.

An in-memory store, or one opened for writing (tests, the Python API), is shared as it is:
readers and the writer use cursors of the same connection.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from blocwatch.core import Blocwatch
from blocwatch.errors import E, StoreError

log = logging.getLogger(__name__)


class StoreGate:
    """A readers–writer gate over one :class:`Blocwatch` (see the module docstring)."""

    def __init__(self, bw: Blocwatch, *, write_timeout: float = 5.0, reopen_timeout: float = 60.0) -> None:
        self.bw = bw
        self.write_timeout = write_timeout
        self.reopen_timeout = reopen_timeout
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._closed = False  # the read-only connection could not be reopened yet

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request; waits while a decision is being written."""
        with self._cond:
            while self._writing:
                self._cond.wait()
            if self._closed:
                self._reopen_read_only(timeout=0.0)
            self._readers += 1
        cursor = None
        try:
            cursor = self.bw.con.cursor()
            yield cursor
        finally:
            if cursor is not None:
                cursor.close()
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor that may write: the store reopened for writing for as long as it is used."""
        if not self.bw.read_only:
            with self.reading() as cursor:
                yield cursor
            return
        with self._cond:
            while self._writing or self._readers:
                self._cond.wait()
            self._writing = True
        try:
            self._open_for_writing()
            cursor = self.bw.con.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
        finally:
            try:
                self._reopen_read_only(timeout=self.reopen_timeout)
            finally:
                with self._cond:
                    self._writing = False
                    self._cond.notify_all()

    def _open_for_writing(self) -> None:
        deadline = time.monotonic() + self.write_timeout
        while True:
            try:
                self.bw.reopen(read_only=False)
                return
            except StoreError as exc:
                if exc.code is not E.BW010 or time.monotonic() >= deadline:
                    self._closed = True
                    raise StoreError(
                        E.BW010,
                        "cannot record the decision now: another process has the database open",
                        where=self.bw.path,
                        hint="try again in a moment; a CLI command reading the same file blocks writes while it runs",
                    ) from exc
                time.sleep(0.1)

    def _reopen_read_only(self, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.bw.reopen(read_only=True)
                self._closed = False
                return
            except StoreError:
                if time.monotonic() >= deadline:
                    self._closed = True
                    log.warning("the store %s is held for writing by another process", self.bw.path)
                    raise
                time.sleep(0.2)
