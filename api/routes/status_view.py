"""What has become of assignments and who answers for goals, for the pages and the API.

An assignment's page leads with its current status (``styr:currentStatus``, the latest
status report's) and its due dates, and lists its status history: every
``styr:StatusReport`` on it, undated ones first (a dated report outranks them, as the
loader decides the current status), then by date, each with its document and the quote it
was read from. A body's page lists the goals it answers for (the named query
``goals_of_body``) and its assignments (the named query ``assignments_by_body``) with
their current status and due dates. A goal's page names its main responsible and
responsible bodies.

The data functions take the store and return plain records, which :mod:`.resources` turns
into JSON; the ``*_html`` functions render them with the page's :class:`~.pages.Names`.
Code labels (``kod:uppdragsstatus``) come from the code lists through ``Names``, as they are
not in the store. Nothing here imports :mod:`.pages` or :mod:`.resources` at run time.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from loaders.vocab import STYR

from ..catalogue import NamedQuery
from ..store import Rows, Store

if TYPE_CHECKING:
    from fastapi import Request

    from .pages import Description, Names

LOG = logging.getLogger("styrgraf")

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
"""
#: The status reports on assignment ``?e``, one row per report and piece of evidence.
HISTORY = (
    PREFIXES
    + """SELECT ?e ?report ?status ?date ?document ?documentLabel ?lineStart ?lineEnd ?quote ?file
  ?comment
WHERE {
  ?report styr:reportsOn ?e .
  ?report a styr:StatusReport .
  OPTIONAL { ?report styr:assignmentStatus ?status }
  OPTIONAL { ?report styr:statusComment ?comment }
  OPTIONAL { ?report dcterms:date ?date }
  OPTIONAL {
    ?report styr:reportedIn ?document .
    OPTIONAL { ?document rdfs:label ?documentLabel
               FILTER (LANGMATCHES(LANG(?documentLabel), "sv") || LANG(?documentLabel) = "") }
  }
  OPTIONAL {
    ?report prov:qualifiedDerivation ?evidence .
    OPTIONAL { ?evidence styr:lineStart ?lineStart }
    OPTIONAL { ?evidence styr:lineEnd ?lineEnd }
    OPTIONAL { ?evidence styr:quote ?quote }
    OPTIONAL { ?evidence styr:sourceText/dcterms:title ?file }
  }
}"""
)
#: The due dates of assignment ``?e``'s reporting requirements.
DUE = (
    PREFIXES
    + """SELECT ?e ?requirement ?exact ?by ?mode
WHERE {
  ?e styr:hasReportingRequirement ?requirement .
  OPTIONAL { ?requirement styr:dueDate ?exact }
  OPTIONAL { ?requirement styr:dueBy ?by }
  OPTIONAL { ?requirement styr:reportingMode ?mode }
}"""
)
#: The current status and due dates of the assignments body ``?e`` has a part in.
STATES = (
    PREFIXES
    + """SELECT ?e ?assignment ?status ?requirement ?exact ?by
WHERE {
  ?assignment styr:responsibleBody|styr:cooperatingBody|styr:supportingBody
    |styr:dependsOnBody|styr:involvedBody ?e .
  ?assignment a styr:Assignment .
  { ?assignment styr:currentStatus ?status }
  UNION
  { ?assignment styr:hasReportingRequirement ?requirement .
    OPTIONAL { ?requirement styr:dueDate ?exact }
    OPTIONAL { ?requirement styr:dueBy ?by } }
}"""
)
GOALS_QUERY = "goals_of_body"
ASSIGNMENTS_QUERY = "assignments_by_body"
#: Roles, strongest first: a body's part in a goal (goals_of_body) and in an assignment
#: (assignments_by_body).
GOAL_ROLES = ("huvudansvarig", "ansvarig", "bidrar")
ASSIGNMENT_ROLES = ("ansvarig", "i samverkan", "stödjande", "beroende av", "berörd")
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
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Quotes longer than this are shown as an excerpt around the assignment's words.
LONG_QUOTE = 280
#: Characters of context either side of the assignment's words in an excerpt.
CONTEXT = 120
#: The fewest leading words of an assignment's name that identify it in a quote.
MIN_WORDS = 3


# --- records ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Report:
    """One status report on an assignment."""

    iri: str
    status: str | None
    date: str | None
    document: str | None
    document_label: Literal | None
    line_start: int | None
    line_end: int | None
    quote: str | None
    file: str | None
    comment: str | None = None  # what the report says of the status, in its words


@dataclass(frozen=True)
class Due:
    """A reporting requirement's due date: exact (``styr:dueDate``) or the end of a period."""

    date: str
    exact: bool
    mode: str | None


