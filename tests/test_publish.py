"""``styrgraf publish``: the static site, its dumps and records, privacy, reproducibility.

Expected values come from the sources: the seed texts' SHA-256 sums are computed here from
``../shared/seeds``, and assignment SLK-2023-01063 "Beror av annan" is read off
001_ac962998a4b6cb85.txt line 1035; what the static pages show is read off the same seed
text (lines named at :data:`COLLECTIVE_AGREEMENT` and below).
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import os
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS
from rdflib.term import Node

from api.cli import main
from api.publication import load_publication
from api.publish import publish
from api.shacl.store import canonical
from api.site_writer import PublishError
from api.store.base import LoadError
from loaders.pipeline import ingest
from tests.conftest import DATA, PUBLISHED_AT

pytestmark = pytest.mark.slow  # full publishes of data/, nginx, Jena, a browser
ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
WHEN = PUBLISHED_AT
GOAL_4 = "id/goteborg/mal/2023-2026/4"
GOAL_4_LABEL = "Göteborg ska byggas ihop till en grön och levande stad utan bostadsbrist"
FORMATS = ("html", "ttl", "jsonld", "nt", "rdf")
PARSERS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}


#: 001_ac962998a4b6cb85.txt lines 981-984: "Budget 2023 - Kommunstyrelsen får i uppdrag att
#: säkerställa att ett kollektivavtal mot kränkningar och trakasserier tecknas under 2023 –
#: dnr 1443/22"
COLLECTIVE_AGREEMENT = (
    "Säkerställa att ett kollektivavtal mot kränkningar och trakasserier tecknas under 2023"
)
#: lines 1034-1040: "Nämnden för arbetsmarknad och vuxenutbildning och kommunstyrelsen får i
#: uppdrag att i samverkan med relevanta nämnder och bolagsstyrelser återkomma med förslag …
#: – ärende SLK-2023-01063"
EMPLOYMENT = ("SLK-2023-01063", "Kommunstyrelsen", "Nämnden för arbetsmarknad och vuxenutbildning")
#: lines 1001-1006: "Kommunstyrelsen får i uppdrag ge förslag på hur ansvaret för Göteborgs
#: Stads arbete med mänskliga rättigheter kan samordnas …" reported "KS 2024-12-11"
HUMAN_RIGHTS = ("Ge förslag på hur ansvaret för Göteborgs Stads arbete med mänskliga", "2024-12-11")
#: lines 1569-1570: the text says the frame is 4,3 mnkr higher than 2024 (281,4 mnkr)
FRAME_QUOTE = "Budgetramen är 4,3 mnkr högre än 2024 (281,4 mnkr)"
#: The static site's navigation: the pages people come for, no query services.
STATIC_NAV = ["/", "/assignments", "/bodies", "/calendar", "/findings", "/queries", "/ontology"]


@pytest.fixture(scope="module")
def site(published_site: Path) -> Path:
    """The committed data/ published at WHEN, once per session (tests/conftest.py)."""
    return published_site


def canonical_set(graph: Graph) -> set[tuple[Node | None, ...]]:
    return {tuple(canonical(t) for t in triple) for triple in graph}


def all_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_every_entity_has_a_page_and_rdf_in_every_format(site: Path) -> None:
    for extension in FORMATS:
        assert (site / f"{GOAL_4}.{extension}").is_file(), extension
    html = (site / f"{GOAL_4}.html").read_text(encoding="utf-8")
    assert f"<h1>{GOAL_4_LABEL}</h1>" in html
    assert 'href="/sparql"' not in html  # a static site has no endpoint to link to
    iri = URIRef("https://w3id.org/styrgraf/" + GOAL_4)
    for extension, parser in PARSERS.items():
        graph = Graph().parse(site / f"{GOAL_4}.{extension}", format=parser)
        assert (iri, RDFS.label, None) in graph, extension
    # every instance IRI in the data has its files
    data = Graph()
    for file in DATA:
        data.parse(file)
    iris = {
        str(t)[len("https://w3id.org/styrgraf/") :]
        for triple in data
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith("https://w3id.org/styrgraf/id/")
    }
    missing = [i for i in sorted(iris) if not (site / f"{i}.ttl").is_file()]
    assert missing == []
    for extension in FORMATS:
        assert (site / f"ontology.{extension}").is_file()
        assert (site / f"kod/index.{extension}").is_file()
    assert (site / "kod/beloppstyp/forandring.ttl").is_file()
    assert 'id="Goal"' in (site / "ontology.html").read_text(encoding="utf-8")
    assert (site / "index.html").is_file() and (site / "context.jsonld").is_file()


def test_dumps_hold_the_whole_dataset_with_checksums(site: Path) -> None:
    data = site / "data"
    sums = dict(
        reversed(line.split("  ")) for line in (data / "SHA256SUMS").read_text().splitlines()
    )
    assert set(sums) == {f"styrgraf.{e}.gz" for e in ("ttl", "nt", "jsonld", "trig")}
    for name, digest in sums.items():
        assert hashlib.sha256((data / name).read_bytes()).hexdigest() == digest
    expected = Graph()
    for file in DATA:
        expected.parse(file)
    graphs = {}
    for extension, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        text = gzip.decompress((data / f"styrgraf.{extension}.gz").read_bytes())
        graphs[extension] = Graph().parse(data=text, format=parser)
    assert len(graphs["nt"]) == len(expected)
    # the JSON-LD and Turtle dumps round-trip to the same graph as the N-Triples
    assert isomorphic(graphs["jsonld"], graphs["nt"])
    # Turtle writes a decimal 34 as 34.0: the same value, spelt otherwise
    assert canonical_set(graphs["ttl"]) == canonical_set(graphs["nt"])
    trig = Dataset()
    trig.parse(data=gzip.decompress((data / "styrgraf.trig.gz").read_bytes()), format="trig")
    named = {str(g.identifier) for g in trig.graphs() if len(g)}
    assert named == {f"https://w3id.org/styrgraf/graph/{f.stem}" for f in DATA}


@pytest.mark.shared
def test_the_manifest_records_what_the_site_was_built_from(site: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not here")
    manifest = json.loads((site / "data" / "manifest.json").read_text())
    assert manifest["build_time"] == WHEN.isoformat()
    assert manifest["styrgraf_version"]
    seeds = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(SEEDS.glob("*.txt"))
    }
    assert {s["name"]: s["sha256"] for s in manifest["sources"]} == seeds
    assert [d["name"] for d in manifest["data_files"]] == [f.name for f in DATA]


def test_publishing_again_gives_identical_files(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    publish(DATA, again, load_publication(None), build_time=WHEN)
    first, second = all_files(site), all_files(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_unchanged_sources_keep_the_recorded_build_time(tmp_path: Path) -> None:
    out = tmp_path / "site"
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    # one data file, with its source documents: a fifth of the time of the whole data (the
    # test above compares the whole site, built twice)
    first = publish(DATA[:1], out, load_publication(None))
    before = all_files(out)
    second = publish(DATA[:1], out, load_publication(None))
    assert second.build_time == first.build_time
    assert all_files(out) == before


def test_publish_from_a_thread_that_runs_an_event_loop(tmp_path: Path) -> None:
    """A notebook, or a test driving a browser, already runs an event loop in its thread:
    publishing from there works as from the command line."""

    async def inside_a_loop() -> None:
        publish(DATA[:1], tmp_path / "site", load_publication(None), build_time=WHEN)

    asyncio.run(inside_a_loop())
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "assignments.html").is_file()


def test_a_bad_file_leaves_the_old_site(tmp_path: Path, site: Path) -> None:
    out = tmp_path / "site"
    shutil.copytree(site, out, symlinks=True)  # an old site publish wrote
    before = all_files(out)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:x> <urn:y> .\n", encoding="utf-8")
    with pytest.raises(LoadError):
        # the first file would make another site than the old one, were it written
        publish([*DATA[:1], broken], out, load_publication(None), build_time=WHEN)
    assert all_files(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    with pytest.raises(PublishError):
        publish([], out, load_publication(None))


def test_no_personal_data_in_any_public_file(tmp_path: Path) -> None:
    # the family documents built WITH personal data, plus planted contact data
    family = tmp_path / "in" / "family.ttl"
    family.parent.mkdir()
    texts = sorted((ROOT / "tests" / "fixtures" / "family").glob("*.txt"))
    family.write_bytes(
        ingest(texts, include_personal=True).merged().serialize(format="nt").encode()
    )
    canary = ROOT / "tests" / "fixtures" / "privacy" / "canary.ttl"
    out = tmp_path / "site"
    code = main(["publish", str(family), str(canary), "--out", str(out)])
    assert code == 0
    hits: list[str] = []
    for name, body in all_files(out).items():
        text = (gzip.decompress(body) if name.endswith(".gz") else body).decode("utf-8").lower()
        hits += [f"{name}: {c}" for c in CANARIES if c in text]
    assert hits == []
    # configured in, the same data is published with the names
    kept = tmp_path / "kept"
    assert main(["publish", str(family), "--out", str(kept), "--include-personal"]) == 0
    assert b"Exempelsson" in gzip.decompress((kept / "data" / "styrgraf.nt.gz").read_bytes())


#: The planted name, phone number (each way it is written) and e-mail address. "0522" alone
#: is no canary: a random blank-node label or digest holds it now and then.
CANARIES = (
    "kanarieberg", "69 70 00", "4652269700", "0522-69", "0522 69", "exempelsson", "mailto:sara",
)  # fmt: skip


def test_nginx_serves_the_published_site(site: Path, tmp_path: Path) -> None:
    from tests.test_webserver import running_nginx

    # assignment SLK-2023-01063 "Beror av annan" (001_ac962998a4b6cb85.txt line 1035)
    data = Graph()
    for file in DATA:
        data.parse(file)
    case = next(
        s for s, o in data.subject_objects(URIRef("https://w3id.org/styrgraf/ontology#caseNumber"))
        if str(o) == "SLK-2023-01063" and "/uppdrag/" in str(s)
    )  # fmt: skip
    path = "/" + str(case)[len("https://w3id.org/styrgraf/") :]
    with running_nginx(site, tmp_path) as nginx:
        turtle = nginx.get(path, accept="text/turtle")
        assert turtle.status_code == 200
        assert turtle.headers["content-type"].startswith("text/turtle")
        assert turtle.content == (site / f"{path[1:]}.ttl").read_bytes()
        assert (case, None, None) in Graph().parse(data=turtle.text, format="turtle")
        page = nginx.get(path, accept="text/html,application/xhtml+xml,*/*;q=0.8")
        assert page.headers["content-type"].startswith("text/html") and "<h1>" in page.text
        dump = nginx.get("/data/styrgraf.nt.gz")
        assert (
            dump.status_code == 200 and dump.content == (site / "data/styrgraf.nt.gz").read_bytes()
        )
        void = nginx.get("/.well-known/void")
        assert void.headers["content-type"].startswith("text/turtle")
        ontology = nginx.get("/ontology", accept="application/ld+json")
        assert ontology.headers["content-location"] == "/ontology.jsonld"
        # the pages of the navigation, a named query's page and the files they link
        for path in [*STATIC_NAV, "/queries/assignments_by_body"]:
            answer = nginx.get(path, accept="text/html,application/xhtml+xml,*/*;q=0.8")
            assert answer.status_code == 200 and answer.headers["content-type"].startswith(
                "text/html"
            ), path
        for path, media in (("/data/assignments.csv", "text/csv"),
                            ("/data/calendar.ics", "text/calendar"),
                            ("/data/validation-report.ttl", "text/turtle")):  # fmt: skip
            answer = nginx.get(path)
            assert answer.headers["content-type"].split(";")[0] == media, path
        # every IRI under the base that the dumps and the catalogue record use resolves
        published = Graph().parse(
            data=gzip.decompress((site / "data/styrgraf.nt.gz").read_bytes()), format="nt"
        )
        published.parse(site / "data" / "catalog.ttl")
        iris = {
            str(t).split("#")[0]
            for triple in published
            for t in triple
            if isinstance(t, URIRef) and str(t).startswith("https://w3id.org/styrgraf/")
        }
        assert len(iris) > 900
        failed = []
        with nginx.client("text/turtle") as client:
            for iri in sorted(iris):
                answer = client.get("/" + iri.removeprefix("https://w3id.org/styrgraf/"))
                # the landing page and the dump downloads are documents, not descriptions
                document = iri.endswith((".gz", "/styrgraf/"))
                media = answer.headers.get("content-type", "")
                if answer.status_code != 200 or not (document or media.startswith("text/turtle")):
                    failed.append(f"{iri}: {answer.status_code} {media}")
        assert failed == []


@pytest.mark.shared
def test_the_published_catalogue_conforms_to_dcat_ap(site: Path) -> None:
    from tests.test_dataset_description import SHAPES, _results, _shapes_graph, _violations

    if not (SHAPES / "dcat-ap-SHACL.ttl").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the DCAT-AP 3.0.1 shapes are missing ({SHAPES}), and CI must not skip")
        pytest.skip(f"the DCAT-AP 3.0.1 shapes are absent: {SHAPES}")
    record = Graph().parse(site / "data" / "catalog.ttl")
    assert _violations(_results(record, _shapes_graph(SHAPES, "dcat-ap-SHACL.ttl"))) == []
    # the three syntaxes of the record are the same graph
    for name, parser in (("catalog.rdf", "xml"), ("catalog.jsonld", "json-ld")):
        assert isomorphic(Graph().parse(site / "data" / name, format=parser), record), name
    # the record's sizes and checksums are those of the files
    dcat = "http://www.w3.org/ns/dcat#"
    for distribution in record.subjects(URIRef(dcat + "byteSize"), None):
        url = str(record.value(distribution, URIRef(dcat + "downloadURL")))
        file = site / url.removeprefix("https://w3id.org/styrgraf/")
        assert int(record.value(distribution, URIRef(dcat + "byteSize"))) == file.stat().st_size  # type: ignore[arg-type]
    void = Graph().parse(site / ".well-known" / "void", format="turtle")
    assert isomorphic(void, record)


OX_FORMATS = {
    ".ttl": "TURTLE",
    ".nt": "N_TRIPLES",
    ".rdf": "RDF_XML",
    ".jsonld": "JSON_LD",
    ".trig": "TRIG",
}


def test_every_published_rdf_file_parses_in_a_second_toolkit(site: Path) -> None:
    """Oxigraph's Rust parsers (not rdflib, which wrote the files) read every RDF file."""
    import pyoxigraph as ox

    checked, failed = 0, []
    for path in sorted(site.rglob("*")):
        name = path.name.removesuffix(".gz")
        suffix = Path(name).suffix
        if not path.is_file() or suffix not in OX_FORMATS or name == "context.jsonld":
            continue
        data = (
            gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
        )
        try:
            quads = list(ox.parse(data, format=getattr(ox.RdfFormat, OX_FORMATS[suffix])))
        except SyntaxError as exc:
            failed.append(f"{path.relative_to(site)}: {exc}")
            continue
        checked += 1
        if not quads:
            failed.append(f"{path.relative_to(site)}: no triples")
    assert failed == []
    assert checked > 3500  # four RDF files for each of the 870-odd entities, and the rest


