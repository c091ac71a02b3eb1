"""How many of the facts a person read off corpus documents the loaders' graph holds.

The facts are in ``tests/fixtures/corpus/*.yaml`` (see its README). Each fact type has a
matcher that looks for it in the graph of its file the way a user would ask: a goal by
its words, an assignment by its words and its responsible body, a table cell by its
value (money compared in mnkr), an indicator by its name and every outcome (value and
year) and target the fact lists, a proposed assignment by its words. Words are compared
after NFC, lower-casing and splitting, and a text matches when its first
:data:`PROBE_WORDS` words (after a leading "att") occur in order in the node's text, so
a loader need not cut a text where the reader did. Types the loaders do not model yet
(statuses, goal assessments, risks, dates) count as not found: the table shows the gap.

``python -m tests.corpus_recall`` prints the table.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS as DCT
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS

from loaders.pipeline import ingest
from loaders.vocab import STYR

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
CORPUS = ROOT.parent / "shared" / "corpus" / "goteborg"
PROBE_WORDS = 8
AMOUNT = URIRef("http://data.openbudgets.eu/ontology/dsd/measure/amount")
OBEU_YEAR = URIRef("http://data.openbudgets.eu/ontology/dsd/dimension/fiscalYear")
_WORD = re.compile(r"[0-9a-zà-öø-ÿ]+")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def probe(text: str) -> list[str]:
    found = words(text)
    if found[:1] == ["att"]:
        found = found[1:]
    return found[:PROBE_WORDS]


def holds(haystack: str, needle: list[str]) -> bool:
    hay = words(haystack)
    n = len(needle)
    return bool(needle) and any(hay[i : i + n] == needle for i in range(len(hay) - n + 1))


def texts(graph: Graph, node: URIRef) -> Iterator[str]:
    for prop in (STYR.text, RDFS.label, URIRef("http://purl.org/dc/terms/description")):
        for value in graph.objects(node, prop):
            yield str(value)


def label(graph: Graph, node: Any) -> str:
    return " ".join(str(v) for v in graph.objects(node, RDFS.label))


def number(value: str) -> Decimal | None:
    cleaned = value.replace("\u2212", "-").replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _by_text(graph: Graph, classes: tuple[URIRef, ...], fact: dict[str, Any]) -> bool:
    needle = probe(str(fact.get("text", "")))
    to = words(str(fact.get("to", "")))
    for cls in classes:
        for node in graph.subjects(RDF.type, cls):
            if not any(holds(t, needle) for t in texts(graph, node)):
                continue
            if not to:
                return True
            bodies = [label(graph, b) for b in graph.objects(node, STYR.responsibleBody)]
            if any(holds(b, to) for b in bodies):
                return True
    return False


def _goal(graph: Graph, fact: dict[str, Any]) -> bool:
    return _by_text(graph, (STYR.Goal,), {"text": fact.get("text", "")})


def _assignment(graph: Graph, fact: dict[str, Any]) -> bool:
    return _by_text(graph, (STYR.Assignment,), fact)


def _proposed(graph: Graph, fact: dict[str, Any]) -> bool:
    return _by_text(graph, (STYR.AssignmentProposal, STYR.Assignment), fact)


#: A fact's money unit -> the power of ten that turns it into mnkr, the graph's unit of money.
TO_MNKR = {"mnkr": 0, "tkr": -3, "kr": -6, "mdkr": 3}


def _cell(graph: Graph, fact: dict[str, Any]) -> bool:
    """A table observation with the fact's value (money compared in mnkr) and row words."""
    wanted = number(str(fact.get("value", "")))
    row = probe(str(fact.get("row", "")))[:2]
    if wanted is None:
        return False
    power = TO_MNKR.get(str(fact.get("unit", "")))
    if power is not None:
        wanted = wanted.scaleb(power)
    for node in graph.subjects(RDF.type, STYR.BudgetObservation):
        for amount in graph.objects(node, AMOUNT):
            same = isinstance(amount, Literal) and number(str(amount)) == wanted
            if same and (not row or holds(label(graph, node), row)):
                return True
    return False


_STATED = re.compile(
    r"(?P<num>[-−]?\d[\d  ]*(?:,\d+)?)\s*(?:%|procent)?\s*(?:\((?P<when>[^)]*)\))?"
)


