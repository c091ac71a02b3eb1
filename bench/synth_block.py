"""One board's budget year of synthetic data (:mod:`bench.generate`): the documents,
the organisation, goals and directions; assignments and the budget table are built by
the parts it inherits."""

from __future__ import annotations

import random

from bench.synth_assignments import AssignmentParts
from bench.synth_names import BOARDS, DIRECTIONS, EXTRA_WORDS, GOALS, OPERATIONS, TOPICS, Board
from bench.synth_table import TableParts
from bench.synth_terms import (
    BASE,
    CONCEPT,
    DERIVATION,
    DERIVED,
    ELI_WORK,
    ENTITY,
    FIRST_YEAR,
    IN_SCHEME,
    LABEL,
    ORG,
    ORG_UNIT,
    PROV_AGENT,
    PROV_ENTITY,
    PUBLIC_ORG,
    QUALIFIED,
    SUB_ORG,
    SUBJECT,
    TERM_YEARS,
    TITLE,
    YEARS_PER_BOARD,
    A,
    en,
    gyear,
    integer,
    reword,
    styr,
    sv,
)


class Block(AssignmentParts, TableParts):
    """The triples of one board's budget year, with the defects planted in it."""

    def __init__(
        self, rng: random.Random, board: Board, year: int, defects: dict[str, int]
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
        t(ev, A, styr("Evidence"))
        t(ev, A, DERIVATION)
        t(ev, ENTITY, doc)
        t(ev, styr("quote"), sv(quote))
        if reversed_lines:
            start, end = end + 3, end
        t(ev, styr("lineStart"), integer(start))
        t(ev, styr("lineEnd"), integer(end))
        if stated is not None:
            t(ev, styr("statedText"), sv(stated))
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
                text = restated or reword(stated)
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
            (self.plan, "genomforandeplan", [styr("ImplementationPlan")],
             f"Genomförandeplan {y} för {b.name.lower()}", f"Implementation plan {y}"),
            (self.budget, "budget", [styr("BoardBudget"), styr("Budget")],
             f"Budget {y} för {b.name.lower()}", f"Budget {y}"),
            (self.timeplan, "tidplan", [styr("TimePlan")],
             f"Tidplan {y} för {b.name.lower()}", f"Time plan {y}"),
        )  # fmt: skip
        for doc, code, kinds, title, title_en in docs:
            source = f"<{src}-{code}>"
            for k in (styr("Document"), styr("SteeringDocument"), *kinds, ELI_WORK, PROV_ENTITY):
                t(doc, A, k)
            t(doc, LABEL, sv(title))
            t(doc, LABEL, en(title_en))
            t(doc, TITLE, sv(title))
            t(doc, SUBJECT, b.iri)
            t(doc, styr("sourceText"), source)
            if code == "tidplan" and self.has("year-not-gyear"):
                t(doc, styr("budgetYear"), integer(y))
                self.focus["year-not-gyear"] = doc
            else:
                t(doc, styr("budgetYear"), gyear(y))
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
            t(b.muni_iri, A, styr("Municipality"))
            t(b.muni_iri, A, ORG)
            t(b.muni_iri, LABEL, sv(f"{b.muni_name}s kommun"))
        for k in (styr("Board"), styr("PoliticalBody"), ORG, ORG_UNIT, PUBLIC_ORG, PROV_AGENT):
            t(b.iri, A, k)
        t(b.iri, LABEL, sv(b.name))
        t(b.iri, LABEL, en(b.name_en))
        t(b.iri, SUB_ORG, b.muni_iri)
        t(b.programme, A, styr("Programme"))
        t(b.programme, LABEL, sv(f"Program för {b.name.lower()}"))
        areas = [(None, b.name, b.name_en), *OPERATIONS]
        for op, name, name_en in areas:
            area = b.area(op)
            t(area, A, styr("BudgetArea"))
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
            for c in (styr("Goal"), CONCEPT, PROV_ENTITY):
                t(goal, A, c)
            t(goal, LABEL, sv(text[:-1]))
            t(goal, LABEL, en(f"Goal {k + 1} of {b.name_en.lower()}, {self.y}"))
            t(goal, styr("text"), sv(text))
            t(goal, styr("goalNumber"), integer(k + 1))
            for doc, _ in both:
                t(goal, styr("listedIn"), doc)
            restated = None
            if k == 0 and self.has("wording-differs"):  # the budget adds words
                restated = f"{text[:-1]} {rng.choice(EXTRA_WORDS)}."
                self.focus["wording-differs"] = goal
            self.provenance(goal, both, text, text, restated=restated)
            self.goal.append(goal)
        # a programme supports goal 0; goal 1 is supported by direction 1 only, and a goal
        # contribution (which does not count as support) points at it
        t(b.programme, styr("supportsGoal"), self.goal[0])
        self.programme = b.programme
        gc = self.iri("malbidrag/2")
        t(gc, A, styr("GoalContribution"))
        t(gc, A, PROV_ENTITY)
        t(gc, LABEL, sv("Bidrag till mål 2"))
        t(gc, styr("contributesTo"), self.goal[1])
        t(gc, styr("contributingBody"), b.iri)
        t(gc, styr("statedIn"), self.plan)
        contribution = f"{b.name} ska bidra till målet genom {rng.choice(TOPICS)}."
        t(gc, styr("contributionText"), sv(contribution))
        self.provenance(gc, [(self.plan, "gp")], contribution)

    def direction(self, name: str, order: int, goal: str, sv_label: bool = True) -> str:
        b, t = self.board, self.t
        d = self.iri(f"inriktning/{name}")
        text = self.rng.choice(DIRECTIONS).format(b=b.name, m=b.muni_name) + "."
        t(d, A, styr("Direction"))
        t(d, A, PROV_ENTITY)
        if sv_label:
            t(d, LABEL, sv(text[:-1]))
        t(d, LABEL, en(f"Direction {order} for {b.name_en.lower()}, {self.y}"))
        t(d, styr("text"), sv(text))
        t(d, styr("order"), integer(order))
        t(d, styr("listedIn"), self.plan)
        t(d, styr("listedIn"), self.budget)
        t(d, styr("definedIn"), self.plan)
        t(d, styr("directedTo"), b.iri)
        t(d, styr("contributesTo"), goal)
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
        for c in (styr("Goal"), CONCEPT, PROV_ENTITY):
            t(goal, A, c)
        t(goal, LABEL, sv(text[:-1]))
        t(goal, LABEL, en(f"Council goal {number}, {term}"))
        t(goal, styr("text"), sv(text))
        t(goal, styr("goalNumber"), integer(number))
        t(goal, IN_SCHEME, f"<{BASE}{b.muni}/mal/{term}>")
        t(goal, styr("listedIn"), self.plan)
        self.provenance(goal, [(self.plan, "gp")], text, text)
        t(self.programme, styr("supportsGoal"), goal)
        self.focus["council-goal-no-body"] = goal

    def blank_goal(self) -> None:
        t = self.t
        node = (
            f"_:utanIri{self.board.muni.replace('-', '')}{self.board.slug.replace('-', '')}{self.y}"
        )
        text = f"{self.board.muni_name} ska ha en tillgänglig kollektivtrafik."
        for c in (styr("Goal"), CONCEPT, PROV_ENTITY):
            t(node, A, c)
        t(node, LABEL, sv(text[:-1]))
        t(node, styr("text"), sv(text))
        t(node, styr("listedIn"), self.plan)
        t(node, DERIVED, self.plan)
        ev = self.evidence(self.iri("mal/utan-iri"), self.plan, "gp", text, text)
        t(node, QUALIFIED, ev)
        t(self.programme, styr("supportsGoal"), node)
        self.focus["blank-node-goal"] = node

    def filler(self, n: int) -> None:
        """Extra correct directions (to reach the requested size)."""
        for i in range(n):
            self.direction(f"extra-{i + 1}", 3 + i, self.goal[0])