def test_a_browser_reads_the_static_site_through_nginx(site: Path, tmp_path: Path) -> None:
    """Chromium opens goal 1's page on nginx and follows a link to a programme's page."""
    from tests.test_browser import CHROMIUM, GOAL_1_LABEL, GOAL_1_PAGE, PROGRAMMES, require
    from tests.test_webserver import running_nginx

    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with running_nginx(site, tmp_path) as nginx, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        try:
            page = chromium.new_page()
            response = page.goto(nginx.url + GOAL_1_PAGE)
            assert response is not None and response.status == 200
            assert page.locator("h1").inner_text() == GOAL_1_LABEL
            name, href = next(iter(PROGRAMMES.items()))
            page.locator(f"a[href='{href}']").first.click()
            page.wait_for_url(nginx.url + href)
            assert page.locator("h1").inner_text() == name
            # the page's own stylesheet came from the static site
            assert page.evaluate("document.styleSheets.length") >= 1
        finally:
            chromium.close()


def test_jena_riot_validates_every_published_rdf_file(site: Path, tmp_path: Path) -> None:
    """Apache Jena (Debian's libapache-jena-java) parses every RDF file of the site.

    Its only warnings may be for U+FFFD in verbatim quotes: a quote keeps the source text
    exactly, and the seed text lost the f of its fi/fl ligatures to U+FFFD (labels are
    repaired; see the ontology's scope note on labels).
    """
    from tests import riot

    if not riot.available():
        if os.environ.get("CI") == "true":
            pytest.fail("Apache Jena is missing (apt-get install -y libapache-jena-java)")
        pytest.skip("Apache Jena is missing (apt-get install -y libapache-jena-java)")
    files = [
        p
        for p in sorted(site.rglob("*"))
        if p.is_file()
        and Path(p.name.removesuffix(".gz")).suffix in OX_FORMATS
        and p.name != "context.jsonld"
    ]
    assert len(files) > 3500
    result = riot.validate(files, tmp_path)
    assert result.errors == []
    unexpected = [w for w in result.warnings if "Unicode replacement character" not in w]
    assert unexpected == []
    # the warnings come from the quotes that hold U+FFFD, and only from them
    assert result.returncode == (1 if result.warnings else 0)
    broken = [p for p in files if p.suffix == ".ttl" and "\ufffd" in p.read_text("utf-8")]
    assert bool(broken) == bool(result.warnings)
    # a broken file is caught (the check can fail)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://w3id.org/styrgraf/id/x> <https://w3id.org/p> .\n", encoding="utf-8")
    assert riot.validate([bad], tmp_path).returncode != 0
    cut = tmp_path / "cut.jsonld"
    cut.write_text('{"@context": {"ex": "http://example.org/"}, "@id": "ex:a", "ex:p": ')
    assert riot.validate([cut], tmp_path).errors


