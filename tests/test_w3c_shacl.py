"""Run the W3C SHACL test suite (core and SPARQL) against both validation engines.

Each test of ``../shared/vendor/w3c-shacl-tests`` is validated by each engine and the
report is compared as the suite prescribes: ``sh:conforms`` must match and the results
must match as a multiset on focus node, result path, value, source shape, severity and
constraint component (messages, ``sh:sourceConstraint`` and ``sh:detail`` are ignored).
A test whose result is ``sht:Failure`` must make the engine raise :class:`ShaclError`.

For debugging, print the differences of every failing test of one engine::

    python tests/test_w3c_shacl.py fast [TEST-ID-SUBSTRING]
"""

from __future__ import annotations

import sys
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import rdflib
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from api.shacl.model import Report, ShaclError
from api.shacl.store import canonical, to_ox
from api.validate import run

SUITE = Path(__file__).resolve().parents[2] / "shared" / "vendor" / "w3c-shacl-tests"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
ENGINES = ("pyshacl", "fast")

# Tests an engine is known to fail, test id → why. Keep these as short as honesty allows:
# test_skip_lists_name_existing_tests fails when an id is no longer in the suite.
PYSHACL_SKIPS: dict[str, str] = {
    "core/property/uniqueLang-002": (
        'pySHACL 0.40 takes sh:uniqueLang "1"^^xsd:boolean as true (by its value); the suite '
        "says only the literal true turns the constraint on, so the data conforms"
    ),
    "sparql/pre-binding/shapesGraph-001": (
        "pySHACL 0.40 does not support $shapesGraph and $currentShape in SPARQL constraints "
        "(optional in SHACL-SPARQL): it stops with NotImplementedError"
    ),
}
FAST_SKIPS: dict[str, str] = {
    "sparql/pre-binding/shapesGraph-001": (
        "the fast engine does not compile $shapesGraph (the shapes are not in the store) and "
        "hands the rule to pySHACL, which does not support it either"
    ),
}
SKIPS: dict[str, dict[str, str]] = {"pyshacl": PYSHACL_SKIPS, "fast": FAST_SKIPS}

pytestmark = pytest.mark.shared
if __name__ != "__main__" and not (SUITE / "manifest.ttl").is_file():
    pytest.skip(f"the W3C SHACL test suite is absent: {SUITE}", allow_module_level=True)


# --- the suite ------------------------------------------------------------------------------
@dataclass(frozen=True)
class W3CTest:
    """One ``sht:Validate`` entry: where it is written, its data and shapes graphs."""

    id: str
    iri: URIRef
    file: Path
    data: Path
    shapes: Path


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


def _path(iri: Node) -> Path:
    return Path(unquote(urlparse(str(iri)).path))


def _parse(path: Path) -> Graph:
    """Parse a suite file with its own URI as base, so ``<>`` and relative IRIs resolve.

    Literals keep their spelling (rdflib would turn "1"^^xsd:boolean into "true", which
    the suite tells apart).
    """
    graph = Graph()
    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        graph.parse(path, format="turtle", publicID=_uri(path))
    finally:
        rdflib.NORMALIZE_LITERALS = saved
    return graph


def _test_id(iri: Node) -> str:
    root = _uri(SUITE) + "/"
    text = str(iri)
    return text[len(root) :] if text.startswith(root) else text


def collect(suite: Path = SUITE) -> list[W3CTest]:
    """Return every test reachable from the suite's ``manifest.ttl`` (includes followed)."""
    tests: list[W3CTest] = []
    seen: set[Path] = set()
    todo = [suite / "manifest.ttl"]
    while todo:
        file = todo.pop(0)
        if file in seen:
            continue
        seen.add(file)
        graph = _parse(file)
        for manifest in graph.subjects(RDF.type, MF.Manifest):
            todo += [_path(inc) for inc in graph.objects(manifest, MF.include)]
            for entries in graph.objects(manifest, MF.entries):
                for entry in Collection(graph, entries):
                    action = graph.value(entry, MF.action)
                    data = graph.value(action, SHT.dataGraph)
                    shapes = graph.value(action, SHT.shapesGraph)
                    assert isinstance(entry, URIRef) and data is not None and shapes is not None
                    tests.append(W3CTest(_test_id(entry), entry, file, _path(data), _path(shapes)))
    return sorted(tests, key=lambda t: t.id)


