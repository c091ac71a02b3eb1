"""The W3C SPARQL 1.1 Protocol tests that apply to a read-only endpoint, run on /sparql.

The suite (../shared/vendor/w3c-sparql11/protocol/manifest.ttl) describes HTTP requests
and the responses it expects. Each test is sent as written, with the path's "/sparql/"
mapped to our "/sparql". Tests that do not apply, and why, are in ``NOT_APPLICABLE``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF

SUITE = Path(__file__).resolve().parents[2] / "shared" / "vendor" / "w3c-sparql11" / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")

READ_ONLY = (
    "an update: the endpoint is read-only unless an operator sets an update token, and "
    "then updates need it (tests/test_api.py covers that)"
)
REMOTE_DATA = (
    "its expected answer comes from data the test loads from kasei.us through the dataset "
    "parameters; this endpoint never fetches remote graphs (an unknown graph is empty)"
)
NOT_APPLICABLE = {
    "update_dataset_default_graph": READ_ONLY,
    "update_dataset_default_graphs": READ_ONLY,
    "update_dataset_named_graphs": READ_ONLY,
    "update_dataset_full": READ_ONLY,
    "update_post_form": READ_ONLY,
    "update_post_direct": READ_ONLY,
    "update_base_uri": READ_ONLY,
    "query_dataset_default_graphs_get": REMOTE_DATA,
    "query_dataset_default_graphs_post": REMOTE_DATA,
    "query_dataset_named_graphs_post": REMOTE_DATA,
    "query_dataset_named_graphs_get": REMOTE_DATA,
    "query_dataset_full": REMOTE_DATA,
    "query_multiple_dataset": REMOTE_DATA,
}

pytestmark = pytest.mark.shared


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    expected_format: str | None = None
    expected_boolean: bool | None = None


@dataclass
class ProtocolTest:
    name: str
    label: str
    requests: list[Request] = field(default_factory=list)


def collect() -> list[ProtocolTest]:
    """Return the suite's tests in manifest order."""
    g = Graph().parse(SUITE / "manifest.ttl", format="turtle")
    tests: list[ProtocolTest] = []
    for manifest in g.subjects(RDF.type, MF.Manifest):
        for entries in g.objects(manifest, MF.entries):
            for test in Collection(g, entries):  # type: ignore[arg-type]
                name = str(test).rsplit("#", 1)[-1]
                made = ProtocolTest(name, str(g.value(test, MF.name)))
                action = g.value(test, MF.action)
                for req in Collection(g, g.value(action, HT.requests)):  # type: ignore[arg-type]
                    headers: dict[str, str] = {}
                    head = g.value(req, HT.headers)
                    for h in Collection(g, head) if head is not None else []:  # type: ignore[arg-type]
                        headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
                    content = g.value(req, HT.body)
                    body = None
                    if content is not None:
                        encoding = str(g.value(content, CNT.characterEncoding) or "UTF-8")
                        body = str(g.value(content, CNT.chars)).encode(encoding)
                    resp = g.value(req, HT.resp)
                    statuses = {
                        str(s).rsplit("#", 1)[-1] for s in g.objects(resp, MF.expectedStatus)
                    }
                    boolean = g.value(resp, MF.expectedBoolean)
                    fmt = g.value(resp, MF.expectedFormat)
                    made.requests.append(
                        Request(
                            str(g.value(req, HT.methodName)),
                            str(g.value(req, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
                            headers, body, statuses,
                            str(fmt) if fmt is not None else None,
                            boolean.toPython() if boolean is not None else None,  # type: ignore[union-attr]
                        )
                    )  # fmt: skip
                tests.append(made)
    return tests


TESTS = collect() if (SUITE / "manifest.ttl").is_file() else []
if not TESTS:
    if os.environ.get("CI") == "true":
        pytest.fail("the W3C SPARQL protocol tests are missing, and CI must not skip")
    pytest.skip(f"the W3C SPARQL protocol tests are absent: {SUITE}", allow_module_level=True)

FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json", "application/sparql-results+xml",
        "text/csv", "text/tab-separated-values",
    },
    "RDF": {"text/turtle", "application/n-triples", "application/rdf+xml",
              "application/ld+json"},
}  # fmt: skip


def _status_ok(status: int, expected: set[str]) -> bool:
    return any(s.startswith(f"StatusCode{status // 100}xx") for s in expected)


def _boolean(response: httpx.Response) -> bool:
    media = response.headers["content-type"].split(";")[0]
    if media.endswith("json"):
        return bool(json.loads(response.content)["boolean"])
    return b"<boolean>true</boolean>" in response.content


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol(api_server: object, test: ProtocolTest) -> None:
    if test.name in NOT_APPLICABLE:
        pytest.skip(NOT_APPLICABLE[test.name])
    base = api_server.url  # type: ignore[attr-defined]
    with httpx.Client(base_url=base, timeout=30) as client:
        for req in test.requests:
            response = client.request(req.method, req.path, headers=req.headers, content=req.body)
            assert _status_ok(response.status_code, req.statuses), (
                f"{test.label}: got {response.status_code} {response.text[:200]}"
            )
            if response.status_code >= 400:
                assert response.json()["error"]["message"]  # one JSON error shape
                continue
            media = response.headers["content-type"].split(";")[0]
            if req.expected_format:
                assert media in FORMATS[req.expected_format], test.label
            if req.expected_boolean is not None:
                assert _boolean(response) is req.expected_boolean, test.label


def test_not_applicable_names_existing_tests() -> None:
    assert set(NOT_APPLICABLE) <= {t.name for t in TESTS}
