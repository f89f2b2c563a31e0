"""The post-store stage that ingestion runs after each committed batch of articles."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from blocwatch.core import Blocwatch

log = logging.getLogger(__name__)


def extract_articles(bw: Blocwatch, article_ids: list[str]) -> None:
    """Code the newly stored articles into events and proposals (listed in POST_STORE_STAGES)."""
    counts = bw.events.extract_articles(article_ids)
    log.info("coded %d articles: %d events, %d proposals", counts["documents"], counts["events"], counts["proposals"])
