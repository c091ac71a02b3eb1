"""Economy tables (belopp i mnkr) and amounts stated in prose.

A table is a title line ending "(belopp i mnkr)" or "(belopp i tkr)" (the name may
stand on the line before), column headers such as "Budget 2024", "Utfall 2023",
"Prognos 2024" (spread over lines), then rows "Label v1 v2 …" in Swedish number
format ("1 020,3", "-602,0", "−1,1"). A label line without numbers followed by a
row opens a sub-block: its rows belong to that area, the rows before the first
sub-block to the table's own area. Every cell becomes a ``qb:Observation``.

Tables of real reports are read by their layout: :mod:`loaders.tables` (columns of
spaces, ``pdftotext -layout``) and :mod:`loaders.joined_tables` (rows joined into one
line) give grids whose cells :func:`from_grid` turns into the same tables, written by the
same writer: a column head's phase and year are read by :func:`layout_column`, a
deviation column has none, and a table of per cent, counts, days or full-time
equivalents keeps its numbers and states its unit. Indicator tables are written by
:mod:`loaders.indicators`.

Every "<number> mnkr|tkr|kr|miljoner kronor" in the document's prose becomes a
``styr:StatedAmount`` with its sentence, its value converted to mnkr, its role
(level, change, prior year) and, when unambiguous, its year, area and the table
cell it restates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from itertools import pairwise

from rdflib import Literal, URIRef

from .builder import dec, en, integer, sv
from .codes import code
from .context import Context
from .ids import slug
from .joined_tables import find_joined_tables
from .orgs import orgs_in
from .source import Line, SourceText
from .tables import Grid, Problem, find_layout_tables, parse_number
from .textrepair import collapse, join_lines
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

# --- Swedish words matched in the source -------------------------------------------------
# "Kommunledningen (belopp i mnkr)", "(belopp i tkr)", "Tabell 2. X (mnkr)"
TABLE_TITLE = re.compile(
    r"^(?P<title>.*?)\s*\((?:belopp\s+i\s+)?(?P<unit>mnkr|tkr)\)\s*(?P<rest>.*)$", re.IGNORECASE
)
TABLE_PREFIX = re.compile(r"^Tabell\s+\d+[.:]?\s*", re.IGNORECASE)
# column headers: a phase word, then a year
PHASES: dict[str, str] = {
    "budget": "approved",
    "ram": "approved",
    "utfall": "executed",
    "bokslut": "executed",
    "prognos": "draft",
    "förslag": "draft",
    "plan": "draft",
    "reviderad": "revised",
}
CHANGE_COLUMNS = frozenset({"förändring", "förändr.", "diff", "differens", "avvikelse"})
HEADER_FILLERS = frozenset({"belopp", "i", "mnkr", "tkr", "(mnkr)", "(tkr)"})
YEAR_TOKEN = re.compile(r"^(20\d\d)$")
# lines that close a table whatever follows
TOTAL_HEADING = re.compile(r"^(Totalt?|Summa)\b", re.IGNORECASE)
TABLE_STOP = re.compile(r"^(Bilaga|Sida|Sid\.)\s+\d+\b", re.IGNORECASE)
BULLET = re.compile(r"^[•·▪●○◦\-–»]\s*")
# a table cell: "124,0", "-602,0", "−1,1", "1" (thousands groups are separate tokens)
NUM_TOKEN = re.compile(r"^[-−–]?\d+(?:,\d+)?$")
HEAD_ALONE = re.compile(r"^[-−–]?(?:0|[1-9]\d*)(?:,\d+)?$")
HEAD_GROUPED = re.compile(r"^[-−–]?[1-9]\d{0,2}$")
GROUP = re.compile(r"^\d{3}$")
GROUP_LAST = re.compile(r"^\d{3}(?:,\d+)?$")
THIN_THOUSANDS = re.compile(r"(?<=\d)[\u00a0\u202f\u2009](?=\d{3}(?!\d))")

# amounts in prose: "4 500 tkr", "-1,1 mnkr", "1,5 miljoner kronor"
AMOUNT = re.compile(
    r"(?<![\w,.\-−–])(?P<num>[-−–]?(?:[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,\d+)?)"
    r"\s*(?P<unit>mnkr|mkr|mdkr|tkr|miljon(?:er)?\s+(?:kronor|kr)|miljard(?:er)?\s+(?:kronor|kr)"
    r"|kronor|kr)(?![\wåäö])",
    re.IGNORECASE,
)
# unit -> (code-list slug or None, power of ten that turns the value into mnkr)
UNITS: list[tuple[re.Pattern[str], str | None, int]] = [
    (re.compile(r"^(mnkr|mkr|miljon)", re.IGNORECASE), "mnkr", 0),
    (re.compile(r"^(mdkr|miljard)", re.IGNORECASE), None, 3),
    (re.compile(r"^tkr", re.IGNORECASE), "tkr", -3),
    (re.compile(r"^(kronor|kr)", re.IGNORECASE), None, -6),
]
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ•\"”])")
# "2024 (281,4 mnkr)", "(2024: 281,4 mnkr)"
PRIOR_YEAR = re.compile(r"(?:\b(20\d\d)\s*\(\s*|\(\s*(20\d\d)\s*:\s*)$")
# "ökning med", "ökats med", "reducerats med", "förändringen på", "utökat kommunbidrag med"
CHANGE_BEFORE = re.compile(
    r"(?:ök|minsk|reducer|sänk|höj|utök|förändr|förstärk|uppräkn|juster|neddrag|tillskott)"
    r"\w*(?:\s+[\wåäö]+)?\s+(?:med|på)\b|besparing",
    re.IGNORECASE,
)
# "4,3 mnkr högre än 2024"
CHANGE_AFTER = re.compile(r"^\W*(?:högre|lägre|mer|mindre|större)\s+än\b", re.IGNORECASE)
# a change that lowers the amount: "minskning med 4,5 mnkr", "4,3 mnkr lägre än"
DECREASE_BEFORE = re.compile(r"(?:minsk|reducer|sänk|neddrag|besparing)\w*[^.]*$", re.IGNORECASE)
DECREASE_AFTER = re.compile(r"^\W*(?:lägre|mindre)\b", re.IGNORECASE)
# the year a change is measured from: "jämfört med 2024", "högre än 2024", "från 2024"
COMPARED_YEAR = re.compile(
    r"^[^.]*?\b(?:jämfört\s+med|än|från)\s+(?:budget\s+|år\s+)?(20\d\d)\b", re.IGNORECASE
)
# words that open a new level statement and so break a list of changes
LEVEL_CUE = re.compile(
    r"\b(?:uppgår|uppgick|totalt|sammantaget|sammanlagt|är|blir|avsatt\w*)\b", re.IGNORECASE
)
YEAR_BEFORE = re.compile(
    r"\b(?:år|för|under|budget|budgetåret|budgetår|inför|i)\s+(?:år\s+)?(20\d\d)\b(?!\s*[–-]\s*\d)",
    re.IGNORECASE,
)
YEAR_AFTER = re.compile(
    r"^\s*(?:för|under|år|i)\s+(?:år\s+)?(20\d\d)\b(?!\s*[–-]\s*\d)", re.IGNORECASE
)
# the line a stated level restates: "Budgeten för X uppgår till", "ramen", "kommunbidraget"
KOMMUNBIDRAG_CUE = re.compile(
    r"\b(?:budgeten|budgetram\w*|budgetförändring\w*|ramen|ekonomiska\s+ramen|kommunbidrag\w*)\b",
    re.IGNORECASE,
)
KOMMUNBIDRAG = "Kommunbidrag"
# the last row of a block that sums the rows above it
TOTAL_ROW = re.compile(r"^(?:resultat|netto\w*|summa|totalt?|s:a)$", re.IGNORECASE)
STOP_WORDS = frozenset({"och", "samt", "för", "med", "av", "i", "till"})
LABEL_LIMIT = 80

APPROVED = "approved"
YEAR_BASE = "http://reference.data.gov.uk/id/year/"
#: money units (``kod:enhet``) -> power of ten that turns a value into mnkr
MONEY: dict[str, int] = {"mnkr": 0, "tkr": -3, "mdkr": 3, "kr": -6}
#: column heads of layout tables: a deviation (no budget phase), a year before the report's
DEVIATION_HEAD = re.compile(r"\b(?:avvik|förändr|diff|differens)", re.IGNORECASE)
PRIOR_HEAD = re.compile(r"\b(?:fg|föreg\w*)\s+år\b|\bfg\b", re.IGNORECASE)
HEAD_YEAR = re.compile(r"\b(20\d\d)\b")
#: unit names for the structure of a table that is not money (``kod:enhet`` slug -> sv, en)
UNIT_NAMES: dict[str, tuple[str, str]] = {
    "procent": ("procent", "per cent"),
    "antal": ("antal", "counts"),
    "dagar": ("dagar", "days"),
    "arsarbetare": ("årsarbetare", "full-time equivalents"),
}


# --- tables ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One value column: its header text, budget phase and fiscal year."""

    header: str
    phase: str | None
    year: int | None


