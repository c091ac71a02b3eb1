"""The REST resources and the reporting calendar, through httpx against a real uvicorn.

Every case runs on both backends: the embedded store and a real `oxigraph serve`. The
expected values are read off the seed texts in ../shared/seeds by hand; each names the
file (000 = 000_64bcae0d445429da.txt, 001 = 001_ac962998a4b6cb85.txt) and the lines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest

# imported first on purpose: the calendar module must load on its own
from api.routes.calendar import escape, fold
from tests.conftest import LiveServer

ID = "https://w3id.org/styrgraf/id/goteborg/"
KS = ID + "org/kommunstyrelsen"
SMN = ID + "org/stadsmiljonamnden"
ALL_BOARDS = ID + "org/samling/alla-namnder-och-bolagsstyrelser"
GOAL = ID + "mal/2023-2026/"
WORK_ENVIRONMENT = ID + "2025/kf/uppdrag/utveckla-det-systematiska-arbetsmiljoarbetet"
WINTER_ROADS = ID + "2025/kf/uppdrag/foresla-hur-risker-och-kostnader-for-vintervaghallningen-kan"
COMPETENCE_RISK = ID + "2025/ks/riskbild/risk/kompetensforsorjning"
PAYROLL_RISK = ID + "2025/ks/internkontrollplan/risk/loneprocessen"
SAFETY_PROGRAMME = ID + "styrdokument/trygghetsskapande-och-brottsforebyggande-program"
DELRAPPORT = "https://w3id.org/styrgraf/kod/rapporteringssatt/delrapport"


@pytest.fixture(params=["api_server", "remote_api_server", "virtuoso_api_server"])
def client(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    server: LiveServer = request.getfixturevalue(request.param)
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def items(client: httpx.Client, path: str, **params: str) -> list[dict[str, object]]:
    response = client.get(path, params={"limit": "1000", **params})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["truncated"] is False
    assert body["total"] == len(body["items"])
    return body["items"]  # type: ignore[no-any-return]


def by_iri(found: list[dict[str, object]], iri: str) -> dict[str, object]:
    matches = [item for item in found if item["iri"] == iri]
    assert len(matches) == 1, f"{iri} is not listed once"
    return matches[0]


def iris(refs: object) -> set[str]:
    assert isinstance(refs, list)
    return {str(ref["iri"]) for ref in refs}


def assert_error(response: httpx.Response, status: int, *words: str) -> dict[str, str]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error: dict[str, str] = response.json()["error"]
    assert error["status"] == status
    text = f"{error['message']} {error.get('hint', '')}"
    for word in words:
        assert word in text
    return error


# --- goals ---------------------------------------------------------------------------------
def test_goals_list(client: httpx.Client) -> None:
    goals = items(client, "/api/goals")
    # 000 lines 82-161: seven numbered goals, in the order of their numbers
    assert [g["number"] for g in goals] == [1, 2, 3, 4, 5, 6, 7]
    two = by_iri(goals, GOAL + "2")
    assert two["label"] == "Segregationen i Göteborg ska brytas"  # 000 line 97
    assert two["page"] == "/id/goteborg/mal/2023-2026/2"
    assert "label_en" in two
    # listed in the implementation plan (000 line 97) and the board budget (001 line 438)
    assert iris(two["listed_in"]) == {ID + "2025/ks/genomforandeplan", ID + "2025/ks/budget"}


def test_goal_item_and_unknown_iri(client: httpx.Client) -> None:
    response = client.get("/api/goals/item", params={"iri": GOAL + "5"})
    assert response.status_code == 200
    goal = response.json()
    # 000 line 139
    assert goal["label"] == (
        "Göteborg ska vara ledande i klimatomställningen och ha en hög biologisk mångfald"
    )
    assert goal["number"] == 5
    # the board's contributions to goal 5: 000 line 141 and 001 line 589
    assert {KS} == {b for c in goal["contributions"] for b in iris(c["bodies"])}
    assert_error(client.get("/api/goals/item", params={"iri": GOAL + "99"}), 404, "no goal")
    assert_error(client.get("/api/goals/item", params={"iri": "not an iri"}), 400, "absolute IRI")
    assert_error(client.get("/api/goals/item"), 400, "'iri' is required")


# --- assignments ---------------------------------------------------------------------------
def test_assignment_fields(client: httpx.Client) -> None:
    found = items(client, "/api/assignments")
    item = by_iri(found, WORK_ENVIRONMENT)
    # 001 lines 821-824: "Kommunstyrelsen får i uppdrag att i samverkan med samtliga
    # nämnder och bolagsstyrelser utveckla det systematiska arbetsmiljöarbetet"
    assert iris(item["responsible"]) == {KS}
    assert iris(item["contributing"]) == {ALL_BOARDS}
    # 001 lines 826-829: "KS 2025-04-23, delrapportering i delårsrapport mars"
    assert item["due_dates"] == ["2025-04-23"]
    assert "delrapport" in item["reporting_modes"]  # type: ignore[operator]
    assert item["origin_year"] == 2025
    # listed in the implementation plan (000 line 238) and the board budget (001 line 821)
    assert iris(item["listed_in"]) == {ID + "2025/ks/genomforandeplan", ID + "2025/ks/budget"}
    assert (
        item["page"] == "/id/goteborg/2025/kf/uppdrag/utveckla-det-systematiska-arbetsmiljoarbetet"
    )

    winter = by_iri(found, WINTER_ROADS)
    # 001 lines 936-947: Stadsmiljönämnden, "i samverkan med kommunstyrelsen"; "KS maj 2025"
    assert iris(winter["responsible"]) == {SMN}
    assert iris(winter["contributing"]) == {KS}
    assert winter["due_dates"] == ["2025-05-31"]

    detail = client.get("/api/assignments/item", params={"iri": WINTER_ROADS}).json()
    assert "vinterväghållningen kan hanteras" in detail["text"]  # 001 lines 936-938
    unknown = client.get("/api/assignments/item", params={"iri": WINTER_ROADS + "-x"})
    assert_error(unknown, 404, "no assignment")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # 001, the two assignment tables: Kommunstyrelsen is given the assignments at lines
        # 803, 821, 831, 847, 861, 869, 876, 889, 900, 909, 952 (2025), 973, 982 (budget
        # 2023), 1001, 1008, 1015, 1022, 1029, 1035 (budget 2024): 19; it works with
        # Stadsmiljönämnden on one (line 936-937: "i samverkan med kommunstyrelsen"): 1.
        ("responsible", 19),
        ("contributing", 1),
        ("any", 20),
    ],
)
def test_assignments_by_body(client: httpx.Client, role: str, expected: int) -> None:
    found = items(client, "/api/assignments", body=KS, role=role)
    assert len(found) == expected
    if role == "contributing":
        assert [item["iri"] for item in found] == [WINTER_ROADS]


def test_assignments_by_due_date(client: httpx.Client) -> None:
    # due by 2025-02-28: "KS 2025-02-05" (001 line 978) and "KS 2024-12-11" four times
    # (001 lines 1006, 1013, 1020, 1026)
    early = items(client, "/api/assignments", due_before="2025-02-28")
    assert len(early) == 5
    assert all(min(i["due_dates"]) <= "2025-02-28" for i in early)  # type: ignore[type-var]
    # September 2025: "KS 2025-09- 24" twice (001 lines 922, 932) and "KS Q3 2025" (line 999)
    september = items(client, "/api/assignments", due_after="2025-09-01", due_before="2025-09-30")
    assert len(september) == 3
    assert {d for i in september for d in i["due_dates"]} >= {"2025-09-24", "2025-09-30"}  # type: ignore[attr-defined]


def test_assignments_by_reporting_mode(client: httpx.Client) -> None:
    # partial reports ("delrapportering"): 001 lines 826-828, 842-844, 858 and 904-906
    by_code = items(client, "/api/assignments", reporting_mode="delrapport")
    by_iri_ = items(client, "/api/assignments", reporting_mode=DELRAPPORT)
    assert len(by_code) == 4
    assert [i["iri"] for i in by_code] == [i["iri"] for i in by_iri_]
    assert WORK_ENVIRONMENT in {i["iri"] for i in by_code}
    # the mode and the dates must hold for one and the same requirement: the research study
    # (001 lines 847-859) reports partially in the spring and finally in Q4 2025
    late_partial = items(
        client, "/api/assignments", reporting_mode="delrapport", due_after="2025-10-01"
    )
    assert late_partial == []


def test_bad_parameters(client: httpx.Client) -> None:
    assert_error(
        client.get("/api/assignments", params={"due_before": "2025-13-01"}),
        400,
        "due_before",
        "YYYY-MM-DD",
    )
    assert_error(
        client.get("/api/assignments", params={"due_after": "yesterday"}),
        400,
        "due_after",
        "2025-06-30",
    )
    assert_error(
        client.get("/api/assignments", params={"body": "kommunstyrelsen"}),
        400,
        "'body'",
        "absolute IRI",
    )
    assert_error(
        client.get("/api/assignments", params={"body": KS, "role": "owner"}),
        400,
        "'role'",
        "responsible",
    )
    assert_error(
        client.get("/api/assignments", params={"reporting_mode": "sometimes"}), 400, "slutrapport"
    )
    assert_error(client.get("/api/assignments", params={"limit": "0"}), 400, "'limit'")
    assert_error(client.get("/api/assignments", params={"bodyy": KS}), 400, "'bodyy'", "body")
    assert_error(client.get("/api/budget", params={"year": "25"}), 400, "'year'", "YYYY")
    assert_error(client.get("/api/calendar", params={"after": "2025-1-1"}), 400, "'after'")
    assert_error(client.get("/api/risks", params={"format": "csv"}), 400, "format", "json")


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/api/goals", "image/png"),
        ("/api/assignments", "application/xml"),
        ("/api/bodies/item?iri=" + quote(KS, safe=""), "text/csv"),
        ("/api/risks", "text/csv"),
        ("/api/calendar", "image/*"),
        ("/api/calendar.ics", "application/json"),
    ],
)
def test_not_acceptable(client: httpx.Client, path: str, accept: str) -> None:
    assert_error(client.get(path, headers={"Accept": accept}), 406, "available as")


def test_csv_by_negotiation(client: httpx.Client) -> None:
    total = len(items(client, "/api/assignments"))
    response = client.get(
        "/api/assignments",
        params={"limit": "1000"},
        headers={"Accept": "text/csv, application/json;q=0.5"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "Accept" in response.headers["vary"].split(", ")
    assert "\r\n" in response.text
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == total == int(response.headers["x-total-count"])
    row = next(r for r in rows if r["iri"] == WORK_ENVIRONMENT)
    assert row["due_dates"] == "2025-04-23"  # 001 line 826
    assert row["responsible"] == "Kommunstyrelsen"
    # a browser may ask for JSON first and get JSON
    assert (
        client.get("/api/goals", headers={"Accept": "application/json, text/csv;q=0.9"})
        .headers["content-type"]
        .startswith("application/json")
    )


# --- bodies, programmes, risks, budget -----------------------------------------------------
def test_bodies(client: httpx.Client) -> None:
    bodies = items(client, "/api/bodies")
    labels = [str(b["label"]) for b in bodies]
    assert labels == sorted(labels, key=str.casefold)
    ks = by_iri(bodies, KS)
    # the same hand count as test_assignments_by_body (001, the assignment tables)
    assert (ks["assignments_responsible"], ks["assignments_contributing"]) == (19, 1)
    assert ks["label"] == "Kommunstyrelsen"
    smn = by_iri(bodies, SMN)
    # 001 line 936 (responsible: vinterväghållning), 900-901 (with KS: gröna obligationer)
    assert (smn["assignments_responsible"], smn["assignments_contributing"]) == (1, 1)
    assert all("/parti/" not in str(b["iri"]) for b in bodies)
    detail = client.get("/api/bodies/item", params={"iri": SMN}).json()
    assert [a["iri"] for a in detail["responsible_for"]] == [WINTER_ROADS]
    assert_error(client.get("/api/bodies/item", params={"iri": ID + "org/nobody"}), 404)


def test_programmes(client: httpx.Client) -> None:
    programmes = items(client, "/api/programmes")
    safety = by_iri(programmes, SAFETY_PROGRAMME)
    # 001 line 430 (under goal 1, line 341) and line 479 (under goal 2, line 438)
    assert [g["number"] for g in safety["goals"]] == [1, 2]  # type: ignore[attr-defined]
    assert safety["kind"]["code"] == "Programme"  # type: ignore[index]
    # 001 line 1262: "… program 2022–2026"
    assert (safety["valid_from"], safety["valid_until"]) == ("2022-01-01", "2026-12-31")
    # goal 3's key documents (001 lines 538-542) include the competence plan (line 540)
    for_goal_3 = items(client, "/api/programmes", goal=GOAL + "3")
    assert ID + "styrdokument/plan-for-kompetensforsorjning" in {p["iri"] for p in for_goal_3}
    assert SAFETY_PROGRAMME not in {p["iri"] for p in for_goal_3}


def test_risks(client: httpx.Client) -> None:
    risks = items(client, "/api/risks")
    competence = by_iri(risks, COMPETENCE_RISK)
    assert competence["label"] == "Kompetensförsörjning"  # 001 line 1856
    actions = competence["actions"]
    assert isinstance(actions, list)
    # 001 lines 1876-1891: four actions taken; lines 1894-1916: three planned, in order
    assert [a["status"]["code"] for a in actions] == ["genomford"] * 4 + ["planerad"] * 3
    assert actions[0]["text"].startswith("Kontoret har aktuella arbetsvärderingar")  # line 1878
    payroll = by_iri(risks, PAYROLL_RISK)
    # 001 lines 2357-2363: two planned controls, both sample checks ("Stickprovskontroller")
    controls = payroll["controls"]
    assert isinstance(controls, list)
    assert [c["text"][:22] for c in controls] == ["Stickprovskontroller p"] * 2
    assert "årsrapporten" in controls[0]["follow_up"]  # 001 line 2377
    # document order: the register (001 line 1754) before the control plan (line 2329)
    assert risks.index(competence) < risks.index(payroll)
    one = client.get("/api/risks/item", params={"iri": PAYROLL_RISK}).json()
    assert one["consequences"] == ["Fel lön betalas ut."]  # 001 line 2341


def test_budget(client: httpx.Client) -> None:
    found = items(client, "/api/budget", area="stadsledningskontoret", line="kommunbidrag")
    # 001 line 1684: "Kommunbidrag 282,3 285,7" (Budget 2024, Budget 2025; mnkr, line 1657)
    assert {(o["year"], o["amount"]) for o in found} == {(2024, 282.3), (2025, 285.7)}
    assert {o["unit"] for o in found} == {"mnkr"}
    only_2025 = items(
        client, "/api/budget", area=ID + "budgetomrade/stadsledningskontoret", year="2025"
    )
    # 001 lines 1682-1686: five lines for Stadsledningskontoret per year
    assert len(only_2025) == 5
    assert {o["year"] for o in only_2025} == {2025}
    costs = items(client, "/api/budget", area="kommunledningen", line="kostnader", year="2025")
    assert [o["amount"] for o in costs] == [-602.0]  # 001 line 1668
    total = items(client, "/api/budget", line="total")
    assert [o["amount"] for o in total] == [15.5]  # 001 line 1614
    assert_error(
        client.get("/api/budget", params={"area": "nowhere"}), 400, "stadsledningskontoret"
    )


# --- the calendar --------------------------------------------------------------------------
def test_calendar_json(client: httpx.Client) -> None:
    events = items(client, "/api/calendar")
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)  # type: ignore[type-var]
    # 001 lines 2718-2732: "Budget 2026 för kommunstyrelsen … Ordinarie KS 2025-12-10 …
    # Sista dag för beslut i nämnd 2025-12-31"
    budget = [
        e for e in events if e["summary"] == "Till Kommunstyrelsen: Budget 2026 för kommunstyrelsen"
    ]
    assert [(e["kind"], e["date"]) for e in budget] == [("time-plan", "2025-12-10")]
    deadline = [e for e in events if e["kind"] == "decision-deadline" and e["date"] == "2025-12-31"]
    assert len(deadline) == 1
    source = budget[0]["source"]
    assert isinstance(source, dict)
    assert source["file"] == "001_ac962998a4b6cb85.txt"
    assert source["line_start"] == 2718
    # 001 lines 922-924: "KS 2025-09- 24, i delårsrapport augusti"
    september = [e for e in events if e["date"] == "2025-09-24" and e["kind"] == "reporting"]
    assert len(september) == 2
    assert all(iris(e["to"]) == {KS} for e in september)
    # subscribe to Stadsmiljönämnden: the two assignments it works on (001 lines 900-907,
    # 936-947), due 2025-04-23 and in May 2025
    smn = items(client, "/api/calendar", body=SMN)
    assert [(e["date"], e["date_from"]) for e in smn] == [
        ("2025-04-23", None),
        ("2025-05-31", "2025-05-01"),
    ]
    assert all(SMN in iris(e["owed_by"]) for e in smn)
    assert items(client, "/api/calendar", body=SMN, role="receives") == []
    window = items(
        client, "/api/calendar", after="2025-12-01", before="2025-12-31", kind="time-plan"
    )
    assert [e["date"] for e in window] == ["2025-12-10"]


ICS_LINE = re.compile(r"([A-Z][A-Z0-9-]*)((?:;[A-Z0-9-]+=(?:\"[^\"]*\"|[^;:,\"]*))*):(.*)")
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "CATEGORIES", "X-WR-CALNAME", "X-WR-CALDESC"}


def unescape(value: str) -> str:
    """Return a TEXT value unescaped; fail on a bare comma or semicolon, a bad escape."""
    out, chars = [], iter(value)
    for char in chars:
        assert char not in ",;", f"unescaped {char!r} in {value!r}"
        if char == "\\":
            escaped = next(chars)
            assert escaped in "\\;,nN", f"bad escape \\{escaped}"
            out.append("\n" if escaped in "nN" else escaped)
        else:
            out.append(char)
    return "".join(out)


def parse_ics(body: bytes) -> list[dict[str, list[tuple[str, str]]]]:
    """Check an iCalendar stream strictly (RFC 5545) and return its VEVENTs' properties."""
    assert body.endswith(b"\r\n")
    physical = body.split(b"\r\n")[:-1]
    logical: list[str] = []
    for raw in physical:
        assert b"\r" not in raw and b"\n" not in raw, "a bare CR or LF"
        assert len(raw) <= 75, f"{len(raw)} octets: {raw!r}"
        line = raw.decode("utf-8")  # strict: a fold never splits a character
        if line.startswith((" ", "\t")):
            assert logical, "a continuation line first"
            logical[-1] += line[1:]
        else:
            logical.append(line)
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    stack: list[str] = []
    calendar: dict[str, list[tuple[str, str]]] = {}
    events: list[dict[str, list[tuple[str, str]]]] = []
    for line in logical:
        match = ICS_LINE.fullmatch(line)
        assert match, f"not a content line: {line!r}"
        name, params, value = match.groups()
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                assert stack == ["VCALENDAR", "VEVENT"]
                events.append({})
            continue
        if name == "END":
            assert stack and stack.pop() == value, f"END:{value} does not close"
            continue
        assert stack, f"{name} outside VCALENDAR"
        if name in TEXT_PROPERTIES:
            value = unescape(value)
        target = events[-1] if stack[-1] == "VEVENT" else calendar
        target.setdefault(name, []).append((params, value))
    assert stack == []
    assert calendar["VERSION"] == [("", "2.0")]
    assert len(calendar["PRODID"]) == 1
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert len(event.get(required, [])) == 1, f"{required} in {event}"
        assert re.fullmatch(r"[0-9]{8}T[0-9]{6}Z", event["DTSTAMP"][0][1])
        params, start = event["DTSTART"][0]
        assert params == ";VALUE=DATE" and re.fullmatch(r"[0-9]{8}", start)
    uids = [e["UID"][0][1] for e in events]
    assert len(uids) == len(set(uids)), "UIDs repeat"
    return events


