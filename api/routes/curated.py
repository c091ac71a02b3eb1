"""What an entity's page leads with, by the entity's kind: the facts people come for.

- A goal: its text once (when it says more than the heading), what it is numbered and
  where it stands; the bodies that work for it, its assignments, its goal contributions
  and directions, the steering documents that support it (from its support chain,
  :mod:`.chain`) and its indicators.
- An assignment: its text, its bodies by role, who gave it, where it comes from and
  where it stands; :mod:`.status_view` adds its status and reporting dates.
- A risk: its descriptions, consequences and follow-up, and its actions once, each with
  its status.
- A political body: its other names and what it is part of; :mod:`.status_view` adds
  the goals it answers for and its assignments.
- A budget table: its amounts as a table, rows by budget area and line in the order the
  document gives them, a column per year and phase.

Other kinds get their text and nothing more here. What is not curated stays on the page,
in its "all properties" section (:mod:`.entity_view`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from fastapi import Request
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS
from rdflib.term import Node

from loaders.ontology import ontology
from loaders.vocab import ORG, STYR

from .chain import Chain
from .describe import Description, select
from .names import Names, Shown, local_name, shown

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX obm: <http://data.openbudgets.eu/ontology/dsd/measure/>
PREFIX obd: <http://data.openbudgets.eu/ontology/dsd/dimension/>
PREFIX dpv: <https://w3id.org/dpv#>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
"""
#: The observations of budget table ``?e``, with the line each was read from.
BUDGET_TABLE = (
    PREFIXES
    + """SELECT ?e ?obs ?amount ?area ?areaLabel ?line ?lineLabel ?year ?phase ?start
WHERE {
  ?obs qb:dataSet ?e ;
    obm:amount ?amount .
  OPTIONAL { ?obs obd:administrativeClassification ?area .
             OPTIONAL { ?area rdfs:label ?areaLabel } }
  OPTIONAL { ?obs obd:economicClassification ?line .
             OPTIONAL { ?line rdfs:label ?lineLabel } }
  OPTIONAL { ?obs obd:fiscalYear ?year }
  OPTIONAL { ?obs obd:budgetPhase ?phase }
  OPTIONAL { ?obs prov:qualifiedDerivation/styr:lineStart ?start }
}"""
)
#: The actions of risk ``?e`` (``styr:hasAction`` and ``dpv:isMitigatedByMeasure`` name
#: the same ones), with their whole text (the label may be cut short), status and line.
RISK_ACTIONS = (
    PREFIXES
    + """SELECT ?e ?action ?label ?text ?status ?start
WHERE {
  { ?e styr:hasAction ?action } UNION { ?e dpv:isMitigatedByMeasure ?action }
  OPTIONAL { ?action rdfs:label ?label }
  OPTIONAL { ?action styr:text ?text }
  OPTIONAL { ?action styr:actionStatus ?status }
  OPTIONAL { ?action prov:qualifiedDerivation/styr:lineStart ?start }
}"""
)
#: The indicators of goal ``?e``: linked to it, or to what contributes to it.
INDICATORS = (
    PREFIXES
    + """SELECT ?e ?indicator ?label
WHERE {
  ?indicator a styr:Indicator .
  { ?indicator ?link ?e } UNION { ?indicator ?link ?item . ?item styr:contributesTo ?e }
  OPTIONAL { ?indicator rdfs:label ?label }
}"""
)
#: Budget phases (the OpenBudgets.eu code list's last segment) as a column says them.
PHASES = {"approved": "Budget", "draft": "Förslag", "revised": "Reviderad budget",
          "executed": "Utfall"}  # fmt: skip