@dataclass
class Row:
    """One table row in one area, values as printed and parsed (in the table's unit)."""

    area: str
    label: str
    printed: list[str]
    values: list[Decimal]
    start: int
    end: int
    columns: tuple[int, ...] | None = None  # a sparse row: the column of each value
    quote: str | None = None  # the row's own words, when its line holds other rows too


@dataclass
class Table:
    """One economy table."""

    title: str
    verbatim: str
    unit: str
    start: int
    end: int
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    subareas: dict[str, int] = field(default_factory=dict)  # sub-heading -> its line
    layout: bool = False  # read from layout text (:mod:`loaders.tables`): cells by header
    area: str | None = None  # the budget area of the rows outside a sub-heading

    @property
    def money(self) -> bool:
        return self.unit in MONEY


def _segmentations(tokens: tuple[str, ...], k: int) -> list[list[str]]:
    """Return every way to read ``tokens`` as exactly ``k`` numbers (thousands groups)."""

    @cache
    def walk(i: int, left: int) -> tuple[tuple[str, ...], ...]:
        if i == len(tokens):
            return ((),) if left == 0 else ()
        if left == 0:
            return ()
        out: list[tuple[str, ...]] = []
        for j in _value_ends(tokens, i):
            value = " ".join(tokens[i:j])
            out.extend((value, *rest) for rest in walk(j, left - 1))
        return tuple(out[:64])

    return [list(s) for s in walk(0, k)]


