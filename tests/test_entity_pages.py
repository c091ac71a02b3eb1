"""The entity pages people come for, curated (issue 15): a goal, an assignment, a risk and a
budget table, through a real HTTP client against both store backends.

Read off the seed texts in ../shared/seeds:

- goal 1: 000_64bcae0d445429da.txt lines 82–83 ("1. Göteborg ska vara en jämlik och trygg
  stad där alla invånare ges inflytande och möjlighet till delaktighet"); its steering
  documents, 001_ac962998a4b6cb85.txt lines 429 and 430 (the programmes for full
  participation and for safety); the board's goal contributions are the kommunstyrelse's
  own (001 is its budget).
- the assignment to develop systematic work environment management: 000 lines 238–240
  ("»Kommunstyrelsen får i uppdrag att i samverkan med samtliga nämnder och bolagsstyrelser
  utveckla det systematiska arbetsmiljöarbetet. Metoder ska tas fram och spridas för att
  förebygga sjukskrivningar."); reporting 001 line 826 ("KS 2025-04-23, delrapportering i
  delårsrapport mars"); no document reports its status.
- the risk "Genomförandet av stadsledningskontorets samlade uppdrag": 001 lines 1756–1830:
  two risk descriptions, eight "Genomförda åtgärder" and five "Planerade åtgärder", among
  them "Kontinuerlig ledarskapsutveckling för att främja kultur och arbetssätt för att ta
  vara på kontorets samlade kompetens och verka och leva som ett kontor." (lines 1785–1788).
- the table "Kommunledningen (belopp i mnkr)": 001 lines 1657–1702, columns "Budget 2024"
  and "Budget 2025", e.g. "Kostnader -580,6 -602,0" (line 1668).
- "4 500 tkr" (001 line 165), for the number format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from api.render import environment, swedish_number
from tests.conftest import LiveServer

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
GOAL_1_PAGE = "/id/goteborg/mal/2023-2026/1"
GOAL_1_LABEL = (
    "Göteborg ska vara en jämlik och trygg stad där alla invånare ges inflytande och "
    "möjlighet till delaktighet"
)
PROGRAMMES = {  # 001 lines 429 and 430
    "Göteborgs Stads program för full delaktighet för personer med funktionsnedsättning":
        "/id/goteborg/styrdokument/program-for-full-delaktighet-for-personer-med",
    "Göteborgs Stads trygghetsskapande och brottsförebyggande program":
        "/id/goteborg/styrdokument/trygghetsskapande-och-brottsforebyggande-program",
}  # fmt: skip
KS_PAGE = "/id/goteborg/org/kommunstyrelsen"
ASSIGNMENT_PAGE = "/id/goteborg/2025/kf/uppdrag/utveckla-det-systematiska-arbetsmiljoarbetet"
ASSIGNMENT_TEXT = (  # 000 lines 238–240
    "Kommunstyrelsen får i uppdrag att i samverkan med samtliga nämnder och bolagsstyrelser "
    "utveckla det systematiska arbetsmiljöarbetet. Metoder ska tas fram och spridas för att "
    "förebygga sjukskrivningar."
)
RISK_PAGE = (
    "/id/goteborg/2025/ks/riskbild/risk/genomforandet-av-stadsledningskontorets-samlade-uppdrag"
)
LEADERSHIP = (  # 001 lines 1785–1788, whole (its label is cut short)
    "Kontinuerlig ledarskapsutveckling för att främja kultur och arbetssätt för att ta vara "
    "på kontorets samlade kompetens och verka och leva som ett kontor."
)
TABLE_PAGE = "/id/goteborg/2025/ks/budget/tabell/kommunledningen"
#: 001 lines 1662–1702 as the document writes them: (area, line) → (Budget 2024, Budget 2025)
TABLE = {
    ("Kommunledningen", "Intäkter"): ("124,0", "124,0"),
    ("Kommunledningen", "Kostnader"): ("-580,6", "-602,0"),
    ("Kommunledningen", "Kommunbidrag"): ("395,4", "397,8"),
    ("Kommunledningen", "Kommuninterna bidrag"): ("61,2", "80,2"),
    ("Kommunledningen", "Resultat"): ("0,0", "0,0"),
    ("Politisk organisation", "Kostnader"): ("-113,9", "-112,9"),
    ("Stadsledningskontoret", "Kostnader"): ("-367,4", "-394,2"),
    ("Stadsledningskontoret", "Kommuninterna bidrag"): ("41,2", "64,7"),
    ("Personal- och kompetensförsörjning", "Kostnader"): ("-20,0", "-15,5"),
    ("Övrig verksamhet", "Intäkter"): ("79,3", "79,3"),
}


@pytest.fixture(params=["api_server", "remote_api_server", "virtuoso_api_server"])
def client(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    server: LiveServer = request.getfixturevalue(request.param)
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def html_of(client: httpx.Client, path: str) -> str:
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.status_code == 200, response.text[:300]
    return response.text


def section(html: str, anchor: str) -> str:
    found = re.search(rf'<section aria-labelledby="{anchor}">.*?</section>', html, re.DOTALL)
    assert found, f"no section {anchor!r}"
    return found.group(0)


def curated_part(html: str) -> str:
    """Return the page above its sources and its collapsed list of all properties."""
    return html.split('<section aria-labelledby="kallor">', 1)[0]


def all_properties(html: str) -> str:
    found = re.search(r'<details class="all" id="alla-uppgifter">.*?</details>', html, re.DOTALL)
    assert found, "no collapsed section of all properties"
    return found.group(0)


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def document_number(written: str) -> str:
    """Return a number as the page writes it: the document's, with a minus sign."""
    return written.replace("-", "\u2212")


