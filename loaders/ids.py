"""Mint deterministic, readable instance IRIs."""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from .vocab import DEFAULT_BASE

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 60) -> str:
    """Return an ASCII slug: NFKD, marks dropped, lower case, ``-`` between words.

    The result is cut to at most ``limit`` characters at a ``-`` boundary.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _NON_ALNUM.sub("-", text).strip("-")
    if len(text) > limit:
        cut = text[: limit + 1]
        text = cut[: cut.rfind("-")] if "-" in cut else text[:limit]
    return text.strip("-")


def words_slug(text: str, words: int = 8) -> str:
    """Slug of the first ``words`` words of ``text``."""
    return slug(" ".join(text.split()[:words]))


class Minter:
    """Mint IRIs under a configurable base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not base.endswith("/"):
            base += "/"
        self.base = base

    def __call__(self, *parts: str | int) -> URIRef:
        path = "/".join(str(p).strip("/") for p in parts if str(p) != "")
        return URIRef(self.base + path)