def _stated(text: str) -> list[tuple[Decimal, int | None]]:
    """Read "87% (2025); 85% (2024)" as [(87, 2025), (85, 2024)]; a value without a year
    in its parentheses has none."""
    found: list[tuple[Decimal, int | None]] = []
    for part in text.split(";"):
        match = _STATED.search(part)
        value = number(match.group("num").strip()) if match else None
        if match is None or value is None:
            continue
        years = re.findall(r"\b(?:19|20)\d\d\b", match.group("when") or "")
        found.append((value, int(years[-1]) if len(years) == 1 else None))
    return found


def _indicator(graph: Graph, fact: dict[str, Any]) -> bool:
    """An indicator by its name's first words, holding every outcome the fact lists (value
    and year) and its target (value), as values of that kind."""
    name = probe(str(fact.get("name", "")))[:4]
    wanted = [("utfall", v, y) for v, y in _stated(str(fact.get("outcome") or ""))]
    wanted += [("malvarde", v, None) for v, _ in _stated(str(fact.get("target") or ""))[:1]]
    for indicator in graph.subjects(RDF.type, STYR.Indicator):
        if not holds(label(graph, indicator), name):
            continue
        have = set()
        for value in graph.subjects(STYR.indicator, indicator):
            kind = str(graph.value(value, STYR.valueKind) or "").rsplit("/", 1)[-1]
            year = str(graph.value(value, OBEU_YEAR) or "").rsplit("/", 1)[-1]
            for stated in graph.objects(value, STYR.statedValue):
                have.add((kind, number(str(stated)), int(year) if year.isdigit() else None))
        if all(
            any(k == kind and v == value and (y is None or y == year) for k, v, y in have)
            for kind, value, year in wanted
        ):
            return True
    return False


def _authors(graph: Graph, doc: Any) -> set[str]:
    """The abbreviations of a document's author parties (members of a constellation too)."""
    found: set[str] = set()
    for creator in graph.objects(doc, DCT.creator):
        members = list(graph.objects(creator, ORG.hasMember)) or [creator]
        for party in members:
            found.update(str(a) for a in graph.objects(party, SKOS.altLabel))
    return found


def _spans(graph: Graph, node: Any) -> Iterator[tuple[int, int]]:
    for evidence in graph.objects(node, PROV.qualifiedDerivation):
        start, end = graph.value(evidence, STYR.lineStart), graph.value(evidence, STYR.lineEnd)
        if start is not None and end is not None:
            yield int(start), int(end)


#: The class a party's act is written as, by the act the reader names: the graph records
#: a motion at the meeting, a supplementary or referral motion as a ``styr:Motion``, and a
#: statement, special statement, dissent, note to the minutes or abstention as a
#: ``styr:Statement``. An act not listed may be either.
ACT_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "yrkande": (STYR.Motion,),
    "återremissyrkande": (STYR.Motion,),
    "tilläggsyrkande": (STYR.Motion,),
    "ändringsyrkande": (STYR.Motion,),
    "motion": (STYR.Motion,),
    "yttrande": (STYR.Statement,),
    "särskilt yttrande": (STYR.Statement,),
    "reservation": (STYR.Statement,),
    "protokollsanteckning": (STYR.Statement,),
    "votering": (STYR.Statement,),
    "interpellation": (STYR.Document,),
}


def _is_statement_or_motion(graph: Graph, doc: Any) -> bool:
    return any((doc, RDF.type, cls) in graph for cls in (STYR.Statement, STYR.Motion))


def _party_position(graph: Graph, fact: dict[str, Any]) -> bool:
    """A party document or act of the fact's class (statement, motion) that spans the
    fact's line, by exactly its parties; a vote (abstaining) must carry its stance, and an
    interpellation is a party's document that is neither a statement nor a motion."""
    line, parties = int(fact.get("line", 0)), {str(p) for p in fact.get("parties") or []}
    act = str(fact.get("act", ""))
    for cls in ACT_CLASSES.get(act, (STYR.Statement, STYR.Motion)):
        for doc in graph.subjects(RDF.type, cls):
            spans = list(_spans(graph, doc))
            if not any(a <= line <= b for a, b in spans) or _authors(graph, doc) != parties:
                continue
            if act == "votering" and graph.value(doc, STYR.stance) is None:
                continue
            if act == "interpellation" and _is_statement_or_motion(graph, doc):
                continue  # an interpellation is a party's document of neither class
            return True
    return False


def _bodies_hold(labels: list[str], names: list[str]) -> bool:
    """Every name is some body's label (by its words), and no body is left over."""
    wanted = [words(n) for n in names]
    have = [words(label) for label in labels]
    return len(have) == len(wanted) and all(any(w == h for h in have) for w in wanted)


