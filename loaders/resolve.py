"""Merge goals, directions and assignments across documents, then write them.

The same goal, direction or assignment stated in two documents becomes one node
with evidence from both. Matching tolerates small wording differences; each
document's own wording is kept on its evidence (``styr:statedText``).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from rdflib import Literal, URIRef

from .assignments import AssignmentRecord, report_clause
from .builder import Builder, date, integer, sv
from .codes import code
from .dates import parse_plan
from .goals import DirectionRecord, GoalRecord
from .ids import Minter, slug, words_slug
from .orgs import find_orgs, make_org
from .sdg import is_sdg_goal
from .textrepair import normalise_for_match
from .timeplan import CITY_ORGAN, REPORT_NAMES, occasion_iri
from .vocab import DCTERMS, INTERVAL, RDF, SKOS, STYR, XSD

# Documents that define a thing outrank those that restate it.
_RANK = {"implementation_plan": 0, "board_budget": 1}
GOAL_MATCH = 0.8
DIRECTION_MATCH = 0.85
ASSIGNMENT_MATCH = 0.8
#: Given by one decision to one body, a restatement may be reworded more.
SAME_DECISION_MATCH = 0.6


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, _normalised(a), _normalised(b)).ratio()


@lru_cache(maxsize=65_536)
def _normalised(text: str) -> str:
    return normalise_for_match(text)


def similar_at_least(a: str, b: str, threshold: float) -> bool:
    """Whether ``_similar(a, b) >= threshold``, deciding on SequenceMatcher's cheap upper
    bounds first: a corpus of a thousand assignments compares each with every group."""
    x, y = _normalised(a), _normalised(b)
    if not x and not y:
        return threshold <= 1.0
    if 2.0 * min(len(x), len(y)) / (len(x) + len(y)) < threshold:
        return False
    matcher = SequenceMatcher(None, x, y)
    return (
        matcher.real_quick_ratio() >= threshold
        and matcher.quick_ratio() >= threshold
        and matcher.ratio() >= threshold
    )


def _rank(kind: str, source: str) -> tuple[int, str]:
    return _RANK.get(kind, 9), source


def mandate(year: int | None) -> str:
    """Return the four-year term a budget year falls in (2023–2026, 2027–2030 …)."""
    start = 2023 + 4 * (((year or 2023) - 2023) // 4)
    return f"{start}-{start + 3}"


def resolve_all(shared: dict[str, Any], builders: dict[str, Builder]) -> None:
    """Merge the shared records into one node per real-world thing and write them."""
    _goals(shared.get("goals", []), builders)
    _directions(shared.get("directions", []), builders)
    _assignments(shared.get("assignments", []), builders, shared.get("renamed", {}))


# --- goals ------------------------------------------------------------------


def _goals(records: list[GoalRecord], builders: dict[str, Builder]) -> None:
    numbered: dict[tuple[str, int], list[GoalRecord]] = {}
    unnumbered: dict[tuple[str, str], list[GoalRecord]] = {}
    own: dict[tuple[str, str, str], list[GoalRecord]] = {}
    records = [r for r in records if not is_sdg_goal(r.text)]  # the UN's, not a body's
    for rec in records:
        if rec.number is not None:
            numbered.setdefault((rec.municipality, rec.number), []).append(rec)
        elif rec.own and rec.body_key:
            own_key = (rec.municipality, rec.body_key, words_slug(key_text(rec.text), 8))
            own.setdefault(own_key, []).append(rec)
    for rec in records:
        if rec.number is not None or (rec.own and rec.body_key):
            continue
        candidates = [
            (n, _similar(rec.text, group[0].text))
            for (m, n), group in numbered.items()
            if m == rec.municipality
        ]
        best = max(candidates, key=lambda c: c[1], default=None)
        if best and best[1] >= GOAL_MATCH:
            numbered[(rec.municipality, best[0])].append(rec)
        elif rec.main_responsible or rec.responsible:
            # a goal of a responsibility list, not among the numbered goals: named by its words
            unnumbered.setdefault((rec.municipality, words_slug(key_text(rec.text), 8)), []).append(
                rec
            )
        else:
            numbered.setdefault((rec.municipality, rec.order), []).append(rec)
    named: list[tuple[str, int | str, list[GoalRecord]]] = [
        *((m, n, g) for (m, n), g in sorted(numbered.items())),
        *((m, k, g) for (m, k), g in sorted(unnumbered.items())),
    ]
    for municipality, key, group in named:
        group.sort(key=lambda r: _rank(r.doc_kind, r.source))
        canonical = group[0]
        term = mandate(canonical.year)
        first = builders[canonical.source]
        scheme = first.mint(municipality, "mal", term)
        iri = first.mint(municipality, "mal", term, key)
        for rec in group:
            b = builders[rec.source]
            b.node(scheme, SKOS.ConceptScheme, f"Mål för mandatperioden {term.replace('-', '–')}")
            b.node(iri, STYR.Goal, canonical.text)
            if isinstance(key, int):  # a numbered goal; the others are named by their words
                b.add(iri, STYR.goalNumber, integer(key))
                b.add(iri, SKOS.notation, Literal(str(key)))
            b.add(iri, SKOS.inScheme, scheme)
            b.add(iri, SKOS.prefLabel, sv(canonical.text))
            b.add(iri, STYR.text, sv(canonical.text))
            b.add(iri, STYR.listedIn, rec.doc_iri)
            b.evidence(iri, rec.doc_iri, rec.start, rec.end, stated_text=rec.text)
            if isinstance(key, int):
                _contribution(b, rec, iri, key)
            _responsibility(b, rec, iri)
    for (place, body, words), records_of in sorted(own.items()):
        _own_goal(place, body, words, records_of, builders)


def _own_goal(
    municipality: str, body: str, key: str, group: list[GoalRecord], builders: dict[str, Builder]
) -> None:
    """Write a body's own goal under the body: its own goal set for the term, and the body
    as the one that answers for it."""
    group.sort(key=lambda r: _rank(r.doc_kind, r.source))
    canonical = group[0]
    term = mandate(canonical.year)
    first = builders[canonical.source]
    scheme = first.mint(municipality, "mal", term, body)
    iri = first.mint(municipality, "mal", term, body, key)
    for rec in group:
        b = builders[rec.source]
        owner = rec.body_iri
        name = b.labels.get(owner) if owner is not None else None
        title = f"{name or body}: mål för mandatperioden {term.replace('-', '–')}"
        b.node(scheme, SKOS.ConceptScheme, title)
        b.node(iri, STYR.Goal, canonical.text)
        b.add(iri, SKOS.inScheme, scheme)
        b.add(iri, SKOS.prefLabel, sv(canonical.text))
        b.add(iri, STYR.text, sv(canonical.text))
        b.add(iri, STYR.listedIn, rec.doc_iri)
        if owner is not None:
            b.add(iri, STYR.mainResponsibleBody, owner)
        b.evidence(iri, rec.doc_iri, rec.start, rec.end, stated_text=rec.text)


def _responsibility(b: Builder, rec: GoalRecord, goal: URIRef) -> None:
    """Write who answers for the goal: main responsible and responsible bodies."""
    for prop, bodies in (
        (STYR.mainResponsibleBody, rec.main_responsible),
        (STYR.responsibleBody, rec.responsible),
    ):
        for org in bodies:
            b.add(goal, prop, b.org(rec.municipality, org, rec.doc_iri, rec.start))


def _contribution(b: Builder, rec: GoalRecord, goal: URIRef, number: int) -> None:
    if not rec.fields and not rec.steering:
        return
    iri = URIRef(f"{rec.doc_iri}/malbidrag/{number}")
    b.node(iri, STYR.GoalContribution, f"Bidrag till mål {number}")
    b.add(iri, STYR.contributesTo, goal)
    b.add(iri, STYR.statedIn, rec.doc_iri)
    if rec.body_iri is not None:
        b.add(iri, STYR.contributingBody, rec.body_iri)
    props = {
        "contribution": STYR.contributionText,
        "current": STYR.currentStateText,
        "planned": STYR.plannedWorkText,
    }
    start = rec.end
    end = rec.end
    for name, (text, first, last) in rec.fields.items():
        b.add(iri, props[name], sv(text))
        end = max(end, last)
        start = min(start, first)
    for steering in rec.steering:
        b.add(iri, STYR.keySteeringDocument, steering.iri)
        b.add(steering.iri, STYR.supportsGoal, goal)
        end = max(end, steering.end)
    b.evidence(iri, rec.doc_iri, rec.start, end)


# --- directions -------------------------------------------------------------


def _plan_owner(rec: DirectionRecord) -> str:
    """Return the IRI prefix of the body and year a direction belongs to.

    A board's plan and its budget restate the same directions; minting them under
    ``…/2025/ks/`` rather than under one document keeps the IRI when only one of
    the two is loaded.
    """
    if rec.doc_kind in _RANK:
        return str(rec.doc_iri).rsplit("/", 1)[0]
    return str(rec.doc_iri)


def _directions(records: list[DirectionRecord], builders: dict[str, Builder]) -> None:
    groups: list[list[DirectionRecord]] = []
    for rec in sorted(records, key=lambda r: (_rank(r.doc_kind, r.source), r.order)):
        match = next(
            (
                g
                for g in groups
                if g[0].municipality == rec.municipality
                and g[0].source != rec.source
                and all(x.doc_iri != rec.doc_iri for x in g)
                and _similar(g[0].text, rec.text) >= DIRECTION_MATCH
            ),
            None,
        )
        if match:
            match.append(rec)
        else:
            groups.append([rec])
    for group in groups:
        canonical = group[0]
        key = f"{canonical.order:02d}-{words_slug(canonical.text, 5)}"
        iri = URIRef(f"{_plan_owner(canonical)}/inriktning/{key}")
        for rec in group:
            b = builders[rec.source]
            b.node(iri, STYR.Direction, _short(canonical.text))
            b.add(iri, STYR.text, sv(canonical.text))
            b.add(iri, STYR.order, integer(canonical.order))
            b.add(iri, STYR.definedIn, canonical.doc_iri)
            b.add(iri, STYR.listedIn, rec.doc_iri)
            if rec.body_iri is not None:
                b.add(iri, STYR.directedTo, rec.body_iri)
            b.evidence(iri, rec.doc_iri, rec.start, rec.end, stated_text=rec.text)


def _short(text: str, limit: int = 90) -> str:
    first = text.split(". ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    cut = first[:limit]
    return cut[: cut.rfind(" ")] + " …"


# --- assignments ------------------------------------------------------------


def core(text: str) -> str:
    """Return the part of an assignment text that identifies it."""
    lowered = text
    for marker in ("i uppdrag att ", "i uppdrag "):
        pos = lowered.find(marker)
        if pos >= 0:
            lowered = lowered[pos + len(marker) :]
            break
    return lowered.split(". ")[0]


_PARTNER = re.compile(r"^(?:i\s+samverkan|tillsammans|i\s+dialog)\s+med\s+", re.IGNORECASE)
_JOINER = re.compile(r"^(?:,\s*|(?:och|samt)\s+)", re.IGNORECASE)
_CITY_NAME = re.compile(r"\b\w+s\s+(?:stad|kommun)s?\b", re.IGNORECASE)


def key_text(text: str) -> str:
    """Return the words an assignment's IRI is made from.

    The key must not change when another document restates the assignment with
    small differences, so it leaves out what documents vary most: the partners
    ("i samverkan med förskolenämnden och …") and the city's name in its forms
    ("Göteborgs Stad", "Göteborgs Stads").
    """
    words = core(text).strip()
    partner = _PARTNER.match(words)
    if partner:
        rest = words[partner.end() :]
        while True:
            found = find_orgs(rest)
            joiner = _JOINER.match(rest)
            if found and found[0][1] == 0:
                rest = rest[found[0][2] :].lstrip()
            elif joiner:
                rest = rest[joiner.end() :]
            else:
                break
        words = rest
    return _CITY_NAME.sub(" ", words)


#: A body renamed or replaced, by (municipality, old key): the key of the one now.
Renamed = dict[tuple[str, str], str]


def _keys(rec: AssignmentRecord, renamed: Renamed) -> set[str]:
    """The keys of ``rec``'s responsible bodies, each as the body is called now."""
    out = set()
    for org in rec.responsible:
        key, seen = org.key, set()
        while (rec.municipality, key) in renamed and key not in seen:  # a chain of renames
            seen.add(key)
            key = renamed[(rec.municipality, key)]
        out.add(key)
    return out


