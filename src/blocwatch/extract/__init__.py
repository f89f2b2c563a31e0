"""Coding the news: actors, PLOVER events and proposed updates of the knowledge graph.

>>> from blocwatch import open_blocwatch
>>> from blocwatch.extract import Document, Extractor
>>> bw = open_blocwatch(":memory:")  # doctest: +SKIP
>>> extractor = Extractor.for_store(bw.con, settings=bw.settings)  # doctest: +SKIP
>>> result = extractor.extract(Document(id="d1", text="Russia will cooperate with CELAC."))  # doctest: +SKIP
>>> result.events[0].event_type  # doctest: +SKIP
'AGREE'
"""

from blocwatch.extract.actors import Actor, ActorIndex
from blocwatch.extract.pipeline import COMPONENTS, Document, Extraction, Extractor, guess_lang
from blocwatch.extract.records import Event, Proposal
from blocwatch.extract.store import Events

__all__ = [
    "COMPONENTS",
    "Actor",
    "ActorIndex",
    "Document",
    "Event",
    "Events",
    "Extraction",
    "Extractor",
    "Proposal",
    "guess_lang",
]
