"""Keep officials' personal data out of everything public, unless configured in.

The loaders already leave names, phone numbers and e-mail addresses out of the graph
(``--include-personal`` keeps them). This is the second line, for what is public: the
endpoint, the pages, the static site and the dumps. :func:`scrub` changes a store so that

* the contact properties of the common vocabularies are gone (vCard, FOAF, schema.org,
  ``org:hasContactPoint``);
* every person (``prov:Person``, ``foaf:Person``, ``schema:Person``, ``vcard:Individual``) is
  gone: its triples, the links to it and its evidence, and its name wherever a text
  quotes it;
* e-mail addresses and phone numbers inside any text are replaced by
  :data:`REDACTED`.

Posts (``org:Post``, "stadsdirektör") stay: they are public functions, not persons.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from loaders.contacts import CONTACT_TEXT, REDACTED

from .store import Store

CONTACT_PREDICATES = (
    "http://www.w3.org/2006/vcard/ns#hasEmail",
    "http://www.w3.org/2006/vcard/ns#email",
    "http://www.w3.org/2006/vcard/ns#hasTelephone",
    "http://www.w3.org/2006/vcard/ns#tel",
    "http://xmlns.com/foaf/0.1/mbox",
    "http://xmlns.com/foaf/0.1/mbox_sha1sum",
    "http://xmlns.com/foaf/0.1/phone",
    "http://schema.org/email",
    "http://schema.org/telephone",
    "https://schema.org/email",
    "https://schema.org/telephone",
    "http://www.w3.org/ns/org#hasContactPoint",
)
PERSON_CLASSES = (
    "http://www.w3.org/ns/prov#Person",
    "http://xmlns.com/foaf/0.1/Person",
    "http://schema.org/Person",
    "https://schema.org/Person",
    "http://www.w3.org/2006/vcard/ns#Individual",
)
#: What replaces an e-mail address or phone number inside a text.
#: What a text must hold to be looked at more closely (cheap to run in the store): an
#: "@" between word characters, or digits in the shape of a phone number.
_CANDIDATE = r"[^ @]@[^ @]|[0-9][ -]?[0-9][0-9][ -][0-9][0-9]"
#: Texts looked up per query once they are known to change.
_TEXTS_PER_QUERY = 200
_DERIVATION = "http://www.w3.org/ns/prov#qualifiedDerivation"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass
class ScrubReport:
    """What :func:`scrub` removed: counts, never the removed values themselves."""

    contact_triples: int = 0
    persons: int = 0
    redacted_texts: int = 0
    graphs: set[str] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return bool(self.contact_triples or self.persons or self.redacted_texts)

    def summary(self) -> str:
        return (
            f"personal data removed: {self.contact_triples} contact properties, "
            f"{self.persons} persons, {self.redacted_texts} texts with an e-mail address, "
            "phone number or name"
        )


def _values(iris: tuple[str, ...]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def scrub(store: Store, limit: int = 1_000_000) -> ScrubReport:
    """Remove personal data from every named graph of ``store`` (the default graph follows).

    The store's own update rebuilds the default graph, so the work is done in one update
    when there is anything to do, and not at all otherwise.
    """
    report = ScrubReport()
    contacts = store.select(
        f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?p {{ {_values(CONTACT_PREDICATES)} }} "
        "GRAPH ?g { ?s ?p ?o } }",
        limit=limit,
    ).rows
    persons = store.select(
        f"SELECT DISTINCT ?person ?name WHERE {{ VALUES ?c {{ {_values(PERSON_CLASSES)} }} "
        f"GRAPH ?g {{ ?person a ?c }} OPTIONAL {{ ?person <{_RDFS_LABEL}> ?name }} }}",
        limit=limit,
    ).rows
    report.contact_triples = len(contacts)
    person_iris = sorted({str(r["person"]) for r in persons if isinstance(r["person"], URIRef)})
    report.persons = len(person_iris)
    names = sorted(
        {str(r["name"]) for r in persons if "name" in r and len(str(r["name"]).strip()) > 3},
        key=len,
        reverse=True,
    )
    redact = _redactor(names)
    pattern = "|".join([_CANDIDATE, *(re.escape(n).replace("\\ ", " ") for n in names)])
    # the distinct texts first, redacted once each (a quote is often stated many times),
    # then the triples of those that change: most data has none, and the store sends
    # back a few texts rather than every candidate's triples
    candidates = store.select(
        "SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER (isLiteral(?o) && REGEX(STR(?o), {Literal(pattern).n3()}, 'i')) }}",
        limit=limit,
    ).rows
    changing = [r["o"] for r in candidates if redact(str(r["o"])) != str(r["o"])]
    texts = []
    for start in range(0, len(changing), _TEXTS_PER_QUERY):
        chunk = " , ".join(o.n3() for o in changing[start : start + _TEXTS_PER_QUERY])
        texts += store.select(
            f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?o IN ({chunk})) }}",
            limit=limit,
        ).rows
    updates: list[str] = []
    for row in contacts:
        updates.append(_replace(row))
        report.graphs.add(str(row["g"]))
    for row in texts:
        literal = row["o"]
        assert isinstance(literal, Literal)
        cleaned = redact(str(literal))
        if cleaned == str(literal):
            continue
        updates.append(_replace(row, Literal(cleaned, lang=literal.language,
                                             datatype=literal.datatype)))  # fmt: skip
        report.redacted_texts += 1
        report.graphs.add(str(row["g"]))
    for person in person_iris:
        # the person, the links to it, and its evidence (reached before the person goes)
        updates.append(
            "DELETE { GRAPH ?g { ?ev ?p ?o } } WHERE { GRAPH ?g { "
            f"<{person}> <{_DERIVATION}> ?ev . ?ev ?p ?o }} }}"
        )
        # DELETE … WHERE, not the DELETE WHERE shorthand: the same by the spec, but
        # Virtuoso 7.2 deletes the shorthand's GRAPH ?g matches from one graph only
        for triple in (f"<{person}> ?p ?o", f"?s ?p <{person}>"):
            updates.append(
                f"DELETE {{ GRAPH ?g {{ {triple} }} }} WHERE {{ GRAPH ?g {{ {triple} }} }}"
            )
    if updates:
        store.update(" ;\n".join(updates))
    return report


def _replace(row: Mapping[str, Node], new: Literal | None = None) -> str:
    """Return an update that deletes the row's triple (and inserts it with ``new``).

    A blank node cannot be named in an update, so a triple with a blank subject is matched
    by its predicate and object among the graph's blank nodes.
    """
    graph, subject = f"<{row['g']}>", row["s"]
    s = "?s" if isinstance(subject, BNode) else subject.n3()
    old = f"{s} {row['p'].n3()} {row['o'].n3()}"
    insert = f"INSERT {{ GRAPH {graph} {{ {s} {row['p'].n3()} {new.n3()} }} }} " if new else ""
    where = f"GRAPH {graph} {{ {old} {'FILTER (isBlank(?s))' if s == '?s' else ''} }}"
    return f"DELETE {{ GRAPH {graph} {{ {old} }} }} {insert}WHERE {{ {where} }}"


def _redactor(names: list[str]) -> Callable[[str], str]:
    """Return a function that replaces contact data and the persons' names in a text."""
    name_pattern = (
        re.compile("|".join(r"\s+".join(map(re.escape, n.split())) for n in names), re.I)
        if names
        else None
    )

    def redact(text: str) -> str:
        text = CONTACT_TEXT.sub(REDACTED, text)
        if name_pattern is not None:
            text = name_pattern.sub("[namn borttaget]", text)
        return text

    return redact
