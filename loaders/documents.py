"""Split a source file into the documents it holds and describe each one.

A PDF bundle from a board meeting holds several documents: party statements and
motions, the service report, and its annexes (budget, risk register, internal
control plan, rules, time plan). Headings at page starts mark where each begins.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from rdflib import URIRef

from .dates import MONTHS
from .errors import NotGovernanceError
from .ids import Minter, slug
from .kinds import BY_KEY, REGISTRY, TITLE_LINES, is_governance, recognise
from .orgs import COUNCIL, EXECUTIVE, Org, body_from_title, orgs_in
from .parties import ACT, ACT_NAME, act_kind, read_header
from .source import SourceText

# Document kinds, their classes and their IRI segment (the registry: loaders/kinds.py).
KINDS: dict[str, tuple[URIRef, str]] = {k.key: (k.cls, k.segment) for k in REGISTRY}
SWEDISH_KIND = {k.key: k.name_sv for k in REGISTRY}
#: Kinds written by parties (authors are parties, IRIs hang under the subject document).
PARTY_KINDS = frozenset(k.key for k in REGISTRY if k.by_party)
#: A preamble before the first heading found becomes a document of its own when it has at
#: least this many non-blank lines (a council handling's cover: its title and proposal).
PREAMBLE_LINES = 3
#: A party document's header and its "… angående" title are at most this many non-blank
#: lines apart (the body's name, the header, its date and case line).
TITLE_GAP = 4

# --- the headings the segmenter matches (Swedish source words kept together)
# a party's document titled by its act: "Yttrande angående …", "Tilläggsyrkande angående …"
_ACT_TITLE = re.compile(rf"^(?P<act>{ACT_NAME})(?i:et)?\s+(?i:angående)\b")
# the body's name on a line of its own above a party document's header ("Kommunstyrelsen")
_BODY_LINE = re.compile(r"^[A-ZÅÄÖ][\wåäö-]*(?:styrelsen|fullmäktige|nämnden)$")
_ANNEX = re.compile(r"^Bilaga\s+\d+\.?\s*(.*)$", re.IGNORECASE)
_PLAN_TITLE = re.compile(r"^Genomförandeplan(?:\s+(?:för|\d{4})\b.*)?$", re.IGNORECASE)
_RISK_TITLE = re.compile(r"^Samlad\s+riskbild\b", re.IGNORECASE)
_ICP_TITLE = re.compile(r"^Intern\s?kontrollplan\b", re.IGNORECASE)
_INTRO = re.compile(r"^1\.?\s+Inledning\b", re.IGNORECASE)
_BUDGET_TITLE = re.compile(r"^Budget\s+(20\d\d)\s+för\s+\S", re.IGNORECASE)
_PROPOSAL = re.compile(r"^Förslag\s+till\s+beslut\b", re.IGNORECASE)
# a service report's letterhead: the word, then its fields on the same line (extracted text
# that kept the letterhead's columns on one line)
# a councillor's motion as the council receives it: "Motion av Anna Andersson (C) om …"
_COUNCILLOR_MOTION = re.compile(r"^Motion\s+av\s+[A-ZÅÄÖ]")
# a councillor's own document: "Motion av Anna Andersson (C) om …", "Interpellation av …"
_COUNCILLOR_ACT = re.compile(r"^(?:Motion|Interpellation)\s+(?:av|från)\s+[A-ZÅÄÖ]")
# a decision on a motion, in a sentence that starts with the motion's name
_DECIDED = re.compile(
    r"\b(?:avstyrks|tillstyrks|bifalls|avslås|anses\s+besvarad|besvaras)\.?\s*$", re.IGNORECASE
)
# an excerpt of a body's minutes, as a handling quotes it ("Utdrag ur protokoll
# Sammanträdesdatum: …"); not the line that says where the excerpt is sent
_MINUTES_EXTRACT = re.compile(
    r"^(?:Utdrag\s+ur\s+protokoll|Protokollsutdrag)\b(?!\s+skickas)", re.IGNORECASE
)
_REPORT_LETTERHEAD = re.compile(r"^Tjänsteutlåtande\s+(?:Handläggare|Utfärdat|Diarienummer)\b")
_CASE_NO = re.compile(r"\b([A-ZÅÄÖ]{2,6}-\d{4}-\d{3,6})\b")
# "Ärendenummer SLK-2023-00437", "Diarienummer 0437/23", "Dnr KS 2023/118", "Dnr 2023:45"
_CASE_LABEL = re.compile(
    r"(?:Ärendenummer|Diarienummer|Dnr)[:.\s]+"
    r"([A-ZÅÄÖ]{2,6}-\d{4}-\d{3,6}|(?:[A-ZÅÄÖ]{2,6}\s)?\d{1,5}[/:]\d{2,5}(?:[/:-]\d{1,5})?)\b"
)
_ISSUED = re.compile(r"Utfärdat[:\s]+(\d{4}-\d{2}-\d{2})")
# a proposal's or decision's signature line: "Göteborg den 13 december 2023", "Borås den 3 mars
# 2024" (the place, "den", the date in words)
_SIGNED_ON = re.compile(
    r"^[A-ZÅÄÖ][\wåäö-]+(?:\s[A-ZÅÄÖ][\wåäö-]+)?\s+den\s+(\d{1,2})\s+("
    + "|".join(MONTHS)
    + r")\s+(20\d\d)\b"
)
_YEAR = re.compile(r"\b(20\d\d)\b")
# "Göteborgs Stad", "Uddevalla kommun", "Lilla Edets kommun"; "Göteborgs kommunfullmäktige"
_CITY = re.compile(
    r"\b((?:Lilla|Stora|Övre|Upplands)[\s-])?([A-ZÅÄÖ][a-zåäö]+)\s+"
    r"([Ss]tad|kommun(?:fullmäktige|styrelse)?)s?\b"
)
#: Capitalised words that stand before "kommun" or "stad" in prose without naming one
#: ("En kommun", "Hållbar stad", "Varje kommun").
_NOT_PLACES = frozenset(
    [
        "en",
        "ett",
        "den",
        "det",
        "denna",
        "detta",
        "varje",
        "annan",
        "annat",
        "hela",
        "samma",
        "egen",
        "ny",
        "nya",
        "hållbar",
        "grön",
        "trygg",
        "levande",
        "jämlik",
        "attraktiv",
        "öppen",
        "god",
        "vår",
        "sin",
        "större",
        "mindre",
        "vilken",
        "min",
        "din",
    ]
)
#: The 21 regions, by the names they use ("Västra Götalandsregionen" is one word with its
#: name, the others "Region X").
REGIONS = (
    "Region Stockholm", "Region Uppsala", "Region Sörmland", "Region Östergötland",
    "Region Jönköpings län", "Region Kronoberg", "Region Kalmar län", "Region Gotland",
    "Region Blekinge", "Region Skåne", "Region Halland", "Västra Götalandsregionen",
    "Region Värmland", "Region Örebro län", "Region Västmanland", "Region Dalarna",
    "Region Gävleborg", "Region Västernorrland", "Region Jämtland Härjedalen",
    "Region Västerbotten", "Region Norrbotten",
)  # fmt: skip
_REGION = re.compile(r"(?<!Business )\b(" + "|".join(map(re.escape, REGIONS)) + r")\b")
_BUDGET_MARKERS = re.compile(
    r"^(Mål:|Nuläge:|Uppdrag i\b.*Plan för rapportering|.*\(belopp i (?:mnkr|tkr)\))",
    re.IGNORECASE,
)
_TIMEPLAN_MARKERS = re.compile(r"^(Rubrik\s+Till\s+\S+|Tid- och arbetsplan för)", re.IGNORECASE)
_RULES_MARKERS = re.compile(r"regler och riktlinjer för ekonomisk", re.IGNORECASE)
_RISK_MARKERS = re.compile(r"^Riskbeskrivning:?", re.IGNORECASE)


@dataclass
class Doc:
    """One document inside a source file."""

    kind: str
    start: int
    end: int
    title: str
    municipality: str
    municipality_name: str
    year: int | None
    body: Org | None
    iri: URIRef = field(default_factory=lambda: URIRef(""))
    case_number: str | None = None
    issued: str | None = None
    parties: list[str] = field(default_factory=list)
    #: The date of the handling the document is part of (its service report's), for what
    #: a part without its own date declares ("förklaras fullgjort").
    handled: str | None = None

    @property
    def cls(self) -> URIRef:
        return KINDS[self.kind][0]

    @property
    def organ(self) -> str:
        if self.body is None:
            return "okand"
        if self.body.kind == EXECUTIVE:
            return "ks"
        if self.body.key == "kommunfullmaktige":
            return "kf"
        return self.body.key


def _nonblank_after(src: SourceText, no: int, count: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for ln in islice(src.lines, no - 1, None):  # no copy: this runs at every candidate line
        if not ln.blank:
            out.append((ln.no, ln.text.strip()))
            if len(out) == count:
                break
    return out


def _has(src: SourceText, start: int, stop: int, pattern: re.Pattern[str]) -> bool:
    return any(pattern.search(ln.text.strip()) for ln in src.lines[start - 1 : stop])


def _candidate_starts(src: SourceText) -> list[int]:
    starts = [1]
    previous_page = src.lines[0].page
    for ln in src.lines[1:]:
        if ln.page != previous_page:
            starts.append(ln.no)
            previous_page = ln.page
        elif (
            _ACT_TITLE.match(ln.text.strip())
            or _header_at(src, ln.no) is not None
            or (_ANNEX.match(ln.text.strip()) and len(ln.text.strip()) <= 30)
            or _REPORT_LETTERHEAD.match(ln.text.strip())
            or (
                _COUNCILLOR_MOTION.match(ln.text.strip())
                and not _DECIDED.search(ln.text)  # "Motion av … avstyrks.": a decision
            )
            or _MINUTES_EXTRACT.match(ln.text.strip())
        ):
            starts.append(ln.no)
    return starts


def _header_at(src: SourceText, no: int) -> tuple[str, str] | None:
    """Return ``(kind, title)`` when line ``no`` is a party document's header ("Yrkande
    (S, V, MP)"); the title is the "… angående" line just after it, if there is one."""
    text = src.line(no).text.strip()
    if not text or not ACT.search(text[:40]):  # cheap test first: this runs at every line
        return None
    after = [t for _, t in _nonblank_after(src, no + 1, 3)]
    header = read_header(text, after)
    if header is None:
        return None
    title = next((t for t in after if _ACT_TITLE.match(t)), None)
    if title is None:
        title = f"{BY_KEY[header.kind].name_sv} {' '.join(text.split()[1:])}".strip()
    return header.kind, title


