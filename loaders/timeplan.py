"""The time plan (tid- och arbetsplan) rows, and the reporting occasions they plan.

The time plan is a three-column table ("Rubrik", "Till KS", "Notering") that
text extraction linearises: a row is a report title (possibly wrapped, with
"- sub items" or "Inklusive …" lines), then when it goes to the body (a date,
"Ordinarie KS" and a date, a month such as "Februari år 2026", or a recurrence
such as "Månatligen"), then notes ("Tjänsteutlåtande (sent utskick)", "Sista dag
för beslut i nämnd 2025-02-12"). The three cells may share one line.

Reporting occasions ("Delårsrapport mars 2025 för kommunstyrelsen") get IRIs
that other loaders can rebuild with :func:`occasion_iri` and :func:`report_type_of`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from .builder import date, integer, sv
from .codes import code
from .context import Context
from .ids import words_slug
from .orgs import EXECUTIVE, Org, orgs_in
from .source import Line, LineSpan
from .textrepair import join_lines
from .vocab import STYR, XSD

# --- Swedish source words -------------------------------------------------------------
_MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
_DATE = r"(\d{4}-\d{2}-\d{2})"
# the table header, repeated on every page of the table
_HEADER = re.compile(r"^Rubrik\s+Till\s+(.+?)\s+Notering\s*$", re.IGNORECASE)
_SECTION_TITLE = re.compile(r"^\d+\.?\s+Tid-\s*och\s+arbetsplan\b", re.IGNORECASE)
_KS_COLUMN = re.compile(r"^(KS|kommunstyrelsen)$", re.IGNORECASE)
# a numbered heading that ends the table ("3 Bilagor")
_NEXT_SECTION = re.compile(r"^\d+(?:\.\d+)*\.?\s+[A-ZÅÄÖ][a-zåäö]")
# notes column
_LAST_DECISION = re.compile(
    rf"Sista\s+dag\s+för\s+beslut(?:\s+i\s+\S+)?\s*:?\s*{_DATE}", re.IGNORECASE
)
_FORM = re.compile(r"(Tjänsteutlåtande|Information)\s*(\(\s*sent\s+utskick\s*\))?\s*$")
_FORMS = {"tjänsteutlåtande": "tjansteutlatande", "information": "information"}
# "Till KS" column, each anchored at the end of what precedes the notes
_MEETING = r"(?:(?:Ordinarie|Extra)\s+(?:KS|kommunstyrelse|nämnd)\s*)"
_WHEN_DATE = re.compile(rf"{_MEETING}?{_DATE}\s*$", re.IGNORECASE)
_WHEN_MEETING = re.compile(rf"{_MEETING}$", re.IGNORECASE)
_WHEN_MONTH = re.compile(
    rf"\b({'|'.join(_MONTHS)})\s+(?:år\s+)?(20\d\d)\s*$",
    re.IGNORECASE,
)
_RECURRENCES = {
    "månatligen": "P1M",
    "varje månad": "P1M",
    "kvartalsvis": "P3M",
    "varje kvartal": "P3M",
    "årligen": "P1Y",
    "varje år": "P1Y",
}
_WHEN_RECURRENCE = re.compile(rf"\b({'|'.join(_RECURRENCES)})\s*$", re.IGNORECASE)
# title lines that continue a row's title rather than start a row
_SUB_ITEM = re.compile(r"^(?:[-–•]\s*|Inklusive\b)", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d\d)\b")
# report types in titles and follow-up sentences (most specific first)
_REPORT_TYPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"delårsrapport\w*\s+(?:per\s+|i\s+)?mars", re.I), "delarsrapport-mars"),
    (re.compile(r"delårsrapport\w*\s+(?:per\s+|i\s+)?augusti", re.I), "delarsrapport-augusti"),
    (re.compile(r"(?<!del)årsrapport", re.I), "arsrapport"),
    (re.compile(r"årsredovisning", re.I), "arsredovisning"),
    (re.compile(r"bokslutsberedning", re.I), "bokslutsberedning"),
    (re.compile(r"förutsättningar\s+för\s+budget", re.I), "forutsattningar-for-budget"),
    (re.compile(r"finansverksamhet", re.I), "aterrapportering-finansverksamhet"),
    (re.compile(r"\bbudget\s+20\d\d\s+för\b", re.I), "budget"),
    (re.compile(r"ekonomisk\w*\s+prognos", re.I), "ekonomisk-prognos"),
    (re.compile(r"uppföljningsrapport", re.I), "uppfoljningsrapport"),
)
REPORT_NAMES = {
    "delarsrapport-mars": "Delårsrapport mars",
    "delarsrapport-augusti": "Delårsrapport augusti",
    "arsrapport": "Årsrapport",
    "arsredovisning": "Årsredovisning",
    "bokslutsberedning": "Bokslutsberedning",
    "forutsattningar-for-budget": "Förutsättningar för budget",
    "budget": "Budget",
    "ekonomisk-prognos": "Ekonomisk prognos",
    "uppfoljningsrapport": "Uppföljningsrapport",
    "aterrapportering-finansverksamhet": "Återrapportering finansverksamhet",
}
DEFAULT_REPORT_TYPE = "uppfoljningsrapport"
_FOR_BODY = re.compile(r"\bför\s+(.+)$", re.IGNORECASE)
_CITY = re.compile(r"\b[A-ZÅÄÖ][a-zåäö]+s?\s+(?:Stad|stad|kommun)s?\b")
CITY_ORGAN = "stad"


# --- public helpers for other loaders ------------------------------------------------
def occasion_iri(
    ctx_mint: Callable[..., URIRef], municipality: str, year: int, organ: str, report_type: str
) -> URIRef:
    """Return the IRI of a reporting occasion (``…/{year}/{organ}/rapport/{type}``).

    ``organ`` is "ks", "kf", "stad" (the municipality as a whole) or a body key.
    """
    return ctx_mint(municipality, str(year), organ, "rapport", report_type)


def report_type_of(title: str) -> str | None:
    """Return the ``rapporttyp`` slug a report title or phrase names, if any."""
    for pattern, report_type in _REPORT_TYPES:
        if pattern.search(title):
            return report_type
    return None


def organ_of(org: Org) -> str:
    """Return the IRI segment of a body, as documents name their organ."""
    if org.kind == EXECUTIVE:
        return "ks"
    if org.key == "kommunfullmaktige":
        return "kf"
    return org.key


@dataclass(frozen=True)
class Reporter:
    """The body a report is by: its IRI segment, IRI and label."""

    organ: str
    iri: URIRef
    label: str


def doc_reporter(ctx: Context, line: int) -> Reporter:
    """Return the document's own body as a reporter (the municipality when unknown)."""
    if ctx.doc.body is not None:
        body = ctx.doc.body
        return Reporter(organ_of(body), ctx.org(body, line), _lower_first(body.label))
    return city_reporter(ctx)


