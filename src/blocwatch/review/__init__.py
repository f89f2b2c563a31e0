"""Review of proposed facts: accept or reject, with an audit log (component ``review``).

>>> from blocwatch.review import Review
>>> Review(bw.con).accept("p1", by="ana")  # doctest: +SKIP
"""

from blocwatch.review.apply import apply_fact, reapply_accepted
from blocwatch.review.decide import Decision, Review, token_matches

__all__ = ["Decision", "Review", "apply_fact", "reapply_accepted", "token_matches"]