@dataclass
class State:
    """An assignment's current status and due dates, as a body's list shows them."""

    status: str | None = None
    due_dates: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Role:
    """A goal or an assignment a body has a part in, with its roles (strongest first)."""

    iri: str
    label: Literal | None
    roles: tuple[str, ...]
    number: int | None = None

    @property
    def role(self) -> str:
        return self.roles[0] if self.roles else ""


# --- reading the store -----------------------------------------------------------------------
def day(term: Node | None) -> str | None:
    """Return an xsd:date literal as ``YYYY-MM-DD`` (None for anything else)."""
    text = str(term) if isinstance(term, Literal) else ""
    return text[:10] if DATE.match(text) else None


def whole(term: Node | None) -> int | None:
    try:
        return int(str(term)) if isinstance(term, Literal) else None
    except ValueError:
        return None


def text(term: Node | None) -> str | None:
    return str(term) if term is not None else None


def iri(term: Node | None) -> str | None:
    return str(term) if isinstance(term, URIRef) else None


def label(term: Node | None) -> Literal | None:
    return term if isinstance(term, Literal) else None


def history_order(report: Report) -> tuple[bool, str, int, str]:
    """Undated reports first (any dated one outranks them), then by date and line."""
    line = report.line_start if report.line_start is not None else 1 << 30
    return (report.date is not None, report.date or "", line, report.iri)


async def status_history(store: Store, assignment: URIRef, limit: int | None) -> list[Report]:
    """Return the status reports on ``assignment``, oldest first; one per report (its
    first piece of evidence)."""
    rows: Rows = await store.select_async(HISTORY, {"e": assignment}, limit)
    found: dict[str, Report] = {}
    for row in rows.rows:
        report = Report(
            iri=str(row["report"]),
            status=iri(row.get("status")),
            date=day(row.get("date")),
            document=iri(row.get("document")),
            document_label=label(row.get("documentLabel")),
            line_start=whole(row.get("lineStart")),
            line_end=whole(row.get("lineEnd")),
            quote=text(row.get("quote")),
            file=text(row.get("file")),
            comment=text(row.get("comment")),
        )
        known = found.get(report.iri)
        if known is None or history_order(report) < history_order(known):
            found[report.iri] = report
    return sorted(found.values(), key=history_order)


async def due_dates(store: Store, assignment: URIRef, limit: int | None) -> list[Due]:
    """Return the due dates of ``assignment``'s reporting requirements, earliest first."""
    rows: Rows = await store.select_async(DUE, {"e": assignment}, limit)
    found: set[Due] = set()
    for row in rows.rows:
        exact, by = day(row.get("exact")), day(row.get("by"))
        when = exact or by
        if when:
            found.add(Due(when, exact is not None, iri(row.get("mode"))))
    return sorted(found, key=lambda d: (d.date, not d.exact, d.mode or ""))


async def assignment_states(store: Store, body: URIRef, limit: int | None) -> dict[str, State]:
    """Return the current status and due dates of each assignment ``body`` has a part in."""
    rows: Rows = await store.select_async(STATES, {"e": body}, limit)
    states: dict[str, State] = defaultdict(State)
    dues: dict[str, set[str]] = defaultdict(set)
    for row in rows.rows:
        assignment = str(row["assignment"])
        state = states[assignment]
        status = iri(row.get("status"))
        if status is not None:
            state.status = min(status, state.status or status)
        when = day(row.get("exact")) or day(row.get("by"))
        if when:
            dues[assignment].add(when)
    for assignment, dates in dues.items():
        states[assignment].due_dates = sorted(dates)
    return dict(states)


async def named_rows(
    store: Store, catalogue: Mapping[str, NamedQuery], name: str, body: URIRef, limit: int | None
) -> Rows | None:
    """Run the named query ``name`` for ``body``; None when the catalogue lacks it."""
    query = catalogue.get(name)
    if query is None:
        LOG.warning("the named query %s is missing: the body page leaves its section out", name)
        return None
    rows: Rows = await store.select_async(query.text, {"body": body}, limit)
    return rows


def roles_of(value: Node | None, order: tuple[str, ...]) -> tuple[str, ...]:
    """Return the roles of a GROUP_CONCAT cell, strongest (first in ``order``) first."""
    found = {r.strip() for r in str(value or "").split(",") if r.strip()}
    return tuple(sorted(found, key=lambda r: (order.index(r) if r in order else len(order), r)))


