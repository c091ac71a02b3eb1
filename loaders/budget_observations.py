"""Write economy tables as RDF Data Cube data sets, one observation per cell.

Every table becomes a ``styr:BudgetDataSet`` (a ``qb:DataSet``) with its unit, scale,
currency and the structure its unit shares; its budget areas and budget lines become
concepts, and every cell a ``qb:Observation`` with its area, line, year, phase and
amount in mnkr (or in the table's own unit when that is not money). How the cells of a
table add up is :mod:`loaders.budget_sums`'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Literal, URIRef

from .budget_sums import write_sums
from .builder import dec, en, integer, sv
from .codes import code
from .context import Context
from .economy_table import APPROVED, MONEY, Column, Row, Table, to_mnkr
from .ids import slug
from .orgs import orgs_in
from .vocab import (
    OBEU_ATTR,
    OBEU_CODE,
    OBEU_DIM,
    OBEU_MEASURE,
    QB,
    RDF,
    RDFS,
    SDMXA,
    SEK,
    SKOS,
    STYR,
    XSD,
)

YEAR_BASE = "http://reference.data.gov.uk/id/year/"
#: unit names for the structure of a table that is not money (``kod:enhet`` slug -> sv, en)
UNIT_NAMES: dict[str, tuple[str, str]] = {
    "procent": ("procent", "per cent"),
    "antal": ("antal", "counts"),
    "dagar": ("dagar", "days"),
    "arsarbetare": ("årsarbetare", "full-time equivalents"),
}


@dataclass
class Written:
    """What the tables of one document wrote: area concepts and observations."""

    areas: dict[str, URIRef] = field(default_factory=dict)
    observations: dict[tuple[str, str, int, str], URIRef] = field(default_factory=dict)
    concepts_seen: set[URIRef] = field(default_factory=set)


def area_iri(ctx: Context, area: str) -> URIRef:
    """Return the IRI of the budget area ``area`` of the document's municipality."""
    return ctx.mint(ctx.doc.municipality, "budgetomrade", slug(area))


def _concept(
    ctx: Context, written: Written, iri: URIRef, cls: URIRef, label: str, line: int
) -> URIRef:
    """Write a budget area or line concept once per document, with evidence at ``line``."""
    if iri not in written.concepts_seen:
        written.concepts_seen.add(iri)
        ctx.b.node(iri, cls, label)
        ctx.b.add(iri, SKOS.prefLabel, sv(label))
        ctx.b.add(iri, RDF.type, SKOS.Concept)
        ctx.b.evidence(iri, ctx.doc.iri, line, line)
    return iri


def _area(ctx: Context, written: Written, label: str, line: int) -> URIRef:
    """Write the budget area ``label``; link it to the organisation it is named after."""
    iri = area_iri(ctx, label)
    if iri not in written.concepts_seen:
        named = [o for o in orgs_in(label) if o.label.lower() == label.lower()]
        if named:
            ctx.b.add(iri, STYR.correspondsToOrganisation, ctx.org(named[0], line))
    written.areas.setdefault(label.lower(), iri)
    return _concept(ctx, written, iri, STYR.BudgetArea, label, line)


def _write_dataset(ctx: Context, table: Table, iri: URIRef) -> None:
    """Write the data set node with its unit, scale, currency and structure.

    Money is written in mnkr (a table in tkr is converted); a table of per cent, counts,
    days or full-time equivalents keeps its numbers and states its unit; a table whose
    unit is nowhere stated states none.
    """
    b = ctx.b
    b.node(iri, STYR.BudgetDataSet, table.title)
    b.add(iri, RDF.type, QB.DataSet)
    b.add(iri, STYR.sourceTableTitle, sv(table.verbatim))
    if table.money:
        b.add(iri, STYR.unit, code("enhet", "mnkr"))
        b.add(iri, SDMXA.unitMult, integer(6))
        b.add(iri, OBEU_ATTR.currency, URIRef(SEK))
    elif table.unit:
        b.add(iri, STYR.unit, code("enhet", table.unit))
    b.add(iri, QB.structure, _write_structure(ctx, table.unit if not table.money else "mnkr"))
    if ctx.doc.year:
        b.add(iri, STYR.budgetYear, Literal(str(ctx.doc.year), datatype=XSD.gYear))
    b.evidence(iri, ctx.doc.iri, table.start, table.end, stated_text=table.verbatim)


