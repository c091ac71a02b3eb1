"""The traversal routes (/api/traverse/…) through a real HTTP client, on both backends.

Expected values are read off the seed texts in ../shared/seeds, which data/ is built from:

* PLAN = 000_64bcae0d445429da.txt (the genomförandeplan: goals with the executive board's
  contribution, lines 80-161; the assignments, lines 226-289);
* BUDGET = 001_ac962998a4b6cb85.txt (the board budget: goal sections "Mål: …" with
  "Viktiga styrdokument är:" lists, lines 341-745; the assignment tables, lines 801-1045).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.graph import GraphCache, GraphView
from api.store.embedded import EmbeddedStore
from tests.conftest import LiveServer

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/styrgraf/id/goteborg/"
STYR = "https://w3id.org/styrgraf/ontology#"
GOAL = ID + "mal/2023-2026/"
DOC = ID + "styrdokument/"
ORG = ID + "org/"
KS = ORG + "kommunstyrelsen"
SMN = ORG + "stadsmiljonamnden"
TRYGGHET = DOC + "trygghetsskapande-och-brottsforebyggande-program"
# BUDGET lines 936-940: "Stadsmiljönämnden får i uppdrag att i samverkan med
# kommunstyrelsen föreslå hur risker och kostnader för vinterväghållningen kan hanteras."
WINTER = ID + "2025/kf/uppdrag/foresla-hur-risker-och-kostnader-for-vintervaghallningen-kan"
# BUDGET lines 900-902: "Kommunstyrelsen får i uppdrag att i samverkan med
# stadsmiljönämnden erbjuda gröna obligationer inom biologisk mångfald."
GREEN_BONDS = ID + "2025/kf/uppdrag/erbjuda-grona-obligationer-inom-biologisk-mangfald"
# BUDGET lines 803-810: "Miljö- och klimatnämnden och kommunstyrelsen får i uppdrag att
# bistå övriga nämnder och bolagsstyrelser …" (two responsible bodies).
CLIMATE_BUDGET = ID + "2025/kf/uppdrag/bista-ovriga-namnder-och-bolagsstyrelser-i-det-fortsatta"
# The goal contributions: the budget's goal sections and the plan's goal list.
BUDGET_CONTRIBUTION = ID + "2025/ks/budget/malbidrag/"
PLAN_CONTRIBUTION = ID + "2025/ks/genomforandeplan/malbidrag/"


@pytest.fixture(params=["api_server", "remote_api_server", "virtuoso_api_server"])
def server(request: pytest.FixtureRequest) -> LiveServer:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


def ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert isinstance(body["data_version"], int)
    return body


def error(response: httpx.Response, status: int) -> dict[str, str]:
    assert response.status_code == status, response.text
    body: dict[str, str] = response.json()["error"]
    assert body["status"] == status
    return body


def hops(path: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """A path's edges as (from, relation name, to)."""
    return [(e["from"]["iri"], e["name"], e["to"]["iri"]) for e in path]


