"""/openapi.json describes the resources' JSON answers and states the limits their code checks.

Read from the real app over HTTP (the committed data/ on the embedded store): every JSON
answer of the resources, the calendar and the search is checked against the schema the
document gives for it (a small validator of the JSON Schema subset FastAPI writes), and
every limit a parameter declares (minimum, maximum, minLength, maxLength, enum, pattern,
the formats date and iri) is tried one step beyond: the code must refuse that with a 400
that names the parameter, and, for numbers and lengths, take the bound itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api import search
from api.routes.params import MAX_LIMIT
from tests.conftest import LiveServer

#: The routes this test covers, and the parameters a request needs besides the one tried.
ROUTES: dict[str, dict[str, str]] = {
    "/api/goals": {},
    "/api/goals/item": {},
    "/api/assignments": {},
    "/api/assignments/item": {},
    "/api/bodies": {},
    "/api/bodies/item": {},
    "/api/programmes": {},
    "/api/programmes/item": {},
    "/api/risks": {},
    "/api/risks/item": {},
    "/api/budget": {},
    "/api/calendar": {},
    "/api/calendar.ics": {},
    "/api/search": {"q": "plan"},
}
#: Each item route and the list that gives its IRIs.
ITEMS = {path: path.removesuffix("/item") for path in ROUTES if path.endswith("/item")}


@pytest.fixture(scope="module")
def client(api_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_server.url, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def spec(client: httpx.Client) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


# --- a validator for the JSON Schema FastAPI writes ------------------------------------------
def problems(value: Any, schema: dict[str, Any], spec: dict[str, Any], at: str) -> list[str]:
    """Return where ``value`` breaks ``schema`` ($ref, anyOf, type, properties, required,
    additionalProperties, items, enum); empty when it conforms."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        return problems(value, spec["components"]["schemas"][name], spec, at)
    if "anyOf" in schema:
        found = [problems(value, option, spec, at) for option in schema["anyOf"]]
        return [] if any(not f for f in found) else [f"{at}: {value!r} fits no anyOf option"]
    kinds = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "null": type(None),
    }
    kind = schema.get("type")
    if kind is not None:
        if isinstance(value, bool) and kind in {"integer", "number"}:
            return [f"{at}: a boolean where {kind} is wanted"]
        if not isinstance(value, kinds[kind]):
            return [f"{at}: {type(value).__name__} where {kind} is wanted"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{at}: {value!r} is not one of {schema['enum']}"]
    out: list[str] = []
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        out += [
            f"{at}: {key!r} is missing" for key in schema.get("required", []) if key not in value
        ]
        if schema.get("additionalProperties") is False:
            out += [f"{at}: {key!r} is not in the schema" for key in value if key not in properties]
        for key, item in value.items():
            if key in properties:
                out += problems(item, properties[key], spec, f"{at}.{key}")
    if isinstance(value, list) and "items" in schema:
        for number, item in enumerate(value):
            out += problems(item, schema["items"], spec, f"{at}[{number}]")
    return out


def answer_schema(spec: dict[str, Any], path: str, status: str = "200") -> dict[str, Any]:
    content = spec["paths"][path]["get"]["responses"][status]["content"]
    schema: dict[str, Any] = content["application/json"]["schema"]
    return schema


def first_iris(client: httpx.Client, path: str, count: int = 3) -> list[str]:
    response = client.get(path, params={"limit": str(count)})
    assert response.status_code == 200, response.text
    return [item["iri"] for item in response.json()["items"]]


# --- the answers ---------------------------------------------------------------------------
def test_the_document_names_a_model_for_every_json_answer(spec: dict[str, Any]) -> None:
    for path in ROUTES:
        if path.endswith(".ics"):
            continue
        schema = answer_schema(spec, path)
        assert "$ref" in schema, f"{path}: the JSON answer has no named schema"
        model = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        assert model["additionalProperties"] is False, f"{path}: the schema allows any key"
        error = answer_schema(spec, path, "400")
        assert error == {"$ref": "#/components/schemas/ErrorAnswer"}, f"{path}: 400 {error}"
    for path in ("/api/goals", "/api/assignments", "/api/bodies", "/api/budget"):
        assert "text/csv" in spec["paths"][path]["get"]["responses"]["200"]["content"]
    calendar = spec["paths"]["/api/calendar"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "text/csv", "text/calendar"} <= set(calendar)
    goal = spec["components"]["schemas"]["Goal"]
    assert {"iri", "label", "label_en", "page", "number", "scheme", "listed_in"} == set(
        goal["required"]
    )


@pytest.mark.parametrize(
    "path", [p for p in ROUTES if not p.endswith((".ics", "/item")) and p != "/api/search"]
)
def test_every_item_of_a_list_fits_the_schema(
    client: httpx.Client, spec: dict[str, Any], path: str
) -> None:
    response = client.get(path, params={"limit": str(MAX_LIMIT)})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["items"], f"{path} lists nothing: the check would prove nothing"
    assert problems(body, answer_schema(spec, path), spec, path) == []


@pytest.mark.parametrize("path", sorted(ITEMS))
def test_single_items_fit_the_schema(client: httpx.Client, spec: dict[str, Any], path: str) -> None:
    iris = first_iris(client, ITEMS[path])
    assert iris
    for iri in iris:
        response = client.get(path, params={"iri": iri})
        assert response.status_code == 200, response.text
        assert problems(response.json(), answer_schema(spec, path), spec, iri) == []


def test_search_and_errors_fit_the_schema(client: httpx.Client, spec: dict[str, Any]) -> None:
    found = client.get("/api/search", params={"q": "plan"})
    assert found.status_code == 200 and found.json()["hits"]
    assert problems(found.json(), answer_schema(spec, "/api/search"), spec, "search") == []
    unknown = client.get("/api/goals/item", params={"iri": "https://example.org/none"})
    assert unknown.status_code == 404
    schema = answer_schema(spec, "/api/goals/item", "404")
    assert problems(unknown.json(), schema, spec, "404") == []
    refused = client.get("/api/goals", params={"limit": "0"})
    assert refused.status_code == 400
    assert problems(refused.json(), answer_schema(spec, "/api/goals", "400"), spec, "400") == []


# --- the 400 answer, as documented --------------------------------------------------------
#: The error body the README states: {"error": {"status", "code", "message", "hint"}}.
ERROR_KEYS = {"status", "code", "message", "hint"}
ERROR_REF = {"$ref": "#/components/schemas/ErrorAnswer"}


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_no_route_documents_a_422(spec: dict[str, Any]) -> None:
    """The app answers a request it cannot validate with 400, never 422."""
    for path, method, operation in operations(spec):
        assert "422" not in operation["responses"], f"{method} {path} documents 422"
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas


def test_every_documented_400_is_the_error_body(spec: dict[str, Any]) -> None:
    documented = 0
    for path, method, operation in operations(spec):
        answer = operation["responses"].get("400")
        if answer is None:
            continue
        schema = answer.get("content", {}).get("application/json", {}).get("schema")
        assert schema == ERROR_REF, f"{method} {path}: 400 is {answer}"
        documented += 1
    assert documented >= len(ROUTES) + 10  # the resources, the traversals, the named queries
    wrapper = spec["components"]["schemas"]["ErrorAnswer"]
    assert wrapper["required"] == ["error"]
    error = spec["components"]["schemas"][wrapper["properties"]["error"]["$ref"].rsplit("/")[-1]]
    assert set(error["properties"]) == ERROR_KEYS
    assert set(error["required"]) == ERROR_KEYS - {"hint"}


def test_iri_is_required_on_every_item_route(spec: dict[str, Any]) -> None:
    items = sorted(path for path in spec["paths"] if path.endswith("/item"))
    assert items == sorted(ITEMS)
    for path in items:
        parameters = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        assert parameters["iri"]["required"] is True, path
        assert parameters["iri"]["schema"]["type"] == "string", path


@pytest.mark.parametrize("path", sorted(ITEMS))
def test_an_item_asked_for_without_iri_gets_the_documented_400(
    client: httpx.Client, spec: dict[str, Any], path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert problems(body, answer_schema(spec, path, "400"), spec, path) == []
    assert body["error"]["status"] == 400
    assert "'iri' is required" in body["error"]["message"]
    assert "?iri=" in body["error"]["hint"]


def test_a_request_fastapi_cannot_validate_gets_the_documented_400(
    client: httpx.Client, spec: dict[str, Any]
) -> None:
    """/api/diff declares ``from`` and ``to`` required: FastAPI's own check refuses this."""
    response = client.get("/api/diff", params={"from": "a"})
    assert response.status_code == 400, response.text
    assert problems(response.json(), answer_schema(spec, "/api/diff", "400"), spec, "diff") == []
    assert "'to' is required" in response.json()["error"]["message"]


# --- the limits ----------------------------------------------------------------------------
def declared(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Return (path, parameter, schema) for every parameter of the routes covered."""
    return [
        (path, parameter["name"], parameter["schema"])
        for path in ROUTES
        for parameter in spec["paths"][path]["get"].get("parameters", [])
    ]


def test_the_document_states_the_limits_the_code_uses(spec: dict[str, Any]) -> None:
    schemas = {(path, name): schema for path, name, schema in declared(spec)}
    for path in ("/api/goals", "/api/assignments", "/api/calendar", "/api/budget"):
        assert schemas[path, "limit"]["minimum"] == 1
        assert schemas[path, "limit"]["maximum"] == MAX_LIMIT
        assert schemas[path, "offset"]["minimum"] == 0
    assert schemas["/api/risks", "format"]["enum"] == ["json"]
    assert schemas["/api/calendar", "format"]["enum"] == ["json", "csv", "ics"]
    assert schemas["/api/assignments", "due_after"]["format"] == "date"
    assert schemas["/api/budget", "year"]["pattern"] == "^[0-9]{4}$"
    assert schemas["/api/search", "q"]["maxLength"] == search.MAX_QUERY_CHARS
    assert schemas["/api/search", "limit"]["maximum"] == search.MAX_HITS
    assert schemas["/api/goals/item", "iri"]["format"] == "iri"


def beyond(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """Return (what, value) pairs just outside the declared limits."""
    out = []
    if "minimum" in schema:
        out.append(("minimum", str(schema["minimum"] - 1)))
    if "maximum" in schema:
        out.append(("maximum", str(schema["maximum"] + 1)))
    if "minLength" in schema:
        out.append(("minLength", "x" * (schema["minLength"] - 1)))
    if "maxLength" in schema:
        out.append(("maxLength", "x" * (schema["maxLength"] + 1)))
    if "enum" in schema:
        out.append(("enum", "no-such-choice"))
    if "pattern" in schema:
        out.append(("pattern", "12345"))
    if schema.get("format") == "date":
        out.extend([("format", "2025-1-1"), ("format", "2025-02-30")])
    if schema.get("format") == "iri":
        out.append(("format", "not an iri"))
    return out


def test_the_code_refuses_what_the_document_rules_out(
    client: httpx.Client, spec: dict[str, Any]
) -> None:
    tried = 0
    for path, name, schema in declared(spec):
        for what, value in beyond(schema):
            response = client.get(path, params={**ROUTES[path], name: value})
            where = f"{path}?{name}={value[:20]} ({what})"
            assert response.status_code == 400, f"{where}: {response.status_code}"
            error = response.json()["error"]
            text = f"{error['message']} {error.get('hint', '')}"
            assert re.search(rf"\b{re.escape(name)}\b", text), f"{where}: {text}"
            tried += 1
    assert tried >= 40


def test_the_code_takes_the_bounds_the_document_gives(
    client: httpx.Client, spec: dict[str, Any]
) -> None:
    for path, name, schema in declared(spec):
        bounds = [str(schema[k]) for k in ("minimum", "maximum") if k in schema]
        bounds += ["x" * schema[k] for k in ("maxLength",) if k in schema]
        for value in bounds:
            response = client.get(path, params={**ROUTES[path], name: value})
            assert response.status_code == 200, f"{path}?{name}={value[:20]}: {response.text}"