def city_reporter(ctx: Context) -> Reporter:
    """Return the municipality as a whole as a reporter."""
    return Reporter(CITY_ORGAN, ctx.mint(ctx.doc.municipality), ctx.doc.municipality_name)


def add_occasion(
    ctx: Context, report_type: str, year: int, who: Reporter, start: int, end: int
) -> URIRef:
    """Add (or add evidence to) a reporting occasion node and return its IRI."""
    iri = occasion_iri(ctx.mint, ctx.doc.municipality, year, who.organ, report_type)
    label = f"{REPORT_NAMES[report_type]} {year} för {who.label}"
    ctx.b.node(iri, STYR.ReportingOccasion, label)
    ctx.b.add(iri, STYR.reportType, code("rapporttyp", report_type))
    ctx.b.add(iri, STYR.reportingBody, who.iri)
    ctx.b.add(iri, STYR.forBudgetYear, Literal(str(year), datatype=XSD.gYear))
    ctx.b.evidence(iri, ctx.doc.iri, start, end)
    return iri


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --- reading the table ------------------------------------------------------------------
@dataclass
class Cells:
    """What one source line holds, cell by cell."""

    title: str = ""
    meeting: bool = False
    when_date: str | None = None
    month: str | None = None
    recurrence: str | None = None
    form: str | None = None
    late: bool = False
    last_decision: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def has_when(self) -> bool:
        return bool(self.meeting or self.when_date or self.month or self.recurrence)


@dataclass
class Row(LineSpan):
    """One linearised table row with its source lines."""

    lines: list[Line] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    when: Cells | None = None
    notes: list[Cells] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        """Return true once the row's title is followed by a date or a note."""
        return self.when is not None or bool(self.notes)

    @property
    def label(self) -> str:
        main: list[str] = []
        for title in self.titles:
            if main and _SUB_ITEM.match(title):
                break
            main.append(title)
        return join_lines(main)

    @property
    def text(self) -> str:
        return join_lines([ln.text for ln in self.lines])


