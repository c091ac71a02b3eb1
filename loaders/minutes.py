"""The parties' acts the minutes record, and the party documents the minutes name.

A council handling quotes the minutes of the body that prepared it ("Vid behandling av
ärendet i kommunstyrelsen förekom skiljaktiga meningar:"): each sentence whose subject is
people with their party ("Anna Andersson (S) och ordföranden Bo Berg (M)") or a party's
representatives ("Representanterna från M, L och KD"), and whose verb is an act of the
meeting, is those parties' act; people named without their party ("Bo Ek, Eva Ås och
Per Holm reserverar sig") take the party the file gives each of them elsewhere. A motion
at the meeting ("yrkade bifall …") is written as a ``styr:Motion``; a dissent
("reserverade sig"), a note to the minutes ("antecknade följande till protokollet") and
an abstention ("avstod från att rösta") as a ``styr:Statement`` with its stance. A
written statement the minutes enter ("antecknade som yttrande en skrivelse från den 23
januari 2024") and a document they name by act, parties and date ("yrkande från SD den
28 oktober 2022") are the party documents of the same file: the minutes' line becomes
evidence of that document, and names its authors when its own header gives only a date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rdflib import URIRef

from .builder import sv
from .codes import code
from .context import Context
from .documents import PARTY_KINDS, Doc
from .kinds import BY_KEY
from .parties import (
    ANY_LIST,
    PERSON,
    PERSON_LIST,
    SWEDISH_DATE,
    Act,
    Reference,
    canonical_order,
    document_header,
    iso_date,
    parties_named,
    references,
)
from .party_authors import write_authors
from .source import SourceText
from .vocab import DCTERMS, STYR

#: A motion named by the meeting it was moved at is dated at most this many days before.
MOVED_WITHIN = 14

# --- the Swedish words this module matches -------------------------------------------------

# who: people with their party, or a party's representatives
_NAME = r"[A-ZÅÄÖÉ][\w'.-]*+(?:[ \t]+[A-ZÅÄÖÉ][\w'.-]*+){1,3}"
_WHO = (
    rf"(?P<people>{PERSON_LIST.pattern})"
    rf"|(?i:representanterna|ledamöterna|företrädarna)\s+(?i:från|för)\s+(?P<list>{ANY_LIST})"
    # people without their party, named with it elsewhere in the file
    rf"|(?P<names>{_NAME}(?:\s*,\s*{_NAME})*(?:\s+och\s+{_NAME})?)"
)
# the act of the meeting -> (registry kind, stance code or None)
_VERBS: tuple[tuple[str, str, str | None], ...] = (
    (r"yrkade|yrkar", "motion", None),
    (r"reserverade\s+sig|reserverar\s+sig", "reservation", "reservation"),
    (r"antecknade|antecknar", "minutes_note", None),
    (r"avstod|avstår", "statement", "avstar"),
)
_ACT = re.compile(
    rf"(?:^|(?<=[.:;]\s))(?:{_WHO})\s+(?P<verb>{'|'.join(v for v, _, _ in _VERBS)})\b"
    r"(?P<rest>[^.]{0,400})",
    re.MULTILINE,
)
# the verb first: "… antecknade representanterna från M, L och KD som yttrande en skrivelse"
_ENTERED = re.compile(
    rf"\bantecknade\s+(?i:representanterna|ledamöterna)\s+(?i:från|för)\s+(?P<list>{ANY_LIST})"
    r"\s+som\s+yttrande\b(?P<rest>[^.]{0,200})"
)
_BEFORE_PARTY = re.compile(r"[ \t]*\(")
_TITLE = re.compile(r"^(?i:vice\s+)?(?i:ordföranden?|tjänstgörande\s+ersättaren?)\s+")
_HINT = re.compile(r"\b(?:yrka|reserver|anteckna|avst)", re.IGNORECASE)
_AS_STATEMENT = re.compile(r"^\s*som\s+yttrande\b", re.IGNORECASE)
_TO_MINUTES = re.compile(r"^\s*(?:följande\s+)?till\s+protokollet\b", re.IGNORECASE)
_ABSTAINS = re.compile(r"^\s*från\s+att\s+(?:rösta|delta)\b", re.IGNORECASE)
_FOR = re.compile(r"^\s*(?:i\s+första\s+hand\s+|i\s+andra\s+hand\s+)?bifall\b", re.IGNORECASE)
_AGAINST = re.compile(r"\b(?:avslag|avslås|avstyrk\w*)\b", re.IGNORECASE)
_APPROVES = re.compile(r"\b(?:tillstyrk\w*|bifalla|bifalls)\b", re.IGNORECASE)
# how an act is named in labels and IRIs: by its stance (abstaining), else by its kind
_NAMES = {
    "avstar": ("Avstår från att rösta", "avstar"),
    "motion": ("Yrkande", "yrkande"),
    "reservation": ("Reservation", "reservation"),
    "minutes_note": ("Protokollsanteckning", "protokollsanteckning"),
    "statement": ("Yttrande", "yttrande"),
}


#: The last source's named documents and people with their party (the pipeline reads one
#: source at a time, and every document of it asks).
_LAST: list[tuple[SourceText, list[tuple[Reference, int]]]] = []
_PEOPLE: list[tuple[SourceText, dict[str, frozenset[str]]]] = []


@dataclass(frozen=True)
class MinutesAct:
    """One act the minutes record: ``text`` is the whole sentence, ``said`` the act
    without the people; ``written_on`` is the date of the written statement a party
    entered, when it entered one."""

    kind: str
    parties: frozenset[str]
    line: int
    stance: str | None
    text: str
    written_on: str | None = None
    #: What the sentence says was done, without who did it ("yrkade bifall till …").
    said: str = ""


def read_acts(src: SourceText, start: int, end: int) -> list[MinutesAct]:
    """Return the acts the minutes in lines ``start..end`` record, in order."""
    acts: list[MinutesAct] = []
    for no in range(start, end + 1):
        text = src.line(no).text
        if not _HINT.search(text):  # most lines name no act: skip the costly pattern
            continue
        for match in _ACT.finditer(text):
            act = _act(match, no, src)
            if act is not None:
                acts.append(act)
        for match in _ENTERED.finditer(text):
            rest = match.group("rest")
            said = f"antecknade som yttrande{rest}"
            acts.append(_entered(match.group("list"), rest, no, match.group(), said))
    return acts


def _act(match: re.Match[str], no: int, src: SourceText) -> MinutesAct | None:
    """Return the act one sentence records, or None when it is not a party's act."""
    parties = parties_named(match.group("people") or match.group("list") or "")
    if match.group("names"):
        parties = _parties_of_people(src, match.group("names"))
    verb, rest = match.group("verb"), match.group("rest")
    kind, stance = next((k, s) for v, k, s in _VERBS if re.fullmatch(v, verb))
    if not parties:
        return None
    if kind == "minutes_note":
        if _AS_STATEMENT.match(rest):
            who = match.group("people") or match.group("list")
            return _entered(who, rest, no, match.group(), f"{verb}{rest}")
        if not _TO_MINUTES.match(rest):
            return None
    if kind == "statement" and not _ABSTAINS.match(rest):
        return None
    if kind == "motion":
        stance = _motion_stance(rest)
    said = f"{verb}{rest}".strip()
    return MinutesAct(kind, parties, no, stance, match.group().strip(), said=said)


