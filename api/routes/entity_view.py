"""The HTML page of an entity, assembled from its description and rendered by
``entity.html``.

The page leads with what a person came for (:mod:`.curated`: a goal's bodies, assignments
and support chain, an assignment's status and due dates, a risk's actions, a budget
table's amounts), then the quotes it was read from (Källor). Every property and every link
to the entity stays on the page, in the "Alla uppgifter" section: collapsed where the page
is curated, open where it is not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS
from rdflib.term import Node

from loaders.ontology import ontology
from loaders.vocab import STYR, STYR_NS

from ..render import render
from .curated import Curated, plain
from .describe import Description
from .names import INVERSE_LABELS, Shown, distinctions, local_name, shown, value_key
from .negotiation import alternates
from .status_view import Extra

#: The most links listed under one heading on a page.
MAX_LINKS = 200
HIDDEN = {str(PROV.qualifiedDerivation)}
#: Properties listed first, in this order; the rest follow by name.
FIRST = [str(p) for p in (RDF.type, STYR.text, DCTERMS.description, SKOS.notation)]


@dataclass(frozen=True)
class Row:
    """A property of the entity and its values."""

    iri: str
    term: Shown
    values: list[Shown]


@dataclass(frozen=True)
class Group:
    """The entities that link to this one by one property."""

    iri: str
    heading: str
    items: list[Shown]
    more: int = 0


@dataclass(frozen=True)
class Source:
    """One piece of evidence: the quote, and where in which document it stands."""

    quote: str | None
    stated: str | None
    document: Shown | None
    file: str | None
    lines: str | None
    pages: str | None
    evidence: Shown


@dataclass
class Page:
    """What ``entity.html`` shows."""

    title: str
    iri: str
    english: str | None
    kind: str
    formats: list[dict[str, str]]
    properties: list[Row]
    incoming: list[Group]
    sources: list[Source]
    truncated: bool = False
    outline: list[Shown] = field(default_factory=list)
    curated: Curated = field(default_factory=Curated)
    lead: Markup = field(default_factory=Markup)
    after: Markup = field(default_factory=Markup)
    chain: dict[str, Any] | None = None
    goal: bool = False


def properties(d: Description) -> list[Row]:
    """Return the entity's properties, the usual first, each with its values sorted."""
    by_predicate: dict[str, list[Node]] = defaultdict(list)
    for predicate, value in d.graph.predicate_objects(d.iri):
        if str(predicate) not in HIDDEN:
            by_predicate[str(predicate)].append(value)

    def order(predicate: str) -> tuple[int, str]:
        rank = FIRST.index(predicate) if predicate in FIRST else len(FIRST)
        return (rank, d.names.name(predicate).casefold())

    rows = []
    for key in sorted(by_predicate, key=order):
        values = sorted(set(by_predicate[key]), key=lambda v: (value_key(v, d.names), v.n3()))
        distinct = distinctions((str(v) for v in values if isinstance(v, URIRef)), d.names)
        rows.append(
            Row(
                key,
                shown(URIRef(key), d.names),
                [shown(v, d.names, distinct.get(str(v))) for v in values],
            )
        )
    return rows


def incoming(d: Description) -> list[Group]:
    """Return what links to the entity, grouped by the linking property."""
    groups: dict[str, list[URIRef]] = defaultdict(list)
    for subject, predicate in d.incoming:
        groups[str(predicate)].append(subject)

    def heading(predicate: str) -> str:
        return INVERSE_LABELS.get(predicate) or f"Länkar hit med ”{d.names.name(predicate)}”"

    known = list(INVERSE_LABELS)

    def order(predicate: str) -> tuple[int, str]:
        rank = known.index(predicate) if predicate in known else len(known)
        return (rank, heading(predicate))

    out = []
    for key in sorted(groups, key=order):
        subjects = sorted(set(groups[key]), key=lambda s: (d.names.name(str(s)).casefold(), s))
        listed = subjects[:MAX_LINKS]
        distinct = distinctions((str(s) for s in listed), d.names)
        items = [shown(s, d.names, distinct.get(str(s))) for s in listed]
        out.append(Group(key, heading(key), items, max(0, len(subjects) - MAX_LINKS)))
    return out


