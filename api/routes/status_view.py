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
from html import escape
from typing import Protocol

from fastapi import Request
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from loaders.vocab import STYR

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

    def link(self, iri: str, text: str | None = None) -> str: ...


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


# --- HTML ------------------------------------------------------------------------------------
def code_class(code: str) -> str:
    """Return a CSS class for a code (its last IRI segment, letters, digits and dashes)."""
    return re.sub(r"[^a-z0-9-]", "", code.rstrip("/").rsplit("/", 1)[-1].lower()) or "annan"


def status_html(
    status: str | None, names: PageNames, *, capital: bool = False, english: bool = True
) -> str:
    """Return a status code as a marked link to its code page (with its English label)."""
    if status is None:
        return "<span class='status status-none'>–</span>"
    swedish = names.get(status, "sv") or names.name(status)
    shown = swedish[:1].upper() + swedish[1:] if capital else swedish
    en = names.get(status, "en") if english else None
    extra = f" <span class='en' lang='en'>{escape(en)}</span>" if en else ""
    css = f"status status-{code_class(status)}"
    return f"<span class='{css}'>{names.link(status, shown)}</span>{extra}"


def lines_text(start: int | None, end: int | None) -> str:
    if start is None:
        return ""
    return f"rad {start}" if end is None or end == start else f"rad {start}–{end}"


def due_html(due: Due, names: PageNames) -> str:
    when = f"<time datetime='{escape(due.date)}'>{escape(due.date)}</time>"
    shown = when if due.exact else f"senast {when}"
    mode = f" ({escape(names.name(due.mode))})" if due.mode else ""
    return f"<dd>{shown}{mode}</dd>"


def current_status_html(d: Page, reports: list[Report]) -> str:
    """Return the assignment's current status, or why it has none."""
    current = sorted(str(v) for v in d.graph.objects(d.iri, STYR.currentStatus))
    if current:
        shown = status_html(current[0], d.names, capital=True)
    elif reports:
        shown = "Oklar: rapporterna avgör inte (odaterade rapporter som säger olika)"
    else:
        return "<dd>Ingen statusrapport om uppdraget ännu</dd>"
    count = len(reports)
    dated = [r.date for r in reports if r.date]
    latest = f", den senaste {escape(max(dated))}" if dated else ""
    history = f"{count} statusrapport{'er' if count != 1 else ''}{latest}"
    return f"<dd>{shown}</dd><dd class='note'><a href='#statushistorik'>{history}</a></dd>"


def assignment_lead_html(d: Page, reports: list[Report], dues: list[Due]) -> str:
    """Return the lead of an assignment's page: its current status and due dates."""
    parts = [f"<div><dt>Aktuell status</dt>{current_status_html(d, reports)}</div>"]
    if dues:
        dates = "".join(due_html(due, d.names) for due in dues)
        parts.append(f"<div><dt>Återrapporteras</dt>{dates}</div>")
    return f"<dl class='lead'>{''.join(parts)}</dl>"


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


def quote_html(quote: str | None, focus: str) -> str:
    """Return a quote; a long one as an excerpt around ``focus`` (marked), whole below."""
    if not quote:
        return "<p>(inget citat)</p>"
    whole_quote = f"<blockquote><p>{escape(quote)}</p></blockquote>"
    span = find_focus(quote, focus) if len(quote) > LONG_QUOTE else None
    if span is None:
        return whole_quote
    start, end = span
    left, right = max(0, start - CONTEXT), min(len(quote), end + CONTEXT)
    before, after = quote[left:start], quote[end:right]
    if left > 0:
        before = "… " + before.split(" ", 1)[-1]
    if right < len(quote):
        after = after.rsplit(" ", 1)[0] + " …"
    excerpt = f"{escape(before)}<mark>{escape(quote[start:end])}</mark>{escape(after)}"
    return (
        f"<blockquote><p>{excerpt}</p></blockquote>"
        f"<details><summary>Hela citatet</summary>{whole_quote}</details>"
    )


def report_row(report: Report, names: PageNames, focus: str) -> str:
    when = (
        f"<time datetime='{escape(report.date)}'>{escape(report.date)}</time>"
        if report.date
        else "<span class='muted'>utan datum</span>"
    )
    document = names.link(report.document) if report.document else "–"
    file = f"<br><span class='file'>{escape(report.file)}</span>" if report.file else ""
    quote = quote_html(report.quote, focus)
    if report.comment:
        quote += f"<p class='comment'><strong>Kommentar:</strong> {escape(report.comment)}</p>"
    where = [lines_text(report.line_start, report.line_end), names.link(report.iri, "rapporten")]
    return (
        f"<tr><td>{when}</td><td>{status_html(report.status, names)}</td>"
        f"<td>{document}{file}</td>"
        f"<td>{quote}<p class='where'>{', '.join(w for w in where if w)}</p></td></tr>"
    )


