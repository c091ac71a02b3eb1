"""``/`` the dashboard and ``/findings`` the last validation run: pages (HTML, Swedish).

The dashboard says what the site holds: the documents loaded (the store's named graphs,
one per document), the goals, assignments, bodies and status reports (the goals,
assignments and bodies as ``/api/goals``, ``/api/assignments`` and ``/api/bodies`` count
them), the next dates of the reporting calendar (:mod:`.calendar`'s events, the same as
``/api/calendar``), a summary of the last validation run, and where to go next.

``/findings`` shows the last validation run, the report ``styrgraf validate DATA`` wrote
beside the data (``validation-report.ttl``, as ``/api/validation`` serves it), grouped as
the command's text report groups it (:mod:`api.report`): by rule, worst severity first,
then by responsible body. Each finding is explained as :func:`api.findings.explain` does
on the command line (the entity's label, the body, the message, the values and the
source document, lines and quote), here from the store: the facts about the findings'
entities are read from it, and a SPARQL rule's figures (``?sum``, ``?expected``) come
from running the rule's query on the store for the entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from loaders.dates import MONTHS as DATE_MONTHS
from loaders.resources import shapes_dir

from ..findings import explain, rule_key, rule_labels, rule_of, rule_query, term_text
from ..render import build_date, render
from ..report import DETAIL_NAMES, SEVERITY_RANK, STYRV, counts, grouped
from ..services import StoreDep, services
from ..shacl import Finding, Report
from ..validate import REPORT_STEM, load_shapes
from .assignment_items import select_assignments
from .bodies import select_bodies
from .calendar_events import select_events
from .facts import PREFIXES, number, select, sort_key
from .goals import select_goals
from .labels import page_of

router = APIRouter()

#: How many coming dates the dashboard lists.
UPCOMING = 6
MONTHS = tuple(DATE_MONTHS)  # januari … december
SEVERITY = {
    SH.Violation: ("violation", "Fel"),
    SH.Warning: ("warning", "Varning"),
    SH.Info: ("info", "Information"),
}
#: The links a finding's facts are read along: the paths api.findings follows for the
#: responsible body and the sources (:data:`api.findings.BODY_PATHS`, ``_sources``).
LINKS = (
    "styr:responsibleBody",
    "styr:reportingBody",
    "styr:contributingBody",
    "styr:forAssignment",
    "styr:statedIn",
    "styr:listedIn",
    "prov:wasDerivedFrom",
    "prov:qualifiedDerivation",
    "prov:entity",
    "dcterms:subject",
    "styr:sourceText",
)
KEPT = (
    "rdf:type",
    "rdfs:label",
    "skos:prefLabel",
    "dcterms:title",
    "styr:quote",
    "styr:lineStart",
    "styr:lineEnd",
    "styr:pageStart",
    *LINKS,
)
FACTS = (
    PREFIXES
    + """SELECT DISTINCT ?s ?p ?o
WHERE {
  VALUES ?focus { %s }
  ?focus (%s)* ?s .
  ?s ?p ?o .
  FILTER (?p IN (%s))
}"""
)
DOCUMENTS = (
    PREFIXES
    + """SELECT ?g ?d ?file ?l
WHERE {
  GRAPH ?g { ?d a styr:SteeringDocument . OPTIONAL { ?d dcterms:source ?file } }
  OPTIONAL { ?d rdfs:label ?l }
}"""
)
STATUS_REPORTS = (
    PREFIXES
    + """SELECT (COUNT(DISTINCT ?r) AS ?n)