def _first_nonblank(src: SourceText, no: int) -> int:
    for ln in islice(src.lines, no - 1, None):
        if not ln.blank:
            return ln.no
    return no


def _classify(src: SourceText, no: int, current: str | None) -> tuple[str, str] | None:
    """Return ``(kind, title)`` when a document starts at line ``no``."""
    head = _nonblank_after(src, no, 5)
    if not head:
        return None
    first = head[0][1]
    following = " ".join(t for _, t in head[1:3])
    last = src.lines[-1].no
    if (header := _header_at(src, head[0][0])) is not None:
        return header
    if act_title := _ACT_TITLE.match(first):
        title = first
        if re.search(r"(?:för|angående|–|-)$", first) and len(head) > 1:
            title = f"{first} {head[1][1]}"
        return act_kind(act_title.group("act")), title
    annex = _ANNEX.match(first)
    if annex:
        rest = (annex.group(1) + " " + following).strip()
        if re.match(r"Genomförandeplan", rest, re.IGNORECASE):
            return "implementation_plan", rest
        if _RISK_TITLE.match(rest):
            titles = [t for _, t in head[1:] if _RISK_TITLE.match(t)]
            return "risk_register", max(titles, key=len) if titles else rest
    if _PLAN_TITLE.match(first) and len(first) < 80 and current != "implementation_plan":
        return "implementation_plan", first
    if (
        _RISK_TITLE.match(first)
        and current != "risk_register"
        and _has(src, head[0][0], min(last, head[0][0] + 40), _RISK_MARKERS)
    ):
        return "risk_register", first
    if _ICP_TITLE.match(first) and len(first) < 40 and current == "risk_register":
        return "internal_control_plan", first
    if _ICP_TITLE.match(first) and len(first) < 40 and current not in {"board_budget"}:
        return "internal_control_plan", first
    if _MINUTES_EXTRACT.match(first):  # the minutes: the acts are read from their text
        return "document", first[:200]
    if _COUNCILLOR_MOTION.match(first):  # the title may run on into the first paragraph
        return "motion", first if len(first) <= 200 else first[:200].rsplit(" ", 1)[0]
    if _REPORT_LETTERHEAD.match(first) and len(head) > 1:
        # "Tjänsteutlåtande  Handläggare …  Utfärdat …": the subject is the next line
        return "service_report", head[1][1][:200]
    proposal_next = any(_PROPOSAL.match(t) for _, t in head[1:3])
    if proposal_next and not _ACT_TITLE.match(first):
        return "service_report", first
    if _INTRO.match(first) or (_BUDGET_TITLE.match(first) and current is None):
        stop = last
        for ln in src.lines[head[0][0] :]:
            if _INTRO.match(ln.text.strip()):
                stop = ln.no
                break
        if _has(src, head[0][0], stop, _BUDGET_MARKERS):
            return "board_budget", first
        if _has(src, head[0][0], stop, _TIMEPLAN_MARKERS):
            return "time_plan", "Tid- och arbetsplan för planerings- och uppföljningsarbetet"
        if _has(src, head[0][0], stop, _RULES_MARKERS):
            return "rules", "Interna regler och riktlinjer för ekonomisk uppföljning"
    return None


