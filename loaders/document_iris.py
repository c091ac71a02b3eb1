"""Name each document of a source: its case number and dates, and the IRI they give it.

A service report states its case number and issue date in its letterhead
(:func:`case_and_date`); a proposal or decision is dated by its signature line
(:func:`signed_on`); a council handling has a number ("Handling 2024 nr 29"). A steering
document of its own (a budget, a plan) is named by municipality, year and body; a part of
a handling by the handling or its case; a party's document hangs under the document it
is about (:func:`concerned_document`).
"""

from __future__ import annotations

import datetime
import re

from rdflib import URIRef

from .dates import MONTHS
from .documents import KINDS, PARTY_KINDS, Doc
from .ids import Minter, slug
from .source import SourceText

# --- Swedish words matched in the source -------------------------------------------------
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