# --- comparing reports ----------------------------------------------------------------------
@cache
def _canonical_text(term: Node) -> str:
    return str(to_ox(canonical(term)))  # type: ignore[arg-type]


def term_key(term: Node | None) -> str:
    """Return a term as Oxigraph would store it ("1.0"^^xsd:decimal → "1"^^xsd:decimal)."""
    if term is None:
        return "-"
    if isinstance(term, Literal):
        return _canonical_text(term)
    return str(to_ox(term))


PATH_SUFFIXES = ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?"))


def path_key(graph: Graph, node: Node | None, depth: int = 0) -> str:
    """Return a SHACL path as a SPARQL-like string, so equal paths in two graphs compare equal."""
    if node is None:
        return "-"
    if isinstance(node, URIRef) and node != RDF.nil:
        return f"<{node}>"
    if depth > 20:
        return "…"
    if node == RDF.nil or graph.value(node, RDF.first) is not None:
        items = [path_key(graph, item, depth + 1) for item in Collection(graph, node)]
        return "(" + " / ".join(items) + ")"
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return f"^{path_key(graph, inverse, depth + 1)}"
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        items = [path_key(graph, item, depth + 1) for item in Collection(graph, alternatives)]
        return "(" + " | ".join(items) + ")"
    for prop, suffix in PATH_SUFFIXES:
        inner = graph.value(node, prop)
        if inner is not None:
            return f"{path_key(graph, inner, depth + 1)}{suffix}"
    return f"?{node!r}"  # a blank node that is no path in this graph


Row = tuple[str, str, str, str, str, str]


def _row(
    graph: Graph,
    focus: Node,
    path: Node | None,
    value: Node | None,
    shape: Node,
    severity: Node,
    component: Node,
) -> Row:
    return (
        term_key(focus),
        path_key(graph, path),
        term_key(value),
        term_key(shape),
        term_key(severity),
        term_key(component),
    )


ROW_FIELDS = ("focusNode", "resultPath", "value", "sourceShape", "severity", "component")


@dataclass
class Expected:
    """What a test expects: an error, or a conformance flag and a multiset of result rows."""

    failure: bool
    conforms: bool
    rows: Counter[Row]


def expected(test: W3CTest, graph: Graph) -> Expected:
    """Read the expected report of ``test`` from its parsed file ``graph``."""
    result = graph.value(test.iri, MF.result)
    if result == SHT.Failure or (result, RDF.type, SHT.Failure) in graph:
        return Expected(True, False, Counter())
    conforms = graph.value(result, SH.conforms)
    rows: Counter[Row] = Counter()
    for r in graph.objects(result, SH.result):
        one = graph.value
        rows[
            _row(
                graph,
                one(r, SH.focusNode),  # type: ignore[arg-type]
                one(r, SH.resultPath),
                one(r, SH.value),
                one(r, SH.sourceShape),  # type: ignore[arg-type]
                one(r, SH.resultSeverity),  # type: ignore[arg-type]
                one(r, SH.sourceConstraintComponent),  # type: ignore[arg-type]
            )
        ] += 1
    assert isinstance(conforms, Literal), f"{test.id}: no sh:conforms in the expected report"
    return Expected(False, bool(conforms.toPython()), rows)


def got_rows(report: Report, shapes: Graph) -> Counter[Row]:
    """Return an engine's findings as result rows (paths read from the shapes graph)."""
    return Counter(
        _row(shapes, f.focus, f.path, f.value, f.source_shape, f.severity, f.component)
        for f in report.findings
    )


def _graphs(test: W3CTest) -> tuple[Graph, Graph, Graph]:
    """Parse the test's file, data and shapes (a file named twice is parsed once)."""
    parsed: dict[Path, Graph] = {}

    def graph(path: Path) -> Graph:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    return graph(test.file), graph(test.data), graph(test.shapes)


