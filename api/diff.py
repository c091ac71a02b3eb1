"""What changed between two graphs: ``styrgraf diff OLD NEW`` and ``/api/diff``.

Each side is what one set of documents says: two budget years, two follow-ups, or two
versions of one document. An assignment or goal is the same on both sides when it has the
same IRI (one build resolved it across the documents); otherwise, for graphs built apart,
when it has the same case number, or a responsible body in common and nearly the same words
(as :mod:`loaders.resolve` matches them).

The five categories (assignments; goals have no status, so none of theirs is completed):

``completed``
    the new side declares it fulfilled or closed, and the old side did not;
``new``
    only on the new side, and not declared finished there;
``continued``
    on both sides, not declared finished on the new one, worded alike;
``reworded``
    on both sides, not declared finished on the new one, worded differently;
``dropped``
    only on the old side, which had not declared it finished.

An assignment the old side had already declared finished, and the new side leaves out or
declares finished again, has nothing new to say and is in no category.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from loaders.assignment_identity import ASSIGNMENT_MATCH, SAME_DECISION_MATCH, core
from loaders.merging import similar_at_least
from loaders.resolve_assignments import STATUS_WORDS
from loaders.textrepair import normalise_for_match
from loaders.vocab import STYR

from .render import render as render_template

CATEGORIES = ("new", "continued", "completed", "dropped", "reworded")
#: Statuses that finish an assignment (``kod:uppdragsstatus``).
FINISHED = frozenset({"fullgjord", "avslutad"})
#: Two statements of one thing less alike than this are a rewording.
REWORDED_BELOW = 0.9
#: Words in more leftovers than this are not looked up when matching by words.
COMMON_WORD = 48
_WORD = re.compile(r"\w{4,}")
KINDS = {STYR.Assignment: "assignment", STYR.Goal: "goal"}


@dataclass
class Evidence:
    document: str
    source: str  # the source file's name
    line_start: int | None
    line_end: int | None
    quote: str
    stated: str | None

    def as_json(self, side: str) -> dict[str, Any]:
        return {
            "side": side,
            "document": self.document,
            "source": self.source,
            "lineStart": self.line_start,
            "lineEnd": self.line_end,
            "quote": self.quote,
        }


@dataclass
class Stated:
    """What one side says of one assignment or goal."""

    iri: URIRef
    kind: str
    label: str
    text: str
    bodies: frozenset[str]
    case_number: str | None
    given_on: str | None
    status: str | None
    status_date: str | None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def as_json(self) -> dict[str, Any]:
        return {
            "iri": str(self.iri),
            "text": self.text,
            "status": self.status,
            "statusDate": self.status_date,
        }


@dataclass
class Change:
    """One assignment or goal in one category, with both sides' statements."""

    category: str
    old: Stated | None
    new: Stated | None
    matched_by: str | None = None  # "iri", "case number" or "text" when on both sides

    @property
    def latest(self) -> Stated:
        side = self.new or self.old
        assert side is not None
        return side

    def as_json(self) -> dict[str, Any]:
        evidence = [e.as_json("old") for e in (self.old.evidence if self.old else [])]
        evidence += [e.as_json("new") for e in (self.new.evidence if self.new else [])]
        return {
            "iri": str(self.latest.iri),
            "label": self.latest.label,
            "type": self.latest.kind,
            "matchedBy": self.matched_by,
            "old": self.old.as_json() if self.old else None,
            "new": self.new.as_json() if self.new else None,
            "evidence": evidence,
        }


@dataclass
class Diff:
    changes: dict[str, list[Change]]
    old_name: str = "OLD"
    new_name: str = "NEW"

    def as_json(self) -> dict[str, list[dict[str, Any]]]:
        """The five categories, exactly, each a list of items with ``iri`` and ``label``."""
        return {name: [c.as_json() for c in self.changes[name]] for name in CATEGORIES}

    def counts(self) -> dict[str, int]:
        return {name: len(self.changes[name]) for name in CATEGORIES}


# --- reading one side ---------------------------------------------------------------------------


def _text_of(graph: Graph, node: Node, prop: URIRef) -> str | None:
    values = sorted(graph.objects(node, prop), key=lambda v: getattr(v, "language", "") != "sv")
    return str(values[0]) if values else None


def _int(value: Node | None) -> int | None:
    return int(str(value)) if value is not None else None