def _same(a: AssignmentRecord, b: AssignmentRecord, renamed: Renamed | None = None) -> bool:
    """Whether two documents speak of one assignment: the same case number; else the same
    decision (when both name one), a responsible body in common (when both name one), and
    nearly the same words (:data:`ASSIGNMENT_MATCH`; :data:`SAME_DECISION_MATCH` when both
    name the decision that gave it to the same body)."""
    if a.case_number and b.case_number:
        return a.case_number == b.case_number
    if a.given_on and b.given_on and a.given_on != b.given_on:
        return False
    keys_a = _keys(a, renamed or {})
    keys_b = _keys(b, renamed or {})
    if keys_a and keys_b and not keys_a & keys_b:
        return False
    one_decision = bool(a.given_on and a.given_on == b.given_on and keys_a & keys_b)
    threshold = SAME_DECISION_MATCH if one_decision else ASSIGNMENT_MATCH
    return similar_at_least(core(a.text), core(b.text), threshold)


#: A word shared by more groups than this says little about which group a record is in; it
#: is not looked up (the cost of matching stays linear in the number of assignments).
COMMON_WORD = 48
_WORD = re.compile(r"\w{4,}")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(_normalised(core(text))))


class AssignmentGroups:
    """Records of one assignment each, grouped as they are added.

    A record joins the first group (in the order they were made) whose first record
    :func:`_same` finds the same assignment, and of no document already in it. Only
    groups sharing its case number or some of its less common words are compared: two
    texts alike to :data:`ASSIGNMENT_MATCH` share most of their words.
    """

    def __init__(self, renamed: Renamed | None = None) -> None:
        self.renamed: Renamed = renamed or {}
        self.groups: list[list[AssignmentRecord]] = []
        self._docs: list[set[tuple[str, URIRef]]] = []
        self._by_case: dict[tuple[str, str], list[int]] = {}
        self._by_word: dict[tuple[str, str], list[int]] = {}
        self._by_place: dict[str, list[int]] = {}
        #: How many pairs were compared (:func:`_same`): the benchmark's measure of scale.
        self.comparisons = 0

    def add(self, rec: AssignmentRecord) -> None:
        index = self._find(rec)
        if index is not None:
            self.groups[index].append(rec)
            self._docs[index].add((rec.source, rec.doc_iri))
            return
        index = len(self.groups)
        self.groups.append([rec])
        self._docs.append({(rec.source, rec.doc_iri)})
        self._by_place.setdefault(rec.municipality, []).append(index)
        if rec.case_number:
            self._by_case.setdefault((rec.municipality, rec.case_number), []).append(index)
        for word in _words(rec.text):
            self._by_word.setdefault((rec.municipality, word), []).append(index)

    def _candidates(self, rec: AssignmentRecord) -> list[int]:
        place = rec.municipality
        found: dict[int, int] = {}
        for index in self._by_case.get((place, rec.case_number or ""), []):
            found[index] = 1_000
        words = _words(rec.text)
        looked = 0
        for word in words:
            posting = self._by_word.get((place, word), [])
            if len(posting) > COMMON_WORD:
                continue
            looked += 1
            for index in posting:
                found[index] = found.get(index, 0) + 1
        if words and not looked:  # only common words: compare with every group of the place
            return self._by_place.get(place, [])
        least = max(1, looked // 3)
        return sorted(i for i, hits in found.items() if hits >= least)

    def _find(self, rec: AssignmentRecord) -> int | None:
        for index in self._candidates(rec):
            if (rec.source, rec.doc_iri) in self._docs[index]:
                continue
            self.comparisons += 1
            if _same(self.groups[index][0], rec, self.renamed):
                return index
        return None


def _assignments(
    records: list[AssignmentRecord], builders: dict[str, Builder], renamed: Renamed
) -> None:
    grouping = AssignmentGroups(renamed)
    for rec in sorted(records, key=lambda r: (_rank(r.doc_kind, r.source), r.order)):
        grouping.add(rec)
    groups = grouping.groups
    used: set[URIRef] = set()
    for group in groups:
        canonical = group[0]
        iri = _assignment_iri(builders[canonical.source].mint, canonical, used)
        for rec in group:
            _write_assignment(builders[rec.source], iri, canonical, rec)
        current = latest_status(group)
        if current is not None:
            builders[canonical.source].add(iri, STYR.currentStatus, code("uppdragsstatus", current))


def latest_status(group: list[AssignmentRecord]) -> str | None:
    """Return the status the latest report gives an assignment (its history stays in the
    reports): the one with the latest date; undated reports count only when no report is
    dated, and then only when they agree. None when nothing decides."""
    declared = [r for r in group if r.declared]
    dated = [r for r in declared if r.declared_on]
    if dated:
        last = max(r.declared_on or "" for r in dated)
        statuses = {r.declared for r in dated if r.declared_on == last}
    else:
        statuses = {r.declared for r in declared}
    return statuses.pop() if len(statuses) == 1 else None


def _assignment_iri(mint: Minter, rec: AssignmentRecord, used: set[URIRef]) -> URIRef:
    assigner = "kf" if rec.origin in {"stadens-budget", "tidigare-budget"} else "ks"
    if rec.origin == "namnden" and rec.body_key and rec.body_key != "kommunstyrelsen":
        assigner = rec.body_key
    year = rec.origin_year or rec.year or "okant-ar"
    key = slug(rec.case_number) if rec.case_number else words_slug(key_text(rec.text), 8)
    iri = mint(rec.municipality, year, assigner, "uppdrag", key)
    n = 2
    base = iri
    while iri in used:
        iri = URIRef(f"{base}-{n}")
        n += 1
    used.add(iri)
    return iri


def _write_assignment(
    b: Builder, iri: URIRef, canonical: AssignmentRecord, rec: AssignmentRecord
) -> None:
    municipality = rec.municipality
    b.node(
        iri, STYR.Assignment, _short(core(canonical.text)[:1].upper() + core(canonical.text)[1:])
    )
    b.add(iri, STYR.text, sv(canonical.text))
    b.add(iri, STYR.origin, code("uppdragsursprung", canonical.origin))
    if canonical.origin_year:
        b.add(iri, STYR.originYear, Literal(str(canonical.origin_year), datatype=XSD.gYear))
    council = b.mint(municipality, "org", "kommunfullmaktige")
    if canonical.origin in {"stadens-budget", "tidigare-budget"}:
        b.org(municipality, make_org("council", "kommunfullmäktige"), rec.doc_iri, rec.start)
        b.add(iri, STYR.assignedBy, council)
    given_on = canonical.given_on or rec.given_on
    if given_on:  # "givet av kommunfullmäktige DATE § N"
        b.add(iri, STYR.givenOn, date(given_on))
    giver = canonical.given_by or rec.given_by
    if giver is not None:
        b.add(iri, STYR.assignedBy, b.org(municipality, giver, rec.doc_iri, rec.start))
    if canonical.case_number:
        b.add(iri, STYR.caseNumber, Literal(canonical.case_number))
    b.add(iri, STYR.listedIn, rec.doc_iri)
    for org in rec.responsible:
        b.add(iri, STYR.responsibleBody, b.org(municipality, org, rec.doc_iri, rec.start))
    for org in rec.cooperating:
        b.add(iri, STYR.cooperatingBody, b.org(municipality, org, rec.doc_iri, rec.start))
    for org in rec.supporting:
        b.add(iri, STYR.supportingBody, b.org(municipality, org, rec.doc_iri, rec.start))
    end = rec.end
    if rec.plan_span:
        end = max(end, rec.plan_span[1])
    b.evidence(iri, rec.doc_iri, rec.start, end, stated_text=rec.text)
    for text, start, last in rec.notes:
        b.add(iri, STYR.handlingNote, sv(text))
        b.evidence(iri, rec.doc_iri, start, last, stated_text=text)
    if rec.status:
        b.add(iri, STYR.statusText, sv(rec.status[0]))
    if rec.declared:
        _status_report(b, iri, rec)
    _reporting(b, iri, rec)


#: How a status report's label says the status ("Uppdraget fullgjort: …").
STATUS_WORDS = {
    "fullgjord": "fullgjort",
    "avslutad": "avslutat",
    "pagaende": "pågående",
    "ej-paborjad": "ej påbörjat",
}


def _status_report(b: Builder, assignment: URIRef, rec: AssignmentRecord) -> None:
    """Write what ``rec``'s document declares of the assignment (issue 14)."""
    assert rec.declared is not None
    iri = URIRef(f"{rec.doc_iri}/status/{rec.order}")
    status = code("uppdragsstatus", rec.declared)
    label = STATUS_WORDS.get(rec.declared, rec.declared)
    b.node(iri, STYR.StatusReport, f"Uppdraget {label}: {_short(core(rec.text))}")
    b.add(iri, STYR.reportsOn, assignment)
    b.add(iri, STYR.assignmentStatus, status)
    b.add(iri, STYR.reportedIn, rec.doc_iri)
    if rec.body_key:  # the body whose document gives the report (its subject)
        b.add(iri, STYR.reportingBody, b.mint(rec.municipality, "org", rec.body_key))
    if rec.declared_on:
        b.add(iri, DCTERMS.date, date(rec.declared_on))
    end = rec.end
    if rec.status_comment is not None:
        comment, _, last = rec.status_comment
        b.add(iri, STYR.statusComment, sv(comment))
        end = max(end, last)
    b.evidence(iri, rec.doc_iri, rec.start, end, stated_text=rec.text)


def _occasion(
    b: Builder, rec: AssignmentRecord, plan: str, report_type: str, year: int | None
) -> URIRef:
    """Return the reporting occasion a plan names, named as the time plan names it."""
    town = b.mint(rec.municipality)
    if "kommunstyrelsen" in plan.lower():
        organ, who = "ks", b.mint(rec.municipality, "org", "kommunstyrelsen")
        who_label = "kommunstyrelsen"
    else:
        organ, who = CITY_ORGAN, town
        who_label = b.labels.get(town) or rec.municipality.title()
    if year is None:
        occ = b.mint(rec.municipality, "okant-ar", organ, "rapport", report_type)
        b.node(occ, STYR.ReportingOccasion, f"{REPORT_NAMES[report_type]} för {who_label}")
    else:
        occ = occasion_iri(b.mint, rec.municipality, year, organ, report_type)
        b.node(occ, STYR.ReportingOccasion, f"{REPORT_NAMES[report_type]} {year} för {who_label}")
        b.add(occ, STYR.forBudgetYear, Literal(str(year), datatype=XSD.gYear))
    b.add(occ, STYR.reportType, code("rapporttyp", report_type))
    b.add(occ, STYR.reportingBody, who)
    return occ


def _reporting(b: Builder, assignment: URIRef, rec: AssignmentRecord) -> None:
    """Write the reporting requirement this document states for an assignment."""
    key = URIRef(str(assignment)).rsplit("/", 1)[-1]
    iri = URIRef(f"{rec.doc_iri}/rapportering/{key}")
    plan = rec.plan_text
    span = rec.plan_span or (rec.start, rec.end)
    if plan is None:
        plan = report_clause(rec.text)
    b.node(iri, STYR.ReportingRequirement, f"Återrapportering: {_short(core(rec.text), 60)}")
    b.add(assignment, STYR.hasReportingRequirement, iri)
    b.add(iri, STYR.forAssignment, assignment)
    b.add(iri, STYR.statedIn, rec.doc_iri)
    b.evidence(iri, rec.doc_iri, span[0], span[1])
    if plan is None:
        b.add(iri, STYR.timingKind, code("tidpunktstyp", "ingen"))
        b.add(iri, STYR.reportingMode, code("rapporteringssatt", "ej-angiven"))
        return
    b.add(iri, STYR.planText, sv(plan))
    facets = parse_plan(plan, rec.year)
    if not facets:
        b.add(iri, STYR.timingKind, code("tidpunktstyp", "ingen"))
        b.add(iri, STYR.reportingMode, code("rapporteringssatt", "ej-angiven"))
        b.add(iri, STYR.handlingNote, sv(plan))
        return
    ks = b.mint(rec.municipality, "org", "kommunstyrelsen")
    for i, facet in enumerate(facets):
        node = iri if i == 0 else URIRef(f"{iri}-{i + 1}")
        if i:
            b.node(
                node,
                STYR.ReportingRequirement,
                f"Återrapportering {i + 1}: {_short(core(rec.text), 50)}",
            )
            b.add(assignment, STYR.hasReportingRequirement, node)
            b.add(node, STYR.forAssignment, assignment)
            b.add(node, STYR.statedIn, rec.doc_iri)
            b.add(node, STYR.planText, sv(plan))
            b.evidence(node, rec.doc_iri, span[0], span[1])
        b.add(node, STYR.timingKind, code("tidpunktstyp", facet.kind))
        b.add(node, STYR.reportingMode, code("rapporteringssatt", facet.mode))
        if facet.due_date:
            b.add(node, STYR.dueDate, date(facet.due_date))
        if facet.due_month:
            b.add(node, STYR.dueMonth, Literal(facet.due_month, datatype=XSD.gYearMonth))
            b.add(node, DCTERMS.temporal, INTERVAL[f"month/{facet.due_month}"])
        if facet.due_quarter:
            b.add(node, STYR.dueQuarter, Literal(facet.due_quarter))
            b.add(node, DCTERMS.temporal, INTERVAL[f"quarter/{facet.due_quarter}"])
        if facet.due_from:
            b.add(node, STYR.dueFrom, date(facet.due_from))
        if facet.due_by:
            b.add(node, STYR.dueBy, date(facet.due_by))
        if facet.to_ks:
            b.add(node, STYR.reportTo, ks)
        for report_type, year in facet.occasions:
            occ = _occasion(b, rec, plan, report_type, year)
            b.evidence(occ, rec.doc_iri, span[0], span[1])
            b.add(node, STYR.reportingOccasion, occ)
        if facet.milestone_year:
            occ = b.mint(
                rec.municipality,
                facet.milestone_year,
                "stad",
                "rapport",
                "forutsattningar-for-budget",
            )
            b.node(
                occ,
                STYR.BudgetProcessMilestone,
                f"Förutsättningar för budget {facet.milestone_year}",
            )
            b.add(occ, STYR.reportType, code("rapporttyp", "forutsattningar-for-budget"))
            b.add(occ, STYR.forBudgetYear, Literal(str(facet.milestone_year), datatype=XSD.gYear))
            b.evidence(occ, rec.doc_iri, span[0], span[1])
            b.add(node, STYR.reportingOccasion, occ)
    _ = RDF
