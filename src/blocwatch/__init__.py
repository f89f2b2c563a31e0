"""blocwatch — an observatory of regional integration.

A time-aware knowledge graph of states, regional integration mechanisms and their outside
partners, kept current from the news, with measures of unity, overlap, alignment and
multipolarity.

    >>> import blocwatch
    >>> bw = blocwatch.open_blocwatch(":memory:")
    >>> bw.graph.presidency("CELAC", on="2020-02-06").holder
    'MEX'
"""

from blocwatch.core import Blocwatch, open_blocwatch
from blocwatch.dates import PartialDate, parse_date
from blocwatch.errors import BlocwatchError, DataError, DataValidationError, StoreError, UsageError
from blocwatch.reference.graph import Graph, Membership, Overlap, Presidency
from blocwatch.settings import get_settings

__all__ = [
    "Blocwatch",
    "BlocwatchError",
    "DataError",
    "DataValidationError",
    "Graph",
    "Membership",
    "Overlap",
    "PartialDate",
    "Presidency",
    "StoreError",
    "UsageError",
    "get_settings",
    "open_blocwatch",
    "parse_date",
]