#: The components of every budget table's structure: (slug, kind, property, sv, en).
_COMPONENTS = (
    ("budgetomrade", QB.dimension, STYR.budgetArea, "budgetområde", "budget area"),
    ("budgetrad", QB.dimension, STYR.budgetLine, "budgetrad", "budget line"),
    ("budgetar", QB.dimension, OBEU_DIM.fiscalYear, "budgetår", "fiscal year"),
    ("budgetskede", QB.dimension, OBEU_DIM.budgetPhase, "budgetskede", "budget phase"),
    ("belopp", QB.measure, OBEU_MEASURE.amount, "belopp", "amount"),
    ("enhet", QB.attribute, STYR.unit, "enhet", "unit"),
    ("multipel", QB.attribute, SDMXA.unitMult, "multipel", "unit multiplier"),
    ("valuta", QB.attribute, OBEU_ATTR.currency, "valuta", "currency"),
)


def _write_structure(ctx: Context, unit: str = "mnkr") -> URIRef:
    """Write the data structure the tables of one unit share, so its IRI resolves.

    Tables of money share ``dsd/budget-mnkr``; a table of another unit has the same
    dimensions and measure without multiplier and currency (``dsd/tabell-procent``), and
    a table whose unit is not stated has no unit attribute (``dsd/tabell-utan-enhet``).
    """
    b = ctx.b
    if unit == "mnkr":
        dsd = ctx.mint("dsd", "budget-mnkr")
        names = (
            "Struktur för budgettabeller i miljoner kronor",
            "Structure of budget tables in millions of kronor",
        )
        parts: tuple[tuple[str, URIRef, URIRef, str, str], ...] = _COMPONENTS
    else:
        name_sv, name_en = UNIT_NAMES.get(unit, ("ej angiven enhet", "no stated unit"))
        dsd = ctx.mint("dsd", f"tabell-{unit}" if unit else "tabell-utan-enhet")
        names = (f"Struktur för tabeller i {name_sv}", f"Structure of tables in {name_en}")
        skip = ("multipel", "valuta") if unit else ("multipel", "valuta", "enhet")
        parts = tuple(c for c in _COMPONENTS if c[0] not in skip)
    b.add(dsd, RDF.type, QB.DataStructureDefinition)
    b.add(dsd, RDFS.label, sv(names[0]))
    b.add(dsd, RDFS.label, en(names[1]))
    for order, (name, kind, prop, label_sv, label_en) in enumerate(parts, start=1):
        component = URIRef(f"{dsd}/komponent/{name}")
        b.add(dsd, QB.component, component)
        b.add(component, RDF.type, QB.ComponentSpecification)
        b.add(component, kind, prop)
        b.add(component, QB.order, integer(order))
        b.add(component, RDFS.label, sv(label_sv))
        b.add(component, RDFS.label, en(label_en))
        if kind == QB.attribute:  # stated once on the data set, not per observation
            b.add(component, QB.componentAttachment, QB.DataSet)
    return dsd