# --- support chain -----------------------------------------------------------------------
def test_support_chain_of_goal_1(client: httpx.Client) -> None:
    body = ok(client.get("/api/traverse/support-chain", params={"goal": GOAL + "1"}))
    # PLAN lines 82-83 (goal 1 of the list); BUDGET line 341-342 restates it
    assert body["goal"] == {
        "iri": GOAL + "1",
        "label": "Göteborg ska vara en jämlik och trygg stad där alla invånare ges inflytande "
        "och möjlighet till delaktighet",
        "kind": "goal",
    }
    # BUDGET lines 427-436: "Viktiga styrdokument är:" under goal 1, six documents
    documents = {d["label"]: d for d in body["documents"]}
    assert set(documents) == {
        "Göteborgs Stads program för full delaktighet för personer med funktionsnedsättning",
        "Göteborgs Stads trygghetsskapande och brottsförebyggande program",
        "Göteborgs Stads handlingsplan för att inga områden ska vara särskilt utsatta 2025",
        "Göteborgs Stads handlingsplan för att motverka nyrekrytering, gängkriminalitet och "
        "utveckling av parallella samhällen",
        "Göteborgs Stads plan för att motverka tystnadskulturer",
        "Göteborgs Stads plan för arbetet med civil beredskap och riktlinjen för höjd beredskap",
    }
    programme = documents["Göteborgs Stads trygghetsskapande och brottsförebyggande program"]
    assert programme["iri"] == TRYGGHET
    assert programme["kind"] == "programme"
    assert programme["relations"] == ["keySteeringDocument", "supportsGoal"]
    # the direct link first, then the link through the budget's goal contribution
    assert hops(programme["paths"][0]) == [(TRYGGHET, "supportsGoal", GOAL + "1")]
    assert hops(programme["paths"][1]) == [
        (BUDGET_CONTRIBUTION + "1", "keySteeringDocument", TRYGGHET),
        (BUDGET_CONTRIBUTION + "1", "contributesTo", GOAL + "1"),
    ]
    edge = programme["paths"][0][0]
    assert edge["relation"] == STYR + "supportsGoal"
    assert edge["label"] == "stödjer mål"
    # the executive board's contribution to goal 1: PLAN lines 85-95 and BUDGET lines
    # 344-354 ("Kommunstyrelsen ska arbeta för att nå målet genom …")
    assert {(c["iri"], c["kind"]) for c in body["contributors"]} == {
        (BUDGET_CONTRIBUTION + "1", "goal-contribution"),
        (PLAN_CONTRIBUTION + "1", "goal-contribution"),
    }
    assert [(b["iri"], b["label"], b["relations"]) for b in body["bodies"]] == [
        (KS, "Kommunstyrelsen", ["contributingBody"])
    ]
    assert sorted(hops(p)[0][0] for p in body["bodies"][0]["paths"]) == [
        BUDGET_CONTRIBUTION + "1",
        PLAN_CONTRIBUTION + "1",
    ]
    for path in body["bodies"][0]["paths"]:
        contribution = path[0]["from"]["iri"]
        assert hops(path) == [
            (contribution, "contributingBody", KS),
            (contribution, "contributesTo", GOAL + "1"),
        ]
    assert body["counts"] == {"documents": 6, "contributors": 2, "bodies": 1}


@pytest.mark.parametrize(
    ("goal", "documents"),
    [
        # BUDGET lines 477-483: three documents under goal 2
        (2, {"trygghetsskapande-och-brottsforebyggande-program",
             "handlingsplan-for-att-inga-omraden-ska-vara-sarskilt-utsatta",
             "handlingsplan-for-att-stoppa-nyrekrytering-gangkriminalitet"}),
        # BUDGET lines 538-542: three documents under goal 3
        (3, {"plan-for-kompetensforsorjning", "plan-for-att-motverka-tystnadskulturer",
             "plan-for-digitalisering"}),
        # BUDGET lines 544-588: goal 4's section lists no steering documents
        (4, set()),
        # BUDGET lines 739-745: five documents under goal 7
        (7, {"plan-for-kompetensforsorjning", "plan-for-att-motverka-tystnadskulturer",
             "policy-for-arbetsmiljo-medarbetarskap-och-chefskap",
             "riktlinje-for-arbetsmiljo-medarbetarskap-och-chefskap",
             "policy-for-digitalisering-och-it"}),
    ],
)  # fmt: skip
def test_support_chain_documents(client: httpx.Client, goal: int, documents: set[str]) -> None:
    body = ok(client.get("/api/traverse/support-chain", params={"goal": f"{GOAL}{goal}"}))
    assert {d["iri"].removeprefix(DOC) for d in body["documents"]} == documents
    # every goal has the executive board's contribution in both documents
    assert {c["iri"] for c in body["contributors"]} == {
        f"{BUDGET_CONTRIBUTION}{goal}",
        f"{PLAN_CONTRIBUTION}{goal}",
    }
    assert [b["iri"] for b in body["bodies"]] == [KS]


def test_support_chain_caps_paths(client: httpx.Client) -> None:
    body = ok(
        client.get("/api/traverse/support-chain", params={"goal": GOAL + "1", "max_paths": 1})
    )
    assert all(len(entry["paths"]) == 1 for entry in body["documents"] + body["bodies"])


