"""The benchmark's data generator: each engine finds exactly the planted defects.

About 3,000 triples hold one defect of every kind (the generator plants at least one of
each), so every shape with a target must report exactly what was planted, no more.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from api.findings import rule_of
from api.validate import load_shapes, run
from bench.generate import KINDS, generate, write

ROOT = Path(__file__).resolve().parents[1]
SHAPES_DIR = ROOT / "shapes"
SIZE = 3_000
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


#: pySHACL, the reference, is slow: `make check` runs the fast engine only
ENGINES = ["fast", pytest.param("pyshacl", marks=pytest.mark.slow)]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(SHAPES_DIR)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, dict[str, int]]:
    path = tmp_path_factory.mktemp("bench") / "data.nt"
    with path.open("w", encoding="utf-8") as out:
        planted = write(out, SIZE, seed=7)
    graph = Graph()
    graph.parse(path, format="nt")
    assert len(graph) == planted.triples  # no triple written twice
    return graph, dict(planted)


def _local(node: object) -> str:
    return str(node).rsplit("#", 1)[-1]


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_finds_exactly_the_planted_defects(
    shapes: Graph, data: tuple[Graph, dict[str, int]], engine: str
) -> None:
    graph, planted = data
    report = run(graph, shapes, engine=engine)
    found = Counter(_local(rule_of(shapes, f)) for f in report.findings)
    assert found == Counter(planted)


def test_every_targeted_rule_gets_defects(shapes: Graph) -> None:
    """Every shape with a target (or its named property shape) is in the planted counts."""
    rules: set[str] = set()
    for shape in {s for t in TARGETS for s in shapes.subjects(t, None)}:
        named = [p for p in shapes.objects(shape, SH.property) if isinstance(p, URIRef)]
        rules |= {_local(p) for p in named} or {_local(shape)}
    planted = {shape for kind in KINDS for shape in kind.findings}
    assert planted == rules
    assert set(generate(SIZE).planted) == rules


def test_same_seed_same_output_and_size() -> None:
    first, again, other = generate(SIZE, seed=3), generate(SIZE, seed=3), generate(SIZE, seed=4)
    assert first.lines == again.lines
    assert first.planted == again.planted
    assert first.planted.defects == again.planted.defects
    assert first.lines != other.lines
    for size in (SIZE, 10_000, 50_000):
        generated = generate(size)
        assert len(generated.lines) == generated.planted.triples
        assert abs(generated.planted.triples - size) <= 0.05 * size


def test_write_matches_generate() -> None:
    out = io.StringIO()
    planted = write(out, SIZE, seed=5)
    generated = generate(SIZE, seed=5)
    assert out.getvalue() == generated.text
    assert planted == generated.planted


def test_defect_rate() -> None:
    """About one defect per 500 triples once every kind has one."""
    # ten of each kind: 500 triples a defect, round robin over the kinds
    planted = generate(500 * 10 * len(KINDS)).planted
    assert len(planted.defects) == 10 * len(KINDS)
    assert Counter(kind for kind, _ in planted.defects) == {k.name: 10 for k in KINDS}


def test_decimals_are_exact_tenths() -> None:
    decimal = "^^<http://www.w3.org/2001/XMLSchema#decimal>"
    for line in generate(SIZE).lines:
        if decimal in line:
            lexical = line.rsplit('"', 2)[-2]
            assert lexical.lstrip("-").split(".")[1].isdigit()
            assert len(lexical.split(".")[1]) == 1, line
