"""Merge the directions (inriktningar) that several documents state, and write them.

A direction restated by another source (a board's plan and its budget) in nearly the
same words is one node, minted under the body and year rather than under one document.
"""

from __future__ import annotations

from rdflib import URIRef

from .builder import Builder, integer, sv
from .goals import DirectionRecord
from .ids import words_slug
from .merging import RANK, rank, short, similar
from .vocab import STYR

DIRECTION_MATCH = 0.85


def _plan_owner(rec: DirectionRecord) -> str:
    """Return the IRI prefix of the body and year a direction belongs to.

    A board's plan and its budget restate the same directions; minting them under
    ``…/2025/ks/`` rather than under one document keeps the IRI when only one of
    the two is loaded.
    """
    if rec.doc_kind in RANK:
        return str(rec.doc_iri).rsplit("/", 1)[0]
    return str(rec.doc_iri)


def write_directions(records: list[DirectionRecord], builders: dict[str, Builder]) -> None:
    """Merge the direction records restated across sources and write them."""
    groups: list[list[DirectionRecord]] = []
    for rec in sorted(records, key=lambda r: (rank(r.doc_kind, r.source), r.order)):
        match = next(
            (
                g
                for g in groups
                if g[0].municipality == rec.municipality
                and g[0].source != rec.source
                and all(x.doc_iri != rec.doc_iri for x in g)
                and similar(g[0].text, rec.text) >= DIRECTION_MATCH
            ),
            None,
        )
        if match:
            match.append(rec)
        else:
            groups.append([rec])
    for group in groups:
        canonical = group[0]
        key = f"{canonical.order:02d}-{words_slug(canonical.text, 5)}"
        iri = URIRef(f"{_plan_owner(canonical)}/inriktning/{key}")
        for rec in group:
            b = builders[rec.source]
            b.node(iri, STYR.Direction, short(canonical.text))
            b.add(iri, STYR.text, sv(canonical.text))
            b.add(iri, STYR.order, integer(canonical.order))
            b.add(iri, STYR.definedIn, canonical.doc_iri)
            b.add(iri, STYR.listedIn, rec.doc_iri)
            if rec.body_iri is not None:
                b.add(iri, STYR.directedTo, rec.body_iri)
            b.evidence(iri, rec.doc_iri, rec.start, rec.end, stated_text=rec.text)