# --- paths -------------------------------------------------------------------------------
def test_paths_programme_to_body(client: httpx.Client) -> None:
    # The programme is a key document of the budget's contributions to goals 1 and 2
    # (BUDGET lines 430 and 479), whose body is the executive board (lines 346, 442); the
    # board shares two assignments with the city environment board (lines 900-902 and
    # 936-940). Documents and the body hierarchy are left out by default.
    body = ok(client.get("/api/traverse/paths", params={"from": TRYGGHET, "to": SMN}))
    assert (
        body["from"]["label"] == "Göteborgs Stads trygghetsskapande och brottsförebyggande program"
    )
    assert body["to"] == {"iri": SMN, "label": "Stadsmiljönämnden", "kind": "board"}
    assert body["length"] == 4
    assert body["truncated"] is False
    assert "listedIn" not in body["via"]
    assert "subOrganizationOf" not in body["via"]
    found = sorted(hops(p["edges"]) for p in body["paths"])
    assert found == sorted(
        [
            (c, "keySteeringDocument", TRYGGHET),
            (c, "contributingBody", KS),
            (GREEN_BONDS, "responsibleBody", KS),
            (GREEN_BONDS, "cooperatingBody", SMN),
        ]
        if a == GREEN_BONDS
        else [
            (c, "keySteeringDocument", TRYGGHET),
            (c, "contributingBody", KS),
            (WINTER, "cooperatingBody", KS),
            (WINTER, "responsibleBody", SMN),
        ]
        for c in (BUDGET_CONTRIBUTION + "1", BUDGET_CONTRIBUTION + "2")
        for a in (GREEN_BONDS, WINTER)
    )
    for path in body["paths"]:
        assert path["nodes"][0]["iri"] == TRYGGHET
        assert path["nodes"][-1]["iri"] == SMN
        assert len(path["nodes"]) == 5


def test_paths_via_goal_and_assignment(client: httpx.Client) -> None:
    # Only goal links and assignment bodies: programme → goal 1 or 2 ← a contribution (budget
    # or plan) → the executive board ← one of the two shared assignments → the city
    # environment board: 2 goals x 2 contributions x 2 assignments.
    via = "supportsGoal,contributesTo,contributingBody,bodies"
    params: dict[str, str | int] = {"from": TRYGGHET, "to": SMN, "via": via, "max_paths": 20}
    body = ok(client.get("/api/traverse/paths", params=params))
    assert body["length"] == 5
    assert len(body["paths"]) == 8
    assert body["truncated"] is False
    first = body["paths"][0]
    kinds = [n["kind"] for n in first["nodes"]]
    assert kinds == ["programme", "goal", "goal-contribution", "executive-board", "assignment",
                     "board"]  # fmt: skip
    goal, contribution, _, assignment, _ = (n["iri"] for n in first["nodes"][1:])
    # each edge in its real direction, whichever way the path walks it
    assert hops(first["edges"])[:3] == [
        (TRYGGHET, "supportsGoal", goal),
        (contribution, "contributesTo", goal),
        (contribution, "contributingBody", KS),
    ]
    assert {h[1] for h in hops(first["edges"])[3:]} == {"responsibleBody", "cooperatingBody"}
    assert assignment in (GREEN_BONDS, WINTER)
    capped = ok(client.get("/api/traverse/paths", params=params | {"max_paths": 5}))
    assert len(capped["paths"]) == 5
    assert capped["truncated"] is True


def test_paths_edge_cases(client: httpx.Client) -> None:
    same = ok(client.get("/api/traverse/paths", params={"from": KS, "to": KS}))
    assert same["length"] == 0
    assert same["paths"] == [{"nodes": [{"iri": KS, "label": "Kommunstyrelsen",
                                         "kind": "executive-board"}], "edges": []}]  # fmt: skip
    # goal 4 is reached from the executive board in two steps, not in one
    too_short = {"from": KS, "to": GOAL + "4", "max_length": 1}
    assert ok(client.get("/api/traverse/paths", params=too_short))["paths"] == []
    reached = ok(client.get("/api/traverse/paths", params=too_short | {"max_length": 2}))
    assert reached["length"] == 2


# --- neighbourhood -----------------------------------------------------------------------
def test_neighbourhood_of_an_assignment(client: httpx.Client) -> None:
    body = ok(client.get("/api/traverse/neighbourhood", params={"entity": WINTER, "via": "bodies"}))
    assert body["entity"]["kind"] == "assignment"
    edges = {(e["from"], e["name"], e["to"]) for e in body["edges"]}
    # BUDGET lines 936-937: responsible is the city environment board, "i samverkan med
    # kommunstyrelsen"; line 942: the assignment comes from the city's budget (the council)
    assert edges == {
        (WINTER, "responsibleBody", SMN),
        (WINTER, "cooperatingBody", KS),
        (WINTER, "assignedBy", ORG + "kommunfullmaktige"),
    }
    nodes = {n["iri"]: n for n in body["nodes"]}
    assert nodes[WINTER]["distance"] == 0
    assert nodes[SMN] == {"iri": SMN, "label": "Stadsmiljönämnden", "kind": "board", "distance": 1}
    assert body["truncated"] is False