def _value_ends(tokens: tuple[str, ...], i: int) -> Iterator[int]:
    """Yield every end index ``j`` such that ``tokens[i:j]`` is one number."""
    if HEAD_ALONE.match(tokens[i]):
        yield i + 1
    if not HEAD_GROUPED.match(tokens[i]):
        return
    j = i + 1
    while j < len(tokens) and GROUP_LAST.match(tokens[j]):
        yield j + 1
        if not GROUP.match(tokens[j]):
            return
        j += 1


def _digits(value: str) -> int:
    """Return the number of integer digits of a printed number."""
    return len(re.sub(r"\D", "", value.split(",")[0]))


def split_values(tokens: list[str], k: int) -> list[str] | None:
    """Read ``tokens`` as ``k`` numbers; ``None`` when impossible or ambiguous."""
    options = _segmentations(tuple(tokens), k)
    if len(options) <= 1:
        return options[0] if options and not _mixed(options[0]) else None

    def spread(values: list[str]) -> int:
        sizes = [_digits(v) for v in values if parse_number(v) != 0] or [0]
        return max(sizes) - min(sizes)

    best = min(spread(o) for o in options)
    winners = [o for o in options if spread(o) == best]
    return winners[0] if len(winners) == 1 and not _mixed(winners[0]) else None


def _mixed(values: list[str]) -> bool:
    """Tell whether a reading groups some thousands but splits a "120 400" elsewhere."""
    if not any(" " in v for v in values):
        return False
    return any(
        " " not in v and "," not in v and GROUP.match(nxt.split()[0]) for v, nxt in pairwise(values)
    )


def split_row(text: str) -> tuple[str, list[str]]:
    """Split a row into its label and its trailing numeric tokens."""
    tokens = THIN_THOUSANDS.sub("", text).split()
    n = len(tokens)
    while n > 0 and NUM_TOKEN.match(tokens[n - 1]):
        n -= 1
    return " ".join(tokens[:n]), tokens[n:]


def _is_row_label(label: str) -> bool:
    """Tell whether ``label`` can be a table row label (short, not a bullet or a sentence)."""
    return (
        bool(label)
        and bool(re.search(r"[A-Za-zÅÄÖåäö]", label))
        and len(label.split()) <= 10
        and not BULLET.match(label)
        and not label.endswith((".", ":", ";"))
    )


def _is_heading(text: str, words: int = 8) -> bool:
    """Tell whether ``text`` reads as a heading: short, capitalised, no digits, no end stop."""
    return (
        bool(text)
        and text[0].isupper()
        and len(text.split()) <= words
        and len(text) <= 80
        and not re.search(r"\d", text)
        and not text.endswith((".", ",", ":", ";"))
        and not BULLET.match(text)
    )


def _columns(tokens: list[str]) -> list[Column] | None:
    """Read header tokens ("Budget 2024 Budget 2025") into columns."""
    columns: list[Column] = []
    phase: tuple[str, str] | None = None
    for token in tokens:
        low = token.lower()
        if low in PHASES:
            if phase and phase[1] == "revised":
                phase = (f"{phase[0]} {token}", "revised")
            else:
                phase = (token, PHASES[low])
        elif low in CHANGE_COLUMNS:
            columns.append(Column(token, None, None))
            phase = None
        elif YEAR_TOKEN.match(token):
            if phase is None:
                if columns and columns[-1].year is None and columns[-1].phase is None:
                    columns[-1] = Column(f"{columns[-1].header} {token}", None, None)
                    continue
                return None
            columns.append(Column(f"{phase[0]} {token}", phase[1], int(token)))
        elif low not in HEADER_FILLERS:
            return None
    return columns if any(c.year for c in columns) else None


def _is_header(text: str) -> bool:
    """Tell whether a line holds only column-header words ("Budget", "Utfall", years)."""
    tokens = text.split()
    return bool(tokens) and all(
        t.lower() in PHASES
        or t.lower() in CHANGE_COLUMNS
        or t.lower() in HEADER_FILLERS
        or YEAR_TOKEN.match(t)
        for t in tokens
    )


class _Lines:
    """Non-blank lines of a range, walked by number."""

    def __init__(self, src: SourceText, start: int, end: int) -> None:
        self.src = src
        self.start = start
        self.end = end

    def text(self, no: int) -> str:
        return collapse(self.src.line(no).text)

    def next(self, no: int) -> int | None:
        for n in range(no + 1, self.end + 1):
            if not self.src.line(n).blank:
                return n
        return None

    def previous(self, no: int) -> int | None:
        for n in range(no - 1, self.start - 1, -1):
            if not self.src.line(n).blank:
                return n
        return None


def find_tables(src: SourceText, start: int, end: int) -> tuple[list[Table], list[Problem]]:
    """Find every economy table in lines ``start..end``."""
    lines = _Lines(src, start, end)
    tables: list[Table] = []
    problems: list[Problem] = []
    no: int | None = start
    while no is not None and no <= end:
        if not src.line(no).blank and TABLE_TITLE.match(lines.text(no)):
            table, no = _read_table(lines, no, problems)
            if table is not None:
                tables.append(table)
            continue
        no += 1
    return tables, problems


