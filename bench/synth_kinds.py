"""The kinds of defect :mod:`bench.generate` plants, and what it planted."""

from __future__ import annotations

from dataclasses import dataclass, field


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
