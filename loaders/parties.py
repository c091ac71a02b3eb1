"""The parties: their names and abbreviations, and who wrote a party's document.

Every municipality's and region's council documents name the parties the same ways: in
full ("Socialdemokraterna", "Miljöpartiet de gröna"), abbreviated ("S", "MP", "(M, L)"),
as a signature ("Anna Andersson (S)"), as the header of the document ("Yrkande
(Vänsterpartiet, Miljöpartiet)", "Kommunstyrelsen Yttrande M, D, L, KD 2023-02-17",
"Yrkande M, D, L Särskilt yttrande KD") and in the minutes, which name a document by its
act, its parties and its date ("yrkande från SD den 28 oktober 2022"). This module reads
those; :mod:`loaders.party` writes the documents and :mod:`loaders.minutes` the acts the
minutes record.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .dates import MONTHS
from .kinds import ACT_WORDS

# --- the Swedish words this module matches -------------------------------------------------

# Parties: abbreviation -> name, in the canonical order used for lists and labels.
PARTIES: dict[str, str] = {
    "S": "Socialdemokraterna",
    "V": "Vänsterpartiet",
    "MP": "Miljöpartiet",
    "M": "Moderaterna",
    "D": "Demokraterna",
    "L": "Liberalerna",
    "KD": "Kristdemokraterna",
    "C": "Centerpartiet",
    "SD": "Sverigedemokraterna",
    "FI": "Feministiskt initiativ",
}
# Other spellings of a party's name.
PARTY_ALIASES: dict[str, str] = {
    "Miljöpartiet de gröna": "MP",
    "Folkpartiet liberalerna": "L",
    "Mp": "MP",
    # the indefinite plural: "Vi Socialdemokrater menar", "Demokraterna, …, Kristdemokrater"
    "Socialdemokrater": "S",
    "Moderater": "M",
    "Liberaler": "L",
    "Kristdemokrater": "KD",
    "Sverigedemokrater": "SD",
}
_NAME_TO_ABBR = {name.lower(): abbr for abbr, name in PARTIES.items()} | {
    name.lower(): abbr for name, abbr in PARTY_ALIASES.items()
}
_NAMES = "|".join(
    sorted((re.escape(n) for n in [*PARTY_ALIASES, *PARTIES.values()]), key=len)[::-1]
)
_ABBRS = "|".join(sorted(PARTIES, key=len, reverse=True))
_NAME = rf"\b(?:{_NAMES})s?\b"
_ABBR = rf"\b(?:{_ABBRS})(?::s)?\b"
_SEP = r"(?:\s*,\s*(?:och\s+|samt\s+)?|\s+(?:och|samt)\s+|\s*[+/]\s*)"
_NAME_LIST = rf"{_NAME}(?:{_SEP}{_NAME})*"
_ANY_LIST = rf"(?:{_NAME}|{_ABBR})(?:{_SEP}(?:{_NAME}|{_ABBR}))*"
#: A list of parties, named or abbreviated ("S, V och MP"), as a pattern to build on.
ANY_LIST = _ANY_LIST
_ITEM = re.compile(rf"\b(?P<name>{_NAMES})s?\b|\b(?P<abbr>{_ABBRS})(?::s)?\b")
_PAREN = re.compile(rf"\(\s*(?P<p>{_ANY_LIST})\s*\)")
_DOC_WORD = r"(?i:budget|budgetförslag|förslag|yrkande)"

# Authorship cues: (name, pattern, strong). Each pattern has a group "p": the author list.
_CUES: tuple[tuple[str, str, bool], ...] = (
    (
        "header",
        rf"(?i:yttrande|yrkande|reservation|protokollsanteckning)\s*\(\s*(?P<p>{_ANY_LIST})\s*\)",
        True,
    ),
    (
        "in-favour-from",
        rf"(?i:till\s+förmån\s+för)\s+(?i:förslaget|budgeten|budgetförslaget|yrkandet)\s+"
        rf"(?i:från|av)\s+(?P<p>{_ANY_LIST})",
        True,
    ),
    ("in-favour-of", rf"(?i:till\s+förmån\s+för)\s+(?P<p>{_ANY_LIST})\s+{_DOC_WORD}\b", True),
    (
        "reference",
        rf"(?i:med\s+hänvisning\s+till)\s+(?P<p>{_ANY_LIST})\s+(?i:egna?\s+)?{_DOC_WORD}",
        True,
    ),
    (
        "own-budget",
        rf"\b(?i:i)\s+(?P<p>{_ANY_LIST})\s+(?i:budget|budgetförslag|förslag)\b[^.]{{0,200}}?"
        r"\b(?i:föreslår|vill|prioriterar|satsar|presenterar|lägger)\s+(?i:vi)\b",
        True,
    ),
    ("we-in", rf"\b(?i:vi)\s+i\s+(?P<p>{_NAME_LIST})", True),
    (
        "annex-item",
        rf"^[ \t]*\d+\.\s+(?P<p>{_NAME_LIST})\s+(?i:genomförandeplan|budget|budgetförslag|"
        r"förslag|yrkande)",
        True,
    ),
    ("on-behalf", rf"^[ \t]*(?i:för)\s+(?P<p>{_NAME_LIST})[ \t]*$", True),
    (
        "subject",
        rf"(?P<p>{_NAME_LIST})\s+(?:vill|ställer\s+sig|ser|anser|föreslår|yrkar|efterlyser|"
        r"förespråkar|betonar|menar|välkomnar|kräver|värnar|står\s+bakom|avstår|"
        r"reserverar\s+sig|instämmer|tycker|prioriterar|vänder\s+sig)\b",
        False,
    ),
)
_CUE_RES = tuple((name, re.compile(p, re.MULTILINE), strong) for name, p, strong in _CUES)
# The party signing in its own name at the end: "Socialdemokraterna i kulturnämnden",
# "Vänsterpartiet och Miljöpartiet" on a line of their own among the last lines.
_PARTY_LINE = re.compile(
    rf"^[ \t]*(?i:för[ \t]+)?{_NAME_LIST}(?:[ \t]+i[ \t]+[\wåäöÅÄÖ -]{{3,60}})?[ \t]*$"
)
#: How many of a document's last non-blank lines may be its signature.
SIGNATURE_LINES = 5
# "Anna Andersson (S)", "Anna Andersson (M), Bo Berg (L)" on a line of their own. The
# quantifiers are possessive: a long line of capitalised words backtracked exponentially
# (a council handling took minutes on one line).
SIGNATURE = re.compile(
    rf"^\s*(?:[A-ZÅÄÖÉ][\w'.-]*+(?:[ \t]++[A-ZÅÄÖÉ][\w'.-]*+){{1,3}}+[ \t]*+"
    rf"\(\s*{_ANY_LIST}\s*\)[ \t]*+,?+[ \t]*+)++$"
)


# --- authorship cues ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """One place in a document that says who wrote it (0-based line indexes)."""

    kind: str
    parties: frozenset[str]
    first: int
    last: int
    strong: bool


def canonical_order(parties: Iterable[str]) -> list[str]:
    """Return ``parties`` (abbreviations) sorted in the order of :data:`PARTIES`."""
    order = list(PARTIES)
    return sorted(set(parties), key=order.index)


def parties_named(text: str) -> frozenset[str]:
    """Return the abbreviations of the parties named (in full or abbreviated) in ``text``."""
    found: set[str] = set()
    for match in _ITEM.finditer(text):
        if match.group("name"):
            found.add(_NAME_TO_ABBR[match.group("name").lower()])
        else:
            found.add(match.group("abbr"))
    return frozenset(found)


def find_cues(lines: list[str]) -> list[Cue]:
    """Return every authorship cue in ``lines`` (the document's lines, in order)."""
    text = "\n".join(lines)
    starts = _line_starts(lines)
    cues: list[Cue] = []
    for kind, pattern, strong in _CUE_RES:
        for match in pattern.finditer(text):
            first, last = _line_of(starts, match.start()), _line_of(starts, match.end() - 1)
            cues.append(Cue(kind, parties_named(match.group("p")), first, last, strong))
    heading = document_header(lines)
    if heading is not None:
        index, header = heading
        cues.append(Cue("heading", header.parties, index, index, True))
    ending = [i for i, line in enumerate(lines) if line.strip()][-SIGNATURE_LINES:]
    for i in (i for i in ending if _PARTY_LINE.match(lines[i])):
        cues.append(Cue("party-signature", parties_named(lines[i]), i, i, True))
    signed = [i for i, line in enumerate(lines) if SIGNATURE.match(line)]
    if signed:
        parties = frozenset().union(*(_signature_parties(lines[i]) for i in signed))
        cues.append(Cue("signature", parties, signed[0], signed[-1], True))
    return [c for c in cues if c.parties]


def _signature_parties(line: str) -> frozenset[str]:
    """Return the parties in the parentheses of a signature line."""
    return frozenset().union(*(parties_named(m.group("p")) for m in _PAREN.finditer(line)))


def _line_starts(lines: list[str]) -> list[int]:
    """Return the character offset where each line starts in the joined text."""
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    """Return the 0-based index of the line holding character ``offset``."""
    index = 0
    for i, start in enumerate(starts):
        if start > offset:
            break
        index = i
    return index


def decide(cues: list[Cue]) -> frozenset[str]:
    """Return the authors the cues agree on; empty when they disagree.

    The document's own header ("Yrkande  M, D, L, KD") decides. Else strong cues outvote
    weak ones: one set that includes all others wins; else the set most cues name, unless
    two sets tie.
    """
    heading = next((c for c in cues if c.kind == "heading"), None)
    if heading is not None:
        return heading.parties
    pool = [c for c in cues if c.strong] or [c for c in cues if not c.strong]
    if not pool:
        return frozenset()
    sets = {c.parties for c in pool}
    largest = max(sets, key=len)
    if all(s <= largest for s in sets):
        return largest
    ranked = Counter(c.parties for c in pool).most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return frozenset()
    return ranked[0][0]


def detect_parties(text: str) -> list[str]:
    """Return the abbreviations of the parties that wrote ``text``, or ``[]`` when unsure.

    ``text`` is the document's lines joined with newlines (signature and annex-list
    cues are read per line; the others may span line breaks).
    """
    return canonical_order(decide(find_cues(text.split("\n"))))


#: A party's own budget proposal in its document: "Socialdemokraternas, Vänsterpartiets och
#: Miljöpartiets förslag till budget 2025 fastställs i sin helhet".
OWN_BUDGET = re.compile(
    rf"{_NAME_LIST}\s+(?i:förslag\s+till\s+budget|budgetförslag)\b[^.]{{0,120}}?"
    r"\b(?i:fastställs|antas)\b"
)


# --- headers and references ---------------------------------------------------------------

_ACT_WORDS = "|".join(sorted((a.replace(" ", r"\s+") for a in ACT_WORDS), key=len, reverse=True))
#: an act word, in any case ("Yrkande", "särskilt yttrande")
ACT_NAME = rf"(?i:{_ACT_WORDS})"
#: an act word as a word of its own: "Yrkande", not "Yrkandet" or "Yrkandena"
ACT = re.compile(rf"{ACT_NAME}(?![\wåäöÅÄÖ])")
# the body a header may open with: "Kommunstyrelsen Yrkande …", "Regionstyrelsen Yttrande …"
_BODY_PREFIX = re.compile(r"[A-ZÅÄÖ][\wåäö-]*(?:styrelsen|fullmäktige|nämnden)[ \t]+")
_ISO_DATE = re.compile(r"(20\d\d)-(\d\d)-(\d\d)\b")
# a person and the party in parentheses: "ordföranden Axel Josefson (M)"
_PERSON = (
    r"(?:(?i:ordföranden?|vice\s+ordföranden?|tjänstgörande\s+ersättaren?)\s+)?"
    r"[A-ZÅÄÖÉ][\w'.-]*(?:[ \t]+[A-ZÅÄÖÉ][\w'.-]*){1,3}[ \t]*"
    rf"\(\s*(?:{_ANY_LIST})\s*\)"
)
PERSON = re.compile(_PERSON)
PERSON_LIST = re.compile(rf"{_PERSON}(?:\s*,\s*(?:och\s+)?{_PERSON}|\s+och\s+{_PERSON})*")
_PARTY_LIST = re.compile(_ANY_LIST)
# the header's bookkeeping after who and when: "Reviderat 2024-10-23", "Ärende nr 26"
_HEADER_END = re.compile(
    r"(?i:reviderat|daterat|ärendenummer|ärende|nr\b|dnr|protokollsbilaga|"
    r"med\s+instämmande|diarienummer)"
)
# a sentence starting: a capitalised word, then words in lower case
_SENTENCE = re.compile(r"[A-ZÅÄÖ][a-zåäö]+(?:\s+[a-zåäö]+){2}")
# abbreviations written together inside the header's parentheses: "(SVMP)"
_JOINED = re.compile(r"[A-ZÅÄÖ]{2,10}(?=\s*\))")
_BY_LENGTH = sorted(PARTIES, key=len, reverse=True)
# a case number in a header: "SLK-2024-00855", "KS 2022-11-02"
_CASE_NUMBER = re.compile(r"[A-ZÅÄÖ]{2,6}-\d{4}-\d{3,6}\b")
# the case a header's next line names: "Ärende 12", "Ärende nr: 3.1", "§ 45", "Dnr 0494/22"
_CASE_LINE = re.compile(r"^(?:(?i:ärende)(?:\s*nr)?\s*:?\s*\d|§\s*\d|(?i:dnr|diarienummer)\b)")
_GLUE = re.compile(r"(?:[\s,;:()]|(?i:och|samt|från)\b)+")
# "yrkande från SD den 28 oktober 2022", "återremissyrkande från M, D, L och KD den 26
# januari 2023", "yrkande från S, V och MP i kommunfullmäktige den 26 januari 2023"
_MONTHS = "|".join(MONTHS)
SWEDISH_DATE = re.compile(rf"(?i:den\s+)?(\d{{1,2}})\s+({_MONTHS})\s+(20\d\d)\b", re.I)
_REFERENCE = re.compile(
    rf"\b(?P<act>(?i:{_ACT_WORDS}))(?i:et|en)?\s+(?i:från|av)\s+(?P<p>{_ANY_LIST})"
    rf"(?P<meeting>\s+i\s+[\wåäö]+)?\s+(?i:den)\s+(?P<d>\d{{1,2}})\s+(?P<m>(?i:{_MONTHS}))\s+"
    r"(?P<y>20\d\d)\b"
)


#: How many non-blank lines at a document's start may hold its header (the body's name,
#: the header, the date and case line, the title).
HEADER_LINES = 4


@dataclass(frozen=True)
class Act:
    """One act a header or a reference names: its kind (a registry key) and its parties."""

    kind: str
    parties: frozenset[str]


@dataclass(frozen=True)
class Header:
    """The header of a party's document: its acts (the first is the document's own; a
    "Särskilt yttrande KD" on the same line is another party's act attached to it) and
    its date."""

    acts: tuple[Act, ...]
    date: str | None

    @property
    def kind(self) -> str:
        return self.acts[0].kind

    @property
    def parties(self) -> frozenset[str]:
        return self.acts[0].parties


def act_kind(word: str) -> str:
    """Return the registry key of the kind an act word ("Tilläggsyrkande") names."""
    return ACT_WORDS[" ".join(word.lower().split())]


def read_header(line: str, following: Sequence[str] = ()) -> Header | None:
    """Return the header a line holds, or None when it is not a party document's header.

    A header is an act word, perhaps after the body ("Kommunstyrelsen Yttrande"), then who
    and when: parties (in full, abbreviated, in parentheses), people with their party,
    a date, and bookkeeping ("Reviderat …", "Ärende 20"). An act word alone is a header
    only when one of the ``following`` lines (the next non-blank ones) is a date or the
    "… angående" title; an act word followed by prose ("Yrkande För att …", "Yttrande
    över motion …", "Yrkande angående …") is not.
    """
    text = line.strip()
    if text.endswith("."):  # a sentence that names a document: "Yrkande från (S) enligt …."
        return None
    body = _BODY_PREFIX.match(text)
    pos = body.end() if body else 0
    act = ACT.match(text, pos)
    if act is None or not text[pos : pos + 1].isupper():
        return None
    acts: list[tuple[str, set[str]]] = [(act_kind(act.group()), set())]
    date: str | None = None
    i, read, first, prose, listed, end = act.end(), False, True, False, False, 0
    while True:
        glue = _GLUE.match(text, i)
        i = glue.end() if glue else i
        if i >= len(text):
            break
        # people (what they say may follow), or parties (prose may not follow them)
        if (found := PERSON_LIST.match(text, i)) or (found := _PARTY_LIST.match(text, i)):
            acts[-1][1].update(parties_named(found.group()))
        elif (found := _JOINED.match(text, i)) and (joined := _joined(found.group())):
            acts[-1][1].update(joined)  # "(SVMP)"
        elif found := _ISO_DATE.match(text, i):
            date = date or found.group()
        elif (found := ACT.match(text, i)) and not first:
            acts.append((act_kind(found.group()), set()))
        elif found := _CASE_NUMBER.match(text, i):  # "SLK-2024-00855": read on
            i = found.end()
            continue
        else:  # bookkeeping ("Reviderat …", "Ärende 20") or prose ends who and when
            prose = first or not _HEADER_END.match(text, i)  # "Yttrande Diarienummer …"
            if prose and listed and text[i].islower() and ")" not in text[end:i]:
                return None  # "Yrkande Moderaterna och Liberalerna ställer sig …"
            if prose and listed and _SENTENCE.match(text, i):
                return None  # a table's row: "Yrkande S     Utmaningen med kompetens…"
            break
        read, first, i = True, False, found.end()
        listed, end = found.re is _PARTY_LIST, found.end()
    if not read and (prose or not _announces(following)):
        return None
    if date is None:  # "Yrkande" / "2019-03-22" / "Yrkande angående …"
        dated = (_ISO_DATE.match(t.strip()) for t in following[:1])
        date = next((d.group() for d in dated if d), None)
    return Header(tuple(Act(k, frozenset(p)) for k, p in acts), date)


def document_header(lines: Sequence[str]) -> tuple[int, Header] | None:
    """Return the header among a document's first :data:`HEADER_LINES` non-blank lines,
    with its 0-based index in ``lines``."""
    nonblank = [(i, line) for i, line in enumerate(lines) if line.strip()]
    for n, (index, line) in enumerate(nonblank[:HEADER_LINES]):
        header = read_header(line, [text for _, text in nonblank[n + 1 : n + 3]])
        if header is not None:
            return index, header
    return None


def _joined(letters: str) -> frozenset[str]:
    """Return the parties of abbreviations written together ("SVMP": S, V and MP), or none
    when the letters are not abbreviations only."""
    found: set[str] = set()
    rest = letters
    while rest:
        abbr = next((a for a in _BY_LENGTH if rest.startswith(a)), None)
        if abbr is None:
            return frozenset()
        found.add(abbr)
        rest = rest[len(abbr) :]
    return frozenset(found) if len(found) > 1 else frozenset()


def _announces(following: Sequence[str]) -> bool:
    """Tell whether the lines after a bare act word are a header's date, its case ("Ärende
    12", "§ 45", "Dnr …") or the title ("… angående …")."""
    for text in following[:2]:
        if _ISO_DATE.match(text.strip()) or _CASE_LINE.match(text.strip()):
            return True
        if re.search(r"\bangående\b", text, re.I):
            return True
    return False


def iso_date(day: str, month: str, year: str) -> str:
    """Return "2022-10-28" for ("28", "oktober", "2022")."""
    return f"{year}-{MONTHS[month.lower()]:02d}-{int(day):02d}"


@dataclass(frozen=True)
class Reference:
    """A party document named by its act, parties and date ("yrkande från SD den 28
    oktober 2022"); ``at_meeting`` when the date is the meeting's at which it was moved
    ("yrkande från S, V och MP i kommunfullmäktige den 26 januari 2023"), so that the
    document is dated on or before it."""

    act: Act
    date: str
    at_meeting: bool = False


def references(text: str) -> list[Reference]:
    """Return the documents ``text`` names by act, parties and date (YYYY-MM-DD)."""
    found: list[Reference] = []
    if " den " not in text:  # every reference is dated: skip the costly pattern
        return found
    for m in _REFERENCE.finditer(text):
        act = Act(act_kind(m.group("act")), parties_named(m.group("p")))
        date = iso_date(m.group("d"), m.group("m"), m.group("y"))
        found.append(Reference(act, date, bool(m.group("meeting"))))
    return found