#: The texts a page shows, once each: (heading, properties) by kind.
TEXTS: dict[URIRef, list[tuple[str | None, list[URIRef]]]] = {
    STYR.Risk: [
        ("Riskbeskrivning", [STYR.riskDescription]),
        ("Konsekvenser", [STYR.consequenceDescription]),
        ("Uppföljning", [STYR.followUpText]),
    ],
}
PLAIN_TEXT: list[tuple[str | None, list[URIRef]]] = [
    (None, [STYR.text, DCTERMS.description, STYR.sectionText])
]
#: The facts a page leads with: (label, properties) by kind.
FACTS: dict[URIRef, list[tuple[str, list[URIRef]]]] = {
    STYR.Goal: [
        ("Målnummer", [STYR.goalNumber]),
        ("Ingår i", [SKOS.inScheme]),
        ("Står i", [PROV.wasDerivedFrom]),
    ],
    STYR.Assignment: [
        ("Ansvarigt organ", [STYR.responsibleBody]),
        ("I samverkan med", [STYR.cooperatingBody]),
        ("Stödjande organ", [STYR.supportingBody]),
        ("Beroende av", [STYR.dependsOnBody]),
        ("Berörda organ", [STYR.involvedBody]),
        ("Givet av", [STYR.assignedBy]),
        ("Ursprung", [STYR.origin]),
        ("Givet år", [STYR.originYear]),
        ("Står i", [STYR.listedIn]),
    ],
    STYR.Risk: [
        ("Riskområde", [STYR.riskArea]),
        ("Följs upp i", [STYR.followedUpIn]),
        ("Står i", [STYR.listedIn]),
    ],
    STYR.PoliticalBody: [
        ("Annan benämning", [SKOS.altLabel]),
        ("Del av", [ORG.subOrganizationOf]),
    ],
    STYR.BudgetDataSet: [
        ("Budgetår", [STYR.budgetYear]),
        ("Enhet", [STYR.unit]),
        ("Står i", [PROV.wasDerivedFrom]),
        ("Avsnitt", [STYR.inSection]),
    ],
}


@dataclass(frozen=True)
class Fact:
    label: str
    values: list[Shown]


@dataclass(frozen=True)
class Listing:
    """A section that lists entities: its anchor, heading, items and what to say of none."""

    anchor: str
    heading: str
    items: list[Shown]
    empty: str


@dataclass(frozen=True)
class Action:
    item: Shown
    status: Shown | None


@dataclass(frozen=True)
class Cell:
    """An amount as the data gives it (``-580.6``), and the page of its observation."""

    amount: str
    href: str | None
    title: str


@dataclass(frozen=True)
class TableRow:
    line: Shown
    cells: list[Cell | None]


@dataclass(frozen=True)
class RowGroup:
    area: Shown | None
    rows: list[TableRow]


@dataclass(frozen=True)
class BudgetTable:
    caption: str
    columns: list[str]
    groups: list[RowGroup]
    #: Decimals every amount is written with: the most any amount has (a store may
    #: write ``124.0`` as ``124``, the document's ``124,0``).
    places: int = 0


@dataclass
class Curated:
    """What a page leads with; ``full`` says the page is curated, so its list of all
    properties can stay collapsed."""

    full: bool = False
    texts: list[tuple[str | None, list[Shown]]] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    table: BudgetTable | None = None


def kind_of(d: Description) -> URIRef | None:
    """Return the curated kind the entity is of (by its types and their superclasses)."""
    types = [str(t) for t in d.graph.objects(d.iri, RDF.type)]
    return next((k for k in FACTS if any(ontology().is_a(t, str(k)) for t in types)), None)


def texts(
    d: Description, wanted: Sequence[tuple[str | None, list[URIRef]]]
) -> list[tuple[str | None, list[Shown]]]:
    """Return the entity's texts under their headings, each text once, and none that only
    repeats the page's heading."""
    title = d.names.name(str(d.iri))
    seen = {title}
    out: list[tuple[str | None, list[Shown]]] = []
    for heading, predicates in wanted:
        values = [v for p in predicates for v in d.graph.objects(d.iri, p)]
        found = []
        for value in sorted(values, key=lambda v: (not is_swedish(v), str(v))):
            if isinstance(value, Literal) and str(value) not in seen:
                seen.add(str(value))
                found.append(shown(value, d.names))
        if found:
            out.append((heading, found))
    return out