def _by_content(src: SourceText, start: int, stop: int) -> tuple[str, str]:
    """Return the kind and title of the document on lines ``start..stop``, by its words
    (not by the next document's heading, when the document is short)."""
    zone = [(no, text) for no, text in _nonblank_after(src, start, TITLE_LINES) if no <= stop]
    body = [ln.text for ln in islice(src.lines, start - 1, min(stop, start - 1 + 400))]
    kind, index = recognise([text for _, text in zone], body)
    if kind.by_party and not _party_title(zone[index or 0][1]):
        # "Yttrande över motion av …", "Yttrande till kommunstyrelsen": a body's document
        kind, index = recognise([text for _, text in zone], party=False)
    title = zone[index if index is not None else 0][1]
    if len(title) > 200:  # a paragraph joined into one line: its first sentence
        title = title[:200].rsplit(" ", 1)[0]
    return kind.key, title


def _party_title(text: str) -> bool:
    """Tell whether a title is a party's: its header, its act "… angående", a councillor's."""
    return bool(read_header(text) or _ACT_TITLE.match(text) or _COUNCILLOR_ACT.match(text))


def _municipality(src: SourceText) -> tuple[str, str]:
    """Return the slug and name of the municipality or region the source belongs to: the
    one it names most ("Göteborgs Stad", "Uddevalla kommun", "Region Halland")."""
    text = " ".join(ln.text for ln in src.lines)
    names = Counter(
        (m.group(1) or "") + m.group(2)
        for m in _CITY.finditer(text)
        if m.group(2).lower() not in _NOT_PLACES
        and (m.group(2).endswith("s") or m.group(3).lower() in {"stad", "kommun"})
    )
    regions = Counter(m.group(1) for m in _REGION.finditer(text))
    if regions and (not names or regions.most_common(1)[0][1] > names.most_common(1)[0][1]):
        region = regions.most_common(1)[0][0]
        return slug(region), region
    if not names:
        return "okand-kommun", "Okänd kommun"
    name = names.most_common(1)[0][0]
    base = _nominative(name, text)
    suffix = "Stad" if re.search(rf"\b{re.escape(name)}\s+Stad", text) else "kommun"
    return slug(base), f"{name} {suffix}"


