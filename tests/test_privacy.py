"""The privacy filter (api/privacy.py) on a real store, both backends.

``tests/fixtures/privacy/canary.ttl`` plants a person with a name, an e-mail address and
phone numbers, a post the person holds, and texts that quote them; the family fixture
built with personal data adds the signing official "Per Exempelsson"
(tests/fixtures/family/uddevalla_kfn_budget_2026.txt line 24).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import empty_store
from rdflib import URIRef

from api.privacy import REDACTED, scrub
from api.store import Store
from api.store.embedded import EmbeddedStore
from loaders.pipeline import ingest

HERE = Path(__file__).parent
CANARY = HERE / "fixtures" / "privacy" / "canary.ttl"
FAMILY = sorted((HERE / "fixtures" / "family").glob("*.txt"))
#: What must not be found anywhere after scrubbing (any case).
CANARIES = ("kanarieberg", "69 70 00", "4652269700", "0522", "exempelsson", "mailto:", "tel:")
PARAGRAPH = URIRef("https://w3id.org/styrgraf/id/uddevalla/kfn/2026/stycke/1")
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
ALL_NAMED = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(params=["embedded", "oxigraph", "virtuoso"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made = empty_store(request, request.param)
    family = tmp_path / "family.ttl"
    graph = ingest(FAMILY, include_personal=True).merged()
    family.write_bytes(graph.serialize(format="turtle").encode())
    made.load(family)
    made.load(CANARY)
    yield made
    made.close()


def text_of(store: Store, query: str) -> str:
    rows = store.select(query).rows
    return "\n".join(" ".join(v.n3() for v in row.values()) for row in rows).lower()


def test_the_planted_data_is_there_before(store: Store) -> None:
    text = text_of(store, ALL)
    assert all(c in text for c in CANARIES)


def test_no_canary_survives_in_any_graph(store: Store) -> None:
    report = scrub(store)
    assert report.persons == 2  # Sara Kanarieberg and Per Exempelsson
    assert report.contact_triples == 3  # hasEmail, hasTelephone, foaf:phone
    assert report.redacted_texts >= 3
    for query in (ALL, ALL_NAMED):
        text = text_of(store, query)
        assert [c for c in CANARIES if c in text] == []
    # the post is a public function and stays, without its holder
    post = "<https://w3id.org/styrgraf/id/uddevalla/org/kultur-och-fritidsforvaltningen/befattning/handlaggare>"
    rows = store.select(f"SELECT ?p ?o WHERE {{ {post} ?p ?o }}").rows
    assert {str(r["o"]) for r in rows} >= {"Handläggare", "http://www.w3.org/ns/org#Post"}


def test_texts_keep_everything_but_the_contact_data(store: Store) -> None:
    scrub(store)
    rows = store.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"s": PARAGRAPH}).rows
    texts = sorted(str(r["o"]) for r in rows)
    assert texts == [
        # dates, case numbers and amounts are not phone numbers
        "Frågor besvaras av [namn borttaget], telefon " + REDACTED + ", e-post " + REDACTED
        + ", eller av [namn borttaget] direkt.",
        "Ärendet KFN-2025-00412 bereddes 2025-11-12; kommunbidraget är 214,6 mnkr.",
    ]  # fmt: skip
    langs = store.select("SELECT ?s (LANG(?o) AS ?l) WHERE { ?s ?p ?o }", {"s": PARAGRAPH}).rows
    assert {str(r["l"]) for r in langs} == {"sv"}
    blank = store.select(
        "SELECT ?o WHERE { ?b <https://w3id.org/styrgraf/ontology#quote> ?o FILTER isBlank(?b) }"
    ).rows
    assert [str(r["o"]) for r in blank] == [f"Ring {REDACTED}."]


def test_nothing_to_do_changes_nothing(tmp_path: Path) -> None:
    store = EmbeddedStore(None, workers=1)
    clean = tmp_path / "clean.ttl"
    clean.write_text(
        "<https://w3id.org/styrgraf/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"Telefonplan 2025, 031-tabellen, rad 0,5"@sv .\n',
        encoding="utf-8",
    )
    store.load(clean)
    version = store.version
    report = scrub(store)
    assert not report.changed and store.version == version
    store.close()


def test_the_server_publishes_no_canary(tmp_path: Path) -> None:
    """The endpoint and the pages of a server started on personal data show none of it."""
    import httpx

    from api.app import create_app
    from api.settings import Settings
    from tests.conftest import LiveServer

    family = tmp_path / "family.ttl"
    family.write_bytes(
        ingest(FAMILY, include_personal=True).merged().serialize(format="turtle").encode()
    )
    server = LiveServer(create_app(Settings(data=(family, CANARY), queries=tmp_path)))
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            dump = client.get(
                "/sparql",
                params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"},
                headers={"Accept": "application/n-triples"},
            )
            assert dump.status_code == 200 and len(dump.text) > 10_000
            person = client.get(
                "/id/uddevalla/person/sara-kanarieberg", headers={"Accept": "text/html"}
            )
            assert person.status_code == 404
            post = client.get(
                "/id/uddevalla/org/kultur-och-fritidsforvaltningen/befattning/handlaggare",
                headers={"Accept": "text/html"},
            )
            assert post.status_code == 200
            text = (dump.text + post.text).lower()
            assert [c for c in CANARIES if c in text] == []
    finally:
        server.stop()