def _evidence(graph: Graph, node: URIRef) -> list[Evidence]:
    found = []
    for ev in graph.objects(node, PROV.qualifiedDerivation):
        doc = graph.value(ev, PROV.entity)
        source = graph.value(ev, STYR.sourceText)
        title = graph.value(source, DCTERMS.title) if source is not None else None
        found.append(
            Evidence(
                document=str(doc) if doc is not None else "",
                source=str(title or source or ""),
                line_start=_int(graph.value(ev, STYR.lineStart)),
                line_end=_int(graph.value(ev, STYR.lineEnd)),
                quote=_text_of(graph, ev, STYR.quote) or "",
                stated=_text_of(graph, ev, STYR.statedText),
            )
        )
    return sorted(found, key=lambda e: (e.source, e.document, e.line_start or 0))


def _latest_status(graph: Graph, node: URIRef) -> tuple[str | None, str | None]:
    """The status of the side's latest report on ``node`` (dated before undated)."""
    reports: list[tuple[str, str]] = []
    for report in graph.subjects(STYR.reportsOn, node):
        code = graph.value(report, STYR.assignmentStatus)
        if code is None:
            continue
        dated = graph.value(report, DCTERMS.date)
        reports.append((str(dated) if dated is not None else "", str(code).rsplit("/", 1)[-1]))
    if not reports:
        return None, None
    last, status = max(reports)
    return status, last or None


def read_side(graph: Graph) -> dict[URIRef, Stated]:
    """Return the assignments and goals ``graph`` states, by IRI."""
    out: dict[URIRef, Stated] = {}
    for cls, kind in KINDS.items():
        for node in graph.subjects(RDF.type, cls):
            if not isinstance(node, URIRef):
                continue
            evidence = _evidence(graph, node)
            stated = next((e.stated for e in evidence if e.stated), None)
            text = stated or _text_of(graph, node, STYR.text) or ""
            label = (
                _text_of(graph, node, SKOS.prefLabel) or _text_of(graph, node, RDFS.label) or text
            )
            bodies = {
                str(b)
                for prop in (STYR.responsibleBody, STYR.mainResponsibleBody)
                for b in graph.objects(node, prop)
            }
            status, when = _latest_status(graph, node) if kind == "assignment" else (None, None)
            case = graph.value(node, STYR.caseNumber)
            given = graph.value(node, STYR.givenOn)
            out[node] = Stated(
                iri=node,
                kind=kind,
                label=label,
                text=text,
                bodies=frozenset(bodies),
                case_number=str(case) if case is not None else None,
                given_on=str(given) if given is not None else None,
                status=status,
                status_date=when,
                evidence=evidence,
            )
    return out


# --- matching -----------------------------------------------------------------------------------


@cache
def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(normalise_for_match(core(text))))


def _same(a: Stated, b: Stated) -> str | None:
    """How ``a`` and ``b`` are one thing ("case number", "text"), or None."""
    if a.kind != b.kind:
        return None
    if a.case_number and b.case_number:
        return "case number" if a.case_number == b.case_number else None
    if a.given_on and b.given_on and a.given_on != b.given_on:
        return None
    if a.bodies and b.bodies and not a.bodies & b.bodies:
        return None
    if a.given_on and a.given_on == b.given_on and a.bodies & b.bodies:
        similar = similar_at_least(core(a.text), core(b.text), SAME_DECISION_MATCH)
        return "decision and text" if similar else None
    return "text" if similar_at_least(core(a.text), core(b.text), ASSIGNMENT_MATCH) else None