def _nominative(name: str, text: str) -> str:
    """Return the place's own name from its genitive before "kommun" or "Stad" ("Göteborgs"
    → "Göteborg", "Eds" → "Ed"), keeping an s that is the name's ("Borås", "Hofors"): the
    name ending a clause after "i" ("i Hofors.") keeps it, the name without it standing as a
    word drops it; failing both, an s after a consonant is the genitive's, and one after a
    vowel the name's."""
    if not name.endswith("s"):
        return name
    base = name[:-1]
    if re.search(rf"\b[Ii]\s+{re.escape(name)}[.,;:!?]", text):
        return name  # "i Hofors." ends a clause: the s is the name's
    if re.search(rf"\b{re.escape(base)}(?![\wåäöÅÄÖ])", text):
        return base
    return base if base[-1:].lower() not in "aeiouyåäö" else name


def _year(src: SourceText, start: int, end: int, title: str) -> int | None:
    found = _YEAR.findall(title)
    if found:
        return int(found[0])
    years = Counter(
        int(y) for ln in src.lines[start - 1 : min(end, start + 60)] for y in _YEAR.findall(ln.text)
    )
    return years.most_common(1)[0][0] if years else None


def split_documents(src: SourceText) -> list[Doc]:
    """Find the documents in ``src``.

    Raises:
        NotGovernanceError: no heading of a known document kind was found.
    """
    municipality, municipality_name = _municipality(src)
    starts: list[tuple[int, str, str]] = []
    current: str | None = None
    for no in _candidate_starts(src):
        found = _classify(src, no, current)
        if found:
            kind, title = found
            first = _first_nonblank(src, no)
            if starts and starts[-1][0] == first:  # the same heading, found from a blank line
                continue
            near = starts and first - starts[-1][0] <= 4
            if near and _COUNCILLOR_MOTION.match(src.line(first).text.strip()):
                continue  # "Motion av …" as the subject line of the heading just above
            if _titles_header(src, starts, first):
                continue  # "Yrkande angående …" as the title under the header "Yrkande (S)"
            if kind in PARTY_KINDS:
                first = _with_body_line(src, first, starts[-1][0] if starts else 0)
            starts.append((first, kind, title))
            current = kind
    first_line = _first_nonblank(src, 1)
    preamble = [ln for ln in src.lines[first_line - 1 : (starts[0][0] - 1 if starts else None)]
                if not ln.blank]  # fmt: skip
    if len(preamble) >= PREAMBLE_LINES or not starts:
        # what precedes the first heading found (or the whole file) is read by its content
        if not is_governance(ln.text for ln in (preamble if starts else src.lines)):
            if not starts:
                raise NotGovernanceError(
                    "no governance content found (no body, goal, assignment, budget, "
                    "decision or proposal)",
                    path=src.path,
                    line=first_line,
                    hint="pass a steering document, a follow-up or a council handling, as "
                    "a PDF or its extracted text",
                )
        else:
            stop = starts[0][0] - 1 if starts else src.lines[-1].no
            kind, title = _by_content(src, first_line, stop)
            starts.insert(0, (first_line, kind, title))
    docs: list[Doc] = []
    last = src.lines[-1].no
    all_text = " ".join(ln.text for ln in src.lines)
    default_body = body_from_title(all_text[:400]) or _most_named_body(all_text)
    for i, (start, kind, title) in enumerate(starts):
        end = starts[i + 1][0] - 1 if i + 1 < len(starts) else last
        while end > start and src.line(end).blank:
            end -= 1
        body = body_from_title(title) if kind not in PARTY_KINDS else None
        docs.append(
            Doc(
                kind=kind,
                start=start,
                end=end,
                title=title.rstrip(" .–-"),
                municipality=municipality,
                municipality_name=municipality_name,
                year=_year(src, start, end, title),
                body=body or default_body,
            )
        )
    for doc in docs:  # the council's own budget is the city's (or region's) budget
        if doc.kind == "board_budget" and doc.body is not None and doc.body.kind == COUNCIL:
            doc.kind = "council_budget"
    _fill_years(docs)
    return docs


