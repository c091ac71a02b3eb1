"""What the store's start-up and memory work must keep: each fact once, atomic loads, and
the privacy scrub, on the embedded store, `oxigraph serve` and Virtuoso.

A fact two documents state is one fact of the default graph (counts, aggregates without
DISTINCT, property paths), while ``GRAPH ?g`` still finds both documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal

from api.privacy import REDACTED, scrub
from api.store import Store, graph_iri
from api.store.base import LoadError
from tests.conftest import empty_store

EX = "https://w3id.org/styrgraf/id/test/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
PART_OF = f"<{EX}partOf>"
SHARED = f'<{EX}board> {LABEL} "Kulturnämnden"@sv .\n<{EX}board> {PART_OF} <{EX}city> .\n'
FIRST = SHARED + f"<{EX}city> {PART_OF} <{EX}region> .\n"
SECOND = SHARED + f'<{EX}goal> {LABEL} "Mål 1"@sv .\n'


@pytest.fixture(params=["embedded", "oxigraph", "virtuoso"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    made = empty_store(request, request.param)
    yield made
    made.close()


def two_documents(store: Store, folder: Path) -> tuple[Path, Path]:
    first, second = folder / "first.nt", folder / "second.nt"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    store.load(first)
    store.load(second)
    return first, second


def number(store: Store, query: str) -> int:
    return int(store.select(query).rows[0]["n"])


def test_a_fact_in_two_documents_counts_once(store: Store, tmp_path: Path) -> None:
    first, second = two_documents(store, tmp_path)
    # 4 distinct facts: the two shared ones, the city's and the goal's
    assert number(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == 4
    assert number(store, f"SELECT (COUNT(?o) AS ?n) WHERE {{ ?s {LABEL} ?o }}") == 2
    paths = store.select(f"SELECT ?o WHERE {{ <{EX}board> {PART_OF}+ ?o }}").rows
    assert sorted(str(r["o"]) for r in paths) == [f"{EX}city", f"{EX}region"]
    pairs = store.select(f"SELECT ?a ?b WHERE {{ ?a {PART_OF}/{PART_OF} ?b }}").rows
    assert len(pairs) == 1
    documents = store.select(
        f'SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}board> {LABEL} "Kulturnämnden"@sv }} }}'
    ).rows
    assert sorted(str(r["g"]) for r in documents) == sorted(map(graph_iri, (first, second)))


def test_a_document_removed_keeps_the_facts_another_states(store: Store, tmp_path: Path) -> None:
    first, _ = two_documents(store, tmp_path)
    first.write_text(f"<{EX}city> {PART_OF} <{EX}region> .\n", encoding="utf-8")
    store.load(first)  # the shared facts now come from the second document only
    assert number(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == 4
    assert number(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}board> {LABEL} ?o }}") == 1


def test_a_new_file_that_fails_leaves_the_store_unchanged(store: Store, tmp_path: Path) -> None:
    two_documents(store, tmp_path)
    before = (store.graphs(), number(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    broken = tmp_path / "third.nt"  # a graph the store does not have yet
    lines = "".join(f'<{EX}x{i}> {LABEL} "x {i}" .\n' for i in range(2000))
    broken.write_text(lines + "<oops\n", encoding="utf-8")
    with pytest.raises(LoadError):
        store.load(broken)
    after = (store.graphs(), number(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert after == before
    assert graph_iri(broken) not in store.graphs()


def test_the_scrub_redacts_a_text_in_every_document_that_states_it(
    store: Store, tmp_path: Path
) -> None:
    quote = '"Frågor: telefon 031-368 01 10, e-post kultur@example.se."@sv'
    for name in ("a.nt", "b.nt"):
        file = tmp_path / name
        file.write_text(
            f"<{EX}paragraph> <{EX}text> {quote} .\n_:b <{EX}text> {quote} .\n"
            f'<{EX}paragraph> <{EX}note> "Ärende 2025-11-12, 214,6 mnkr" .\n',
            encoding="utf-8",
        )
        store.load(file)
    report = scrub(store)
    assert report.redacted_texts == 4  # two triples in each of the two documents
    rows = store.select(f"SELECT ?g ?o WHERE {{ GRAPH ?g {{ ?s <{EX}text> ?o }} }}").rows
    assert len(rows) == 4
    expected = Literal(f"Frågor: telefon {REDACTED}, e-post {REDACTED}.", lang="sv")
    assert {r["o"] for r in rows} == {expected}
    notes = store.select(f"SELECT ?o WHERE {{ <{EX}paragraph> <{EX}note> ?o }}").rows
    assert [str(r["o"]) for r in notes] == ["Ärende 2025-11-12, 214,6 mnkr"]
    # the paragraph's text once, and each document's own blank node
    assert number(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}text> ?o }}") == 3


def test_a_server_whose_file_fails_does_not_start(tmp_path: Path) -> None:
    """The start-up load runs beside the app's set-up; its error still stops start-up."""
    from api.app import create_app
    from api.settings import Settings

    good, broken = tmp_path / "good.nt", tmp_path / "broken.nt"
    good.write_text(FIRST, encoding="utf-8")
    broken.write_text(FIRST + "<oops\n", encoding="utf-8")
    with pytest.raises(LoadError):
        create_app(Settings(data=(good, broken), queries=tmp_path))
    app = create_app(Settings(data=(good,), queries=tmp_path))
    from api.services import of_app

    assert of_app(app).store.graphs() == [graph_iri(good)]
    of_app(app).store.close()
