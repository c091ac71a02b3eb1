"""The status and responsibility sections of the entity pages (issue 14).

An assignment's page leads with its current status (``styr:currentStatus``, the latest
status report's) and its due dates, and lists its status history: every status report on
it, each with its document and the quote it was read from. A body's page lists the goals
it answers for and its assignments with their current status and due dates. A goal's page
names its main responsible and responsible bodies.

The records come from :mod:`.status_records`. The page gives its description and its names
(:class:`Page` and :class:`PageNames`, which :class:`.pages.Description` and
:class:`.pages.Names` fulfil); code labels (``kod:uppdragsstatus``) come from the code lists
through the names, as they are not in the store.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from fastapi import Request
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from loaders.vocab import STYR

from ..render import environment
from ..services import services
from ..store import Store
from .status_records import (
    Due,
    Report,
    Role,
    State,
    assignment_states,
    assignments_of_body,
    due_dates,
    goals_of_body,
    status_history,
)

#: What links a body to goals or assignments: pages of such entities get the body sections.
BODY_LINKS = frozenset(
    str(p)
    for p in (
        STYR.responsibleBody,
        STYR.mainResponsibleBody,
        STYR.cooperatingBody,
        STYR.supportingBody,
        STYR.dependsOnBody,
        STYR.involvedBody,
        STYR.contributingBody,
    )
)
#: Quotes longer than this are shown as an excerpt around the assignment's words.
LONG_QUOTE = 280
#: Characters of context either side of the assignment's words in an excerpt.
CONTEXT = 120
#: The fewest leading words of an assignment's name that identify it in a quote.
MIN_WORDS = 3


class PageNames(Protocol):
    """The names a page knows and its links (:class:`.pages.Names`)."""

    def add(self, iri: Node, label: Node | None) -> None: ...

    def get(self, iri: str, lang: str = "sv") -> str | None: ...

    def name(self, iri: str) -> str: ...

    def href(self, iri: str) -> str | None: ...


class Page(Protocol):
    """What an entity page shows (:class:`.pages.Description`)."""

    @property
    def iri(self) -> URIRef: ...

    @property
    def graph(self) -> Graph: ...

    @property
    def incoming(self) -> list[tuple[URIRef, URIRef]]: ...

    @property
    def names(self) -> PageNames: ...


# --- HTML (the fragments are macros of api/templates/_status.html) --------------------------
class Link(NamedTuple):
    """A link as a fragment writes it: no ``href`` writes the text alone."""

    text: str
    href: str | None = None
    extern: bool = False


class Shown(NamedTuple):
    """A status code as a fragment writes it: its CSS class, its link, its English label."""

    css: str
    link: Link
    en: str | None


class Quote(NamedTuple):
    """A quote: whole, or as an excerpt (``before``, ``marked``, ``after``) of the whole."""

    whole: str
    before: str = ""
    marked: str | None = None
    after: str = ""


def fragment(macro: str, *args: object) -> str:
    """Return the macro ``macro`` of ``_status.html`` called with ``args`` (escaped HTML)."""
    return str(getattr(environment().get_template("_status.html").module, macro)(*args))


def link_to(names: PageNames, iri: str, text: str | None = None) -> Link:
    """Return the link to ``iri``'s page (an outside IRI links to itself), as
    :meth:`.names.Names.link` writes it."""
    label = text if text is not None else names.name(iri)
    href = names.href(iri)
    if href is not None:
        return Link(label, href)
    if iri.startswith(("http://", "https://")):
        return Link(label, iri, extern=True)
    return Link(label)


def code_class(code: str) -> str:
    """Return a CSS class for a code (its last IRI segment, letters, digits and dashes)."""
    return re.sub(r"[^a-z0-9-]", "", code.rstrip("/").rsplit("/", 1)[-1].lower()) or "annan"


def shown_status(
    status: str | None, names: PageNames, *, capital: bool = False, english: bool = True
) -> Shown | None:
    """Return a status code as a marked link to its code page (with its English label)."""
    if status is None:
        return None
    swedish = names.get(status, "sv") or names.name(status)
    shown = swedish[:1].upper() + swedish[1:] if capital else swedish
    en = names.get(status, "en") if english else None
    return Shown(f"status status-{code_class(status)}", link_to(names, status, shown), en)


def status_html(
    status: str | None, names: PageNames, *, capital: bool = False, english: bool = True
) -> str:
    """Return a status code as a marked link to its code page (with its English label)."""
    return fragment("status", shown_status(status, names, capital=capital, english=english))


def lines_text(start: int | None, end: int | None) -> str:
    if start is None:
        return ""
    return f"rad {start}" if end is None or end == start else f"rad {start}–{end}"


def assignment_lead_html(d: Page, reports: list[Report], dues: list[Due]) -> str:
    """Return the lead of an assignment's page: its current status (or why it has none)
    and its due dates."""
    current = sorted(str(v) for v in d.graph.objects(d.iri, STYR.currentStatus))
    dated = [r.date for r in reports if r.date]
    state = {
        "status": shown_status(current[0], d.names, capital=True) if current else None,
        "count": len(reports),
        "latest": max(dated) if dated else None,
    }
    shown_dues = [
        {"date": due.date, "exact": due.exact, "mode": d.names.name(due.mode) if due.mode else ""}
        for due in dues
    ]
    return fragment("assignment_lead", state, shown_dues)


def find_focus(quote: str, focus: str) -> tuple[int, int] | None:
    """Return where the longest run of ``focus``'s leading words (at least
    :data:`MIN_WORDS`) stands in ``quote``, ignoring case and spacing; None if nowhere."""
    words = focus.replace("…", " ").split()
    for count in range(len(words), MIN_WORDS - 1, -1):
        pattern = r"\s+".join(re.escape(w) for w in words[:count])
        found = re.search(pattern, quote, re.IGNORECASE)
        if found:
            return found.span()
    return None


def shown_quote(quote: str | None, focus: str) -> Quote | None:
    """Return a quote; a long one as an excerpt around ``focus``, with the whole."""
    if not quote:
        return None
    span = find_focus(quote, focus) if len(quote) > LONG_QUOTE else None
    if span is None:
        return Quote(quote)
    start, end = span
    left, right = max(0, start - CONTEXT), min(len(quote), end + CONTEXT)
    before, after = quote[left:start], quote[end:right]
    if left > 0:
        before = "… " + before.split(" ", 1)[-1]
    if right < len(quote):
        after = after.rsplit(" ", 1)[0] + " …"
    return Quote(quote, before, quote[start:end], after)


def quote_html(quote: str | None, focus: str) -> str:
    """Return a quote; a long one as an excerpt around ``focus`` (marked), whole below."""
    return fragment("quote", shown_quote(quote, focus))


def history_html(reports: list[Report], names: PageNames, focus: str) -> str:
    """Return the table of the status reports on an assignment, oldest first; ``focus``
    (the assignment's name) is marked in long quotes."""
    rows = [
        {
            "date": report.date,
            "status": shown_status(report.status, names),
            "document": link_to(names, report.document) if report.document else None,
            "file": report.file,
            "quote": shown_quote(report.quote, focus),
            "comment": report.comment,
            "lines": lines_text(report.line_start, report.line_end),
            "link": link_to(names, report.iri, "rapporten"),
        }
        for report in reports
    ]
    return fragment("history", rows)


def shown_roles(roles: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"css": code_class(r), "text": r} for r in roles]