def differences(test: W3CTest, engine: str) -> list[str]:
    """Run ``test`` on ``engine``; return what differs from the expected report ([] = pass)."""
    manifest, data, shapes = _graphs(test)
    want = expected(test, manifest)
    try:
        report = run(data, shapes, engine=engine)
    except ShaclError as exc:
        if want.failure:
            return []
        return [f"raised ShaclError: {exc}"]
    if want.failure:
        return [f"expected ShaclError, got a report with {len(report.findings)} result(s)"]
    out: list[str] = []
    if report.conforms != want.conforms:
        out.append(f"conforms: expected {want.conforms}, got {report.conforms}")
    got = got_rows(report, shapes)
    missing = want.rows - got
    extra = got - want.rows
    for label, rows in (("missing", missing), ("unexpected", extra)):
        for row, n in sorted(rows.items()):
            fields = ", ".join(f"{k}={v}" for k, v in zip(ROW_FIELDS, row, strict=True))
            out.append(f"{label}{f' x{n}' if n > 1 else ''}: {fields}")
    return out


# --- the tests ------------------------------------------------------------------------------
TESTS: list[W3CTest] = collect() if (SUITE / "manifest.ttl").is_file() else []
TEST_IDS = {t.id for t in TESTS}


@cache
def _engine_available(engine: str) -> bool:
    if engine != "fast":
        return True
    try:
        import api.shacl.fast_engine  # noqa: F401
    except Exception:  # the engine is being written; any import failure means "not yet"
        return False
    return True


def _params() -> Iterator[object]:
    for engine in ENGINES:
        for test in TESTS:
            yield pytest.param(engine, test, id=f"{engine}-{test.id}")


@pytest.mark.parametrize(("engine", "test"), list(_params()))
def test_w3c(engine: str, test: W3CTest) -> None:
    if not _engine_available(engine):
        pytest.skip("fast engine not available")
    reason = SKIPS[engine].get(test.id)
    if reason is not None:
        pytest.skip(reason)
    diffs = differences(test, engine)
    assert not diffs, f"{engine} fails {test.id}:\n" + "\n".join(diffs)


def test_suite_is_complete() -> None:
    assert len(TESTS) > 100
    assert any(t.id.startswith("sparql/") for t in TESTS)


@pytest.mark.parametrize("engine", ENGINES)
def test_skip_lists_name_existing_tests(engine: str) -> None:
    stale = sorted(set(SKIPS[engine]) - TEST_IDS)
    assert not stale, f"the {engine} skip list names tests the suite does not have: {stale}"


# --- debugging ------------------------------------------------------------------------------
def main(argv: list[str]) -> int:
    """Print the differences of each failing test: ``ENGINE [TEST-ID-SUBSTRING]``."""
    if not argv or argv[0] not in ENGINES:
        print(f"usage: python tests/test_w3c_shacl.py {{{'|'.join(ENGINES)}}} [TEST-ID-SUBSTRING]")
        return 2
    # As under pytest (filterwarnings=error): rdflib then keeps an ill-formed literal such
    # as "none"^^xsd:boolean ill-formed instead of reading it as false.
    warnings.filterwarnings("error", category=UserWarning, module=r"rdflib\.")
    if not TESTS:
        print(f"the W3C SHACL test suite is absent: {SUITE}")
        return 2
    engine, needle = argv[0], (argv[1] if len(argv) > 1 else "")
    failed = passed = skipped = 0
    for test in TESTS:
        if needle not in test.id:
            continue
        if test.id in SKIPS[engine]:
            skipped += 1
            print(f"SKIP {test.id}: {SKIPS[engine][test.id]}")
            continue
        try:
            diffs = differences(test, engine)
        except Exception as exc:  # show the crash and go on with the next test
            diffs = [f"crashed: {type(exc).__name__}: {exc}"]
        if diffs:
            failed += 1
            print(f"FAIL {test.id}")
            for line in diffs:
                print(f"    {line}")
        else:
            passed += 1
    print(f"{engine}: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
