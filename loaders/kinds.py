"""The registry of document kinds, and recognising a document's kind by its content.

Every municipality and region writes the same family of documents in its own layout and
under its own titles: "Mål och budget", "Årsplan och budget", "Detaljbudget" and
"Verksamhetsplan med budget" are all a board's budget. A kind is therefore recognised by
the words its own text uses for itself, read as words (tokens), not by a list of exact
titles: each kind names the terms that call a document of that kind, and the title zone
(the first lines) is weighed above the body. The generic kind ``document`` stands for
governance content of a kind we do not recognise; every block extractor reads it.

A file holds governance content when its words include enough of the family's own
vocabulary (bodies, goals, assignments, budgets, decisions); a file without any (a
recipe, a letter) is not a governance document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import URIRef

from .vocab import STYR


@dataclass(frozen=True)
class Kind:
    """A kind of document: its class, its IRI segment, its names, and its terms."""

    key: str
    cls: URIRef
    segment: str
    name_sv: str
    #: Terms (one or more words, lower case) that call a document of this kind. A term
    #: that starts with "*" is the last part of a compound: "*plan" is said by
    #: "digitaliseringsplan" and "handlingsplan" alike.
    terms: tuple[str, ...] = ()
    #: A party's document (yttrande, yrkande): authors are parties, not a body.
    by_party: bool = False
    #: Words (lower case) that head a party's document of this kind, the act it performs:
    #: "Yrkande  (S, V, MP)", "Särskilt yttrande  KD", "Tilläggsyrkande angående …".
    acts: tuple[str, ...] = ()


#: Most specific first: a "delårsrapport" is tried before a "rapport", a "tilläggsyrkande"
#: before a "yrkande". The order also breaks ties.
REGISTRY: tuple[Kind, ...] = (
    Kind(
        "special_statement",
        STYR.Statement,
        "sarskilt-yttrande",
        "Särskilt yttrande",
        ("särskilt yttrande",),
        True,
        ("särskilt yttrande",),
    ),
    Kind(
        "statement",
        STYR.Statement,
        "yttrande",
        "Yttrande",
        ("yttrande", "yttrandet"),
        True,
        ("yttrande",),
    ),
    Kind(
        "reservation",
        STYR.Statement,
        "reservation",
        "Reservation",
        ("reservation",),
        True,
        ("reservation",),
    ),
    Kind(
        "minutes_note",
        STYR.Statement,
        "protokollsanteckning",
        "Protokollsanteckning",
        ("protokollsanteckning",),
        True,
        ("protokollsanteckning",),
    ),
    Kind(
        "supplementary_motion",
        STYR.Motion,
        "tillaggsyrkande",
        "Tilläggsyrkande",
        ("tilläggsyrkande", "ändringsyrkande"),
        True,
        ("tilläggsyrkande", "ändringsyrkande"),
    ),
    Kind(
        "referral_motion",
        STYR.Motion,
        "aterremissyrkande",
        "Återremissyrkande",
        ("återremissyrkande",),
        True,
        ("återremissyrkande",),
    ),
    Kind("motion", STYR.Motion, "yrkande", "Yrkande", ("yrkande", "motion"), True, ("yrkande",)),
    Kind(
        "service_report",
        STYR.ServiceReport,
        "tjansteutlatande",
        "Tjänsteutlåtande",
        ("tjänsteutlåtande",),
    ),
    Kind(
        "implementation_plan",
        STYR.ImplementationPlan,
        "genomforandeplan",
        "Genomförandeplan",
        ("genomförandeplan",),
    ),
    Kind(
        "goal_responsibility",
        STYR.GoalResponsibilityDecision,
        "ansvar-for-mal",
        "Fördelning av ansvar för mål",
        (
            "huvudansvariga nämnder",
            "ansvariga nämnder och styrelser",
            "ansvar för mål",
            "fördelning av ansvar",
            "ansvarsfördelning",
        ),
    ),
    Kind(
        "interim_report",
        STYR.InterimReport,
        "delarsrapport",
        "Delårsrapport",
        ("delårsrapport", "delårsbokslut", "tertialrapport", "månadsuppföljning"),
    ),
    Kind(
        "annual_report",
        STYR.AnnualReport,
        "arsrapport",
        "Årsrapport",
        ("årsrapport", "årsredovisning", "verksamhetsberättelse"),
    ),
    Kind(
        "assignment_followup",
        STYR.AssignmentFollowUp,
        "aterrapportering",
        "Återrapportering av uppdrag",
        (
            "återrapportering",
            "samlingsärende",
            "uppföljning av uppdrag",
            "redovisning av uppdrag",
            "förklaras fullgjort",
            "förklaras fullgjorda",
        ),
    ),
    # not named by a term: a budget whose body is the council (see documents.py)
    Kind("council_budget", STYR.CityBudget, "budget", "Budget"),
    Kind(
        "board_budget",
        STYR.BoardBudget,
        "budget",
        "Budget",
        (
            "detaljbudget",
            "nämndbudget",
            "mål och budget",
            "årsplan och budget",
            "verksamhetsplan med budget",
            "verksamhetsplan och budget",
            "budget",
        ),
    ),
    Kind(
        "operational_plan",
        STYR.OperationalPlan,
        "verksamhetsplan",
        "Verksamhetsplan",
        ("verksamhetsplan", "årsplan", "affärsplan"),
    ),
    Kind(
        "risk_register",
        STYR.RiskRegister,
        "riskbild",
        "Samlad riskbild",
        ("samlad riskbild", "riskanalys", "riskbedömning", "riskregister"),
    ),
    Kind(
        "internal_control_plan",
        STYR.InternalControlPlan,
        "internkontrollplan",
        "Internkontrollplan",
        ("internkontrollplan", "intern kontrollplan"),
    ),
    Kind(
        "rules",
        STYR.Rules,
        "regler-ekonomisk-uppfoljning",
        "Interna regler och riktlinjer för ekonomisk uppföljning",
        ("regler och riktlinjer för ekonomisk uppföljning",),
    ),
    Kind(
        "time_plan",
        STYR.TimePlan,
        "tidplan",
        "Tid- och arbetsplan",
        ("tid- och arbetsplan", "tidplan"),
    ),
    Kind("action_plan", STYR.ActionPlan, "handlingsplan", "Handlingsplan", ("*handlingsplan",)),
    Kind("programme", STYR.Programme, "program", "Program", ("*program", "*programmet")),
    Kind("policy", STYR.Policy, "policy", "Policy", ("*policy", "*policyn")),
    Kind("guideline", STYR.Guideline, "riktlinjer", "Riktlinjer", ("*riktlinjer", "*riktlinje")),
    Kind("plan", STYR.Plan, "plan", "Plan", ("*plan", "*planen")),
    # a councillor's questions to a chair: the councillor's party is its author
    Kind(
        "interpellation",
        STYR.Document,
        "interpellation",
        "Interpellation",
        ("interpellation",),
        True,
    ),
    Kind("document", STYR.Document, "handling", "Handling"),
)
BY_KEY: dict[str, Kind] = {kind.key: kind for kind in REGISTRY}
#: The words that head a party's document, and the kind each one names.
ACT_WORDS: dict[str, str] = {act: kind.key for kind in REGISTRY for act in kind.acts}

#: Words of the family's own vocabulary: a text with fewer than
#: :data:`GOVERNANCE_MINIMUM` of them is not a governance document.
GOVERNANCE_WORDS = frozenset(
    {
        "kommunfullmäktige", "regionfullmäktige", "fullmäktige", "kommunstyrelsen",
        "regionstyrelsen", "nämnden", "nämnder", "nämnd", "styrelsen", "styrelser",
        "förvaltningen", "uppdrag", "uppdraget", "uppdragen", "mål", "målet", "målen",
        "budget", "budgeten", "beslut", "beslutar", "beslutade", "föreslår", "förslag",
        "yrkande", "yrkar", "motion", "motionen", "tjänsteutlåtande", "återrapportering",
        "ärendet", "handling", "verksamhetsplan", "delårsrapport", "årsrapport",
        "kommunbidrag", "mnkr", "tkr", "sammanträde", "protokoll", "interpellation",
        "ordförande", "ordföranden", "diarienummer", "beslutad", "styrdokument", "plan",
        "program", "policy", "riktlinje", "riktlinjer", "regionen", "kommunen",
    }
)  # fmt: skip
GOVERNANCE_MINIMUM = 4
#: How many non-blank lines at the start make the title zone.
TITLE_LINES = 12
#: A line of more words than this is a paragraph, not a title.
TITLE_WORDS = 30
_WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ-]+")


def words(text: str) -> list[str]:
    """Return the words of ``text``, lower case, in NFC (the unit of every comparison)."""
    return [w.strip("-") for w in _WORD.findall(unicodedata.normalize("NFC", text).lower())]


def _has_term(tokens: Sequence[str], term: tuple[str, ...]) -> bool:
    if len(term) == 1 and term[0].startswith("*"):  # the end of a compound word
        return any(t.endswith(term[0][1:]) for t in tokens)
    n = len(term)
    return any(tuple(tokens[i : i + n]) == term for i in range(len(tokens) - n + 1))


def _term_words(kind: Kind) -> list[tuple[str, ...]]:
    return [(term,) if term.startswith("*") else tuple(words(term)) for term in kind.terms]


def governance_words(text_lines: Iterable[str]) -> set[str]:
    """Return the family's vocabulary words that ``text_lines`` use."""
    found: set[str] = set()
    for line in text_lines:
        for word in words(line):
            # the genitive too: "kommunstyrelsens", "nämndens", "målets"
            base = word[:-1] if word.endswith("s") and word[:-1] in GOVERNANCE_WORDS else word
            if base in GOVERNANCE_WORDS:
                found.add(base)
    return found