def role_order(order: tuple[str, ...]) -> Callable[[Role], tuple[int, int, str, str]]:
    """Return the sort key of roles: strongest role first, then goal number and label."""

    def key(item: Role) -> tuple[int, int, str, str]:
        rank = order.index(item.role) if item.role in order else len(order)
        number = item.number if item.number is not None else 1 << 30
        return (rank, number, str(item.label or "").casefold(), item.iri)

    return key


async def goals_of_body(
    store: Store, catalogue: Mapping[str, NamedQuery], body: URIRef, limit: int | None
) -> list[Role]:
    """Return the goals ``body`` answers for or contributes to (``goals_of_body.rq``),
    main responsibility first."""
    rows = await named_rows(store, catalogue, GOALS_QUERY, body, limit)
    goals = [
        Role(
            str(row["goal"]),
            label(row.get("label")),
            roles_of(row.get("roles"), GOAL_ROLES),
            whole(row.get("goalNumber")),
        )
        for row in (rows.rows if rows else [])
        if isinstance(row.get("goal"), URIRef)
    ]
    return sorted(goals, key=role_order(GOAL_ROLES))


async def assignments_of_body(
    store: Store, catalogue: Mapping[str, NamedQuery], body: URIRef, limit: int | None
) -> list[Role]:
    """Return the assignments ``body`` has a part in (``assignments_by_body.rq``),
    those it is responsible for first."""
    rows = await named_rows(store, catalogue, ASSIGNMENTS_QUERY, body, limit)
    found = [
        Role(
            str(row["assignment"]),
            label(row.get("label")),
            roles_of(row.get("roles"), ASSIGNMENT_ROLES),
        )
        for row in (rows.rows if rows else [])
        if isinstance(row.get("assignment"), URIRef)
    ]
    return sorted(found, key=role_order(ASSIGNMENT_ROLES))


# --- HTML ------------------------------------------------------------------------------------
def code_class(code: str) -> str:
    """Return a CSS class for a code (its last IRI segment, letters, digits and dashes)."""
    return re.sub(r"[^a-z0-9-]", "", code.rstrip("/").rsplit("/", 1)[-1].lower()) or "annan"


def status_html(
    status: str | None, names: Names, *, capital: bool = False, english: bool = True
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


def due_html(due: Due, names: Names) -> str:
    when = f"<time datetime='{escape(due.date)}'>{escape(due.date)}</time>"
    shown = when if due.exact else f"senast {when}"
    mode = f" ({escape(names.name(due.mode))})" if due.mode else ""
    return f"<dd>{shown}{mode}</dd>"


def current_status_html(d: Description, reports: list[Report]) -> str:
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


def assignment_lead_html(d: Description, reports: list[Report], dues: list[Due]) -> str:
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


def report_row(report: Report, names: Names, focus: str) -> str:
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


def history_html(reports: list[Report], names: Names, focus: str) -> str:
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


def body_goals_html(goals: list[Role], names: Names) -> str:
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


def assignment_row(item: Role, state: State | None, names: Names) -> str:
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
    assignments: list[Role], states: Mapping[str, State], names: Names
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


def goal_bodies_html(d: Description) -> str:
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


def is_body(d: Description) -> bool:
    """Return whether goals or assignments name the entity as a body."""
    return any(str(p) in BODY_LINKS for _, p in d.incoming)


async def assignment_extra(store: Store, d: Description, limit: int | None) -> Extra:
    reports = await status_history(store, d.iri, limit)
    dues = await due_dates(store, d.iri, limit)
    for report in reports:
        if report.document:
            d.names.add(URIRef(report.document), report.document_label)
    focus = d.names.name(str(d.iri))
    return Extra(assignment_lead_html(d, reports, dues), history_html(reports, d.names, focus))


async def body_extra(request: Request, d: Description, limit: int | None) -> Extra:
    store: Store = request.app.state.store
    catalogue: Mapping[str, NamedQuery] = request.app.state.catalogue
    goals = await goals_of_body(store, catalogue, d.iri, limit)
    assignments = await assignments_of_body(store, catalogue, d.iri, limit)
    states = await assignment_states(store, d.iri, limit)
    for item in [*goals, *assignments]:
        d.names.add(URIRef(item.iri), item.label)
    after = body_goals_html(goals, d.names) + body_assignments_html(assignments, states, d.names)
    return Extra(after=after)


async def extra_sections(request: Request, d: Description, limit: int | None) -> Extra:
    """Return the status and responsibility sections of an entity's page (none for most)."""
    if (d.iri, RDF.type, STYR.Assignment) in d.graph:
        return await assignment_extra(request.app.state.store, d, limit)
    if (d.iri, RDF.type, STYR.Goal) in d.graph:
        return Extra(lead=goal_bodies_html(d))
    if is_body(d):
        return await body_extra(request, d, limit)
    return Extra()