def history_html(reports: list[Report], names: PageNames, focus: str) -> str:
    """Return the table of the status reports on an assignment, oldest first; ``focus``
    (the assignment's name) is marked in long quotes."""
    if not reports:
        return ""
    rows = "".join(report_row(r, names, focus) for r in reports)
    return (
        "<section aria-labelledby='statushistorik'><h2 id='statushistorik'>Statushistorik</h2>"
        "<table class='data history'><caption>Vad handlingarna säger att det blivit av "
        "uppdraget, äldst först; den senaste daterade rapporten ger den aktuella statusen."
        "</caption><thead><tr><th scope='col'>Datum</th><th scope='col'>Status</th>"
        "<th scope='col'>Handling</th><th scope='col'>Citat</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def roles_html(roles: tuple[str, ...]) -> str:
    return ", ".join(f"<span class='role role-{code_class(r)}'>{escape(r)}</span>" for r in roles)


def body_goals_html(goals: list[Role], names: PageNames) -> str:
    """Return the goals a body answers for or contributes to, with its role."""
    head = (
        "<section aria-labelledby='mal-ansvar'>"
        "<h2 id='mal-ansvar'>Mål som organet ansvarar för</h2>"
    )
    if not goals:
        return f"{head}<p>Grafen ger inte organet ansvar för något mål.</p></section>"
    rows = "".join(
        f"<tr><td>{names.link(g.iri)}</td><td>{roles_html(g.roles)}</td></tr>" for g in goals
    )
    return (
        f"{head}<table class='data goals'><caption>Huvudansvarig och ansvarig: enligt "
        "kommunfullmäktiges fördelning av ansvaret för målen. Bidrar: organet anger ett "
        "målbidrag i sin plan.</caption><thead><tr><th scope='col'>Mål</th>"
        f"<th scope='col'>Roll</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def assignment_row(item: Role, state: State | None, names: PageNames) -> str:
    status = (
        status_html(state.status, names, english=False)
        if state and state.status
        else "<span class='muted'>ingen rapport</span>"
    )
    dues = ", ".join(
        f"<time datetime='{escape(d)}'>{escape(d)}</time>"
        for d in (state.due_dates if state else [])
    )
    return (
        f"<tr><td>{names.link(item.iri)}</td><td>{roles_html(item.roles)}</td>"
        f"<td>{status}</td><td>{dues or '–'}</td></tr>"
    )


def body_assignments_html(
    assignments: list[Role], states: Mapping[str, State], names: PageNames
) -> str:
    """Return the assignments a body has a part in, with their status and due dates."""
    head = "<section aria-labelledby='organets-uppdrag'><h2 id='organets-uppdrag'>Uppdrag</h2>"
    if not assignments:
        return f"{head}<p>Organet har inga uppdrag i grafen.</p></section>"
    rows = "".join(assignment_row(a, states.get(a.iri), names) for a in assignments)
    return (
        f"{head}<table class='data assignments'><caption>Uppdrag där organet har en roll, "
        "med den aktuella statusen (den senaste statusrapportens) och datum för "
        "återrapportering.</caption><thead><tr><th scope='col'>Uppdrag</th>"
        "<th scope='col'>Roll</th><th scope='col'>Aktuell status</th>"
        f"<th scope='col'>Återrapporteras</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def goal_bodies_html(d: Page) -> str:
    """Return the lead of a goal's page: its main responsible and responsible bodies."""
    main = {str(b) for b in d.graph.objects(d.iri, STYR.mainResponsibleBody)}
    others = {str(b) for b in d.graph.objects(d.iri, STYR.responsibleBody)} - main
    if not main and not others:
        return ""

    def group(title: str, bodies: set[str]) -> str:
        if not bodies:
            return ""
        ordered = sorted(bodies, key=lambda b: (d.names.name(b).casefold(), b))
        links = ", ".join(d.names.link(b) for b in ordered)
        return f"<div><dt>{escape(title)}</dt><dd>{links}</dd></div>"

    groups = group("Huvudansvariga organ", main) + group("Ansvariga organ", others)
    return (
        f"<dl class='lead responsibility'>{groups}</dl>"
        "<p class='note'>Enligt kommunfullmäktiges fördelning av ansvaret för målen; "
        "var det står visar <a href='#kallor'>Källor</a>.</p>"
    )


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
