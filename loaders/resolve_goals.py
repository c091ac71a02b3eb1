"""Merge the goals that several documents state into one node each, and write them.

A numbered goal is one goal per municipality and number; a goal without a number joins
the numbered goal it nearly restates, else it is named by its words (a goal of a
responsibility list) or by its order. A body's own goal is the body's, in its own goal
set for the term. Each document's statement adds its evidence, its contribution to the
goal (:func:`_contribution`) and the bodies that answer for it.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from .assignment_identity import key_text
from .builder import Builder, integer, sv
from .goals import GoalRecord
from .ids import words_slug
from .merging import rank, similar
from .sdg import is_sdg_goal
from .vocab import SKOS, STYR

GOAL_MATCH = 0.8


def mandate(year: int | None) -> str:
    """Return the four-year term a budget year falls in (2023–2026, 2027–2030 …)."""
    start = 2023 + 4 * (((year or 2023) - 2023) // 4)
    return f"{start}-{start + 3}"


def write_goals(records: list[GoalRecord], builders: dict[str, Builder]) -> None:
    """Merge the goal records into one goal each and write them into their sources' builders."""
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
            (n, similar(rec.text, group[0].text))
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
        group.sort(key=lambda r: rank(r.doc_kind, r.source))
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
    group.sort(key=lambda r: rank(r.doc_kind, r.source))
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
