"""Economy tables titled by their unit: "(belopp i mnkr)", read from running text lines.

A table is a title line ending "(belopp i mnkr)" or "(belopp i tkr)" (the name may
stand on the line before), column headers such as "Budget 2024", "Utfall 2023",
"Prognos 2024" (spread over lines), then rows "Label v1 v2 …" in Swedish number
format ("1 020,3", "-602,0", "−1,1"). A label line without numbers followed by a
row opens a sub-block: its rows belong to that area, the rows before the first
sub-block to the table's own area. A row's numbers are tokens split at every space,
so :func:`split_values` decides which tokens are thousands groups of one number.

Tables laid out in columns of spaces are :mod:`loaders.tables`' and
:mod:`loaders.economy_grids`'.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise

from .economy_table import BULLET, PHASES, Column, Row, Table, is_heading
from .source import SourceText
from .table_lines import parse_number
from .tables import Problem
from .textrepair import collapse

# --- Swedish words matched in the source -------------------------------------------------
# "Kommunledningen (belopp i mnkr)", "(belopp i tkr)", "Tabell 2. X (mnkr)"
TABLE_TITLE = re.compile(
    r"^(?P<title>.*?)\s*\((?:belopp\s+i\s+)?(?P<unit>mnkr|tkr)\)\s*(?P<rest>.*)$", re.IGNORECASE
)
TABLE_PREFIX = re.compile(r"^Tabell\s+\d+[.:]?\s*", re.IGNORECASE)
CHANGE_COLUMNS = frozenset({"förändring", "förändr.", "diff", "differens", "avvikelse"})
HEADER_FILLERS = frozenset({"belopp", "i", "mnkr", "tkr", "(mnkr)", "(tkr)"})
YEAR_TOKEN = re.compile(r"^(20\d\d)$")
# lines that close a table whatever follows
TOTAL_HEADING = re.compile(r"^(Totalt?|Summa)\b", re.IGNORECASE)
TABLE_STOP = re.compile(r"^(Bilaga|Sida|Sid\.)\s+\d+\b", re.IGNORECASE)
# a table cell: "124,0", "-602,0", "−1,1", "1" (thousands groups are separate tokens)
NUM_TOKEN = re.compile(r"^[-−–]?\d+(?:,\d+)?$")
HEAD_ALONE = re.compile(r"^[-−–]?(?:0|[1-9]\d*)(?:,\d+)?$")
HEAD_GROUPED = re.compile(r"^[-−–]?[1-9]\d{0,2}$")
GROUP = re.compile(r"^\d{3}$")
GROUP_LAST = re.compile(r"^\d{3}(?:,\d+)?$")
THIN_THOUSANDS = re.compile(r"(?<=\d)[\u00a0\u202f\u2009](?=\d{3}(?!\d))")


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
        if before is not None and is_heading(lines.text(before), words=10):
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
        elif _is_row_label(next_label) and is_heading(text):
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
