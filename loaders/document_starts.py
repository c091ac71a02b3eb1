"""Where each document of a source file starts, and what kind of document it is.

A PDF bundle from a board meeting holds several documents: party statements and
motions, the service report, and its annexes (budget, risk register, internal control
plan, rules, time plan). Every page start, and every line that opens a party's document,
an annex, a letterhead, a councillor's motion or an excerpt of minutes, is a candidate
(:func:`candidate_starts`); :func:`classify` tells whether a document of a known kind
starts there, by its heading and the lines after it. A stretch without such a heading
is read by its words (:func:`by_content`, with :mod:`loaders.kinds`' registry).
"""

from __future__ import annotations

import re
from itertools import islice

from .kinds import BY_KEY, TITLE_LINES, recognise
from .parties import ACT, ACT_NAME, act_kind, read_header
from .source import SourceText

# --- the headings the segmenter matches (Swedish source words kept together)
# a party's document titled by its act: "Yttrande angående …", "Tilläggsyrkande angående …"
ACT_TITLE = re.compile(rf"^(?P<act>{ACT_NAME})(?i:et)?\s+(?i:angående)\b")
_ANNEX = re.compile(r"^Bilaga\s+\d+\.?\s*(.*)$", re.IGNORECASE)
_PLAN_TITLE = re.compile(r"^Genomförandeplan(?:\s+(?:för|\d{4})\b.*)?$", re.IGNORECASE)
_RISK_TITLE = re.compile(r"^Samlad\s+riskbild\b", re.IGNORECASE)
_ICP_TITLE = re.compile(r"^Intern\s?kontrollplan\b", re.IGNORECASE)
_INTRO = re.compile(r"^1\.?\s+Inledning\b", re.IGNORECASE)
_BUDGET_TITLE = re.compile(r"^Budget\s+(20\d\d)\s+för\s+\S", re.IGNORECASE)
_PROPOSAL = re.compile(r"^Förslag\s+till\s+beslut\b", re.IGNORECASE)
# a councillor's motion as the council receives it: "Motion av Anna Andersson (C) om …"
COUNCILLOR_MOTION = re.compile(r"^Motion\s+av\s+[A-ZÅÄÖ]")
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
# a service report's letterhead: the word, then its fields on the same line (extracted text
# that kept the letterhead's columns on one line)
_REPORT_LETTERHEAD = re.compile(r"^Tjänsteutlåtande\s+(?:Handläggare|Utfärdat|Diarienummer)\b")
_BUDGET_MARKERS = re.compile(
    r"^(Mål:|Nuläge:|Uppdrag i\b.*Plan för rapportering|.*\(belopp i (?:mnkr|tkr)\))",
    re.IGNORECASE,
)
_TIMEPLAN_MARKERS = re.compile(r"^(Rubrik\s+Till\s+\S+|Tid- och arbetsplan för)", re.IGNORECASE)
_RULES_MARKERS = re.compile(r"regler och riktlinjer för ekonomisk", re.IGNORECASE)
_RISK_MARKERS = re.compile(r"^Riskbeskrivning:?", re.IGNORECASE)


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


def candidate_starts(src: SourceText) -> list[int]:
    starts = [1]
    previous_page = src.lines[0].page
    for ln in src.lines[1:]:
        if ln.page != previous_page:
            starts.append(ln.no)
            previous_page = ln.page
        elif (
            ACT_TITLE.match(ln.text.strip())
            or _header_at(src, ln.no) is not None
            or (_ANNEX.match(ln.text.strip()) and len(ln.text.strip()) <= 30)
            or _REPORT_LETTERHEAD.match(ln.text.strip())
            or (
                COUNCILLOR_MOTION.match(ln.text.strip())
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
    title = next((t for t in after if ACT_TITLE.match(t)), None)
    if title is None:
        title = f"{BY_KEY[header.kind].name_sv} {' '.join(text.split()[1:])}".strip()
    return header.kind, title


def first_nonblank(src: SourceText, no: int) -> int:
    for ln in islice(src.lines, no - 1, None):
        if not ln.blank:
            return ln.no
    return no


def classify(src: SourceText, no: int, current: str | None) -> tuple[str, str] | None:
    """Return ``(kind, title)`` when a document starts at line ``no``."""
    head = _nonblank_after(src, no, 5)
    if not head:
        return None
    first = head[0][1]
    following = " ".join(t for _, t in head[1:3])
    last = src.lines[-1].no
    if (header := _header_at(src, head[0][0])) is not None:
        return header
    if act_title := ACT_TITLE.match(first):
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
    if COUNCILLOR_MOTION.match(first):  # the title may run on into the first paragraph
        return "motion", first if len(first) <= 200 else first[:200].rsplit(" ", 1)[0]
    if _REPORT_LETTERHEAD.match(first) and len(head) > 1:
        # "Tjänsteutlåtande  Handläggare …  Utfärdat …": the subject is the next line
        return "service_report", head[1][1][:200]
    proposal_next = any(_PROPOSAL.match(t) for _, t in head[1:3])
    if proposal_next and not ACT_TITLE.match(first):
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


def by_content(src: SourceText, start: int, stop: int) -> tuple[str, str]:
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
    return bool(read_header(text) or ACT_TITLE.match(text) or _COUNCILLOR_ACT.match(text))