def read_cells(text: str) -> Cells:
    """Split one line into its title, "Till KS" and notes cells (right to left)."""
    cells = Cells()
    rest = text.strip()
    decision = _LAST_DECISION.search(rest)
    if decision:
        cells.last_decision = decision.group(1)
        cells.notes.append(rest[decision.start() :].strip())
        rest = rest[: decision.start()].rstrip()
    form = _FORM.search(rest)
    if form and (form.start() == 0 or _ends_with_when(rest[: form.start()])):
        cells.form = _FORMS[form.group(1).lower()]
        cells.late = form.group(2) is not None
        cells.notes.insert(0, rest[form.start() :].strip())
        rest = rest[: form.start()].rstrip()
    rest = _read_when(rest, cells)
    cells.title = rest.strip()
    return cells


def _ends_with_when(text: str) -> bool:
    return _read_when(text.rstrip(), Cells()) != text.rstrip()


def _read_when(rest: str, cells: Cells) -> str:
    """Take the "Till KS" cell off the end of ``rest``; return what precedes it."""
    found = _WHEN_DATE.search(rest)
    if found:
        cells.when_date = found.group(1)
        cells.meeting = found.group(0)[:1].isalpha()
        return rest[: found.start()]
    found = _WHEN_MEETING.search(rest)
    if found and (found.start() == 0 or rest[found.start() - 1].isspace()):
        cells.meeting = True
        return rest[: found.start()]
    found = _WHEN_MONTH.search(rest)
    if found and (found.start() == 0 or found.group(1)[:1].isupper()):
        month = _MONTHS.index(found.group(1).lower()) + 1
        cells.month = f"{found.group(2)}-{month:02d}"
        return rest[: found.start()]
    found = _WHEN_RECURRENCE.search(rest)
    if found and (found.start() == 0 or found.group(1)[:1].isupper()):
        cells.recurrence = _RECURRENCES[found.group(1).lower()]
        return rest[: found.start()]
    return rest


def _table_lines(ctx: Context) -> tuple[list[Line], str | None]:
    """Return the lines of the table and the body its "Till …" column names."""
    lines = [ln for ln in ctx.src.lines[ctx.doc.start - 1 : ctx.doc.end] if not ln.blank]
    column: str | None = None
    start = next((i for i, ln in enumerate(lines) if _HEADER.match(ln.text.strip())), None)
    if start is None:
        start = next((i for i, ln in enumerate(lines) if _SECTION_TITLE.match(ln.text.strip())), -1)
    else:
        header = _HEADER.match(lines[start].text.strip())
        column = header.group(1) if header else None
    table: list[Line] = []
    for ln in lines[start + 1 :]:
        text = ln.text.strip()
        if _HEADER.match(text):
            continue
        if table and _NEXT_SECTION.match(text):
            break
        table.append(ln)
    return table, column


def read_rows(lines: list[Line]) -> list[Row]:
    """Group table lines into rows: title lines, then the date, then the notes."""
    rows: list[Row] = []
    row: Row | None = None
    for ln in lines:
        cells = read_cells(ln.text)
        continues = bool(cells.title) and (
            cells.title[:1].islower() or bool(_SUB_ITEM.match(cells.title))
        )
        if row is None or _starts_row(row, cells, continues):
            row = Row()
            rows.append(row)
        row.lines.append(ln)
        if cells.title:
            row.titles.append(cells.title)
        if cells.has_when:
            row.when = _merge_when(row.when, cells)
        if cells.notes:
            row.notes.append(cells)
    return rows


def _starts_row(row: Row, cells: Cells, continues: bool) -> bool:
    """Return true when a line with ``cells`` cannot belong to ``row``."""
    if cells.title and row.closed and not continues:
        return True
    return cells.has_when and row.when is not None and not _completes(row.when, cells)


def _completes(when: Cells, cells: Cells) -> bool:
    """Return true when ``cells`` gives the date of an "Ordinarie KS" without one."""
    return when.meeting and not when.when_date and cells.when_date is not None


def _merge_when(when: Cells | None, cells: Cells) -> Cells:
    if when is None:
        return cells
    when.when_date = when.when_date or cells.when_date
    return when