def _titles_header(src: SourceText, starts: list[tuple[int, str, str]], no: int) -> bool:
    """Tell whether line ``no`` is the title of the party document whose header starts
    just above (at most :data:`TITLE_GAP` non-blank lines before it): "Yrkande angående …",
    or the motion it is about, "Motion av Anna Ek (V) om …"."""
    if not starts or starts[-1][1] not in PARTY_KINDS:
        return False
    text = src.line(no).text.strip()
    if not (_ACT_TITLE.match(text) or _COUNCILLOR_MOTION.match(text)):
        return False
    between = [ln for ln in src.lines[starts[-1][0] - 1 : no - 1] if not ln.blank]
    return len(between) <= TITLE_GAP


def _with_body_line(src: SourceText, no: int, floor: int) -> int:
    """Return the line of the body's name just above a party document's header
    ("Kommunstyrelsen" over "Yrkande (S)"), or ``no`` when there is none."""
    above = no - 1
    while above > floor and above >= no - 2 and src.line(above).blank:
        above -= 1
    if above > floor and _BODY_LINE.match(src.line(above).text.strip()):
        return above
    return no


def _most_named_body(text: str) -> Org | None:
    counts = Counter(o.key for o in orgs_in(text) if o.is_political)
    if not counts:
        return None
    key = counts.most_common(1)[0][0]
    return next(o for o in orgs_in(text) if o.key == key)