def test_calendar_ics(client: httpx.Client) -> None:
    response = client.get("/api/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    events = parse_ics(response.content)
    assert len(events) == len(items(client, "/api/calendar"))
    assert any(line.startswith(b" ") for line in response.content.split(b"\r\n")), "no folding"
    # 001 lines 2718-2728: Budget 2026 för kommunstyrelsen goes to KS on 2025-12-10
    budget = [
        e
        for e in events
        if e["SUMMARY"][0][1] == "Till Kommunstyrelsen: Budget 2026 för kommunstyrelsen"
    ]
    assert len(budget) == 1
    assert budget[0]["DTSTART"][0][1] == "20251210"
    assert budget[0]["DTEND"][0][1] == "20251211"
    description = budget[0]["DESCRIPTION"][0][1]
    assert "001_ac962998a4b6cb85.txt, rad 2718" in description
    assert budget[0]["URL"][0][1].startswith(str(client.base_url).rstrip("/") + "/id/")
    # the same calendar by negotiation on /api/calendar; UIDs stable across requests
    negotiated = client.get("/api/calendar", headers={"Accept": "text/calendar"})
    assert negotiated.headers["content-type"].startswith("text/calendar")
    again = parse_ics(negotiated.content)
    assert [e["UID"] for e in again] == [e["UID"] for e in events]
    # one board's calendar: Stadsmiljönämnden (001 lines 900-907 and 936-947)
    board = parse_ics(client.get("/api/calendar.ics", params={"body": SMN}).content)
    assert [e["DTSTART"][0][1] for e in board] == ["20250423", "20250531"]


def test_paging_is_stable(client: httpx.Client) -> None:
    everything = items(client, "/api/calendar")
    first = client.get("/api/calendar", params={"limit": "7"}).json()
    second = client.get("/api/calendar", params={"limit": "7", "offset": "7"}).json()
    assert first["items"] + second["items"] == everything[:14]
    assert first["total"] == len(everything)


# --- iCalendar writing, without a server ---------------------------------------------------
def test_fold_and_escape() -> None:
    line = "SUMMARY:" + "å" * 80  # two octets each: a fold must not split one
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded)
    assert [p.decode("utf-8") for p in folded]  # every physical line is whole UTF-8
    assert b"".join([folded[0], *(p[1:] for p in folded[1:])]).decode() == line
    assert escape("a,b;c\\d\ne\r\nf\x07") == "a\\,b\\;c\\\\d\\ne\\nf"