WHERE { ?r a styr:StatusReport . }"""
)


@cache
def shapes_graph() -> Graph:
    """Return the SHACL shapes ``styrgraf validate`` uses by default (read once)."""
    return load_shapes(shapes_dir())


def today() -> date:
    """Return today's date; the build date while a static site is written, so the site
    is the same whichever day it is built (tests replace it)."""
    return build_date() or date.today()


def swedish_date(day: str, year: bool = True) -> str:
    """Return ``2025-04-23`` as "23 april 2025" (or "23 april"); other text unchanged."""
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        return day
    text = f"{parsed.day} {MONTHS[parsed.month - 1]}"
    return f"{text} {parsed.year}" if year else text


NUMBER = re.compile(r"-?\d+(\.\d+)?")


def swedish_number(text: str) -> str:
    """Return a plain decimal number in Swedish form (``1234.5`` → ``1 234,5``), else
    ``text`` unchanged."""
    if not NUMBER.fullmatch(text):
        return text
    whole, _, fraction = text.partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    grouped = f"{int(digits):,}".replace(",", "\u00a0") if len(digits) > 4 else digits
    return sign + grouped + ("," + fraction if fraction else "")


# --- the last validation run -----------------------------------------------------------------
def report_file(request: Request) -> Path | None:
    """Return the validation report beside the data (as ``/api/validation`` finds it)."""
    data = services(request).settings.data
    for folder in (p if p.is_dir() else p.parent for p in data):
        file: Path = folder / f"{REPORT_STEM}.ttl"
        if file.exists():
            return file
    return None


@dataclass
class Run:
    """The last validation run: when, what, the counts and the findings."""

    file: Path
    created: str | None
    what: str | None
    engine: str | None
    conforms: bool
    findings: list[Any]
    counts: dict[str, int]


def read_run(request: Request) -> Run | None:
    """Return the last validation run read from its report, or None when there is none."""
    file = report_file(request)
    if file is None:
        return None
    graph = Graph().parse(file, format="turtle")
    node = graph.value(None, RDF.type, SH.ValidationReport)
    findings = []
    for result in graph.objects(node, SH.result):
        focus, severity = graph.value(result, SH.focusNode), graph.value(result, SH.resultSeverity)
        shape = graph.value(result, SH.sourceShape)
        if focus is None or not isinstance(severity, URIRef) or shape is None:
            continue
        component = graph.value(result, SH.sourceConstraintComponent)
        messages = tuple(
            m for m in graph.objects(result, SH.resultMessage) if isinstance(m, Literal)
        )
        findings.append(
            Finding(
                focus=focus,
                severity=severity,
                source_shape=shape,
                component=component if isinstance(component, URIRef) else SH.Violation,
                path=graph.value(result, SH.resultPath),
                value=graph.value(result, SH.value),
                messages=messages,
            )
        )

    def text(predicate: URIRef) -> str | None:
        value = graph.value(node, predicate)
        return str(value) if value is not None else None

    report = Report(findings, engine=text(STYRV.engine) or "")
    return Run(
        file=file,
        created=text(URIRef("http://purl.org/dc/terms/created")),
        what=text(URIRef("http://purl.org/dc/terms/description")),
        engine=text(STYRV.engine),
        conforms=not findings,
        findings=findings,
        counts=counts(report),
    )


async def entity_facts(request: Request, focus: list[URIRef]) -> Graph:
    """Return what the store says about the findings' entities that explaining needs:
    labels, responsible bodies, documents and evidence (lines, pages, quotes)."""
    graph = Graph()
    if not focus:
        return graph
    values = " ".join(f"<{iri}>" for iri in sorted(set(focus)))
    query = FACTS % (values, "|".join(LINKS), ", ".join(KEPT))
    rows = await select(request, query)
    for row in rows.rows:
        s, p, o = row.get("s"), row.get("p"), row.get("o")
        if s is not None and isinstance(p, URIRef) and o is not None:
            graph.add((s, p, o))
    return graph


async def details(request: Request, shapes: Graph, finding: Any) -> dict[str, str]:
    """Return the extra figures a SPARQL rule selects for this finding (``?sum``,
    ``?expected``), running the rule's query on the store (as api.findings does)."""
    if not isinstance(finding.focus, URIRef) or not isinstance(finding.source_shape, URIRef):
        return {}
    constraints = list(shapes.objects(finding.source_shape, SH.sparql))
    if len(constraints) != 1:
        return {}
    text = rule_query(shapes, constraints[0])
    if text is None:
        return {}
    try:
        rows = await select(request, text, {"this": finding.focus})
    except Exception:  # a rule the store cannot run only loses its figures
        return {}
    for row in rows.rows:
        value = row.get("value")
        if finding.value is not None and (value is None or value != finding.value):
            if not (isinstance(value, Literal) and isinstance(finding.value, Literal)):
                continue
            if value.toPython() != finding.value.toPython():
                continue
        return {
            str(k): term_text(v)
            for k, v in row.items()
            if str(k) not in {"this", "value", "path"} and v is not None
        }
    return {}


def shown_value(value: str) -> str:
    return swedish_number(value)


async def explained_groups(request: Request, run: Run) -> list[dict[str, Any]]:
    """Return the run's findings grouped by rule, then by responsible body (as the CLI's
    text report), each explained for a reader."""
    shapes = shapes_graph()
    focus = [f.focus for f in run.findings if isinstance(f.focus, URIRef)]
    data = await entity_facts(request, focus)
    items = explain(Report(run.findings, engine=run.engine or ""), data, shapes, "sv")
    for item in items:
        item.details = await details(request, shapes, item.finding)
    base = services(request).settings.base_iri
    names = DETAIL_NAMES["sv"]
    groups: list[dict[str, Any]] = []
    for first, bodies in grouped(items):
        css, severity = SEVERITY.get(first.finding.severity, ("violation", "Fel"))
        rule = rule_key(first.rule, first.finding)
        groups.append(
            {
                "severity": severity,
                "css": css,
                "rule": rule,
                "anchor": rule_anchor(rule),
                "label": first.rule_label.get("sv", ""),
                "label_en": first.rule_label.get("en", ""),
                "total": sum(len(group) for group in bodies.values()),
                "bodies": [
                    {
                        "name": body,
                        "findings": [
                            {
                                "iri": str(item.finding.focus),
                                "page": page_of(str(item.finding.focus), base),
                                "label": item.label,
                                "message": item.message("sv"),
                                "message_en": item.message("en"),
                                "shown": [shown_value(v) for v in item.values],
                                "figures": [
                                    (names.get(k, k), shown_value(v))
                                    for k, v in sorted(item.details.items())
                                ],
                                "sources": item.sources,
                            }
                            for item in group
                        ],
                    }
                    for body, group in bodies.items()
                ],
            }
        )
    return groups