def is_swedish(value: Node) -> bool:
    return isinstance(value, Literal) and (value.language or "sv").lower().startswith("sv")


def facts(d: Description, wanted: Sequence[tuple[str, list[URIRef]]]) -> list[Fact]:
    """Return the facts that the entity has, each value once, by name."""
    out = []
    for label, predicates in wanted:
        values = {v for p in predicates for v in d.graph.objects(d.iri, p)}
        if values:
            ordered = sorted(values, key=lambda v: (d.names.name(str(v)).casefold(), str(v)))
            out.append(Fact(label, [shown(v, d.names) for v in ordered]))
    return out


def goal_listings(chain: Chain, names: Names, indicators: list[Shown]) -> list[Listing]:
    """Return a goal's bodies, assignments, contributions, documents and indicators."""

    def listed(items: list[URIRef], note: dict[URIRef, str]) -> list[Shown]:
        return [shown(i, names, note.get(i)) for i in items]

    stated = {i: f"i {where}" for i, where in chain.stated_in.items()}
    assignments = [a for a in chain.actions if chain.kinds.get(a) == "uppdrag"]
    others = [a for a in chain.actions if a not in assignments]
    bodies = sorted(
        {b for bs in chain.bodies.values() for b in bs},
        key=lambda b: (names.name(str(b)).casefold(), str(b)),
    )
    return [
        Listing("organ", "Organ som arbetar för målet", listed(bodies, {}),
                "Inget organ har målbidrag, inriktningar eller uppdrag för målet i grafen."),
        Listing("uppdrag", "Uppdrag", listed(assignments, stated),
                "Inga uppdrag i grafen bidrar till målet."),
        Listing("malbidrag", "Målbidrag och inriktningar", listed(others, stated),
                "Inga målbidrag eller inriktningar i grafen bidrar till målet."),
        Listing("styrdokument", "Styrdokument som stöder målet",
                listed(chain.documents, dict(chain.kinds)),
                "Inga styrdokument i grafen stöder målet."),
        Listing("nyckeltal", "Nyckeltal", indicators, "Inga nyckeltal i grafen hör till målet."),
    ]  # fmt: skip


async def goal_indicators(request: Request, d: Description) -> list[Shown]:
    rows = await select(request, INDICATORS, d.iri)
    found: set[URIRef] = set()
    for row in rows.rows:
        indicator = row.get("indicator")
        if isinstance(indicator, URIRef):
            found.add(indicator)
            d.names.add(indicator, row.get("label"))
    return [shown(i, d.names) for i in sorted(found, key=lambda i: d.names.name(str(i)))]


def line_of(value: Node | None) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 1 << 30


async def risk_actions(request: Request, d: Description) -> list[Action]:
    """Return the risk's actions, each once, in the order the document lists them."""
    rows = await select(request, RISK_ACTIONS, d.iri)
    found: dict[URIRef, tuple[int, URIRef | None]] = {}
    texts: dict[URIRef, str] = {}
    for row in rows.rows:
        action, status, text = row.get("action"), row.get("status"), row.get("text")
        if not isinstance(action, URIRef):
            continue
        d.names.add(action, row.get("label"))
        if isinstance(text, Literal):
            texts[action] = min(texts.get(action, str(text)), str(text))
        start = line_of(row.get("start"))
        known = found.get(action)
        found[action] = (
            min(start, known[0]) if known else start,
            status if isinstance(status, URIRef) else (known[1] if known else None),
        )
    ordered = sorted(found.items(), key=lambda kv: (kv[1][0], str(kv[0])))
    return [
        Action(
            replace(shown(action, d.names), text=texts.get(action) or d.names.name(str(action))),
            shown(status, d.names) if status else None,
        )
        for action, (_, status) in ordered
    ]