def _fill_years(docs: list[Doc]) -> None:
    years = Counter(d.year for d in docs if d.year and d.kind not in PARTY_KINDS)
    common = years.most_common(1)[0][0] if years else None
    for doc in docs:
        if doc.kind in {"statement", "motion", "risk_register", "internal_control_plan"}:
            doc.year = common or doc.year
        elif doc.year is None:
            doc.year = common


def case_and_date(src: SourceText, doc: Doc) -> tuple[str | None, str | None, int | None]:
    """Return the service report's case number, issue date and the line they are on."""
    case = issued = None
    line = None
    for ln in src.lines[doc.start - 1 : doc.end]:
        text = ln.text.strip()
        labelled = _CASE_LABEL.search(text)
        if labelled and case is None:
            case, line = labelled.group(1), ln.no
        date = _ISSUED.search(text)
        if date and issued is None:
            issued = date.group(1)
    if case is None:
        # "Ärendenummer" on one line, the number on the next
        for ln in src.lines[doc.start - 1 : doc.end]:
            if re.match(r"^(Ärendenummer|Diarienummer)\b", ln.text.strip()):
                nxt = _CASE_NO.search(ln.text) or _CASE_NO.search(src.line(ln.no + 1).text)
                if nxt:
                    case, line = nxt.group(1), ln.no
                    break
    return case, issued, line


_HANDLING = re.compile(r"^Handling\s+(20\d\d)\s+nr\s+(\d{1,5})\b", re.IGNORECASE)
#: A handling's number is printed near its top.
HANDLING_LINES = 12