def run_summary(run: Run | None) -> dict[str, Any] | None:
    """Return what the dashboard and the findings page say about a run."""
    if run is None:
        return None
    created = run.created or ""
    day, _, clock = created.partition("T")
    return {
        "created": created,
        "created_text": f"{swedish_date(day)} kl. {clock[:5]}" if clock else swedish_date(day),
        "what": run.what,
        "engine": run.engine,
        "conforms": run.conforms,
        "total": len(run.findings),
        "counts": run.counts,
    }


@router.get("/findings", include_in_schema=False)
async def findings(request: Request) -> HTMLResponse:
    """The last validation run's findings, by rule and by responsible body."""
    run = read_run(request)
    groups = await explained_groups(request, run) if run is not None else []
    html = render(
        "findings.html",
        title="Granskning",
        current="/findings",
        run=run_summary(run),
        groups=groups,
    )
    return HTMLResponse(html)


# --- the dashboard ---------------------------------------------------------------------------
async def status_report_count(request: Request) -> int:
    rows = await select(request, STATUS_REPORTS)
    for row in rows.rows:
        value = number(row.get("n"))
        if isinstance(value, int):
            return value
    return 0


def rule_anchor(rule: str) -> str:
    """Return the id of a rule's section on /findings."""
    return "regel-" + re.sub(r"[^A-Za-z0-9]+", "-", rule.rsplit("#", 1)[-1]).strip("-")


def rule_summary(run: Run) -> list[dict[str, Any]]:
    """Return the run's rules with their number of findings, worst severity first."""
    shapes = shapes_graph()
    found: dict[tuple[int, str, str], dict[str, Any]] = {}
    for finding in run.findings:
        rule = rule_of(shapes, finding)
        label = rule_labels(shapes, rule, finding).get("sv", "")
        key = (SEVERITY_RANK.get(finding.severity, 0), label, rule_key(rule, finding))
        css, severity = SEVERITY.get(finding.severity, ("violation", "Fel"))
        entry = found.setdefault(
            key,
            {"label": label, "severity": severity, "css": css, "anchor": rule_anchor(key[2]),
             "total": 0},
        )  # fmt: skip
        entry["total"] += 1
    return [found[key] for key in sorted(found)]


async def documents(request: Request) -> list[dict[str, Any]]:
    """Return the source files loaded, each with the steering documents read from it."""
    rows = await select(request, DOCUMENTS)
    base = services(request).settings.base_iri
    files: dict[str, dict[str, Any]] = {}
    for row in rows.rows:
        graph, document = row.get("g"), row.get("d")
        if graph is None or document is None:
            continue
        entry = files.setdefault(str(graph), {"graph": str(graph), "file": None, "documents": {}})
        if row.get("file") is not None:
            entry["file"] = str(row.get("file"))
        label = row.get("l")
        known = entry["documents"].get(str(document))
        if known is None or (isinstance(label, Literal) and label.language in (None, "", "sv")):
            entry["documents"][str(document)] = {
                "iri": str(document),
                "label": str(label) if label is not None else str(document),
                "page": page_of(str(document), base),
            }
    out = []
    for entry in sorted(files.values(), key=lambda e: e["file"] or e["graph"]):
        docs = sorted(entry["documents"].values(), key=lambda d: sort_key(d["label"]))
        out.append({**entry, "documents": docs})
    return out


def event_row(event: dict[str, Any]) -> dict[str, Any]:
    """Return a calendar event with its date in Swedish, for a page."""
    return {**event, "date_text": swedish_date(event["date"])}


@router.get("/", include_in_schema=False)
async def dashboard(request: Request, store: StoreDep) -> HTMLResponse:
    """The home page: what the graph holds, what is due next, what the last run found."""
    graphs = store.graphs()
    goal_items, _ = await select_goals(request)
    assignments = await select_assignments(request)
    bodies, _ = await select_bodies(request)
    reports = await status_report_count(request)
    events, _, _ = await select_events(request, None, "any", None, None, None)
    now = today().isoformat()
    coming = [event_row(e) for e in events if e["date"] >= now][:UPCOMING]
    past = [event_row(e) for e in events if e["date"] < now][-UPCOMING:]
    run = read_run(request)
    sources = await documents(request)
    html = render(
        "dashboard.html",
        title="Start",
        current="/",
        documents=len(graphs),
        sources=sources,
        counts={
            "goals": len(goal_items),
            "assignments": len(assignments.items),
            "bodies": len(bodies),
            "status_reports": reports,
            "findings": len(run.findings) if run is not None else None,
        },
        goals=goal_items,
        coming=coming,
        past=list(reversed(past)),
        today=swedish_date(now),
        events=len(events),
        run=run_summary(run),
        rules=rule_summary(run) if run is not None else [],
    )
    return HTMLResponse(html)