def span(start: Node | None, end: Node | None) -> str | None:
    """Return ``"341–342"`` (or ``"341"``) for a range of numbers, None without a start."""
    if start is None:
        return None
    if end is None or str(end) == str(start):
        return str(start)
    return f"{start}–{end}"


def number_key(value: Node | None) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 1 << 30


def sources(d: Description) -> list[Source]:
    """Return the entity's evidence, by source file and line."""
    g = d.graph
    records = []
    for evidence in set(g.objects(d.iri, PROV.qualifiedDerivation)):
        source = g.value(evidence, STYR.sourceText)
        file = g.value(source, DCTERMS.title) if source is not None else None
        records.append((str(file or ""), number_key(g.value(evidence, STYR.lineStart)), evidence))
    out = []
    for file_name, _, evidence in sorted(records, key=lambda r: (r[0], r[1], str(r[2]))):
        document = g.value(evidence, PROV.entity)
        quote = g.value(evidence, STYR.quote)
        stated = g.value(evidence, STYR.statedText)
        out.append(
            Source(
                quote=str(quote) if quote is not None else None,
                stated=str(stated) if stated is not None and stated != quote else None,
                document=shown(document, d.names) if document is not None else None,
                file=file_name or None,
                lines=span(g.value(evidence, STYR.lineStart), g.value(evidence, STYR.lineEnd)),
                pages=span(g.value(evidence, STYR.pageStart), g.value(evidence, STYR.pageEnd)),
                evidence=Shown("belägget", d.names.href(str(evidence))),
            )
        )
    return out


def kind_of(d: Description) -> str:
    """Return the entity's kinds, in Swedish and capitalised: ``Mål``, ``Uppdrag``."""
    types = [str(t) for t in d.graph.objects(d.iri, RDF.type)]
    kinds = [d.names.name(t) for t in ontology().most_specific(types)]
    return ", ".join(k[:1].upper() + k[1:] for k in kinds)


def page_of(d: Description, href: str) -> Page:
    """Return the page's common parts: title, kinds, formats, properties, links, sources."""
    iri = str(d.iri)
    title = d.names.name(iri)
    english = d.names.get(iri, "en")
    return Page(
        title=title,
        iri=iri,
        english=english if english and english != title else None,
        kind=kind_of(d),
        formats=alternates(href),
        properties=properties(d),
        incoming=incoming(d),
        sources=sources(d),
        truncated=d.truncated,
    )


def entity_html(
    d: Description,
    href: str,
    *,
    curated: Curated | None = None,
    outline: list[URIRef] | None = None,
    extra: Extra | None = None,
    chain: dict[str, Any] | None = None,
) -> str:
    """Return the HTML page of a description.

    ``curated`` leads the page (:func:`.curated.curate`; by default the entity's texts,
    as for a term read from a file); ``extra`` adds the status and
    responsibility sections of :mod:`.status_view` (HTML it escapes itself); ``chain`` is
    a goal's support-chain drawing (:func:`.chain.drawing`), None for a goal nothing
    supports yet.
    """
    page = page_of(d, href)
    page.curated = curated or plain(d)
    page.outline = [shown(p, d.names) for p in outline or []]
    if extra is not None:  # status_view writes its fragments with every value escaped
        page.lead, page.after = Markup(extra.lead), Markup(extra.after)
    page.goal = (d.iri, RDF.type, STYR.Goal) in d.graph
    page.chain = chain
    return render("entity.html", page=page, title=page.title)


@dataclass(frozen=True)
class Term:
    """A term of the ontology as its page shows it."""

    local: str
    name: str
    english: str | None
    properties: list[Row]


def term_of(d: Description) -> Term:
    """Return what the ontology's page shows of one term: its names and its properties."""
    iri = str(d.iri)
    local = iri[len(STYR_NS) :] if iri.startswith(STYR_NS) else local_name(iri)
    return Term(local, d.names.name(iri), d.names.get(iri, "en"), properties(d))
