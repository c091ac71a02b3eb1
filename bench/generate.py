"""Synthetic governance data in the styrgraf vocabulary, with planted defects.

``python -m bench.generate --triples N --out FILE.nt [--seed S]`` writes about ``N``
triples of N-Triples that look like the graph the loaders build from real documents:
boards (nämnder) of many municipalities, each with one block per budget year holding an
implementation plan, a board budget and a time plan, goals, directions, assignments with
reporting requirements, time-plan entries, a budget table (total rows with summands,
operation parts) and amounts stated in the prose, every fact with line-level evidence,
provenance and Swedish and English labels. A correct block produces no finding for any
shape in ``shapes/``.

Defects are then planted at about one per :data:`TRIPLES_PER_DEFECT` triples (at least
one of each kind), round robin over :data:`KINDS`, which covers every shape that has a
target. Each kind changes one entity that no other kind touches, so a block may hold
several defects (never two of one kind) and each defect produces exactly the findings
listed for it; :func:`write` returns their sum per shape local name (:class:`Planted`).

The output is deterministic for a given seed. Nothing here uses rdflib: lines are written
as strings, so a million triples take a few seconds.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

BASE = "https://example.org/bench/"
TRIPLES_PER_DEFECT = 500
YEARS_PER_BOARD = 4
FIRST_YEAR = 2023

# --- terms, pre-formatted for N-Triples ---------------------------------------------------
_STYR = "https://w3id.org/styrgraf/ontology#"
_KOD = "https://w3id.org/styrgraf/kod/"
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _s(local: str) -> str:
    return f"<{_STYR}{local}>"


def _kod(local: str) -> str:
    return f"<{_KOD}{local}>"


A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
TITLE = "<http://purl.org/dc/terms/title>"
SUBJECT = "<http://purl.org/dc/terms/subject>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
QUALIFIED = "<http://www.w3.org/ns/prov#qualifiedDerivation>"
ENTITY = "<http://www.w3.org/ns/prov#entity>"
PROV_ENTITY = "<http://www.w3.org/ns/prov#Entity>"
PROV_AGENT = "<http://www.w3.org/ns/prov#Agent>"
DERIVATION = "<http://www.w3.org/ns/prov#Derivation>"
ORG = "<http://www.w3.org/ns/org#Organization>"
ORG_UNIT = "<http://www.w3.org/ns/org#OrganizationalUnit>"
SUB_ORG = "<http://www.w3.org/ns/org#subOrganizationOf>"
PUBLIC_ORG = "<http://data.europa.eu/m8g/PublicOrganisation>"
ELI_WORK = "<http://data.europa.eu/eli/ontology#Work>"
CONCEPT = "<http://www.w3.org/2004/02/skos/core#Concept>"
QB_OBS = "<http://purl.org/linked-data/cube#Observation>"
QB_DATASET = "<http://purl.org/linked-data/cube#DataSet>"
QB_IN = "<http://purl.org/linked-data/cube#dataSet>"
IN_SCHEME = "<http://www.w3.org/2004/02/skos/core#inScheme>"
DATE = "<http://purl.org/dc/terms/date>"
AMOUNT = "<http://data.openbudgets.eu/ontology/dsd/measure/amount>"
FISCAL_YEAR = "<http://data.openbudgets.eu/ontology/dsd/dimension/fiscalYear>"
LOPANDE = _kod("rapporteringssatt/lopande")
TERM_YEARS = 4  # a term of office: 2023-2026, 2027-2030, ...

T_DATE = f"<{_XSD}date>"
T_DECIMAL = f"<{_XSD}decimal>"
T_INTEGER = f"<{_XSD}integer>"
T_GYEAR = f"<{_XSD}gYear>"


# --- literals ------------------------------------------------------------------------------
def _esc(text: str) -> str:
    if '"' in text or "\\" in text or "\n" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return text


def sv(text: str) -> str:
    return f'"{_esc(text)}"@sv'


def en(text: str) -> str:
    return f'"{_esc(text)}"@en'


def plain(text: str) -> str:
    return f'"{_esc(text)}"'


def money(tenths: int) -> str:
    """An exact decimal in mnkr from a whole number of tenths: -5806 -> "-580.6"."""
    sign = "-" if tenths < 0 else ""
    a = abs(tenths)
    return f'"{sign}{a // 10}.{a % 10}"^^{T_DECIMAL}'


def swedish_money(tenths: int) -> str:
    """The amount as printed in the prose ("-580,6"), i.e. a string, not a decimal."""
    sign = "-" if tenths < 0 else ""
    a = abs(tenths)
    return plain(f"{sign}{a // 10},{a % 10}")


def day(y: int, m: int, d: int) -> str:
    return f'"{y:04d}-{m:02d}-{d:02d}"^^{T_DATE}'


def integer(n: int) -> str:
    return f'"{n}"^^{T_INTEGER}'


def gyear(y: int) -> str:
    return f'"{y}"^^{T_GYEAR}'


# --- the defect kinds ------------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    """A kind of defect: its name, the findings it produces and what it changes."""

    name: str
    findings: dict[str, int]
    change: str


KINDS: tuple[Kind, ...] = (
    Kind("no-responsible-body", {"AssignmentResponsibleProperty": 1},
         "assignment 1 has no styr:responsibleBody"),
    Kind("no-reporting-date", {"AssignmentReportingProperty": 1},
         "assignment 2's reporting requirement has neither dueBy nor dueDate (not continuous)"),
    Kind("date-outside-window", {"ReportingWindowShape": 1},
         "assignment 3 is due by 15 April the year after, or 30 November the year before"),
    Kind("row-sum-off", {"TableRowSumShape": 1},
         "the Resultat row of the budget year is off the sum of its summands by 0.2-3.0"),
    Kind("row-sum-rounding", {"TableRowSumRoundingShape": 1},
         "the Resultat row of the year before is off by exactly 0.1"),
    Kind("parts-sum-off", {"TablePartsSumShape": 1},
         "one operation's Intäkter of the budget year is off by 0.2-3.0"),
    Kind("parts-sum-rounding", {"TablePartsSumRoundingShape": 1},
         "one operation's Kostnader of the year before is off by exactly 0.1"),
    Kind("stated-amount-off", {"StatedAmountShape": 1},
         "a level stated in the text (or, every other time, a change) is off the table by 0.2-3.0"),
    Kind("stated-amount-rounding", {"StatedAmountRoundingShape": 1},
         "a change stated in the text (or, every other time, a level) is off by exactly 0.1"),
    Kind("wording-differs", {"WordingShape": 1},
         "goal 1 is worded differently in the budget than in the implementation plan"),
    Kind("missing-from-budget", {"CaseCompletenessShape": 1},
         "assignment 1 of the budget year is listed in the implementation plan only"),
    Kind("time-plan-disagrees", {"TimePlanAgreementShape": 1},
         "assignment 4's due date is a week after the time plan's last decision date"),
    Kind("unsupported-goal", {"GoalSupportShape": 1},
         "goal 2 loses its only direction (a goal contribution still points at it)"),
    Kind("no-provenance", {"ProvenanceShape": 1},
         "a time-plan entry lacks prov:wasDerivedFrom (or, every other time, a budget cell "
         "lacks prov:qualifiedDerivation)"),
    Kind("no-swedish-label", {"SwedishLabelShape": 1},
         "direction 2 has an English label only"),
    Kind("blank-node-goal", {"IriShape": 2},
         "an extra goal is a blank node (not an IRI, and not http(s): two findings); it is "
         "otherwise complete"),
    Kind("evidence-lines-reversed", {"EvidenceShape": 1},
         "the annual report's time-plan evidence has lineStart after lineEnd"),
    Kind("amount-not-decimal", {"MoneyShape": 1},
         "a stated change's obm:amount is a string with a decimal comma (\"4,3\"); the "
         "arithmetic uses changeAmount"),
    Kind("date-not-date", {"DateShape": 1},
         "the August time-plan entry's last decision date is a plain string"),
    Kind("year-not-gyear", {"YearShape": 1},
         "the time plan's budget year is an xsd:integer"),
    Kind("reopened-assignment", {"ReopenedAssignmentShape": 1},
         "assignment 6 is declared fulfilled by a dated status report in the budget, and a "
         "later dated status report in the implementation plan gives it as ongoing"),
    Kind("council-goal-no-body", {"CouncilGoalResponsibleShape": 1},
         "an extra goal in the council's goal set for the term (.../mal/2023-2026), listed "
         "in the implementation plan and supported by the programme, has no "
         "styr:mainResponsibleBody; it is otherwise complete"),
    Kind("status-report-no-date", {"StatusReportDateProperty": 1},
         "assignment 5 gets a status report (ongoing, in the budget) without dct:date"),
    Kind("status-report-no-source", {"StatusReportSourceProperty": 1},
         "assignment 3 gets a dated status report (ongoing) without styr:reportedIn"),
)  # fmt: skip


class Planted(dict[str, int]):
    """Findings each shape must produce (shape local name -> count), and what was planted.

    A ``dict``, so it compares equal to a ``Counter`` of findings; ``triples`` is the
    number of triples written and ``defects`` lists (kind, focus node) per defect.
    """

    def __init__(self) -> None:
        super().__init__()
        self.triples = 0
        self.defects: list[tuple[str, str]] = []

    def add(self, kind: Kind, focus: str) -> None:
        for shape, n in kind.findings.items():
            self[shape] = self.get(shape, 0) + n
        self.defects.append((kind.name, focus))


@dataclass
class Generated:
    """The N-Triples lines (each ending in a newline) and the planted findings."""

    lines: list[str]
    planted: Planted = field(default_factory=Planted)

    @property
    def text(self) -> str:
        return "".join(self.lines)


# --- names ---------------------------------------------------------------------------------
MUNICIPALITIES = (
    ("goteborg", "Göteborg"), ("malmo", "Malmö"), ("uppsala", "Uppsala"),
    ("linkoping", "Linköping"), ("orebro", "Örebro"), ("vasteras", "Västerås"),
    ("helsingborg", "Helsingborg"), ("norrkoping", "Norrköping"), ("jonkoping", "Jönköping"),
    ("umea", "Umeå"), ("lund", "Lund"), ("boras", "Borås"), ("gavle", "Gävle"),
    ("sodertalje", "Södertälje"), ("eskilstuna", "Eskilstuna"), ("halmstad", "Halmstad"),
    ("vaxjo", "Växjö"), ("karlstad", "Karlstad"), ("sundsvall", "Sundsvall"),
    ("ostersund", "Östersund"), ("trollhattan", "Trollhättan"), ("lulea", "Luleå"),
)  # fmt: skip
BOARDS = (
    ("kommunstyrelsen", "Kommunstyrelsen", "The executive board"),
    ("forskolenamnden", "Förskolenämnden", "The preschool board"),
    ("grundskolenamnden", "Grundskolenämnden", "The compulsory school board"),
    ("utbildningsnamnden", "Utbildningsnämnden", "The upper secondary school board"),
    ("kulturnamnden", "Kulturnämnden", "The culture board"),
    ("idrotts-och-foreningsnamnden", "Idrotts- och föreningsnämnden", "The sports board"),
    ("miljo-och-klimatnamnden", "Miljö- och klimatnämnden", "The environment board"),
    ("socialnamnden", "Socialnämnden", "The social services board"),
    ("aldre-vard-och-omsorgsnamnden", "Äldre samt vård- och omsorgsnämnden",
     "The elderly care board"),
    ("stadsbyggnadsnamnden", "Stadsbyggnadsnämnden", "The city planning board"),
    ("trafiknamnden", "Trafiknämnden", "The traffic board"),
    ("park-och-naturnamnden", "Park- och naturnämnden", "The parks board"),
    ("fastighetsnamnden", "Fastighetsnämnden", "The property board"),
    ("namnden-for-funktionsstod", "Nämnden för funktionsstöd", "The disability support board"),
    ("namnden-for-arbetsmarknad", "Nämnden för arbetsmarknad och vuxenutbildning",
     "The labour market board"),
    ("namnden-for-inkop", "Nämnden för inköp och upphandling", "The procurement board"),
)  # fmt: skip
OPERATIONS = (
    ("politisk-organisation", "Politisk organisation", "Political organisation"),
    ("forvaltningen", "Förvaltningen", "The administration"),
    ("ovrig-verksamhet", "Övrig verksamhet", "Other operations"),
)
LINES = (  # slug, Swedish, English
    ("intakter", "Intäkter", "Income"),
    ("kostnader", "Kostnader", "Costs"),
    ("kommunbidrag", "Kommunbidrag", "Municipal grant"),
    ("resultat", "Resultat", "Result"),
)
GOALS = (
    "{m} ska vara en jämlik och trygg stad där alla invånare ges inflytande",
    "{m} ska ha en hållbar ekonomi med god hushållning",
    "Invånarna i {m} ska ha tillgång till en likvärdig välfärd",
    "{m} ska minska sin klimatpåverkan i snabb takt",
    "Barn och unga i {m} ska ges goda förutsättningar att lyckas i skolan",
    "{m} ska vara en attraktiv arbetsgivare med god arbetsmiljö",
)
DIRECTIONS = (
    "{b} ska i huvudsak arbeta efter inriktningarna i {m}s budget",
    "{b} ska stärka samverkan med civilsamhället",
    "{b} ska prioritera det förebyggande arbetet",
    "{b} ska öka takten i digitaliseringen av sina tjänster",
    "{b} ska säkerställa en god kompetensförsörjning",
)
ASSIGNMENTS = (
    "ta fram en handlingsplan för {x}",
    "utreda förutsättningarna för {x}",
    "följa upp arbetet med {x}",
    "i samverkan med berörda nämnder utveckla {x}",
)
TOPICS = (
    "trygghetsskapande åtgärder", "minskad energianvändning", "ökad digital delaktighet",
    "jämställd resursfördelning", "barnrättsperspektivet", "lokalförsörjningen",
    "upphandling av ordningsvakter", "klimatanpassning", "integrationsinsatser",
    "kompetensförsörjning inom välfärden", "ungdomars fritid", "civil beredskap",
)  # fmt: skip
EXTRA_WORDS = (
    "och särskilt i ytterområdena",
    "samt redovisa kostnaderna",
    "under hela mandatperioden",
)


@dataclass
class _Board:
    muni: str
    muni_name: str
    slug: str
    name: str
    name_en: str
    first_of_muni: bool

    @property
    def iri(self) -> str:
        return f"<{BASE}{self.muni}/org/{self.slug}>"

    @property
    def programme(self) -> str:
        return f"<{BASE}{self.muni}/styrdokument/program-{self.slug}>"

    @property
    def muni_iri(self) -> str:
        return f"<{BASE}{self.muni}>"

    def area(self, op: str | None) -> str:
        tail = f"/{op}" if op else ""
        return f"<{BASE}{self.muni}/org/{self.slug}/budgetomrade{tail}>"


def _board(index: int) -> _Board:
    muni_index, b = divmod(index, len(BOARDS))
    slug, name, name_en = BOARDS[b]
    m_slug, m_name = MUNICIPALITIES[muni_index % len(MUNICIPALITIES)]
    round_ = muni_index // len(MUNICIPALITIES)
    if round_:  # more municipalities than names: number them
        m_slug, m_name = f"{m_slug}-{round_ + 1}", f"{m_name} {round_ + 1}"
    return _Board(m_slug, m_name, slug, name, name_en, b == 0)


class _Block:
    """The triples of one board's budget year, with the defects planted in it."""

    def __init__(
        self, rng: random.Random, board: _Board, year: int, defects: dict[str, int]
    ) -> None:
        self.rng = rng
        self.board = board
        self.y = year
        self.defects = defects  # kind name -> occurrence number of that kind
        self.lines: list[str] = []
        self.prefix = f"{BASE}{board.muni}/{year}/{board.slug}"
        self.line_no: dict[str, int] = {}
        self.focus: dict[str, str] = {}  # kind name -> the node it changed

    def has(self, kind: str) -> bool:
        return kind in self.defects

    def odd(self, kind: str) -> bool:
        return self.defects.get(kind, 0) % 2 == 1

    def t(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .\n")

    def iri(self, tail: str) -> str:
        return f"<{self.prefix}/{tail}>"

    # --- shared building blocks -------------------------------------------------------------
    def evidence(
        self,
        node: str,
        doc: str,
        code: str,
        quote: str,
        stated: str | None = None,
        reversed_lines: bool = False,
    ) -> str:
        start = self.line_no.get(doc, 20) + 1 + self.rng.randrange(6)
        end = start + self.rng.randrange(4)
        self.line_no[doc] = end
        ev = f"{node[:-1]}/belagg/{code}-L{start}>"
        t = self.t
        t(ev, A, _s("Evidence"))
        t(ev, A, DERIVATION)
        t(ev, ENTITY, doc)
        t(ev, _s("quote"), sv(quote))
        if reversed_lines:
            start, end = end + 3, end
        t(ev, _s("lineStart"), integer(start))
        t(ev, _s("lineEnd"), integer(end))
        if stated is not None:
            t(ev, _s("statedText"), sv(stated))
        return ev

    def provenance(
        self,
        node: str,
        docs: list[tuple[str, str]],
        quote: str,
        stated: str | None = None,
        derived: bool = True,
        qualified: bool = True,
        reversed_lines: bool = False,
        restated: str | None = None,
    ) -> list[str]:
        """Link ``node`` to each (document, code) with prov:wasDerivedFrom and evidence.

        The first document states ``stated``; the others restate it in other case and
        punctuation (the same wording), or as ``restated`` when given.
        """
        evs = []
        for i, (doc, code) in enumerate(docs):
            if derived:
                self.t(node, DERIVED, doc)
            text = stated
            if i and stated is not None:
                text = restated or _reword(stated)
            ev = self.evidence(node, doc, code, quote, text, reversed_lines)
            if qualified:
                self.t(node, QUALIFIED, ev)
            evs.append(ev)
        return evs

    # --- the block ----------------------------------------------------------------------------
    def build(self, first_of_board: bool) -> None:
        b, y, t = self.board, self.y, self.t
        if first_of_board:
            self.organisation()
        # the documents
        src = f"{BASE}kalla/{b.muni}-{b.slug}-{y}"
        self.plan = self.iri("genomforandeplan")
        self.budget = self.iri("budget")
        self.timeplan = self.iri("tidplan")
        docs = (
            (self.plan, "genomforandeplan", [_s("ImplementationPlan")],
             f"Genomförandeplan {y} för {b.name.lower()}", f"Implementation plan {y}"),
            (self.budget, "budget", [_s("BoardBudget"), _s("Budget")],
             f"Budget {y} för {b.name.lower()}", f"Budget {y}"),
            (self.timeplan, "tidplan", [_s("TimePlan")],
             f"Tidplan {y} för {b.name.lower()}", f"Time plan {y}"),
        )  # fmt: skip
        for doc, code, kinds, title, title_en in docs:
            source = f"<{src}-{code}>"
            for k in (_s("Document"), _s("SteeringDocument"), *kinds, ELI_WORK, PROV_ENTITY):
                t(doc, A, k)
            t(doc, LABEL, sv(title))
            t(doc, LABEL, en(title_en))
            t(doc, TITLE, sv(title))
            t(doc, SUBJECT, b.iri)
            t(doc, _s("sourceText"), source)
            if code == "tidplan" and self.has("year-not-gyear"):
                t(doc, _s("budgetYear"), integer(y))
                self.focus["year-not-gyear"] = doc
            else:
                t(doc, _s("budgetYear"), gyear(y))
            self.provenance(doc, [(doc, code[:4])], title)
        self.goals()
        self.directions()
        self.assignments()
        self.table()
        if self.has("blank-node-goal"):
            self.blank_goal()
        if self.has("council-goal-no-body"):
            self.council_goal()

    def organisation(self) -> None:
        b, t = self.board, self.t
        if b.first_of_muni:
            t(b.muni_iri, A, _s("Municipality"))
            t(b.muni_iri, A, ORG)
            t(b.muni_iri, LABEL, sv(f"{b.muni_name}s kommun"))
        for k in (_s("Board"), _s("PoliticalBody"), ORG, ORG_UNIT, PUBLIC_ORG, PROV_AGENT):
            t(b.iri, A, k)
        t(b.iri, LABEL, sv(b.name))
        t(b.iri, LABEL, en(b.name_en))
        t(b.iri, SUB_ORG, b.muni_iri)
        t(b.programme, A, _s("Programme"))
        t(b.programme, LABEL, sv(f"Program för {b.name.lower()}"))
        areas = [(None, b.name, b.name_en), *OPERATIONS]
        for op, name, name_en in areas:
            area = b.area(op)
            t(area, A, _s("BudgetArea"))
            t(area, A, CONCEPT)
            t(area, LABEL, sv(name))
            t(area, LABEL, en(name_en))

    def goals(self) -> None:
        b, t, rng = self.board, self.t, self.rng
        both = [(self.plan, "gp"), (self.budget, "bu")]
        self.goal = []
        for k in range(2):
            goal = self.iri(f"mal/{k + 1}")
            text = rng.choice(GOALS).format(m=b.muni_name) + "."
            for c in (_s("Goal"), CONCEPT, PROV_ENTITY):
                t(goal, A, c)
            t(goal, LABEL, sv(text[:-1]))
            t(goal, LABEL, en(f"Goal {k + 1} of {b.name_en.lower()}, {self.y}"))
            t(goal, _s("text"), sv(text))
            t(goal, _s("goalNumber"), integer(k + 1))
            for doc, _ in both:
                t(goal, _s("listedIn"), doc)
            restated = None
            if k == 0 and self.has("wording-differs"):  # the budget adds words
                restated = f"{text[:-1]} {rng.choice(EXTRA_WORDS)}."
                self.focus["wording-differs"] = goal
            self.provenance(goal, both, text, text, restated=restated)
            self.goal.append(goal)
        # a programme supports goal 0; goal 1 is supported by direction 1 only, and a goal
        # contribution (which does not count as support) points at it
        t(b.programme, _s("supportsGoal"), self.goal[0])
        self.programme = b.programme
        gc = self.iri("malbidrag/2")
        t(gc, A, _s("GoalContribution"))
        t(gc, A, PROV_ENTITY)
        t(gc, LABEL, sv("Bidrag till mål 2"))
        t(gc, _s("contributesTo"), self.goal[1])
        t(gc, _s("contributingBody"), b.iri)
        t(gc, _s("statedIn"), self.plan)
        contribution = f"{b.name} ska bidra till målet genom {rng.choice(TOPICS)}."
        t(gc, _s("contributionText"), sv(contribution))
        self.provenance(gc, [(self.plan, "gp")], contribution)

    def direction(self, name: str, order: int, goal: str, sv_label: bool = True) -> str:
        b, t = self.board, self.t
        d = self.iri(f"inriktning/{name}")
        text = self.rng.choice(DIRECTIONS).format(b=b.name, m=b.muni_name) + "."
        t(d, A, _s("Direction"))
        t(d, A, PROV_ENTITY)
        if sv_label:
            t(d, LABEL, sv(text[:-1]))
        t(d, LABEL, en(f"Direction {order} for {b.name_en.lower()}, {self.y}"))
        t(d, _s("text"), sv(text))
        t(d, _s("order"), integer(order))
        t(d, _s("listedIn"), self.plan)
        t(d, _s("listedIn"), self.budget)
        t(d, _s("definedIn"), self.plan)
        t(d, _s("directedTo"), b.iri)
        t(d, _s("contributesTo"), goal)
        self.provenance(d, [(self.plan, "gp"), (self.budget, "bu")], text, text)
        return d

    def directions(self) -> None:
        self.direction("1", 1, self.goal[0])
        unsupported = self.has("unsupported-goal")
        english_only = self.has("no-swedish-label")
        d = self.direction(
            "2", 2, self.goal[0] if unsupported else self.goal[1], sv_label=not english_only
        )
        if unsupported:
            self.focus["unsupported-goal"] = self.goal[1]
        if english_only:
            self.focus["no-swedish-label"] = d

    def assignments(self) -> None:
        b, y, t, rng = self.board, self.y, self.t, self.rng
        # the time plan: three reporting occasions, one entry each
        april = (y, 4, 9 + rng.randrange(6))
        august = (y, 9, 10 + rng.randrange(6))
        annual = (y + 1, 2, 6 + rng.randrange(6))
        occasions = (
            ("delarsrapport-april", "Delårsrapport april", "delarsrapport-mars", april, True),
            ("delarsrapport-augusti", "Delårsrapport augusti", "delarsrapport-augusti", august,
             True),
            ("arsrapport", "Årsrapport", "arsrapport", annual, False),
        )  # fmt: skip
        occ: dict[str, tuple[str, str, str]] = {}  # slug -> (occasion, toKS, lastDecision)
        for order, (slug, name, report_type, (yy, mm, dd), to_ks) in enumerate(occasions, 1):
            o = self.iri(f"rapport/{slug}")
            t(o, A, _s("ReportingOccasion"))
            t(o, LABEL, sv(f"{name} {y} för {b.name.lower()}"))
            t(o, _s("forBudgetYear"), gyear(y))
            t(o, _s("reportType"), _kod(f"rapporttyp/{report_type}"))
            t(o, _s("reportingBody"), b.iri)
            e = self.iri(f"tidplan/post/{order}")
            t(e, A, _s("TimePlanEntry"))
            t(e, A, PROV_ENTITY)
            t(e, LABEL, sv(f"{name} {y}"))
            t(e, LABEL, en(f"Time plan entry {order}, {y}"))
            t(e, _s("inTimePlan"), self.timeplan)
            t(e, _s("order"), integer(order))
            t(e, _s("plannedReport"), o)
            t(e, _s("documentForm"), _kod("handlingstyp/tjansteutlatande"))
            last = day(yy, mm, dd)
            to_ks_date = day(yy, mm, dd + 7) if to_ks else ""
            if to_ks:
                t(e, _s("dateToKS"), to_ks_date)
            if slug == "delarsrapport-augusti" and self.has("date-not-date"):
                t(e, _s("lastDecisionDate"), plain(f"{yy:04d}-{mm:02d}-{dd:02d}"))
                self.focus["date-not-date"] = e
            else:
                t(e, _s("lastDecisionDate"), last)
            no_derived = slug == "delarsrapport-april" and self.has("no-provenance")
            no_derived = no_derived and not self.odd("no-provenance")
            if no_derived:
                self.focus["no-provenance"] = e
            reversed_lines = slug == "arsrapport" and self.has("evidence-lines-reversed")
            evs = self.provenance(
                e,
                [(self.timeplan, "tp")],
                f"{name} {y} Tjänsteutlåtande",
                derived=not no_derived,
                reversed_lines=reversed_lines,
            )
            if reversed_lines:
                self.focus["evidence-lines-reversed"] = evs[0]
            occ[slug] = (o, to_ks_date, last)
        # six assignments: 0-3 dated, 4 continuous, 5 from the year before (budget only)
        dated = (
            ("delarsrapport-april", 1),  # due on the date to KS
            ("delarsrapport-april", 2),  # due on the last decision date
            ("delarsrapport-augusti", 1),
            ("arsrapport", 2),
        )
        for k in range(6):
            a = self.iri(f"uppdrag/{k + 1}")
            topic = rng.choice(TOPICS)
            task = rng.choice(ASSIGNMENTS).format(x=topic)
            text = f"{b.name} får i uppdrag att {task}."
            origin = y - 1 if k == 5 else y
            t(a, A, _s("Assignment"))
            t(a, A, PROV_ENTITY)
            t(a, LABEL, sv(task[0].upper() + task[1:]))
            t(a, LABEL, en(f"Assignment {k + 1} to {b.name_en.lower()}, {y}"))
            t(a, _s("text"), sv(text))
            if k == 0 and self.has("no-responsible-body"):
                self.focus["no-responsible-body"] = a
            else:
                t(a, _s("responsibleBody"), b.iri)
            t(a, _s("origin"), _kod("uppdragsursprung/stadens-budget"))
            t(a, _s("originYear"), gyear(origin))
            if k == 5:
                listed = [(self.budget, "bu")]
            elif k == 0 and self.has("missing-from-budget"):
                listed = [(self.plan, "gp")]
                self.focus["missing-from-budget"] = a
            else:
                listed = [(self.plan, "gp"), (self.budget, "bu")]
            for doc, _ in listed:
                t(a, _s("listedIn"), doc)
            if k < 2:
                t(a, _s("contributesTo"), self.goal[0])
            self.provenance(a, listed, text, text)
            # the reporting requirement, stated where the assignment is listed last
            r = self.iri(f"budget/rapportering/{k + 1}")
            stated_in, code = listed[-1]
            t(a, _s("hasReportingRequirement"), r)
            t(r, A, _s("ReportingRequirement"))
            t(r, A, PROV_ENTITY)
            t(r, LABEL, sv(f"Återrapportering: {topic}"))
            t(r, LABEL, en(f"Reporting on assignment {k + 1}"))
            t(r, _s("forAssignment"), a)
            t(r, _s("statedIn"), stated_in)
            t(r, _s("reportTo"), b.iri)
            if k == 4:
                t(r, _s("reportingMode"), LOPANDE)
                t(r, _s("timingKind"), _kod("tidpunktstyp/lopande"))
                plan_text = "Löpande i ordinarie uppföljning"
            elif k == 5:
                due = day(y, 6, 1 + rng.randrange(28))
                t(r, _s("reportingMode"), _kod("rapporteringssatt/slutrapport"))
                t(r, _s("timingKind"), _kod("tidpunktstyp/datum"))
                t(r, _s("dueBy"), due)
                t(r, _s("dueDate"), due)
                plan_text = f"Senast {due[1:11]}"
            else:
                slug, which = dated[k]
                o, to_ks_date, last = occ[slug]
                due = to_ks_date if which == 1 else last
                t(r, _s("reportingMode"), _kod("rapporteringssatt/slutrapport"))
                t(r, _s("timingKind"), _kod("tidpunktstyp/rapporttillfalle"))
                t(r, _s("reportingOccasion"), o)
                plan_text = f"KS {due[1:11]}, i {slug.replace('-', ' ')}"
                if k == 1 and self.has("no-reporting-date"):
                    self.focus["no-reporting-date"] = a
                else:
                    due_by = due
                    if k == 2 and self.has("date-outside-window"):
                        odd = self.odd("date-outside-window")
                        due_by = day(y - 1, 11, 30) if odd else day(y + 1, 4, 15)
                        self.focus["date-outside-window"] = r
                    due_date = due
                    if k == 3 and self.has("time-plan-disagrees"):
                        due_date = '"' + _plus_week(due[1:11]) + due[11:]
                        self.focus["time-plan-disagrees"] = r
                    t(r, _s("dueBy"), due_by)
                    t(r, _s("dueDate"), due_date)
            t(r, _s("planText"), sv(plan_text))
            self.provenance(r, [(stated_in, code)], plan_text)
            self.status_reports(k, a, task)

    def status_report(
        self,
        assignment: str,
        n: int,
        status: str,
        task: str,
        doc: tuple[str, str],
        when: str | None,
        source: bool = True,
    ) -> str:
        """A status report on ``assignment``: what document ``doc`` declares of it, when."""
        t = self.t
        rep = f"{assignment[:-1]}/status/{n}>"
        words = {"fullgjord": "fullgjort", "pagaende": "pågående"}[status]
        text = f"{self.board.name} får i uppdrag att {task}. {words.capitalize()}."
        t(rep, A, _s("StatusReport"))
        t(rep, A, PROV_ENTITY)
        t(rep, LABEL, sv(f"Uppdraget {words}: {task}"))
        t(rep, _s("reportsOn"), assignment)
        t(rep, _s("assignmentStatus"), _kod(f"uppdragsstatus/{status}"))
        if source:
            t(rep, _s("reportedIn"), doc[0])
        if when is not None:
            t(rep, DATE, when)
        self.provenance(rep, [doc], text, text)
        return rep

    def status_reports(self, k: int, a: str, task: str) -> None:
        """The planted status reports; an assignment with none has no current status.

        Each kind has an assignment of its own (6, 5 and 3), and the assignment's current
        status is the one its latest report gives, as the loaders write it: ongoing.
        """
        rng, y = self.rng, self.y
        budget, plan = (self.budget, "bu"), (self.plan, "gp")
        if k == 5 and self.has("reopened-assignment"):  # fulfilled, then ongoing
            declared = day(y - 1, 11, 10 + rng.randrange(10))
            self.status_report(a, 1, "fullgjord", task, budget, declared)
            later = day(y, 1, 10 + rng.randrange(10))
            self.status_report(a, 2, "pagaende", task, plan, later)  # the finding's value
            self.focus["reopened-assignment"] = a
        elif k == 4 and self.has("status-report-no-date"):
            self.focus["status-report-no-date"] = self.status_report(
                a, 1, "pagaende", task, budget, None
            )
        elif k == 2 and self.has("status-report-no-source"):
            when = day(y, 4, 10 + rng.randrange(10))
            self.focus["status-report-no-source"] = self.status_report(
                a, 1, "pagaende", task, budget, when, source=False
            )
        else:
            return
        self.t(a, _s("currentStatus"), _kod("uppdragsstatus/pagaende"))

    def council_goal(self) -> None:
        """A goal of the council for the term, with no main responsible body.

        Its number is the board's and year's own, so no two blocks write the same goal.
        """
        b, y, t = self.board, self.y, self.t
        start = FIRST_YEAR + (y - FIRST_YEAR) // TERM_YEARS * TERM_YEARS
        term = f"{start}-{start + TERM_YEARS - 1}"
        number = 1 + [s for s, _, _ in BOARDS].index(b.slug) * YEARS_PER_BOARD + y - FIRST_YEAR
        goal = f"<{BASE}{b.muni}/mal/{term}/{number}>"
        text = self.rng.choice(GOALS).format(m=b.muni_name) + "."
        for c in (_s("Goal"), CONCEPT, PROV_ENTITY):
            t(goal, A, c)
        t(goal, LABEL, sv(text[:-1]))
        t(goal, LABEL, en(f"Council goal {number}, {term}"))
        t(goal, _s("text"), sv(text))
        t(goal, _s("goalNumber"), integer(number))
        t(goal, IN_SCHEME, f"<{BASE}{b.muni}/mal/{term}>")
        t(goal, _s("listedIn"), self.plan)
        self.provenance(goal, [(self.plan, "gp")], text, text)
        t(self.programme, _s("supportsGoal"), goal)
        self.focus["council-goal-no-body"] = goal

    def table(self) -> None:
        b, y, t, rng = self.board, self.y, self.t, self.rng
        dataset = self.iri("budget/tabell")
        t(dataset, A, _s("BudgetDataSet"))
        t(dataset, A, QB_DATASET)
        t(dataset, LABEL, sv(f"Budget {y} för {b.name.lower()}: driftbudget"))
        cells: dict[tuple[str | None, int, int], str] = {}
        amounts: dict[tuple[str | None, int, int], int] = {}

        def cell(op: str | None, line: int, year: int, tenths: int) -> str:
            slug, name, _ = LINES[line]
            area_slug = op or "totalt"
            c = self.iri(f"budget/tabell/obs/{area_slug}/{slug}/{year}")
            area_name = next((n for o, n, _ in OPERATIONS if o == op), b.name)
            t(c, A, _s("BudgetObservation"))
            t(c, A, QB_OBS)
            t(c, A, PROV_ENTITY)
            t(c, LABEL, sv(f"{area_name}: {name} Budget {year}"))
            t(c, AMOUNT, money(tenths))
            t(c, QB_IN, dataset)
            t(c, _s("budgetArea"), b.area(op))
            t(c, _s("budgetLine"), f"<{BASE}budgetrad/{slug}>")
            t(c, FISCAL_YEAR, f"<http://reference.data.gov.uk/id/year/{year}>")
            no_qualified = (
                op == OPERATIONS[2][0] and line == 1 and year == y and self.odd("no-provenance")
            )
            if no_qualified:
                self.focus["no-provenance"] = c
            printed = f"{name} {money(tenths)[1:].split(chr(34))[0].replace('.', ',')}"
            self.provenance(c, [(self.budget, "bu")], printed, qualified=not no_qualified)
            cells[(op, line, year)] = c
            amounts[(op, line, year)] = tenths
            return c

        for year in (y - 1, y):
            income = [rng.randrange(50, 3000) for _ in OPERATIONS]
            costs = [-rng.randrange(500, 9000) for _ in OPERATIONS]
            grant = rng.randrange(100, 9000)
            totals = (sum(income), sum(costs))
            result = sum(totals) + grant
            # planted table defects: a part or a total row off its sum
            if year == y and self.has("parts-sum-off"):
                income[0] += _gap(rng)
            if year == y - 1 and self.has("parts-sum-rounding"):
                costs[1] += rng.choice((-1, 1))
            if year == y and self.has("row-sum-off"):
                result += _gap(rng)
            if year == y - 1 and self.has("row-sum-rounding"):
                result += rng.choice((-1, 1))
            for line, parts in ((0, income), (1, costs)):
                total = cell(None, line, year, totals[line])
                for (op, _, _), amount in zip(OPERATIONS, parts, strict=True):
                    t(total, _s("hasPartObservation"), cell(op, line, year, amount))
            cell(None, 2, year, grant)
            r = cell(None, 3, year, result)
            for line in range(3):
                t(r, _s("hasSummand"), cells[(None, line, year)])
        for kind, key in (
            ("row-sum-off", (None, 3, y)),
            ("row-sum-rounding", (None, 3, y - 1)),
            ("parts-sum-off", (None, 0, y)),
            ("parts-sum-rounding", (None, 1, y - 1)),
        ):
            if self.has(kind):
                self.focus[kind] = cells[key]
        # amounts in the prose: two levels and two changes
        for k, (line, change) in enumerate(((2, False), (0, False), (2, True), (0, True))):
            s = self.iri(f"budget/belopp/{k + 1}")
            now = amounts[(None, line, y)]
            then = amounts[(None, line, y - 1)]
            value = now - then if change else now
            level_amount = value
            if (k == 0 and self.has("stated-amount-off") and not self.odd("stated-amount-off")) or (
                k == 3 and self.has("stated-amount-off") and self.odd("stated-amount-off")
            ):
                value += _gap(rng)
                self.focus["stated-amount-off"] = s
            if (
                k == 2
                and self.has("stated-amount-rounding")
                and not self.odd("stated-amount-rounding")
            ) or (
                k == 1 and self.has("stated-amount-rounding") and self.odd("stated-amount-rounding")
            ):
                value += rng.choice((-1, 1))
                self.focus["stated-amount-rounding"] = s
            shown = money(value)[1:].split('"')[0].replace(".", ",")
            if change:
                text = f"{LINES[line][1]} förändras med {shown} mnkr jämfört med {y - 1}."
            else:
                text = f"{LINES[line][1]} uppgår {y} till {shown} mnkr."
            t(s, A, _s("StatedAmount"))
            t(s, A, PROV_ENTITY)
            t(s, LABEL, sv(text[:-1]))
            t(s, _s("text"), sv(text))
            t(s, _s("describesObservation"), cells[(None, line, y)])
            t(s, _s("statedUnit"), _kod("enhet/mnkr"))
            if change:
                t(s, _s("amountRole"), _kod("beloppstyp/forandring"))
                t(s, _s("baselineObservation"), cells[(None, line, y - 1)])
                t(s, _s("changeAmount"), money(value))
                if k == 2 and self.has("amount-not-decimal"):
                    t(s, AMOUNT, swedish_money(level_amount))
                    self.focus["amount-not-decimal"] = s
                else:
                    t(s, AMOUNT, money(level_amount))
            else:
                t(s, _s("amountRole"), _kod("beloppstyp/niva"))
                t(s, AMOUNT, money(value))
            self.provenance(s, [(self.budget, "bu")], text)

    def blank_goal(self) -> None:
        t = self.t
        node = (
            f"_:utanIri{self.board.muni.replace('-', '')}{self.board.slug.replace('-', '')}{self.y}"
        )
        text = f"{self.board.muni_name} ska ha en tillgänglig kollektivtrafik."
        for c in (_s("Goal"), CONCEPT, PROV_ENTITY):
            t(node, A, c)
        t(node, LABEL, sv(text[:-1]))
        t(node, _s("text"), sv(text))
        t(node, _s("listedIn"), self.plan)
        t(node, DERIVED, self.plan)
        ev = self.evidence(self.iri("mal/utan-iri"), self.plan, "gp", text, text)
        t(node, QUALIFIED, ev)
        t(self.programme, _s("supportsGoal"), node)
        self.focus["blank-node-goal"] = node

    def filler(self, n: int) -> None:
        """Extra correct directions (to reach the requested size)."""
        for i in range(n):
            self.direction(f"extra-{i + 1}", 3 + i, self.goal[0])


def _gap(rng: random.Random) -> int:
    """A gap larger than the tolerance, in tenths (0.2 to 3.0, either sign)."""
    return rng.choice((-1, 1)) * rng.randrange(2, 31)


def _reword(text: str) -> str:
    """The same words with other case, spacing and punctuation (not a wording difference)."""
    out = text.rstrip(".").replace(" och ", ", och ", 1)
    return out[0].lower() + out[1:] + "  "


def _plus_week(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y:04d}-{m:02d}-{d + 7:02d}"


def _header() -> list[str]:
    out = []
    for slug, name, name_en in LINES:
        line = f"<{BASE}budgetrad/{slug}>"
        out += [
            f"{line} {A} {_s('BudgetLine')} .\n",
            f"{line} {A} {CONCEPT} .\n",
            f"{line} {LABEL} {sv(name)} .\n",
            f"{line} {LABEL} {en(name_en)} .\n",
        ]
    return out


def _block_size(first_of_board: bool, defects: dict[str, int] | None = None) -> int:
    block = _Block(random.Random(0), _board(1), FIRST_YEAR, defects or {})
    block.build(first_of_board)
    return len(block.lines)


@functools.cache
def _defect_size() -> float:
    """The triples a defect adds to its block, on average over the kinds and their variants
    (a kind that plants an entity adds it; one that leaves a triple out takes one away)."""
    base = _block_size(False)
    sizes = [_block_size(False, {k.name: n}) - base for k in KINDS for n in (0, 1)]
    return sum(sizes) / len(sizes)


def _filler_size() -> int:
    block = _Block(random.Random(0), _board(1), FIRST_YEAR, {})
    block.build(False)
    before = len(block.lines)
    block.filler(1)
    return len(block.lines) - before


def emit(sink: Callable[[list[str]], object], triples: int, seed: int = 0) -> Planted:
    """Generate about ``triples`` triples, passing each block's lines to ``sink``."""
    rng = random.Random(seed)
    planted = Planted()
    header = _header()
    sink(header)
    written = len(header)
    # plan the blocks: as many whole board years as fit beside the triples the defects add,
    # then extra directions
    wanted = max(len(KINDS), round(triples / TRIPLES_PER_DEFECT))
    budget = triples - round(wanted * _defect_size())
    first, rest = _block_size(True), _block_size(False)
    blocks = 0
    size = written
    while True:
        nxt = first if blocks % YEARS_PER_BOARD == 0 else rest
        if blocks and size + nxt > budget:
            break
        size += nxt
        blocks += 1
    extra = max(0, round((budget - size) / _filler_size()))
    # plan the defects: about one per TRIPLES_PER_DEFECT triples, at least one of each kind
    n_defects = min(wanted, len(KINDS) * blocks)
    offset = rng.randrange(len(KINDS))
    per_block: list[dict[str, int]] = [{} for _ in range(blocks)]
    for i in range(n_defects):
        kind = KINDS[(i + offset) % len(KINDS)]
        per_block[i * blocks // n_defects][kind.name] = (i + offset) // len(KINDS)
    by_name = {k.name: k for k in KINDS}
    for index in range(blocks):
        board, year = divmod(index, YEARS_PER_BOARD)
        block = _Block(rng, _board(board), FIRST_YEAR + year, per_block[index])
        block.build(year == 0)
        if index == blocks - 1:
            block.filler(extra)
        for name in per_block[index]:
            planted.add(by_name[name], block.focus[name])
        sink(block.lines)
        written += len(block.lines)
    planted.triples = written
    return planted


def write(out: TextIO, triples: int, seed: int = 0) -> Planted:
    """Write about ``triples`` triples of N-Triples to ``out``; return what was planted."""
    return emit(lambda lines: out.write("".join(lines)), triples, seed)


def generate(triples: int, seed: int = 0) -> Generated:
    """Return the lines and the planted findings (for tests and small sizes)."""
    lines: list[str] = []
    planted = emit(lines.extend, triples, seed)
    return Generated(lines, planted)


def parse_size(text: str) -> int:
    """Parse "10k", "1M", "2.5M" or "3000" into a number of triples."""
    t = text.strip().lower().replace("_", "")
    factor = 1
    if t.endswith("k"):
        factor, t = 1_000, t[:-1]
    elif t.endswith("m"):
        factor, t = 1_000_000, t[:-1]
    return round(float(t) * factor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--triples", type=parse_size, required=True, help="e.g. 10k, 1M")
    parser.add_argument("--out", type=Path, required=True, help="the N-Triples file to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--planted", type=Path, help="also write the planted counts as JSON")
    args = parser.parse_args(argv)
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        planted = write(out, args.triples, args.seed)
    summary = {
        "triples": planted.triples,
        "seed": args.seed,
        "planted": dict(sorted(planted.items())),
    }
    if args.planted:
        args.planted.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {planted.triples} triples to {args.out}", file=sys.stderr)
    print(json.dumps(summary["planted"], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
