"""The post-store stage that ingestion runs after each committed batch of articles."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from blocwatch.extract.coding import code_articles, missing_articles

if TYPE_CHECKING:
    from blocwatch.core import Blocwatch

log = logging.getLogger(__name__)


def extract_articles(bw: Blocwatch, article_ids: list[str]) -> None:
    """Code the newly stored articles into events and proposals (listed in POST_STORE_STAGES),
    and record their coding state (see :mod:`blocwatch.extract.coding`)."""
    counts = code_articles(bw, article_ids)
    log.info("coded %d articles: %d events, %d proposals", counts["documents"], counts["events"], counts["proposals"])


#: What a resumed ingest hands to this stage first: articles stored but never coded.
extract_articles.pending = missing_articles  # type: ignore[attr-defined]