# --- the pages people come for ----------------------------------------------------------------
class Page(HTMLParser):
    """The links of a page (``href``, ``src``, ``action``), its navigation's, and its ids."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.nav: list[str] = []
        self.ids: set[str] = set()
        self.forms = 0
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if named.get("id"):
            self.ids.add(str(named["id"]))
        if tag == "nav" and (self._depth or named.get("aria-label") == "Webbplatsen"):
            self._depth += 1
        self.forms += tag == "form"
        for name in ("href", "src", "action"):
            value = named.get(name)
            if value is not None:
                self.links.append(value)
                if tag == "a" and self._depth:
                    self.nav.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._depth:
            self._depth -= 1


def site_file(site: Path, path: str) -> Path | None:
    """Return the file nginx and Apache answer ``path`` with (api.webserver), if any."""
    relative = unquote(path).lstrip("/")
    if path.endswith("/"):
        index = site / relative / "index.html"
        return index if index.is_file() else None
    for file in (site / relative, site / f"{relative}.html"):
        if relative and file.is_file():
            return file
    return None


def ids(file: Path) -> set[str]:
    return Page(file.read_text(encoding="utf-8")).ids


def page_of(site: Path, path: str) -> Page:
    file = site_file(site, path)
    assert file is not None and file.suffix == ".html", path
    return Page(file.read_text(encoding="utf-8"))


def test_every_link_of_the_pages_people_come_for_is_a_file_of_the_site(site: Path) -> None:
    home = page_of(site, "/")
    assert home.nav == STATIC_NAV
    queries = [link for link in page_of(site, "/queries").links if link.startswith("/queries/")]
    assert len(queries) == len(list((ROOT / "queries").glob("*.rq")))
    pages = sorted({*STATIC_NAV, *queries})
    broken: list[str] = []
    for path in pages:
        page = page_of(site, path)
        assert page.nav == STATIC_NAV, path
        assert page.forms == 0, f"{path}: a static site answers no form"
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("data:"):
                continue  # another site, or the empty icon
            target = parts.path or path
            if parts.query:
                broken.append(f"{path}: {link} (a static site answers no query string)")
                continue
            file = site_file(site, target)
            if file is None:
                broken.append(f"{path}: {link}")
            elif parts.fragment and file.suffix == ".html" and parts.fragment not in ids(file):
                broken.append(f"{path}: {link} (no such id)")
    assert broken == []


def text_of(site: Path, name: str) -> str:
    """Return a page's text as a person reads it: tags out, entities and spaces as one."""
    html = (site / name).read_text(encoding="utf-8")
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def rows_of(site: Path, name: str, cell: str) -> list[str]:
    """Return the text of the table rows of a page that hold ``cell``."""
    html = (site / name).read_text(encoding="utf-8")
    rows = re.findall(r"<tr>.*?</tr>", html, re.DOTALL)
    found = [" ".join(unescape(re.sub(r"<[^>]+>", " ", r)).split()) for r in rows]
    return [r for r in found if cell in r]