def write_table(ctx: Context, table: Table, iri: URIRef, written: Written) -> None:
    """Write the dataset, its area concepts and one observation per cell."""
    _write_dataset(ctx, table, iri)
    for column in table.columns:
        if not table.layout and (column.year is None or column.phase is None):
            ctx.note(
                table.start, table.end, "budgettabell", f"column {column.header!r} is not a year"
            )
    top = _area(ctx, written, table.area or table.title, table.start)
    areas = {table.title: top}
    for label, line in table.subareas.items():
        areas[label] = _area(ctx, written, label, line)
        ctx.b.add(areas[label], SKOS.broader, top)
    seen: set[str] = set()
    cells: dict[tuple[str, str, int], URIRef] = {}
    area_labels = {table.title: table.area or table.title}
    power = MONEY.get(table.unit, 0)
    for row in table.rows:
        line_iri = ctx.mint("budgetrad", slug(row.label))
        _concept(ctx, written, line_iri, STYR.BudgetLine, row.label, row.start)
        indexes = row.columns or range(len(table.columns))
        for index, printed, value in zip(indexes, row.printed, row.values, strict=True):
            column = table.columns[index]
            if not table.layout and (column.year is None or column.phase is None):
                continue
            obs = URIRef(f"{iri}/obs/{_observation_path(row, column, seen, table.layout)}")
            cell = Cell(areas[row.area], line_iri, column, to_mnkr(value, power))
            _write_observation(ctx, obs, iri, cell)
            cells.setdefault((row.area, row.label, index), obs)
            area = area_labels.get(row.area, row.area)
            ctx.b.add(obs, RDFS.label, sv(f"{area}: {row.label} {column.header}"))
            evidence = ctx.b.evidence(obs, ctx.doc.iri, row.start, row.end, stated_text=printed)
            if row.quote:  # a line of joined rows: the row's words, not the whole line
                ctx.b.graph.set((evidence, STYR.quote, sv(row.quote)))
            if column.year is not None and column.phase is not None:
                key = (slug(row.area), slug(row.label), column.year, column.phase)
                written.observations.setdefault(key, obs)
    if not table.layout:
        write_sums(ctx, table, cells)


def _observation_path(row: Row, column: Column, seen: set[str], by_head: bool = False) -> str:
    """Return the readable path of a cell: area/line/year[/phase] (or area/line/column head
    for a layout table), unique in its table."""
    base = f"{slug(row.area)}/{slug(row.label)}"
    tail = f"{column.year}" + ("" if column.phase == APPROVED else f"/{column.phase}")
    if by_head:
        tail = slug(column.header)
    path, n = f"{base}/{tail}", 2
    while path in seen:
        path, n = f"{base}-{n}/{tail}", n + 1
    seen.add(path)
    return path


@dataclass(frozen=True)
class Cell:
    """The dimensions and measure of one observation."""

    area: URIRef
    line: URIRef
    column: Column
    amount: Decimal


def _write_observation(ctx: Context, obs: URIRef, dataset: URIRef, cell: Cell) -> None:
    """Write one observation: its dimensions and its amount in mnkr."""
    b = ctx.b
    b.node(obs, STYR.BudgetObservation)
    b.add(obs, RDF.type, QB.Observation)
    b.add(obs, QB.dataSet, dataset)
    b.add(obs, STYR.budgetArea, cell.area)
    b.add(obs, STYR.budgetLine, cell.line)
    if cell.column.year is not None:
        b.add(obs, OBEU_DIM.fiscalYear, year_iri(cell.column.year))
    if cell.column.phase is not None:  # a deviation column has no budget phase
        b.add(obs, OBEU_DIM.budgetPhase, OBEU_CODE[f"budget-phase/{cell.column.phase}"])
    b.add(obs, OBEU_MEASURE.amount, dec(cell.amount))


def year_iri(year: int | None) -> URIRef:
    """Return the reference.data.gov.uk IRI of a calendar year."""
    return URIRef(f"{YEAR_BASE}{year}")


def table_iri(ctx: Context, table: Table, used: set[URIRef]) -> URIRef:
    """Return the table IRI under the document, numbered when a title repeats."""
    base = f"{ctx.doc.iri}/tabell/{slug(table.title)}"
    iri, n = URIRef(base), 2
    while iri in used:
        iri, n = URIRef(f"{base}-{n}"), n + 1
    used.add(iri)
    return iri