# --- a goal --------------------------------------------------------------------------------------
def test_goal_page_says_its_text_once(client: httpx.Client) -> None:
    html = html_of(client, GOAL_1_PAGE)
    assert f"<h1>{GOAL_1_LABEL}</h1>" in html
    lead = re.sub(r"<svg\b.*?</svg>", "", curated_part(html), flags=re.DOTALL)
    assert lead.count(GOAL_1_LABEL) == 2  # the page's title and its heading
    # nothing is hidden: the properties that repeat it are all in the collapsed section
    assert GOAL_1_LABEL in all_properties(html)
    assert " open>" not in all_properties(html)[:60]


def test_goal_page_lists_its_bodies_documents_and_contributions(client: httpx.Client) -> None:
    html = html_of(client, GOAL_1_PAGE)
    bodies = section(html, "organ")
    assert f'<a href="{KS_PAGE}">Kommunstyrelsen</a>' in bodies
    documents = section(html, "styrdokument")
    for name, page in PROGRAMMES.items():
        assert f'<a href="{page}">{name}</a> <small>(program)</small>' in documents
    contributions = section(html, "malbidrag")
    assert contributions.count("<li>") == 2  # the budget's and the genomförandeplan's
    assert "Inga uppdrag i grafen bidrar till målet." in section(html, "uppdrag")
    assert '<h2 id="nyckeltal">Nyckeltal</h2>' in html


# --- an assignment -------------------------------------------------------------------------------
def test_assignment_page_leads_with_status_due_date_and_bodies(client: httpx.Client) -> None:
    html = html_of(client, ASSIGNMENT_PAGE)
    lead = curated_part(html)
    assert lead.count(ASSIGNMENT_TEXT) == 1  # its text and its description: once
    assert "Aktuell status" in lead and "Ingen statusrapport om uppdraget ännu" in lead
    assert "<dt>Återrapporteras</dt><dd><time datetime='2025-04-23'>2025-04-23</time>" in lead
    facts = re.search(r'<dl class="lead facts">.*?</dl>', lead, re.DOTALL)
    assert facts
    responsible = re.search(r"<dt>Ansvarigt organ</dt>(.*?)</div>", facts.group(0))
    assert responsible and f'<a href="{KS_PAGE}">Kommunstyrelsen</a>' in responsible.group(1)
    assert "<dt>I samverkan med</dt>" in facts.group(0)
    assert ">ansvarigt organ</a></dt>" in all_properties(html)