def match(
    old: dict[URIRef, Stated], new: dict[URIRef, Stated]
) -> list[tuple[Stated | None, Stated | None, str | None]]:
    """Pair the two sides' statements: by IRI, then what is left by case number or words.

    Leftovers are compared only with those sharing some of their less common words, so the
    work grows with the number of statements, not with its square."""
    pairs: list[tuple[Stated | None, Stated | None, str | None]] = [
        (old[iri], new[iri], "iri") for iri in sorted(old.keys() & new.keys())
    ]
    left_new = [new[iri] for iri in sorted(new.keys() - old.keys())]
    index: dict[str, list[int]] = {}
    for i, stated in enumerate(left_new):
        for word in _words(stated.text):
            index.setdefault(word, []).append(i)
    taken: set[int] = set()
    for iri in sorted(old.keys() - new.keys()):
        stated = old[iri]
        hits: dict[int, int] = {}
        looked = 0
        for word in _words(stated.text):
            posting = index.get(word, [])
            if len(posting) > COMMON_WORD:
                continue
            looked += 1
            for i in posting:
                hits[i] = hits.get(i, 0) + 1
        least = max(1, looked // 3)
        candidates = sorted(i for i, n in hits.items() if n >= least and i not in taken)
        how = None
        for i in candidates:
            how = _same(stated, left_new[i])
            if how:
                taken.add(i)
                pairs.append((stated, left_new[i], how))
                break
        if not how:
            pairs.append((stated, None, None))
    pairs += [(None, s, None) for i, s in enumerate(left_new) if i not in taken]
    return pairs


# --- the categories ---------------------------------------------------------------------------


def _alike(a: Stated, b: Stated) -> bool:
    x, y = normalise_for_match(core(a.text)), normalise_for_match(core(b.text))
    return x == y or SequenceMatcher(None, x, y).ratio() >= REWORDED_BELOW


def category(old: Stated | None, new: Stated | None) -> str | None:
    """Which of :data:`CATEGORIES` a pair is in (None: nothing to say)."""
    if new is not None and new.finished:
        return None if old is not None and old.finished else "completed"
    if old is None:
        return "new"
    if new is None:
        return None if old.finished else "dropped"
    return "continued" if _alike(old, new) else "reworded"


def diff(old: Graph, new: Graph, old_name: str = "OLD", new_name: str = "NEW") -> Diff:
    """Compare what ``old`` and ``new`` say of assignments and goals."""
    changes: dict[str, list[Change]] = {name: [] for name in CATEGORIES}
    for a, b, how in match(read_side(old), read_side(new)):
        name = category(a, b)
        if name is not None:
            changes[name].append(Change(name, a, b, how if a and b else None))
    for items in changes.values():
        items.sort(key=lambda c: (c.latest.kind, c.latest.label.lower(), str(c.latest.iri)))
    return Diff(changes, old_name, new_name)


# --- rendering ----------------------------------------------------------------------------------

HEADINGS = {
    "new": ("Nya", "New"),
    "continued": ("Fortsätter", "Continued"),
    "completed": ("Fullgjorda eller avslutade", "Completed"),
    "dropped": ("Har fallit bort", "Dropped"),
    "reworded": ("Omformulerade", "Reworded"),
}


def _where(stated: Stated | None) -> str:
    if stated is None or not stated.evidence:
        return "–"
    first = stated.evidence[0]
    name = first.source.rsplit("/", 1)[-1] or first.document.rsplit("/", 1)[-1]
    return f"{name} L{first.line_start}"


def as_text(result: Diff) -> str:
    """A plain-text report: each category with its items, and where each side says so."""
    lines = [f"styrgraf diff {result.old_name} → {result.new_name}"]
    for name in CATEGORIES:
        items = result.changes[name]
        sv_name, en_name = HEADINGS[name]
        lines.append(f"\n{en_name} ({name}, {sv_name.lower()}): {len(items)}")
        for change in items:
            item = change.latest
            status = f" [{item.status}]" if item.status else ""
            lines.append(f"  - {item.kind}: {item.label}{status}")
            lines.append(f"    {item.iri}")
            lines.append(f"    old: {_where(change.old)}  new: {_where(change.new)}")
    return "\n".join(lines) + "\n"


def as_html(result: Diff, standalone: bool = True) -> str:
    """The report as a whole HTML page: a file of its own (its styles inline), or
    (``standalone`` false) a page of the site, in its layout (``base.html``)."""
    return render_template(
        "diff.html",
        diff=result,
        categories=[(name, HEADINGS[name], result.changes[name]) for name in CATEGORIES],
        standalone=standalone,
        where=_where,
        status_word=lambda code: STATUS_WORDS.get(code, code),
    )


def render(result: Diff, fmt: str) -> str:
    """Render ``result`` as ``json``, ``text`` or ``html``."""
    if fmt == "json":
        import json

        return json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return as_html(result)
    return as_text(result)


def union(graphs: Iterable[Graph]) -> Graph:
    """One graph of several (a side given as many files)."""
    out = Graph()
    for graph in graphs:
        out += graph
    return out