def test_two_responsible_bodies(client: httpx.Client) -> None:
    # BUDGET line 803: "Miljö- och klimatnämnden och kommunstyrelsen får i uppdrag …"
    body = ok(
        client.get(
            "/api/traverse/neighbourhood",
            params={"entity": CLIMATE_BUDGET, "via": "responsibleBody"},
        )
    )
    assert {(e["from"], e["to"]) for e in body["edges"]} == {
        (CLIMATE_BUDGET, ORG + "miljo-och-klimatnamnden"),
        (CLIMATE_BUDGET, KS),
    }


def test_neighbourhood_depth_and_cap(client: httpx.Client) -> None:
    one = ok(client.get("/api/traverse/neighbourhood", params={"entity": SMN, "depth": 1}))
    two = ok(client.get("/api/traverse/neighbourhood", params={"entity": SMN, "depth": 2}))
    assert {n["iri"] for n in one["nodes"]} < {n["iri"] for n in two["nodes"]}
    assert max(n["distance"] for n in two["nodes"]) == 2
    capped = ok(
        client.get(
            "/api/traverse/neighbourhood", params={"entity": SMN, "depth": 3, "max_nodes": 5}
        )
    )
    assert len(capped["nodes"]) == 5
    assert capped["truncated"] is True
    kept = {n["iri"] for n in capped["nodes"]}
    assert all(e["from"] in kept and e["to"] in kept for e in capped["edges"])


# --- rankings ----------------------------------------------------------------------------
def test_programmes_by_goals(client: httpx.Client) -> None:
    body = ok(client.get("/api/traverse/rankings/programmes"))
    ranking = body["ranking"]
    # the plan against cultures of silence is listed under goals 1, 3 and 7 (BUDGET lines
    # 435, 541, 742); no other document under more than two
    top = ranking[0]
    assert (top["iri"], top["rank"], top["count"]) == (
        DOC + "plan-for-att-motverka-tystnadskulturer",
        1,
        3,
    )
    assert {g["iri"] for g in top["goals"]} == {GOAL + "1", GOAL + "3", GOAL + "7"}
    # two goals each: the safety programme (lines 430, 479), the plan for no especially
    # vulnerable areas (431, 480) and the skills supply plan (540, 741)
    second = {e["iri"].removeprefix(DOC) for e in ranking if e["rank"] == 2}
    assert second == {
        "trygghetsskapande-och-brottsforebyggande-program",
        "handlingsplan-for-att-inga-omraden-ska-vara-sarskilt-utsatta",
        "plan-for-kompetensforsorjning",
    }
    assert all(e["count"] == 2 for e in ranking if e["rank"] == 2)
    assert body["total"] == len(ranking) == 12
    programmes = ok(client.get("/api/traverse/rankings/programmes", params={"kind": "programme"}))
    assert [(e["iri"], e["count"], e["rank"]) for e in programmes["ranking"]] == [
        (TRYGGHET, 2, 1),
        (DOC + "program-for-full-delaktighet-for-personer-med", 1, 2),
    ]
    limited = ok(client.get("/api/traverse/rankings/programmes", params={"limit": 2}))
    assert len(limited["ranking"]) == 2
    assert limited["truncated"] is True