def _parties_of_people(src: SourceText, names: str) -> frozenset[str]:
    """Return the parties of people named without theirs ("Bo Ek, Eva Ås och Per Holm"),
    when the file names each of them with one party elsewhere; else none."""
    directory = _directory(src)
    people = [n.strip() for n in re.split(r"\s*,\s*|\s+och\s+", names) if n.strip()]
    if not people or any(p not in directory for p in people):
        return frozenset()
    return frozenset().union(*(directory[p] for p in people))


def _directory(src: SourceText) -> dict[str, frozenset[str]]:
    """Return each person the file names with exactly one party ("Bo Ek (D)")."""
    if _PEOPLE and _PEOPLE[0][0] is src:
        return _PEOPLE[0][1]
    seen: dict[str, set[str]] = {}
    for ln in src.lines:
        if "(" not in ln.text:
            continue
        for match in PERSON.finditer(ln.text):
            name = _BEFORE_PARTY.split(match.group())[0].strip()
            seen.setdefault(_TITLE.sub("", name), set()).update(parties_named(match.group()))
    directory = {name: frozenset(p) for name, p in seen.items() if len(p) == 1}
    _PEOPLE[:] = [(src, directory)]
    return directory


def _motion_stance(rest: str) -> str | None:
    """Return the stance of a motion at the meeting: "bifall till …" approves, a motion
    to reject ("avslag", "avstyrkas") rejects, one to approve ("tillstyrkas") approves."""
    if _FOR.match(rest):
        return "bifall"
    if _AGAINST.search(rest):
        return "avslag"
    return "bifall" if _APPROVES.search(rest) else None


def _entered(who: str, rest: str, no: int, text: str, said: str) -> MinutesAct:
    """Return a written statement entered in the minutes ("… som yttrande en skrivelse
    från den 23 januari 2024")."""
    date = SWEDISH_DATE.search(rest)
    written = iso_date(*date.groups()) if date else None
    return MinutesAct(
        "statement", parties_named(who), no, None, text.strip(), written, said.strip()
    )