def _title(lines: _Lines, no: int) -> tuple[str, str, int]:
    """Return the table's name, its verbatim title and its first line."""
    match = TABLE_TITLE.match(lines.text(no))
    assert match is not None
    name = match.group("title").strip(" ,:–-")
    verbatim = lines.text(no)
    first = no
    if not name:
        before = lines.previous(no)
        if before is not None and _is_heading(lines.text(before), words=10):
            name, first = lines.text(before), before
            verbatim = f"{name} {verbatim}"
    name = TABLE_PREFIX.sub("", name) or "Budgettabell"
    return name, verbatim, first


def _read_table(lines: _Lines, no: int, problems: list[Problem]) -> tuple[Table | None, int]:
    """Read the table whose title is on line ``no``; return it and the line after it."""
    name, verbatim, first = _title(lines, no)
    match = TABLE_TITLE.match(lines.text(no))
    assert match is not None
    header = match.group("rest").split()
    last_header = no
    nxt = lines.next(no)
    while nxt is not None and _is_header(lines.text(nxt)):
        header += lines.text(nxt).split()
        last_header = nxt
        nxt = lines.next(nxt)
    columns = _columns(header)
    if columns is None:
        problems.append(Problem(first, last_header, "table title without year columns"))
        return None, last_header + 1
    table = Table(name, verbatim, match.group("unit").lower(), first, last_header, columns)
    end = _read_rows(lines, table, nxt, problems)
    if not table.rows:
        problems.append(Problem(first, last_header, "table without rows"))
        return None, last_header + 1
    return table, end + 1


def _read_rows(lines: _Lines, table: Table, no: int | None, problems: list[Problem]) -> int:
    """Read rows and sub-headings from line ``no``; return the table's last line."""
    area = table.title
    while no is not None:
        text = lines.text(no)
        if TABLE_TITLE.match(text) or TABLE_STOP.match(text):
            break
        label, numbers = split_row(text)
        if numbers and _is_row_label(label):
            _add_row(table, area, label, numbers, no, no, problems)
            no = lines.next(no)
            continue
        if numbers:
            problems.append(Problem(no, no, "numbers without a row label in a budget table"))
            table.end = no
            no = lines.next(no)
            continue
        after = lines.next(no)
        if after is None:
            break
        next_label, next_numbers = split_row(lines.text(after))
        if not next_numbers:
            break
        if not next_label:
            _add_row(table, area, text, next_numbers, no, after, problems)
        elif _is_row_label(next_label) and next_label[0].islower():
            _add_row(table, area, f"{text} {next_label}", next_numbers, no, after, problems)
        elif _is_row_label(next_label) and _is_heading(text):
            area = _subarea(table, text, no)
            table.end = no
            no = after
            continue
        else:
            break
        no = lines.next(after)
    return table.end


def _subarea(table: Table, heading: str, line: int) -> str:
    if heading.lower() == table.title.lower() or TOTAL_HEADING.match(heading):
        return table.title
    table.subareas.setdefault(heading, line)
    return heading


def _add_row(
    table: Table,
    area: str,
    label: str,
    numbers: list[str],
    start: int,
    end: int,
    problems: list[Problem],
) -> None:
    table.end = end
    printed = split_values(numbers, len(table.columns))
    if printed is None:
        problems.append(
            Problem(
                start,
                end,
                f"row values do not match the {len(table.columns)} column(s) "
                f"{', '.join(c.header for c in table.columns)}",
            )
        )
        return
    values = [parse_number(v) for v in printed]
    table.rows.append(Row(area, label, printed, values, start, end))


# --- tables read from layout text ---------------------------------------------------------
def layout_column(header: str, context: str, year: int | None, money: bool) -> Column:
    """Read what a layout table's column head means: its budget phase and its year.

    The phase is the first phase word of the head ("Utfall", "Budget", "Prognos aug",
    "Bokslut 2025"), else of the ``context`` (the table's stub, "Utfall perioden jämfört
    med …"); a deviation ("Avvikelse", "Förändring") has none, nor has a column of a table
    that is not money. The year is the one year the head names, else the report's year
    (the year before for "fg år", "föregående år").
    """
    years = set(HEAD_YEAR.findall(header))
    found = int(years.pop()) if len(years) == 1 else None
    if found is None and year is not None and not years:
        found = year - 1 if PRIOR_HEAD.search(header) else year
    phase = None
    if money and not DEVIATION_HEAD.search(header):
        for text in (header, context):
            words = [w for w in re.findall(r"[a-zåäö]+", text.lower()) if len(w) > 3]
            phase = next((PHASES[k] for w in words for k in PHASES if w.startswith(k)), None)
            if phase:
                break
    return Column(header, phase, found)