def body_goals_html(goals: list[Role], names: PageNames) -> str:
    """Return the goals a body answers for or contributes to, with its role."""
    rows = [{"link": link_to(names, g.iri), "roles": shown_roles(g.roles)} for g in goals]
    return fragment("body_goals", rows)


def body_assignments_html(
    assignments: list[Role], states: Mapping[str, State], names: PageNames
) -> str:
    """Return the assignments a body has a part in, with their status and due dates."""
    rows = []
    for item in assignments:
        state = states.get(item.iri)
        status = state.status if state else None
        rows.append(
            {
                "link": link_to(names, item.iri),
                "roles": shown_roles(item.roles),
                "status": shown_status(status, names, english=False) if status else None,
                "dues": state.due_dates if state else [],
            }
        )
    return fragment("body_assignments", rows)


def goal_bodies_html(d: Page) -> str:
    """Return the lead of a goal's page: its main responsible and responsible bodies."""
    main = {str(b) for b in d.graph.objects(d.iri, STYR.mainResponsibleBody)}
    others = {str(b) for b in d.graph.objects(d.iri, STYR.responsibleBody)} - main
    if not main and not others:
        return ""

    def ordered(bodies: set[str]) -> list[Link]:
        chosen = sorted(bodies, key=lambda b: (d.names.name(b).casefold(), b))
        return [link_to(d.names, b) for b in chosen]

    groups = [
        (title, ordered(bodies))
        for title, bodies in (("Huvudansvariga organ", main), ("Ansvariga organ", others))
        if bodies
    ]
    return fragment("goal_bodies", groups)


# --- the page's extra sections ---------------------------------------------------------------
@dataclass
class Extra:
    """HTML for an entity page: ``lead`` goes under the heading, ``after`` after the facts."""

    lead: str = ""
    after: str = ""


def is_body(d: Page) -> bool:
    """Return whether goals or assignments name the entity as a body."""
    return any(str(p) in BODY_LINKS for _, p in d.incoming)


async def assignment_extra(store: Store, d: Page, limit: int | None) -> Extra:
    reports = await status_history(store, d.iri, limit)
    dues = await due_dates(store, d.iri, limit)
    for report in reports:
        if report.document:
            d.names.add(URIRef(report.document), report.document_label)
    focus = d.names.name(str(d.iri))
    return Extra(assignment_lead_html(d, reports, dues), history_html(reports, d.names, focus))


async def body_extra(request: Request, d: Page, limit: int | None) -> Extra:
    kept = services(request)
    store, catalogue = kept.store, kept.catalogue
    goals = await goals_of_body(store, catalogue, d.iri, limit)
    assignments = await assignments_of_body(store, catalogue, d.iri, limit)
    states = await assignment_states(store, d.iri, limit)
    for item in [*goals, *assignments]:
        d.names.add(URIRef(item.iri), item.label)
    after = body_goals_html(goals, d.names) + body_assignments_html(assignments, states, d.names)
    return Extra(after=after)


async def extra_sections(request: Request, d: Page, limit: int | None) -> Extra:
    """Return the status and responsibility sections of an entity's page (none for most)."""
    if (d.iri, RDF.type, STYR.Assignment) in d.graph:
        return await assignment_extra(services(request).store, d, limit)
    if (d.iri, RDF.type, STYR.Goal) in d.graph:
        return Extra(lead=goal_bodies_html(d))
    if is_body(d):
        return await body_extra(request, d, limit)
    return Extra()