def named_documents(src: SourceText) -> list[tuple[Reference, int]]:
    """Return the party documents the file names by act, parties and date, with the line
    that names them: references ("yrkande från SD den 28 oktober 2022") and written
    statements entered in the minutes. Read once per source: every document asks."""
    if _LAST and _LAST[0][0] is src:
        return _LAST[0][1]
    found: list[tuple[Reference, int]] = []
    for ln in src.lines:
        if not ln.text.strip():
            continue
        found.extend((reference, ln.no) for reference in references(ln.text))
    for entered in read_acts(src, 1, src.lines[-1].no):
        if entered.written_on:
            act = Act("statement", entered.parties)
            found.append((Reference(act, entered.written_on), entered.line))
    _LAST[:] = [(src, found)]
    return found


def _same_class(one: str, other: str) -> bool:
    return BY_KEY[one].cls == BY_KEY[other].cls


def authors_by_date(src: SourceText, lines: list[str]) -> frozenset[str]:
    """Return the authors the file's other documents name for a party document whose
    header gives only its act and date ("Yrkande 2022-10-28"); empty when they name
    none or several."""
    heading = document_header(lines)
    if heading is None or heading[1].parties or heading[1].date is None:
        return frozenset()
    header = heading[1]
    named = {
        ref.act.parties
        for ref, _ in named_documents(src)
        if ref.date == header.date and _same_class(ref.act.kind, header.kind) and ref.act.parties
    }
    return named.pop() if len(named) == 1 else frozenset()


def _named_doc(ctx: Context, ref: Reference) -> Doc | None:
    """Return the party document of this file that ``ref`` names: of its class and
    parties, of its date, or, when the date is a meeting's, the latest dated at most
    :data:`MOVED_WITHIN` days before it."""
    dated: list[tuple[str, Doc]] = []
    for doc in ctx.docs:
        if doc.kind not in PARTY_KINDS or not _same_class(doc.kind, ref.act.kind):
            continue
        if frozenset(doc.parties) != ref.act.parties:
            continue
        lines = [ln.text for ln in ctx.src.lines[doc.start - 1 : doc.end]]
        heading = document_header(lines)
        if heading and heading[1].date:
            dated.append((heading[1].date, doc))
    exact = [doc for date, doc in dated if date == ref.date]
    if len(exact) == 1:
        return exact[0]
    if exact or not ref.at_meeting:
        return None
    day = dt.date.fromisoformat(ref.date)
    earlier = sorted(
        (date, doc.start, doc)
        for date, doc in dated
        if 0 < (day - dt.date.fromisoformat(date)).days <= MOVED_WITHIN
    )
    return earlier[-1][2] if earlier else None


def extract(ctx: Context) -> None:
    """Write the acts the minutes in this document record, and link the party documents
    the document names to the line that names them."""
    for ref, line in named_documents(ctx.src):
        if not ctx.doc.start <= line <= ctx.doc.end:
            continue
        doc = _named_doc(ctx, ref)
        if doc is not None and doc is not ctx.doc:
            ctx.b.evidence(doc.iri, ctx.doc.iri, line, line)
    for n, recorded in enumerate(read_acts(ctx.src, ctx.doc.start, ctx.doc.end), start=1):
        written = recorded.written_on
        if written and _named_doc(ctx, Reference(Act(recorded.kind, recorded.parties), written)):
            continue  # the statement itself is in the file, and now has this line
        _write(ctx, recorded, n)


def _write(ctx: Context, act: MinutesAct, n: int) -> None:
    """Write one act with its authors, stance, text and evidence."""
    kind = BY_KEY[act.kind]
    name, segment = _NAMES[act.stance if act.stance == "avstar" else act.kind]
    who = "-".join(sorted(p.lower() for p in act.parties))
    iri = URIRef(f"{ctx.doc.iri}/protokoll/{n}-{segment}-{who}")
    parties = canonical_order(act.parties)
    label = f"{name} ({', '.join(parties)}), rad {act.line}"
    ctx.b.node(iri, kind.cls, label)
    ctx.b.evidence(iri, ctx.doc.iri, act.line, act.line)
    ctx.b.add(iri, STYR.concerns, ctx.doc.iri)
    # the people's names stay out of the graph unless personal data is wanted
    ctx.b.add(iri, DCTERMS.description, sv(act.text if ctx.include_personal else act.said))
    if act.stance:
        ctx.b.add(iri, STYR.stance, code("stallningstagande", act.stance))
    write_authors(ctx, iri, parties, act.line, act.line)