def from_grid(grid: Grid, title: str, unit: str | None, year: int | None) -> Table:
    """Return a layout table as a :class:`Table` whose rows keep the column of each cell."""
    money = unit in MONEY
    columns = [
        layout_column(head, grid.stub, year, money)
        if head
        else Column(f"kolumn {i + 1}", None, None)
        for i, head in enumerate(grid.headers)
    ]
    table = Table(title, grid.caption or title, unit or "", grid.start, grid.end, columns)
    table.layout = True
    for row in grid.rows:
        cols = tuple(sorted(c for c, v in row.cells.items() if not v.percent or unit == "procent"))
        if len(cols) < len(row.cells):
            why = f"per cent cells of row {row.label!r} in a table of {unit}"
            grid.unread.append((row.start, row.end, why))
        if not cols:
            continue
        printed = [row.cells[c].printed for c in cols]
        values = [row.cells[c].number or Decimal(0) for c in cols]
        area = row.area or title
        if row.area:
            table.subareas.setdefault(row.area, row.start)
        table.rows.append(
            Row(area, row.label, printed, values, row.start, row.end, cols, row.quote)
        )
    return table


# --- writing tables ------------------------------------------------------------------------
@dataclass
class _Written:
    """What the tables of one document wrote: area concepts and observations."""

    areas: dict[str, URIRef] = field(default_factory=dict)
    observations: dict[tuple[str, str, int, str], URIRef] = field(default_factory=dict)
    concepts_seen: set[URIRef] = field(default_factory=set)


def to_mnkr(value: Decimal, power: int) -> Decimal:
    """Return ``value`` times ten to ``power``, exact, without trailing zeros when scaled."""
    if power == 0:
        return value
    scaled = value.scaleb(power).normalize()
    exponent = scaled.as_tuple().exponent
    return scaled.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else scaled


def area_iri(ctx: Context, area: str) -> URIRef:
    """Return the IRI of the budget area ``area`` of the document's municipality."""
    return ctx.mint(ctx.doc.municipality, "budgetomrade", slug(area))


def _concept(
    ctx: Context, written: _Written, iri: URIRef, cls: URIRef, label: str, line: int
) -> URIRef:
    """Write a budget area or line concept once per document, with evidence at ``line``."""
    if iri not in written.concepts_seen:
        written.concepts_seen.add(iri)
        ctx.b.node(iri, cls, label)
        ctx.b.add(iri, SKOS.prefLabel, sv(label))
        ctx.b.add(iri, RDF.type, SKOS.Concept)
        ctx.b.evidence(iri, ctx.doc.iri, line, line)
    return iri


def _area(ctx: Context, written: _Written, label: str, line: int) -> URIRef:
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


def _write_table(ctx: Context, table: Table, iri: URIRef, written: _Written) -> None:
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
        _write_sums(ctx, table, cells)


def _write_sums(ctx: Context, table: Table, cells: dict[tuple[str, str, int], URIRef]) -> None:
    """Write how the cells of a table add up, so that validation can check the arithmetic.

    In each block (the table's own area and each sub-area) a last row named "Resultat",
    "Netto…", "Summa" or "Total" is the sum of the rows above it (``styr:hasSummand``).
    When the table breaks its area into two or more parts, each line of the area is the
    sum of the same line in the parts (``styr:hasPartObservation``); one part alone is
    an example, not a breakdown, and is not summed.
    """
    blocks: dict[str, list[str]] = {}
    for row in table.rows:
        blocks.setdefault(row.area, []).append(row.label)
    for area, labels in blocks.items():
        if len(labels) < 2 or not TOTAL_ROW.match(labels[-1].strip()):
            continue
        for col in range(len(table.columns)):
            total = cells.get((area, labels[-1], col))
            for label in labels[:-1]:
                part = cells.get((area, label, col))
                if total is not None and part is not None:
                    ctx.b.add(total, STYR.hasSummand, part)
    parts = [area for area in table.subareas if area in blocks]
    if len(parts) < 2 or table.title not in blocks:
        return
    for label in blocks[table.title]:
        for col in range(len(table.columns)):
            whole = cells.get((table.title, label, col))
            found = [cells[(p, label, col)] for p in parts if (p, label, col) in cells]
            if whole is None or len(found) < 2:
                continue
            for part in found:
                ctx.b.add(whole, STYR.hasPartObservation, part)


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


def _table_iri(ctx: Context, table: Table, used: set[URIRef]) -> URIRef:
    """Return the table IRI under the document, numbered when a title repeats."""
    base = f"{ctx.doc.iri}/tabell/{slug(table.title)}"
    iri, n = URIRef(base), 2
    while iri in used:
        iri, n = URIRef(f"{base}-{n}"), n + 1
    used.add(iri)
    return iri


# --- amounts in prose -----------------------------------------------------------------------
@dataclass(frozen=True)
class Sentence:
    """A sentence of prose with the lines it covers (character spans in ``text``)."""

    text: str
    spans: tuple[tuple[int, int, int], ...]  # (char start, char end, line number)
    heading: str | None

    @property
    def start(self) -> int:
        return self.spans[0][2]

    @property
    def end(self) -> int:
        return self.spans[-1][2]

    def line_at(self, offset: int) -> int:
        for first, last, no in self.spans:
            if first <= offset < last:
                return no
        return self.end


