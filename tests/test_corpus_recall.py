"""The loaders against facts a person read off real documents (tests/fixtures/corpus).

The recall of each fact type may only go up: ``FLOOR`` holds what the loaders reach now,
and a change that loses a fact fails here. Raise a floor when the loaders learn more.
The matchers themselves are checked on the seed graph, where the facts are known to be.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

from tests.conftest import DATA
from tests.corpus_recall import CORPUS, FIXTURES, MATCHERS, measure

ROOT = Path(__file__).resolve().parents[1]

#: Facts found per type, at least (the table: python -m tests.corpus_recall).
FLOOR: dict[str, int] = {
    "assignment": 13,
    "assignment_status": 51,
    "proposed_assignment": 20,
    "party_position": 47,
    "goal_responsibility": 26,
    "goal": 10,
    "amount_in_prose": 58,
    "table_cell": 70,
    "indicator": 8,
}


@pytest.fixture(scope="module")
def seed_graph() -> Graph:
    graph = Graph()
    for path in DATA:
        graph.parse(path)
    return graph


@pytest.mark.parametrize(
    ("fact", "expected"),
    [
        ({"type": "goal", "text": "Göteborg ska byggas ihop till en grön och levande stad"}, True),
        ({"type": "goal", "text": "Göteborg ska bli världens bästa stad för katter"}, False),
        (
            {"type": "assignment", "to": "kommunstyrelsen",
             "text": "att planera en ny budgetprocess för mandatperioden där respektive"},
            True,
        ),
        (
            {"type": "assignment", "to": "nämnden för Intraservice",
             "text": "att planera en ny budgetprocess för mandatperioden där respektive"},
            False,
        ),
        (
            {"type": "proposed_assignment", "to": "kommunstyrelsen",
             "text": "att i arbetet för integration och jämlikhet, tydligare ställa krav"},
            True,
        ),
        ({"type": "party_position", "parties": ["SD"], "line": 70}, True),
        ({"type": "amount_in_prose", "value": "8", "line": 1105}, True),
        ({"type": "amount_in_prose", "value": "9", "line": 1105}, False),
        ({"type": "party_position", "parties": ["S"], "line": 70}, False),
        ({"type": "party_position", "parties": ["SD"], "line": 70, "act": "yrkande"}, True),
        ({"type": "party_position", "parties": ["SD"], "line": 70, "act": "reservation"}, False),
    ],
)  # fmt: skip
def test_the_matchers_find_what_is_there_and_only_that(
    seed_graph: Graph, fact: dict[str, str], expected: bool
) -> None:
    assert MATCHERS[fact["type"]](seed_graph, fact) is expected


@pytest.mark.shared
@pytest.mark.slow
def test_recall_never_falls() -> None:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared/corpus is missing under CI")
        pytest.skip("../shared/corpus is not beside the checkout")
    assert list(FIXTURES.glob("*.yaml")), "no corpus facts"
    recall = measure()
    print(recall.table())
    fallen = {k: (recall.found[k], floor) for k, floor in FLOOR.items() if recall.found[k] < floor}
    assert not fallen, f"facts lost (found, floor): {fallen}"
