"""Amounts stated in prose: "4 500 tkr", "-1,1 mnkr", "1,5 miljoner kronor".

The prose of a document (outside its tables) is read as sentences, each with the lines
it covers and the latest heading above it (:func:`prose_sentences`). Every
"<number> mnkr|tkr|kr|miljoner kronor" of a sentence is an :class:`Amount` with its
value converted to mnkr, its role (level, change, prior year) and, when unambiguous,
its year and the budget area it is about (:class:`AreaMatcher`). They are written by
:mod:`loaders.stated_amounts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .economy_table import BULLET, is_heading, to_mnkr
from .source import Line, SourceText
from .table_lines import parse_number
from .textrepair import collapse

# --- Swedish words matched in the source -------------------------------------------------
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
STOP_WORDS = frozenset({"och", "samt", "för", "med", "av", "i", "till"})


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
        and is_heading(first[0].text.strip(), words=10)
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
                if len(item) == 1 and is_heading(text, words=12) and not AMOUNT.search(text):
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