def test_bodies_by_assignments(client: httpx.Client) -> None:
    ranking = ok(client.get("/api/traverse/rankings/bodies"))["ranking"]
    by_iri = {e["iri"]: e for e in ranking}
    # The executive board is responsible for 11 of the 14 assignments in the tables of
    # BUDGET lines 801-962 (all but lines 919, 926 and 936) and all 8 earlier ones (lines
    # 973-1040); it cooperates in the winter road maintenance one (lines 936-937).
    assert ranking[0]["iri"] == KS
    assert ranking[0]["rank"] == 1
    ks = by_iri[KS]
    assert (ks["responsible"], ks["contributing"], ks["cooperating"], ks["assignments"]) == (
        19,
        1,
        1,
        20,
    )
    # responsible for the winter one (line 936), cooperating in green bonds (line 900)
    smn = by_iri[SMN]
    assert (smn["responsible"], smn["cooperating"], smn["assignments"]) == (1, 1, 2)
    # responsible with the executive board (line 876), supporting in line 926-930
    # ("Inköps- och upphandlingsnämnden ska stött i detta arbete")
    iun = by_iri[ORG + "inkops-och-upphandlingsnamnden"]
    assert (iun["responsible"], iun["supporting"], iun["assignments"]) == (1, 1, 2)
    # in cooperation with the pre-school board (lines 847-848)
    assert (by_iri[ORG + "forskolenamnden"]["responsible"],
            by_iri[ORG + "forskolenamnden"]["cooperating"]) == (0, 1)  # fmt: skip


def test_goals_by_support(client: httpx.Client) -> None:
    ranking = ok(client.get("/api/traverse/rankings/goals"))["ranking"]
    assert len(ranking) == 7
    # goal 1 has the longest list of steering documents (BUDGET lines 427-436)
    assert (ranking[0]["iri"], ranking[0]["documents"]) == (GOAL + "1", 6)
    assert {e["iri"] for e in ranking if e["documents"] == 0} == {
        GOAL + "4",
        GOAL + "5",
        GOAL + "6",
    }


def test_summary(client: httpx.Client) -> None:
    body = ok(client.get("/api/traverse/summary"))
    # PLAN lines 82-161: seven goals
    assert body["kinds"]["goal"] == 7
    assert body["nodes"] > 0 and body["edges"] > 0
    assert "supportsGoal" in {r["name"] for r in body["relations_known"]}


# --- errors --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/api/traverse/support-chain", {}, 400, "'goal' is missing"),
        ("/api/traverse/support-chain", {"goal": "mål 1"}, 400, "not an absolute IRI"),
        ("/api/traverse/support-chain", {"goal": ID + "mal/2023-2026/99"}, 404,
         "not in the governance graph"),
        ("/api/traverse/support-chain", {"goal": SMN}, 400, "a board, not a goal"),
        ("/api/traverse/support-chain", {"goal": GOAL + "1", "max_paths": 0}, 400,
         "'max_paths' must be between 1 and 50"),
        ("/api/traverse/paths", {"to": KS}, 400, "'from' is missing"),
        ("/api/traverse/paths", {"from": KS}, 400, "'to' is missing"),
        ("/api/traverse/paths", {"from": KS, "to": "https://example.org/x"}, 404, "'to'"),
        ("/api/traverse/paths", {"from": KS, "to": SMN, "max_paths": 51}, 400, "max_paths"),
        ("/api/traverse/paths", {"from": KS, "to": SMN, "max_length": 13}, 400, "max_length"),
        ("/api/traverse/paths", {"from": KS, "to": SMN, "via": "goals,friends"}, 400,
         "'friends'"),
        ("/api/traverse/paths", {"from": KS, "to": SMN, "max_paths": "many"}, 400,
         "not valid"),
        ("/api/traverse/neighbourhood", {"entity": SMN, "depth": 4}, 400,
         "'depth' must be between 1 and 3"),
        ("/api/traverse/neighbourhood", {"entity": SMN, "depth": 0}, 400, "depth"),
        ("/api/traverse/neighbourhood", {"entity": SMN, "max_nodes": 2001}, 400, "max_nodes"),
        ("/api/traverse/neighbourhood", {"entity": "<" + SMN}, 400, "not an absolute IRI"),
        ("/api/traverse/rankings/programmes", {"kind": "poem"}, 400, "'kind'"),
        ("/api/traverse/rankings/bodies", {"limit": 0}, 400, "'limit'"),
    ],
)  # fmt: skip
def test_errors_say_what_to_fix(
    client: httpx.Client, path: str, params: dict[str, Any], status: int, words: str
) -> None:
    body = error(client.get(path, params=params), status)
    assert words in body["message"]
    assert body["hint"]


def test_bracketed_iri_is_accepted(client: httpx.Client) -> None:
    body = ok(client.get("/api/traverse/support-chain", params={"goal": f"<{GOAL}4>"}))
    assert body["goal"]["iri"] == GOAL + "4"