def _handling_number(src: SourceText) -> str | None:
    """The council's number of the handling ("Handling 2024 nr 29" gives "2024-29")."""
    for ln in src.lines[:HANDLING_LINES]:
        found = _HANDLING.match(ln.text.strip())
        if found:
            return f"{found.group(1)}-{found.group(2)}"
    return None


def signed_on(src: SourceText, doc: Doc) -> str | None:
    """The date the document's signature line gives ("Göteborg den 13 december 2023")."""
    for ln in src.lines[doc.start - 1 : doc.end]:
        found = _SIGNED_ON.match(ln.text.strip())
        if found:
            day, month, year = int(found.group(1)), MONTHS[found.group(2)], int(found.group(3))
            try:
                return datetime.date(year, month, day).isoformat()
            except ValueError:  # "den 31 april": no such day
                return None
    return None


#: Steering documents that are documents of their own, named by body and year, even when
#: a handling carries them (a budget, a plan): the same plan in two handlings is one.
_OWN_DOCUMENTS = {
    "council_budget", "board_budget", "implementation_plan", "operational_plan", "plan",
    "programme", "policy", "guideline", "action_plan", "risk_register",
    "internal_control_plan", "time_plan", "goal_responsibility", "rules", "annual_report",
    "interim_report",
}  # fmt: skip


def assign_iris(docs: list[Doc], mint: Minter, src: SourceText) -> None:
    """Give every document its IRI (the party documents after their subject's)."""
    report_case = report_date = None
    for doc in docs:
        if doc.kind == "service_report":
            doc.case_number, doc.issued, _ = case_and_date(src, doc)
            report_case = report_case or doc.case_number
            report_date = report_date or doc.issued
    handling = _handling_number(src)
    taken: set[URIRef] = set()
    for doc in docs:
        if doc.issued is None:
            doc.issued = signed_on(src, doc)
        doc.handled = doc.issued or report_date
        segment = KINDS[doc.kind][1]
        case = doc.case_number or report_case
        if doc.kind in PARTY_KINDS:
            continue
        if doc.kind == "service_report" and doc.case_number:
            doc.iri = mint(doc.municipality, "arende", slug(doc.case_number), segment)
        elif handling and doc.kind not in _OWN_DOCUMENTS:
            # a part of a numbered handling ("Handling 2024 nr 29") is that handling's: two
            # handlings of one case (a decision and its correction) are two documents
            doc.iri = mint(doc.municipality, "handling", handling, segment)
        elif case and doc.kind not in _OWN_DOCUMENTS:
            doc.iri = mint(doc.municipality, "arende", slug(case), segment)
        else:
            doc.iri = mint(doc.municipality, doc.year or "okant-ar", doc.organ, segment)
        iri, n = doc.iri, 2
        while doc.iri in taken:  # two parts of one kind in one handling
            doc.iri = URIRef(f"{iri}-{n}")
            n += 1
        taken.add(doc.iri)
    for doc in docs:
        if doc.kind in PARTY_KINDS:
            subject = concerned_document(doc, docs)
            base = str(subject.iri) if subject else str(mint(doc.municipality, "handling"))
            who = "-".join(sorted(p.lower() for p in doc.parties)) or "okand"
            iri = URIRef(f"{base}/{KINDS[doc.kind][1]}/{who}")
            n = 2
            while any(d.iri == iri for d in docs):
                iri = URIRef(f"{base}/{KINDS[doc.kind][1]}/{who}-{n}")
                n += 1
            doc.iri = iri


def concerned_document(doc: Doc, docs: list[Doc]) -> Doc | None:
    """Return the document a statement or motion is about ("angående …")."""
    title = doc.title.lower()
    wanted = "implementation_plan" if "genomförandeplan" in title else "board_budget"
    for other in docs:
        if other.kind == wanted:
            return other
    for other in docs:
        if other.kind not in PARTY_KINDS:
            return other
    return None
