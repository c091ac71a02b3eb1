"""What merging records across documents shares: precedence, similarity, short labels.

A goal, direction or assignment stated in several documents is merged into one node
(:mod:`loaders.resolve`). The document that defines a thing outranks those that restate
it (:func:`rank`); texts are compared after normalising (:func:`similar`,
:func:`similar_at_least`); a node's label is the first sentence of its text, cut at a
word (:func:`short`).
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from .textrepair import normalise_for_match

# Documents that define a thing outrank those that restate it.
RANK = {"implementation_plan": 0, "board_budget": 1}


def similar(a: str, b: str) -> float:
    """Return how alike two texts are once normalised, from 0 to 1."""
    return SequenceMatcher(None, normalised(a), normalised(b)).ratio()


@lru_cache(maxsize=65_536)
def normalised(text: str) -> str:
    """Return ``text`` as texts are compared (:func:`normalise_for_match`), cached."""
    return normalise_for_match(text)


def similar_at_least(a: str, b: str, threshold: float) -> bool:
    """Whether ``similar(a, b) >= threshold``, deciding on SequenceMatcher's cheap upper
    bounds first: a corpus of a thousand assignments compares each with every group."""
    x, y = normalised(a), normalised(b)
    if not x and not y:
        return threshold <= 1.0
    if 2.0 * min(len(x), len(y)) / (len(x) + len(y)) < threshold:
        return False
    matcher = SequenceMatcher(None, x, y)
    return (
        matcher.real_quick_ratio() >= threshold
        and matcher.quick_ratio() >= threshold
        and matcher.ratio() >= threshold
    )


def rank(kind: str, source: str) -> tuple[int, str]:
    """Return the sort key that puts the record of the defining document first."""
    return RANK.get(kind, 9), source


def short(text: str, limit: int = 90) -> str:
    """Return the first sentence of ``text``, cut at a word near ``limit`` characters."""
    first = text.split(". ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    cut = first[:limit]
    return cut[: cut.rfind(" ")] + " …"