@dataclass(frozen=True)
class Amount:
    """One amount read from a sentence."""

    sentence: Sentence
    printed: str
    value: Decimal
    unit: str | None
    mnkr: Decimal
    line: int
    role: str
    year: int | None
    area: str | None
    named: bool
    compared_year: int | None = None
    decrease: bool = False

    @property
    def signed_mnkr(self) -> Decimal:
        """The amount in mnkr, negative for a change stated as a decrease ("minskning med 4,5")."""
        return -self.mnkr if self.decrease and self.mnkr > 0 else self.mnkr


def _segments(lines: list[Line]) -> list[list[Line]]:
    """Split a paragraph into items: bullets, a leading heading line, the rest."""
    items: list[list[Line]] = []
    for ln in lines:
        text = ln.text.strip()
        if not items or BULLET.match(text):
            items.append([ln])
        else:
            items[-1].append(ln)
    first = items[0]
    if (
        len(first) > 1
        and _is_heading(first[0].text.strip(), words=10)
        and len(first[0].text.strip()) <= 60
        and first[1].text.strip()[:1].isupper()
    ):
        items[0:1] = [[first[0]], first[1:]]
    return items


def _sentences(item: list[Line], heading: str | None) -> list[Sentence]:
    """Split one paragraph item into sentences, keeping the lines each one covers."""
    parts: list[str] = []
    spans: list[tuple[int, int, int]] = []
    pos = 0
    for i, ln in enumerate(item):
        text = collapse(ln.text)
        if i == 0:
            text = BULLET.sub("", text)
        parts.append(text)
        spans.append((pos, pos + len(text) + 1, ln.no))
        pos += len(text) + 1
    whole = " ".join(parts)
    out: list[Sentence] = []
    begin = 0
    for cut in [*(m.start() for m in SENTENCE_END.finditer(whole)), len(whole)]:
        piece = whole[begin:cut]
        if piece.strip():
            covered = tuple(
                (a - begin, b - begin, no) for a, b, no in spans if a < cut and b > begin
            )
            out.append(Sentence(piece, covered, heading))
        begin = cut + 1
    return out


def prose_sentences(src: SourceText, ranges: list[tuple[int, int]]) -> list[Sentence]:
    """Return the sentences of the prose in ``ranges``, each with its latest heading."""
    out: list[Sentence] = []
    for start, end in ranges:
        heading: str | None = None
        for block in src.blocks(start, end):
            for item in _segments(list(block.lines)):
                text = collapse(" ".join(ln.text for ln in item))
                if len(item) == 1 and _is_heading(text, words=12) and not AMOUNT.search(text):
                    heading = text
                    continue
                out.extend(_sentences(item, heading))
    return out


def _unit(unit: str) -> tuple[str | None, int]:
    """Return the unit code slug (if any) and the power of ten that turns it into mnkr."""
    for pattern, slug_, power in UNITS:
        if pattern.match(unit):
            return slug_, power
    return None, 0


class AreaMatcher:
    """Find which budget areas a piece of text names (conservatively)."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = list(dict.fromkeys(labels))
        self.strong = {label: self._phrase(label) for label in self.labels}
        self.weak = {label: self._head(label) for label in self.labels}

    @staticmethod
    def _words(text: str) -> list[str]:
        return re.findall(r"[a-zåäöéü]+", text.lower())

    def _phrase(self, label: str) -> re.Pattern[str]:
        words = [re.escape(w) + r"[a-zåäö]{0,3}" for w in self._words(label)]
        return re.compile(r"\b" + r"\W+".join(words) + r"\b", re.IGNORECASE)

    def _head(self, label: str) -> re.Pattern[str] | None:
        words = [w for w in self._words(label) if w not in STOP_WORDS]
        if len(words) < 2 or len(words[0]) < 6:
            return None
        return re.compile(r"\b" + re.escape(words[0]) + r"[a-zåäö]{0,3}\b", re.IGNORECASE)

    def find(self, text: str) -> list[str]:
        """Return the areas ``text`` names: phrase matches first, else head-word matches."""
        strong = [label for label, p in self.strong.items() if p.search(text)]
        if strong:
            return strong
        return [label for label, p in self.weak.items() if p is not None and p.search(text)]

    def unique(self, text: str) -> str | None:
        found = self.find(text)
        return found[0] if len(found) == 1 else None


def read_amounts(sentence: Sentence, areas: AreaMatcher) -> list[Amount]:
    """Read every amount of ``sentence`` with its role, year and area."""
    text = sentence.text
    matches = list(AMOUNT.finditer(text))
    out: list[Amount] = []
    previous: Amount | None = None
    for i, m in enumerate(matches):
        before = text[matches[i - 1].end() if i else 0 : m.start()]
        after = text[m.end() : matches[i + 1].start() if i + 1 < len(matches) else len(text)]
        role, year = _role_and_year(text[: m.start()], before, after, previous)
        area, named = _amount_area(areas, before, after, previous, role, sentence.heading)
        unit, power = _unit(m.group("unit"))
        value = parse_number(m.group("num"))
        compared = COMPARED_YEAR.match(after) if role == "forandring" else None
        decrease = role == "forandring" and bool(
            DECREASE_BEFORE.search(before) or DECREASE_AFTER.match(after)
        )
        amount = Amount(
            sentence=sentence,
            printed=m.group(0),
            value=value,
            unit=unit,
            mnkr=to_mnkr(value, power),
            line=sentence.line_at(m.start()),
            role=role,
            year=year,
            area=area,
            named=named,
            compared_year=int(compared.group(1)) if compared else None,
            decrease=decrease,
        )
        out.append(amount)
        previous = amount
    return out


def _role_and_year(
    prefix: str, before: str, after: str, previous: Amount | None
) -> tuple[str, int | None]:
    """Return the amount's role (level, change, prior year) and the year it is for."""
    prior = PRIOR_YEAR.search(prefix)
    if prior:
        return "tidigare-ar", int(prior.group(1) or prior.group(2))
    if previous is not None:
        # "4 mnkr för 2025, som …": the year right after the previous amount is its own
        before = YEAR_AFTER.sub("", before, count=1)
    years = YEAR_BEFORE.findall(before)
    later = YEAR_AFTER.match(after)
    year = int(years[-1]) if years else (int(later.group(1)) if later else None)
    if CHANGE_BEFORE.search(before) or CHANGE_AFTER.match(after):
        return "forandring", year
    if (
        previous is not None
        and previous.role == "forandring"
        and not LEVEL_CUE.search(before)
        and before.strip(" ,") != ""
    ):
        return "forandring", year
    return "niva", year