# --- a risk --------------------------------------------------------------------------------------
def test_risk_page_lists_its_actions_once(client: httpx.Client) -> None:
    html = html_of(client, RISK_PAGE)
    actions = section(html, "atgarder")
    rows = re.findall(r"<tr><td>.*?</tr>", actions, re.DOTALL)
    assert len(rows) == 8 + 5  # 001 lines 1777–1830: eight done, five planned
    statuses = [text(r).rsplit(" ", 1)[-1] for r in rows]
    assert statuses == ["genomförd"] * 8 + ["planerad"] * 5  # in the document's order
    assert LEADERSHIP in actions  # the whole text, not the cut label
    lead = curated_part(html)
    for n in range(1, 9):
        assert lead.count(f'/atgard/genomford-{n}"') == 1, n
    assert "Risk för kvalitetsbrister i processer och att beslutsunderlag" in lead
    assert "<h2>Konsekvenser</h2>" in lead


# --- a budget table ------------------------------------------------------------------------------
def budget_rows(html: str) -> dict[tuple[str, str], list[str]]:
    table = re.search(r'<table class="data budget">.*?</table>', html, re.DOTALL)
    assert table, "no budget table"
    head = re.search(r"<thead>.*?</thead>", table.group(0), re.DOTALL)
    assert head and text(head.group(0)) == "Rad Budget 2024 Budget 2025"
    rows: dict[tuple[str, str], list[str]] = {}
    area = ""
    for row in re.findall(r"<tr\b.*?</tr>", table.group(0), re.DOTALL)[1:]:
        cells = [text(c) for c in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, re.DOTALL)]
        if 'class="area"' in row:
            area = cells[0]
        else:
            rows[(area, cells[0])] = cells[1:]
    return rows


def test_budget_table_page_shows_the_amounts(client: httpx.Client) -> None:
    html = html_of(client, TABLE_PAGE)
    rows = budget_rows(html)
    for key, amounts in TABLE.items():
        assert rows[key] == [document_number(a) for a in amounts], key
    assert len(rows) == 5 + 4 + 5 + 5 + 4  # 001 lines 1666–1702
    assert "<caption>Kommunledningen (belopp i mnkr)</caption>" in html
    # each amount links to its observation
    assert 'href="/id/goteborg/2025/ks/budget/tabell/kommunledningen/obs/' in html


def test_swedish_numbers() -> None:
    assert swedish_number("4500") == "4\u202f500"  # "4 500 tkr", 001 line 165
    assert swedish_number("-580.6") == "\u2212580,6"  # "-580,6", line 1668
    assert swedish_number("124", 1) == "124,0"  # "124,0", line 1667
    assert swedish_number("1020.3") == "1\u202f020,3"
    assert swedish_number("-0.0") == "0,0"
    assert swedish_number("ingen siffra") == "ingen siffra"
    template = environment().from_string("{{ x|number(1) }}")
    assert template.render(x="-602") == "\u2212602,0"


# --- a body --------------------------------------------------------------------------------------
def test_body_page_leads_with_its_goals_and_assignments(client: httpx.Client) -> None:
    html = html_of(client, KS_PAGE)
    facts = re.search(r'<dl class="lead facts">.*?</dl>', html, re.DOTALL)
    assert facts and "<dt>Del av</dt>" in facts.group(0)
    # its goals and assignments (status_view.py) come before its collapsed properties
    assert html.index("<h2 id='mal-ansvar'>") < html.index('<details class="all"')
    assert html.index("<h2 id='organets-uppdrag'>") < html.index('<details class="all"')
    assert ">del av</a></dt>" in all_properties(html)