def _goal_responsibility(graph: Graph, fact: dict[str, Any]) -> bool:
    """A goal by its words, with exactly the main responsible and responsible bodies."""
    needle = probe(str(fact.get("goal", "")))
    for goal in graph.subjects(RDF.type, STYR.Goal):
        if not any(holds(t, needle) for t in texts(graph, goal)):
            continue
        main = [label(graph, b) for b in graph.objects(goal, STYR.mainResponsibleBody)]
        shared = [
            label(graph, b)
            for b in graph.objects(goal, STYR.responsibleBody)
            if (goal, STYR.mainResponsibleBody, b) not in graph
        ]
        main_names = [str(n) for n in fact.get("main_responsible") or []]
        shared_names = [str(n) for n in fact.get("responsible") or []]
        if _bodies_hold(main, main_names) and _bodies_hold(shared, shared_names):
            return True
    return False


def _amount(graph: Graph, fact: dict[str, Any]) -> bool:
    """An amount stated in prose: its value, on an evidence span that holds the line."""
    wanted = number(str(fact.get("value", "")))
    line = int(fact.get("line", 0))
    if wanted is None:
        return False
    for node in graph.subjects(RDF.type, STYR.StatedAmount):
        values = [number(str(v)) for v in graph.objects(node, STYR.statedValue)]
        if wanted in values and any(a <= line <= b for a, b in _spans(graph, node)):
            return True
    return False


#: The answer key's statuses, as ``kod:uppdragsstatus`` slugs.
STATUSES = {"fulfilled": "fullgjord", "ongoing": "pagaende", "closed": "avslutad",
            "not_started": "ej-paborjad"}  # fmt: skip


def _status(graph: Graph, fact: dict[str, Any]) -> bool:
    """A status report with the fact's status, on an evidence span that holds the line, about
    an assignment whose text holds the fact's first words."""
    slug = STATUSES.get(str(fact.get("status", "")))
    line, needle = int(fact.get("line", 0)), probe(str(fact.get("text", "")))
    if slug is None:
        return False
    wanted = URIRef(f"https://w3id.org/styrgraf/kod/uppdragsstatus/{slug}")
    for report in graph.subjects(STYR.assignmentStatus, wanted):
        if not any(a <= line <= b for a, b in _spans(graph, report)):
            continue
        assignment = graph.value(report, STYR.reportsOn)
        if assignment is not None and any(holds(t, needle) for t in texts(graph, assignment)):
            return True
    return False


MATCHERS = {
    "assignment_status": _status,
    "amount_in_prose": _amount,
    "goal_responsibility": _goal_responsibility,
    "party_position": _party_position,
    "goal": _goal,
    "assignment": _assignment,
    "proposed_assignment": _proposed,
    "table_cell": _cell,
    "indicator": _indicator,
}


@dataclass
class Recall:
    """Facts found and checked, per type and per file."""

    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    by_file: dict[str, tuple[int, int]] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)

    def share(self, kind: str) -> float:
        return self.found[kind] / self.total[kind] if self.total[kind] else 0.0

    def table(self) -> str:
        lines = ["| fact type | found | of | recall |", "|---|---|---|---|"]
        for kind in sorted(self.total):
            lines.append(
                f"| {kind} | {self.found[kind]} | {self.total[kind]} | {self.share(kind):.0%} |"
            )
        all_found, all_total = sum(self.found.values()), sum(self.total.values())
        lines.append(f"| all | {all_found} | {all_total} | {all_found / all_total:.0%} |")
        return "\n".join(lines)


def fixtures() -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.yaml"))]


def measure() -> Recall:
    """Ingest each fixture's file on its own and match its facts."""
    recall = Recall()
    for doc in fixtures():
        graph = ingest([CORPUS / doc["file"]]).merged()
        found = 0
        facts = doc.get("facts") or []
        for fact in facts:
            kind = str(fact["type"])
            matcher = MATCHERS.get(kind)
            hit = bool(matcher and matcher(graph, fact))
            recall.total[kind] += 1
            recall.found[kind] += hit
            found += hit
            if not hit and matcher:
                recall.missed.append(f"{doc['file']}:{fact.get('line')} {kind}")
        recall.by_file[doc["file"]] = (found, len(facts))
    return recall


if __name__ == "__main__":
    result = measure()
    print(result.table())
    for name, (found, total) in result.by_file.items():
        print(f"{name}: {found}/{total}")