def test_the_static_ledger_bodies_and_calendar_show_the_seed(site: Path) -> None:
    # the ledger: every assignment, with its case number and responsible bodies
    (agreement,) = rows_of(site, "assignments.html", COLLECTIVE_AGREEMENT)
    assert "dnr 1443/22" in agreement and "Kommunstyrelsen" in agreement
    case, *bodies = EMPLOYMENT
    (employment,) = rows_of(site, "assignments.html", case)
    assert all(body in employment for body in bodies)
    csv = (site / "data" / "assignments.csv").read_text(encoding="utf-8")
    assert COLLECTIVE_AGREEMENT in csv
    # the bodies: the board of employment is responsible for that one assignment
    (board,) = rows_of(site, "bodies.html", bodies[1])
    # goals (main, responsible), assignments (responsible, contributing), status reports
    assert board.split()[-5:] == ["0", "0", "1", "0", "0"]
    # the calendar: the report on human rights is due 11 December 2024
    title, day = HUMAN_RIGHTS
    calendar = text_of(site, "calendar.html")
    assert "December 2024" in calendar and f"Slutrapport: {title}" in calendar
    ics = (site / "data" / "calendar.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert f"DTSTART;VALUE=DATE:{day.replace('-', '')}" in ics and title in ics
    assert "DTSTAMP:20261101T120000Z" in ics  # the build time, not the time of the run


def test_the_static_findings_are_the_validation_of_the_published_data(site: Path) -> None:
    report = Graph().parse(site / "data" / "validation-report.ttl", format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    results = list(report.objects(None, URIRef(sh + "result")))
    assert results  # the seed has findings (below), so the run is not empty
    described = report.objects(None, URIRef("http://purl.org/dc/terms/description"))
    assert [str(d) for d in described] == [", ".join(f.name for f in DATA)]
    findings = text_of(site, "findings.html")
    assert "Ingen granskning har körts" not in findings
    counts = re.search(r"(\d+) fel ?, (\d+) varningar ?, (\d+) information", findings)
    assert counts is not None and sum(map(int, counts.groups())) == len(results)
    # the amount the text states against the table's (lines 1569-1570)
    assert FRAME_QUOTE in findings and "Värde: 4,3" in findings
    home = text_of(site, "index.html")
    assert f"{len(results)} anmärkningar vid granskningen" in home


def test_the_static_named_queries_show_their_sparql(site: Path) -> None:
    for file in sorted((ROOT / "queries").glob("*.rq")):
        page = (site / "queries" / f"{file.stem}.html").read_text(encoding="utf-8")
        assert "<form" not in page and "/api/queries" not in page, file.stem
        text = unescape(page)
        lines = [line for line in file.read_text("utf-8").splitlines() if line.strip()]
        missing = [line for line in lines if not line.startswith("#+") and line not in text]
        assert missing == [], file.stem
