"""The authors of a party document: each party, or the constellation they form, as its
``dct:creator``, with evidence at the lines that name them.

Statements and motions (:mod:`loaders.party`) and the acts recorded in minutes
(:mod:`loaders.minutes`) write their authors here.
"""

from __future__ import annotations

from rdflib import URIRef

from .builder import sv
from .context import Context
from .ids import slug
from .parties import PARTIES
from .vocab import DCTERMS, ORG, SKOS, STYR


def write_authors(ctx: Context, iri: URIRef, parties: list[str], first: int, last: int) -> None:
    """Write ``parties`` (or their constellation) as the creator of ``iri``, with evidence
    at lines ``first..last``."""
    nodes = [_party_node(ctx, abbr, first, last) for abbr in parties]
    creator = nodes[0] if len(nodes) == 1 else _constellation(ctx, parties, nodes, first, last)
    ctx.b.add(iri, DCTERMS.creator, creator)


def _party_node(ctx: Context, abbr: str, first: int, last: int) -> URIRef:
    """Write the party ``abbr`` with evidence at lines ``first..last``."""
    name = PARTIES[abbr]
    iri = ctx.mint("parti", slug(name))
    ctx.b.node(iri, STYR.PoliticalParty, name)
    ctx.b.add(iri, SKOS.altLabel, sv(abbr))
    ctx.b.evidence(iri, ctx.doc.iri, first, last)
    return iri


def _constellation(
    ctx: Context, parties: list[str], members: list[URIRef], first: int, last: int
) -> URIRef:
    """Write the constellation of ``parties`` ("S, V och MP") with its members."""
    key = "-".join(sorted(p.lower() for p in parties))
    iri = ctx.mint(ctx.doc.municipality, "partikonstellation", key)
    label = ", ".join(parties[:-1]) + " och " + parties[-1]
    ctx.b.node(iri, STYR.PartyConstellation, label)
    for member in members:
        ctx.b.add(iri, ORG.hasMember, member)
    ctx.b.evidence(iri, ctx.doc.iri, first, last)
    return iri