def test_json_only(client: httpx.Client) -> None:
    response = client.get("/api/traverse/summary", headers={"accept": "text/turtle"})
    assert error(response, 406)["hint"]


def test_routes_are_documented(client: httpx.Client) -> None:
    paths = ok_openapi(client)
    for route in ("support-chain", "paths", "neighbourhood", "rankings/programmes",
                  "rankings/bodies", "rankings/goals", "summary"):  # fmt: skip
        operation = paths[f"/api/traverse/{route}"]["get"]
        assert operation["summary"] and operation["description"]
        assert {"400", "404"} <= set(operation["responses"])
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), (route, parameter["name"])


def ok_openapi(client: httpx.Client) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    paths: dict[str, Any] = response.json()["paths"]
    return paths


# --- the view itself -----------------------------------------------------------------------
@pytest.fixture
def store() -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(workers=1, timeout=30)
    yield s
    s.close()


def test_view_is_built_once_per_data_version(store: EmbeddedStore) -> None:
    plan = ROOT / "data" / "000_64bcae0d445429da.ttl"
    store.load(plan)
    cache = GraphCache()
    first = cache.get(store)
    assert first.version == store.version
    assert cache.get(store) is first
    assert cache.builds == 1
    store.load(plan)  # the same file again: a new version, the same facts
    assert store.version == first.version + 1
    second = cache.get(store)
    assert second is not first
    assert second.version == store.version
    assert cache.builds == 2
    assert cache.get(store) is second
    assert sorted(second.graph.edges(keys=True)) == sorted(first.graph.edges(keys=True))
    store.load(ROOT / "data" / "001_ac962998a4b6cb85.ttl")
    third = cache.get(store)
    assert third.graph.number_of_edges() > second.graph.number_of_edges()
    assert cache.builds == 3


def test_concurrent_requests_build_once(store: EmbeddedStore) -> None:
    store.load(ROOT / "data" / "000_64bcae0d445429da.ttl")
    cache = GraphCache()
    start = threading.Barrier(8)
    views: list[GraphView] = []

    def ask() -> None:
        start.wait()
        views.append(cache.get(store))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.builds == 1
    assert len(views) == 8
    assert all(v is views[0] for v in views)


def test_duplicates_are_dropped(store: EmbeddedStore, tmp_path: Path) -> None:
    data = tmp_path / "small.ttl"
    data.write_text(
        f"""@prefix styr: <{STYR}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .
ex:a a styr:Assignment ; rdfs:label "Uppdraget"@sv , "The assignment"@en ;
    styr:responsibleBody ex:b ; styr:involvedBody ex:b , ex:c ; styr:contributesTo ex:g .
ex:b a styr:Board ; rdfs:label "Nämnden"@sv .
ex:c a styr:Board .
ex:g a styr:Goal ; rdfs:label "Målet" .
ex:r a styr:Risk ; styr:hasAction ex:x .
ex:x a styr:RiskAction ; styr:mitigates ex:r .
ex:y a styr:RiskAction ; styr:mitigates ex:r .
""",
        encoding="utf-8",
    )
    store.load(data)
    view = GraphView.build(store)
    edges = sorted((s[20:], k, t[20:]) for s, t, k in view.graph.edges(keys=True))
    assert edges == [
        ("a", "contributesTo", "g"),
        ("a", "involvedBody", "c"),  # no more specific link to c
        ("a", "responsibleBody", "b"),  # involvedBody to b dropped
        ("r", "hasAction", "x"),  # x mitigates r dropped as the inverse
        ("y", "mitigates", "r"),  # stated one way only: kept
    ]
    assert view.node("https://example.org/a")["label"] == "Uppdraget"
    assert view.node("https://example.org/g")["label"] == "Målet"  # no language: used
    assert view.node("https://example.org/c")["label"] == "c"  # no label: the IRI's end
    chain = view.support_chain("https://example.org/g")
    assert [(b["iri"][20:], b["relations"]) for b in chain["bodies"]] == [
        ("c", ["involvedBody"]),  # sorted by label: "c" before "Nämnden"
        ("b", ["responsibleBody"]),
    ]
    ranking = view.bodies_by_assignments()
    assert [(e["label"], e["responsible"], e["involved"]) for e in ranking] == [
        ("Nämnden", 1, 0),
        ("c", 0, 1),
    ]