def is_governance(text_lines: Iterable[str]) -> bool:
    """Whether the text holds governance content at all."""
    return len(governance_words(text_lines)) >= GOVERNANCE_MINIMUM


def recognise(
    title_zone: Sequence[str], body: Sequence[str] = (), party: bool = True
) -> tuple[Kind, int | None]:
    """Return the kind of a document from its first lines (and, weaker, its body), and the
    index of the title-zone line that named it (None when the body or nothing did).
    Without ``party`` a party's kinds are not named (a body's "Yttrande över motion …").

    A term in the title zone counts more the earlier its line; a term in the body counts
    once, little, and only for kinds whose terms are specific (not "budget" or
    "motion", which any document mentions). Without any term: ``document``.
    """
    scores: dict[str, tuple[float, int | None]] = {}
    line_words = [words(line) for line in title_zone[:TITLE_LINES]]
    kinds = [kind for kind in REGISTRY if party or not kind.by_party]
    for kind in kinds:
        for term in _term_words(kind):
            for index, tokens in enumerate(line_words):
                if _has_term(tokens, term):
                    # a title is a short line: a term inside a paragraph counts less
                    weight = 1.0 if len(tokens) <= TITLE_WORDS else 0.3
                    score = weight * (10.0 - 0.5 * index + 0.1 * len(term))
                    if score > scores.get(kind.key, (0.0, None))[0]:
                        scores[kind.key] = (score, index)
                    break
    if not scores and body:
        body_words = words(" ".join(body))
        for kind in kinds:
            specific = [t for t in _term_words(kind) if t not in {("budget",), ("motion",)}]
            if any(_has_term(body_words, t) for t in specific):
                scores[kind.key] = (1.0, None)
    if not scores:
        return BY_KEY["document"], None
    order = {kind.key: i for i, kind in enumerate(REGISTRY)}
    key = max(scores, key=lambda k: (scores[k][0], -order[k]))
    return BY_KEY[key], scores[key][1]
