"""A per-record time limit. In the main thread of a Unix process it interrupts the work
(``SIGALRM``); elsewhere it is checked when the work returns.

    >>> with RecordTimer(30.0) as timer:
    ...     with timer.limit():
    ...         pass
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import Any


class RecordTimeout(Exception):
    """Normalizing one record took longer than the ``ingest_record_seconds`` setting."""


class RecordTimer:
    """Arms a timer around each record. The ``SIGALRM`` handler is installed once, for the
    duration of the ``with`` block, and the previous handler restored afterwards."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.preemptive = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        self._previous: Any = None
        self._armed = 0.0

    def _alarm(self, signum: int, frame: FrameType | None) -> None:
        raise RecordTimeout(f"took more than {self._armed:g} s")

    def __enter__(self) -> RecordTimer:
        if self.preemptive:
            self._previous = signal.signal(signal.SIGALRM, self._alarm)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self.preemptive:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)

    @contextmanager
    def limit(self, seconds: float | None = None) -> Iterator[None]:
        """Raise :class:`RecordTimeout` if the block runs longer than ``seconds`` (default:
        the timer's limit; 0 or less: no limit)."""
        seconds = self.seconds if seconds is None else seconds
        if seconds <= 0:
            yield
            return
        if not self.preemptive:
            started = time.monotonic()
            yield
            if time.monotonic() - started > seconds:
                raise RecordTimeout(f"took more than {seconds:g} s")
            return
        self._armed = seconds
        signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
