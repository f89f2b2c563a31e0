"""Stages run after each committed batch of new articles.

Each entry of :data:`POST_STORE_STAGES` is the dotted name of a callable
``stage(bw, article_ids: list[str]) -> None``. The ``extract_on_ingest`` setting turns
the stages off (``blocwatch ingest`` then only stores articles). A stage whose module is
not installed is skipped with a warning; an error inside a stage propagates (the batch
itself is already committed, so re-running the stage later loses nothing).

A stage may carry a ``pending`` attribute, ``pending(bw) -> list[str]``: the articles it
has not yet processed (a run killed after a batch was committed but before the stage
finished). :func:`resume_post_store_stages` runs the stage on those, in batches; every
ingest calls it before reading its inputs, so re-running a killed ingest completes it.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from blocwatch.core import Blocwatch

log = logging.getLogger(__name__)

#: Dotted names of the post-store stages, in the order they run.
POST_STORE_STAGES: tuple[str, ...] = ("blocwatch.extract.stage.extract_articles",)

_missing_warned: set[str] = set()


def resolve_stage(dotted: str) -> Callable[..., Any] | None:
    """The callable named ``module.attribute``; ``None`` when its module does not exist."""
    module_name, _, attribute = dotted.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module_name.startswith(exc.name):
            if dotted not in _missing_warned:
                log.warning("post-store stage %s is not available (module %s missing); skipped", dotted, exc.name)
                _missing_warned.add(dotted)
            return None
        raise
    stage = getattr(module, attribute)
    if not callable(stage):
        raise TypeError(f"post-store stage {dotted} is not callable")
    return stage  # type: ignore[no-any-return]


def run_post_store_stages(bw: Blocwatch, article_ids: list[str], stages: Sequence[str] | None = None) -> list[str]:
    """Run the stages on newly stored articles; returns the names of the stages that ran."""
    if not article_ids or not bw.settings.get("extract_on_ingest"):
        return []
    ran = []
    for dotted in POST_STORE_STAGES if stages is None else stages:
        stage = resolve_stage(dotted)
        if stage is None:
            continue
        stage(bw, article_ids)
        ran.append(dotted)
    return ran


def resume_post_store_stages(
    bw: Blocwatch, stages: Sequence[str] | None = None, *, batch_size: int = 1000
) -> dict[str, int]:
    """Run each stage on the articles it still has to process; returns counts by stage."""
    if not bw.settings.get("extract_on_ingest"):
        return {}
    done: dict[str, int] = {}
    for dotted in POST_STORE_STAGES if stages is None else stages:
        stage = resolve_stage(dotted)
        find = getattr(stage, "pending", None)
        if stage is None or not callable(find):
            continue
        article_ids = list(find(bw))
        if not article_ids:
            continue
        log.warning(
            "%d stored article(s) not yet processed by %s (an earlier run was interrupted): resuming",
            len(article_ids),
            dotted,
        )
        for start in range(0, len(article_ids), max(1, batch_size)):
            stage(bw, article_ids[start : start + batch_size])
        done[dotted] = len(article_ids)
    return done
