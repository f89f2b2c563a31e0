"""Fixtures of the extraction tests: one extractor per session (spaCy loads once)."""

from __future__ import annotations

import pytest

from blocwatch.core import Blocwatch
from blocwatch.extract.actors import ActorIndex
from blocwatch.extract.pipeline import Extractor


@pytest.fixture(scope="session")
def extractor(bw: Blocwatch) -> Extractor:
    """An extractor over the bundled reference data, with the spaCy parser and the classifier."""
    return Extractor.for_store(bw.con, settings=bw.settings)


@pytest.fixture(scope="session")
def rules_extractor(bw: Blocwatch) -> Extractor:
    """The same without parser and classifier (lexicon rules only)."""
    return Extractor.for_store(bw.con, settings=bw.settings, coder="rules", parse=False, classify=False)


@pytest.fixture(scope="session")
def index(bw: Blocwatch) -> ActorIndex:
    return ActorIndex.for_store(bw.con)