def column_name(year: Node | None, phase: Node | None) -> str:
    """Return a column's heading: ``Budget 2025`` (the phase, then the year)."""
    words = []
    if phase is not None:
        words.append(PHASES.get(local_name(str(phase)), local_name(str(phase))))
    if year is not None:
        words.append(local_name(str(year)))
    return " ".join(words) or "Belopp"


def row_name(line: URIRef | None, names: Names) -> Shown:
    return shown(line, names) if line is not None else Shown("–")


async def budget_table(request: Request, d: Description) -> BudgetTable:
    """Return the table's amounts: a row per budget area and line, a column per year and
    phase, in the order of the lines the amounts were read from."""
    rows = await select(request, BUDGET_TABLE, d.iri)
    columns: dict[str, str] = {}
    cells: dict[tuple[str, str], dict[str, Cell]] = defaultdict(dict)
    first: dict[object, int] = {}
    areas: dict[str, URIRef | None] = {}
    lines: dict[tuple[str, str], URIRef | None] = {}
    for row in rows.rows:
        obs, amount = row.get("obs"), row.get("amount")
        if not isinstance(obs, URIRef) or not isinstance(amount, Literal):
            continue
        area, line = row.get("area"), row.get("line")
        if area is not None:
            d.names.add(area, row.get("areaLabel"))
        if line is not None:
            d.names.add(line, row.get("lineLabel"))
        year, phase = row.get("year"), row.get("phase")
        column = f"{year or ''} {phase or ''}"
        columns[column] = column_name(year, phase)
        area_key, line_key = str(area or ""), str(line or "")
        areas[area_key] = area if isinstance(area, URIRef) else None
        lines[(area_key, line_key)] = line if isinstance(line, URIRef) else None
        start = line_of(row.get("start"))
        for key in (area_key, (area_key, line_key)):
            first[key] = min(first.get(key, start), start)
        cells[(area_key, line_key)].setdefault(
            column, Cell(str(amount), d.names.href(str(obs)), d.names.name(str(obs)))
        )
    order = sorted(columns, key=lambda c: (c.split(" ")[0], c))
    groups = []
    for area_key in sorted(areas, key=lambda a: (first[a], a)):
        keys = sorted((k for k in lines if k[0] == area_key), key=lambda k: (first[k], k))
        table_rows = [TableRow(row_name(lines[k], d.names), [cells[k].get(c) for c in order])
                      for k in keys]  # fmt: skip
        area = areas[area_key]
        groups.append(RowGroup(shown(area, d.names) if area is not None else None, table_rows))
    if len(groups) == 1:
        groups = [RowGroup(None, groups[0].rows)]
    title = d.graph.value(d.iri, DCTERMS.title) or d.names.name(str(d.iri))
    places = max((decimals(c.amount) for row in cells.values() for c in row.values()), default=0)
    return BudgetTable(str(title), [columns[c] for c in order], groups, places)


def decimals(amount: str) -> int:
    """Return how many decimals a number's text has (0 for text that is no number)."""
    try:
        exponent = Decimal(amount).as_tuple().exponent
    except InvalidOperation:
        return 0
    return max(0, -exponent) if isinstance(exponent, int) else 0


async def curate(request: Request, d: Description, chain: Chain | None) -> Curated:
    """Return what the entity's page leads with (the store is asked only what the kind
    needs)."""
    kind = kind_of(d)
    found = Curated(
        full=kind is not None, texts=texts(d, TEXTS.get(kind, PLAIN_TEXT) if kind else PLAIN_TEXT)
    )
    if kind is None:
        return found
    found.facts = facts(d, FACTS[kind])
    if kind == STYR.Goal and chain is not None:
        found.listings = goal_listings(chain, d.names, await goal_indicators(request, d))
    elif kind == STYR.Risk:
        found.actions = await risk_actions(request, d)
    elif kind == STYR.BudgetDataSet:
        found.table = await budget_table(request, d)
    return found


def plain(d: Description) -> Curated:
    """Return the texts of an entity read from a file (a term, a code): no store."""
    return Curated(texts=texts(d, PLAIN_TEXT))