def _amount_area(
    areas: AreaMatcher,
    before: str,
    after: str,
    previous: Amount | None,
    role: str,
    heading: str | None,
) -> tuple[str | None, bool]:
    """Return the area an amount is about and whether its own sentence names it."""
    found = areas.find(before)
    if not found:
        found = areas.find(after)
    if len(found) == 1:
        return found[0], True
    if found:
        return None, False
    # "X uppgår till A mnkr, en ökning med B mnkr": a change after an amount of the
    # same sentence is about the same area
    if previous is not None and role == "forandring" and previous.area:
        return previous.area, previous.named
    if heading:
        return areas.unique(heading), False
    return None, False


def _short(text: str) -> str:
    """Shorten ``text`` to about :data:`LABEL_LIMIT` characters at a word boundary."""
    if len(text) <= LABEL_LIMIT:
        return text
    cut = text[: LABEL_LIMIT - 1]
    return (cut[: cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;:") + "…"


def _write_amount(
    ctx: Context, amount: Amount, n: int, written: _Written, area_iris: dict[str, URIRef]
) -> URIRef:
    b = ctx.b
    iri = URIRef(f"{ctx.doc.iri}/belopp/L{amount.line}-{n}")
    sentence = join_lines([amount.sentence.text])
    b.node(iri, STYR.StatedAmount, _short(sentence))
    b.add(iri, STYR.statedValue, dec(amount.value))
    if amount.unit:
        b.add(iri, STYR.statedUnit, code("enhet", amount.unit))
    b.add(iri, OBEU_MEASURE.amount, dec(amount.mnkr))
    b.add(iri, STYR.text, sv(sentence))
    b.add(iri, STYR.amountRole, code("beloppstyp", amount.role))
    if amount.role == "forandring":
        b.add(iri, STYR.changeAmount, dec(amount.signed_mnkr))
    if amount.year:
        b.add(iri, OBEU_DIM.fiscalYear, year_iri(amount.year))
    if amount.area:
        b.add(iri, STYR.budgetArea, area_iris[amount.area])
        cells = _restated(amount, written, ctx.doc.year)
        if cells is not None:
            b.add(iri, STYR.describesObservation, cells[0])
            if cells[1] is not None:
                b.add(iri, STYR.baselineObservation, cells[1])
    b.evidence(iri, ctx.doc.iri, amount.sentence.start, amount.sentence.end, amount.printed)
    return iri


def _restated(
    amount: Amount, written: _Written, budget_year: int | None
) -> tuple[URIRef, URIRef | None] | None:
    """Return the cells an amount restates: (cell, None) for a level, (cell, base) for a change.

    Only amounts about the municipal allocation ("budgeten", "ramen", "kommunbidraget")
    of one area are linked. A level without a year is for the document's budget year;
    a change links the cell of its year and the cell of the year it is compared with
    ("jämfört med 2024", "högre än 2024").
    """
    if amount.area is None or not KOMMUNBIDRAG_CUE.search(amount.sentence.text):
        return None
    line = slug(KOMMUNBIDRAG)
    area = slug(amount.area)
    if amount.role in {"niva", "tidigare-ar"}:
        year = amount.year or (budget_year if amount.role == "niva" else None)
        if year is None:
            return None
        cell = written.observations.get((area, line, year, APPROVED))
        return (cell, None) if cell is not None else None
    year = amount.year or budget_year
    if amount.role != "forandring" or amount.compared_year is None or year is None:
        return None
    cell = written.observations.get((area, line, year, APPROVED))
    base = written.observations.get((area, line, amount.compared_year, APPROVED))
    return (cell, base) if cell is not None and base is not None else None


# --- the extractor ---------------------------------------------------------------------------
def _prose_ranges(start: int, end: int, tables: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the line ranges of ``start..end`` outside the tables' spans."""
    ranges: list[tuple[int, int]] = []
    cursor = start
    for first, last in sorted(tables):
        if first > cursor:
            ranges.append((cursor, first - 1))
        cursor = max(cursor, last + 1)
    if cursor <= end:
        ranges.append((cursor, end))
    return ranges


def _sibling_areas(ctx: Context) -> dict[str, URIRef]:
    """Return the table areas of the source's budget documents (for a document without tables)."""
    areas: dict[str, URIRef] = {}
    for doc in ctx.docs:
        if doc is ctx.doc or doc.kind != "board_budget":
            continue
        tables, _ = find_tables(ctx.src, doc.start, doc.end)
        for table in tables:
            for label in [table.title, *table.subareas]:
                areas.setdefault(label.lower(), area_iri(ctx, label))
    return areas


def _layout_tables(ctx: Context, tables: list[Table]) -> tuple[list[Table], list[tuple[int, int]]]:
    """Read the document's space-aligned tables (:mod:`loaders.tables`) outside ``tables``.

    Indicator tables are written as indicators (:mod:`loaders.indicators`); the others
    become tables whose cells are written as observations (returned with the spans of the
    indicator tables, which are not prose either). A table is written only when its unit
    or its column heads are known: numbers in columns whose meaning is unknown (a table
    of contents, a chart's labels, a form's page numbers) are a note, not data. A table whose
    unit is not stated takes the money unit every other table of the document states,
    when its columns are budget phases (a note says so); else it is written without one.
    """
    from .indicators import is_indicator_table, write_indicators

    doc, src = ctx.doc, ctx.src
    taken = [(t.start, t.end) for t in tables]
    lines = ((n, src.line(n).text) for n in range(doc.start, doc.end + 1))
    joined = find_joined_tables((n, t) for n, t in lines if t.strip())
    joined = [g for g in joined if not any(a <= g.start <= b for a, b in taken)]
    grids, problems = find_layout_tables(
        src, doc.start, doc.end, [*taken, *((g.start, g.end) for g in joined)]
    )
    grids = sorted([*joined, *grids], key=lambda g: g.start)
    for problem in problems:
        ctx.unparsed(problem.start, problem.end, "tabell", problem.message)
    stated = {g.unit for g in grids if g.unit_stated and g.unit in MONEY}
    stated |= {t.unit for t in tables}
    found: list[Table] = []
    spans: list[tuple[int, int]] = []
    for grid in grids:
        if not grid.unit and not any(grid.headers):
            ctx.note(grid.start, grid.end, "tabell", "numbers in columns without unit or heads")
            continue
        if is_indicator_table(grid):
            write_indicators(ctx, grid)
            spans.append((grid.start, grid.end))
            for first, last, why in grid.unread:
                ctx.unparsed(first, last, "tabell", why)
            continue
        unit = grid.unit
        phases = any(layout_column(h, grid.stub, None, True).phase for h in grid.headers)
        if unit is None and phases and len(stated) == 1:
            unit = next(iter(stated))
            ctx.note(grid.start, grid.end, "tabell", f"unit not stated; {unit} as the other tables")
        elif unit is None:
            ctx.note(grid.start, grid.end, "tabell", "unit not stated")
        title = re.sub(r"\s*\((?:belopp\s+i\s+)?(?:mnkr|tkr)\)", "", grid.title).strip()
        table = from_grid(grid, title or f"Tabell på rad {grid.start}", unit, doc.year)
        table.area = doc.body.label if doc.body else None
        for first, last, why in grid.unread:
            ctx.unparsed(first, last, "tabell", why)
        if table.rows:
            found.append(table)
    return found, spans


def extract(ctx: Context) -> None:
    """Extract every budget-table cell and every amount stated in prose."""
    doc = ctx.doc
    tables, problems = find_tables(ctx.src, doc.start, doc.end)
    layout, indicator_spans = _layout_tables(ctx, tables)
    read = [(t.start, t.end) for t in layout] + indicator_spans
    for problem in problems:  # a title the budget-table reader gave up on, read as layout
        if not any(a <= problem.start <= b for a, b in read):
            ctx.unparsed(problem.start, problem.end, "budgettabell", problem.message)
    written = _Written()
    used: set[URIRef] = set()
    labels: dict[str, str] = {}
    for table in tables:
        _write_table(ctx, table, _table_iri(ctx, table, used), written)
        for label in [table.title, *table.subareas]:
            labels.setdefault(label.lower(), label)
    for table in layout:
        _write_table(ctx, table, _table_iri(ctx, table, used), written)
    area_iris = dict(written.areas)
    if not tables:
        area_iris = _sibling_areas(ctx)
        labels = {key: key for key in area_iris}
    matcher = AreaMatcher(list(labels.values()))
    by_label = {label: area_iris[key] for key, label in labels.items()}
    counters: dict[int, int] = {}
    spans = [(t.start, t.end) for t in [*tables, *layout]] + indicator_spans
    ranges = _prose_ranges(doc.start, doc.end, spans)
    for sentence in prose_sentences(ctx.src, ranges):
        for amount in read_amounts(sentence, matcher):
            counters[amount.line] = counters.get(amount.line, 0) + 1
            _write_amount(ctx, amount, counters[amount.line], written, by_label)


__all__ = [
    "AreaMatcher",
    "Table",
    "extract",
    "find_tables",
    "parse_number",
    "prose_sentences",
    "read_amounts",
    "split_row",
    "split_values",
]