# --- emitting ----------------------------------------------------------------------------
def extract(ctx: Context) -> None:
    """Extract every row of the time plan."""
    lines, column = _table_lines(ctx)
    to_ks = column is None or bool(_KS_COLUMN.match(column))
    for n, row in enumerate(read_rows(lines), start=1):
        when = row.when
        if not row.titles:
            ctx.unparsed(row.start, row.end, "time_plan_row", "expected a report title")
        elif when is None or not (when.when_date or when.month or when.recurrence):
            ctx.unparsed(
                row.start,
                row.end,
                "time_plan_row",
                "expected a date, a month or a recurrence in the 'Till' column",
            )
        else:
            _emit_row(ctx, n, row, when, to_ks)


def _emit_row(ctx: Context, n: int, row: Row, when: Cells, to_ks: bool) -> None:
    b, doc = ctx.b, ctx.doc
    iri = URIRef(f"{doc.iri}/post/{n}")
    b.node(iri, STYR.TimePlanEntry, row.label)
    b.evidence(iri, doc.iri, row.start, row.end)
    b.add(iri, STYR.inTimePlan, doc.iri)
    b.add(iri, STYR.order, integer(n))
    b.add(iri, STYR.text, sv(row.text))
    if when.when_date:
        b.add(iri, STYR.dateToKS if to_ks else STYR.dueDate, date(when.when_date))
    if when.month:
        b.add(iri, STYR.dueMonth, Literal(when.month, datatype=XSD.gYearMonth))
    if when.recurrence:
        b.add(iri, STYR.recurrence, Literal(when.recurrence, datatype=XSD.duration))
    for cells in row.notes:
        if cells.last_decision:
            b.add(iri, STYR.lastDecisionDate, date(cells.last_decision))
        if cells.form:
            b.add(iri, STYR.documentForm, code("handlingstyp", cells.form))
        if cells.late:
            b.add(iri, STYR.lateDispatch, Literal(True))
        for note in cells.notes:
            b.add(iri, STYR.noteText, sv(note))
    report = _planned_report(ctx, row)
    if report is None:
        ctx.note(row.start, row.end, "time_plan_row", "no year for the planned report")
    else:
        b.add(iri, STYR.plannedReport, report)


def _planned_report(ctx: Context, row: Row) -> URIRef | None:
    title = row.label
    report_type = report_type_of(title) or DEFAULT_REPORT_TYPE
    years = _YEAR.findall(title)
    year = int(years[0]) if years else ctx.doc.year
    if year is None:
        return None
    who = _reporter(ctx, title, row.start)
    if report_type == DEFAULT_REPORT_TYPE:
        iri = occasion_iri(ctx.mint, ctx.doc.municipality, year, who.organ, report_type)
        iri = URIRef(f"{iri}/{words_slug(title)}")
        ctx.b.node(iri, STYR.ReportingOccasion, title)
        ctx.b.add(iri, STYR.reportType, code("rapporttyp", report_type))
        ctx.b.add(iri, STYR.reportingBody, who.iri)
        ctx.b.add(iri, STYR.forBudgetYear, Literal(str(year), datatype=XSD.gYear))
        ctx.b.evidence(iri, ctx.doc.iri, row.start, row.end)
        return iri
    return add_occasion(ctx, report_type, year, who, row.start, row.end)


def _reporter(ctx: Context, title: str, line: int) -> Reporter:
    """Return who makes the report a title names ("… för kommunstyrelsen")."""
    named = _FOR_BODY.search(title)
    candidates = orgs_in(named.group(1)) if named else []
    political = [o for o in candidates if o.is_political]
    if political:
        org = political[0]
        return Reporter(organ_of(org), ctx.org(org, line), _lower_first(org.label))
    if _CITY.search(title):
        return city_reporter(ctx)
    political = [o for o in orgs_in(title) if o.is_political]
    if political:
        org = political[0]
        return Reporter(organ_of(org), ctx.org(org, line), _lower_first(org.label))
    return doc_reporter(ctx, line)


__all__ = [
    "CITY_ORGAN",
    "DEFAULT_REPORT_TYPE",
    "REPORT_NAMES",
    "Reporter",
    "add_occasion",
    "city_reporter",
    "doc_reporter",
    "extract",
    "occasion_iri",
    "organ_of",
    "read_cells",
    "read_rows",
    "report_type_of",
]
