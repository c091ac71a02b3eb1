"""``styrgraf publish``: the graph as a static linked-data site any plain web server hosts.

The site is what the server would answer, written to files: the pages and every RDF
format of each entity come from the same application (:func:`api.app.create_app`) called
in process, so a static copy and a running server never disagree. The site root stands
for the public base (``https://w3id.org/styrgraf/``):

* ``id/<path>.{html,ttl,jsonld,nt,rdf}`` for every entity ``<base>id/<path>``;
* ``ontology.{…}`` (terms are ``ontology#Term``), ``kod/index.{…}`` and
  ``kod/<scheme>[/<code>].{…}``, ``graph/<name>.{…}`` for each source file's named graph;
* ``data/``: dumps (``styrgraf.ttl.gz``, ``.nt.gz``, ``.jsonld.gz``, ``.trig.gz`` with the
  named graphs), ``SHA256SUMS``, the VoID description and the DCAT-AP-SE catalogue record
  (``void.ttl``, ``catalog.{ttl,rdf,jsonld}``, also at ``/.well-known/void``), and
  ``manifest.json`` (sources with their checksums, the styrgraf version, the build time);
* ``nginx.conf`` and ``.htaccess``: the content-negotiation rules for nginx and Apache.

Personal data is scrubbed first (:mod:`api.privacy`) unless configured in. The site is
written to a new folder beside ``--out`` and swapped in whole at the end
(:mod:`api.atomic_folder`): a failed or killed run leaves the old site as it was, and two
runs on one folder take turns. ``--out`` is replaced whole, so publish refuses a non-empty
folder that is not a site it wrote (one with ``data/manifest.json``) unless ``replace`` is
set. Publishing unchanged sources again gives identical files:
N-Triples are sorted, gzip headers carry no time, and the build time is kept from the
previous manifest when the sources and the version are the same (or taken from
``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from loaders.resources import static_dir
from loaders.vocab import KOD_NS

from .atomic_folder import StagedFolder
from .dataset_description import Distribution, Statistics, describe
from .formats import HTML, JSONLD, NTRIPLES, RDFXML, TRIG, TURTLE, Format
from .output import rdfxml, sorted_triples, stable_jsonld
from .privacy import ScrubReport, scrub
from .publication import Publication
from .shacl.store import to_ox
from .store import Store
from .store.base import GRAPH_IRI_BASE
from .store.embedded import EmbeddedStore

#: The formats every page is written in.
PAGE_FORMATS = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)
DUMP_NAME = "styrgraf"
MANIFEST = "manifest.json"


class PublishError(Exception):
    """The site could not be written; the previous site (if any) is unchanged.

    The publish boundary's error (``styrgraf publish`` only, never an HTTP answer).
    """

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ForeignFolderError(PublishError):
    """``--out`` holds files publish did not write; they are left as they are."""


@dataclass
class Published:
    """What a run wrote: counts, the privacy report, the entities no page could be made for."""

    out: Path
    build_time: datetime
    triples: int = 0
    entities: int = 0
    files: int = 0
    failed: list[str] = field(default_factory=list)
    privacy: ScrubReport = field(default_factory=ScrubReport)

    def summary(self) -> str:
        return (
            f"published {self.entities} entities and {self.triples} triples in {self.files} "
            f"files to {self.out} (built {self.build_time.isoformat()}); {self.privacy.summary()}"
        )


def extension(fmt: Format) -> str:
    """Return the extension a published file of ``fmt`` has, without the dot."""
    return fmt.extension.removeprefix(".")


# --- in-process requests ------------------------------------------------------------------------
class Site:
    """The application, asked for pages in process (no socket, the same answers)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def get(self, path: str, accept: str) -> tuple[int, bytes]:
        """Return the status and body of ``GET path`` with ``Accept: accept``."""
        raw_path, _, query = path.partition("?")
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": "GET", "scheme": "https", "path": raw_path,
            "raw_path": raw_path.encode(), "root_path": "", "query_string": query.encode(),
            "headers": [(b"host", b"localhost"), (b"accept", accept.encode())],
            "client": ("127.0.0.1", 0), "server": ("localhost", 443), "state": {},
        }  # fmt: skip
        status = 500
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return status, b"".join(chunks)


# --- the run -------------------------------------------------------------------------------------
def publish(
    data: Sequence[Path],
    out: Path,
    publication: Publication,
    *,
    include_personal: bool = False,
    build_time: datetime | None = None,
    version: str | None = None,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Published:
    """Write the site for the RDF files ``data`` to ``out`` (replaced whole at the end).

    Raises:
        ForeignFolderError: ``out`` is a non-empty folder without a site's manifest, and
            ``replace`` is not set; ``out`` is unchanged.
        PublishError: nothing to publish, or a page could not be made (the entities are
            named); ``out`` is unchanged.
        FolderError: ``out`` is a file or a mount point.
        LoadError: a data file does not load.
    """
    from .app import _version

    version = version or _version()
    if not data:
        raise PublishError("no RDF files to publish", hint="run `styrgraf build` first")
    out = out.resolve()
    with StagedFolder(out, progress) as stage:
        if not replace:
            refuse_foreign(out)
        result = _publish(data, out, stage.path, publication, include_personal, build_time, version)
        stage.commit()
    return result


def refuse_foreign(out: Path) -> None:
    """Refuse to replace a non-empty folder that is not a site publish wrote.

    Raises:
        ForeignFolderError: ``out`` holds files and no readable ``data/manifest.json``.
    """
    if not out.is_dir() or not any(out.iterdir()):
        return
    manifest = read_manifest(out)
    if manifest is None or "styrgraf_version" not in manifest:
        raise ForeignFolderError(
            f"{out} is not empty and holds no site styrgraf published "
            f"(no {out / 'data' / MANIFEST}); publishing would delete its files",
            hint="pass --out a new or empty folder, or add --replace to delete what "
            f"{out} holds and publish there",
        )


def _publish(
    data: Sequence[Path],
    out: Path,
    staging: Path,
    publication: Publication,
    include_personal: bool,
    build_time: datetime | None,
    version: str,
) -> Published:
    """Write the site into ``staging`` (``out`` holds the previous one, if any)."""
    store = EmbeddedStore(None, workers=2, timeout=120.0)
    try:
        for file in data:
            store.load(file)
        privacy = ScrubReport() if include_personal else scrub(store)
        sources = source_documents(store)
        previous = read_manifest(out)
        when = build_time or _build_time(previous, sources, data, version)
        result = Published(out, when, privacy=privacy)
        writer = Writer(staging, result)
        asyncio.run(write_pages(store, publication, writer, result))
        dumps = write_dumps(store, staging / "data", writer)
        stats = statistics(store, publication, when, sources, version)
        result.triples = stats.triples
        write_description(publication, stats, dumps, writer)
        write_manifest(writer, when, version, sources, data, privacy)
        write_server_configs(writer)
        if result.failed:
            raise PublishError(
                f"{len(result.failed)} pages could not be made, first {result.failed[0]}",
                hint="run `styrgraf serve` and open that page to see the error",
            )
        result.files = writer.count
        return result
    finally:
        store.close()


class Writer:
    """Writes files under the staging folder and counts them."""

    def __init__(self, root: Path, result: Published) -> None:
        self.root = root
        self.result = result
        self.count = 0

    def write(self, relative: str, data: bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.chmod(path, 0o644)
        self.count += 1
        return path


# --- pages ---------------------------------------------------------------------------------------
ENTITIES = """SELECT DISTINCT ?e ?base WHERE {
  { ?e ?p ?o } UNION { ?s ?p ?e }
  FILTER (isIRI(?e) && STRSTARTS(STR(?e), ?base))
} ORDER BY ?e"""


async def write_pages(
    store: Store, publication: Publication, writer: Writer, result: Published
) -> None:
    """Write every page of the site, in every format, from the application's answers."""
    from .app import create_app
    from .routes.describe import codes_graph
    from .settings import Settings

    settings = Settings(data=(), base_iri=publication.base + "id/", include_personal=True)
    site = Site(create_app(settings, store=store))
    base = Literal(publication.base + "id/")
    rows = (await store.select_async(ENTITIES, {"base": base})).rows
    entities = [str(r["e"])[len(publication.base) :] for r in rows]
    result.entities = len(entities)
    codes = sorted(
        str(s)[len(publication.base) :]
        for s in set(codes_graph().subjects())
        if str(s).startswith(KOD_NS) and str(s) != KOD_NS
    )
    graphs = [g[len(GRAPH_IRI_BASE) :] for g in store.graphs() if g.startswith(GRAPH_IRI_BASE)]
    paths = [*entities, "ontology", *codes, *(f"graph/{g}" for g in graphs)]
    for path in paths:
        await write_resource(site, writer, result, path)
    await write_resource(site, writer, result, "kod/", index=True)
    status, body = await site.get("/", HTML.media_type)
    if status == 200:
        writer.write("index.html", static_links(body))
    status, body = await site.get("/context.jsonld", JSONLD.media_type)
    writer.write("context.jsonld", body)
    for file in sorted(static_dir().glob("*")):
        if file.is_file():
            writer.write(f"static/{file.name}", file.read_bytes())


async def write_resource(
    site: Site, writer: Writer, result: Published, path: str, index: bool = False
) -> None:
    """Write ``path`` in every format: ``path.<ext>`` (``path/index.<ext>`` for a folder).

    The app is asked for the page and for N-Triples; the other RDF formats are written from
    those triples by the function the app itself answers with (:func:`serialise`), which
    gives the same bytes at a third of the cost.
    """
    from .routes.negotiation import new_graph, serialise

    def target(fmt: Format) -> str:
        return f"{path}index.{extension(fmt)}" if index else f"{path}.{extension(fmt)}"

    if not path.startswith("id/"):  # the ontology, code lists and graphs: few, asked whole
        for fmt in PAGE_FORMATS:
            status, body = await site.get("/" + path, fmt.media_type)
            if status != 200:
                result.failed.append(f"/{path} ({fmt.media_type}: {status})")
                continue
            writer.write(target(fmt), static_links(body) if fmt is HTML else body)
        return
    status, page = await site.get("/" + path, HTML.media_type)
    if status == 200:
        writer.write(target(HTML), static_links(page))
    status, triples = await site.get("/" + path, NTRIPLES.media_type)
    if status != 200:
        result.failed.append(f"/{path} ({status})")
        return
    graph = new_graph()
    graph.parse(data=triples, format=NTRIPLES.rdflib)
    for fmt in PAGE_FORMATS:
        if fmt is not HTML:
            body = triples if fmt is NTRIPLES else serialise(graph, fmt.media_type)
            writer.write(target(fmt), body)


#: Links in the server's pages to parts a static site does not have, and what they become.
_SERVER_ONLY = (
    ('<li><a href="/sparql">Frågeredigerare</a></li>', ""),
    ('<li><a href="/api/queries">Namngivna frågor</a></li>', ""),
    ('<li><a href="/docs">API</a></li>', ""),
)


def static_links(html: bytes) -> bytes:
    """Drop the navigation links to the server's query services (a static site has none)."""
    text = html.decode("utf-8")
    for old, new in _SERVER_ONLY:
        text = text.replace(old, new)
    return text.encode("utf-8")


# --- dumps ---------------------------------------------------------------------------------------
ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _gzip(data: bytes) -> bytes:
    """Compress with no file name or time in the header, so equal input gives equal bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def write_dumps(store: Store, folder: Path, writer: Writer) -> list[Distribution]:
    """Write the whole dataset in four formats, gzipped, with SHA-256 sums."""
    from .routes.negotiation import jsonld_context, new_graph

    unordered = store.construct(ALL_TRIPLES)
    merged = new_graph()
    for triple in sorted_triples(unordered):
        merged.add(triple)
    lines = sorted(set(merged.serialize(format=NTRIPLES.rdflib).splitlines()) - {""})
    ntriples = ("\n".join(lines) + "\n").encode("utf-8")
    turtle = merged.serialize(format=TURTLE.rdflib).encode("utf-8")
    jsonld = stable_jsonld(
        merged.serialize(format=JSONLD.rdflib, context=jsonld_context(), auto_compact=True)
    ).encode("utf-8")
    prefixes = {p: str(n) for p, n in merged.namespaces() if p}
    rows = store.select(ALL_QUADS).rows
    quads = sorted(
        (
            ox.Quad(to_ox(r["s"]), to_ox(r["p"]), to_ox(r["o"]), to_ox(r["g"]))  # type: ignore[arg-type]
            for r in rows
        ),
        key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
    )
    # Oxigraph's writer keeps the given order (rdflib's TriG writer does not)
    trig = ox.serialize(quads, format=TRIG.oxigraph, prefixes=prefixes) or b""
    made: list[Distribution] = []
    dumps = (
        (TURTLE, turtle, "Hela datamängden som Turtle", "The whole dataset as Turtle"),
        (NTRIPLES, ntriples, "Hela datamängden som N-Triples", "The whole dataset as N-Triples"),
        (JSONLD, jsonld, "Hela datamängden som JSON-LD", "The whole dataset as JSON-LD"),
        (TRIG, trig, "Hela datamängden som TriG, en namngiven graf per källfil",
         "The whole dataset as TriG, one named graph per source file"),
    )  # fmt: skip
    sums: list[str] = []
    for fmt, body, title_sv, title_en in dumps:
        name = f"{DUMP_NAME}.{extension(fmt)}.gz"
        packed = _gzip(body)
        writer.write(f"data/{name}", packed)
        digest = hashlib.sha256(packed).hexdigest()
        sums.append(f"{digest}  {name}")
        made.append(
            Distribution(name, fmt.media_type, True, len(packed), digest, title_sv, title_en)
        )
    writer.write("data/SHA256SUMS", ("\n".join(sums) + "\n").encode())
    return made


# --- description, manifest, server configuration ---------------------------------------------
SOURCES = """PREFIX dct: <http://purl.org/dc/terms/>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT DISTINCT ?title ?sha256 WHERE { ?s a styr:SourceText ; dct:title ?title ;
  styr:sha256 ?sha256 } ORDER BY ?title ?sha256"""
YEARS = """PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT (MIN(STR(?y)) AS ?first) (MAX(STR(?y)) AS ?last) WHERE { ?s styr:budgetYear ?y }"""
COUNTS = """SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"""
CLASSES = """SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"""
PROPERTIES = """SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"""
SUBJECTS = """SELECT ?base (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o
  FILTER (isIRI(?s) && STRSTARTS(STR(?s), ?base)) } GROUP BY ?base"""


def source_documents(store: Store) -> tuple[tuple[str, str], ...]:
    """Return (file name, SHA-256) of the source documents the graph was read from."""
    rows = store.select(SOURCES).rows
    return tuple((str(r["title"]), str(r["sha256"])) for r in rows)


def statistics(
    store: Store,
    publication: Publication,
    when: datetime,
    sources: tuple[tuple[str, str], ...],
    version: str,
) -> Statistics:
    """Count what VoID and DCAT describe, from the store."""
    triples = int(str(store.select(COUNTS).rows[0]["triples"]))
    base = Literal(publication.base + "id/")
    counted = store.select(SUBJECTS, {"base": base}).rows
    entities = int(str(counted[0]["n"])) if counted else 0
    classes = {str(r["c"]): int(str(r["n"])) for r in store.select(CLASSES).rows}
    properties = {str(r["p"]): int(str(r["n"])) for r in store.select(PROPERTIES).rows}
    years = store.select(YEARS).rows
    first = years[0].get("first") if years else None
    last = years[0].get("last") if years else None
    vocabularies = sorted({_namespace(i) for i in (*classes, *properties)})
    return Statistics(
        triples=triples,
        entities=entities,
        classes=classes,
        properties=properties,
        vocabularies=tuple(vocabularies),
        temporal_start=date(int(str(first)), 1, 1) if first else None,
        temporal_end=date(int(str(last)), 12, 31) if last else None,
        issued=when.date(),
        modified=when.date(),
        sources=sources,
        styrgraf_version=version,
    )


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def write_description(
    publication: Publication, stats: Statistics, dumps: Sequence[Distribution], writer: Writer
) -> None:
    """Write VoID and DCAT-AP-SE (one graph) in three syntaxes, and ``/.well-known/void``."""
    described = describe(publication, stats, dumps)
    graph = Graph()
    for prefix, namespace in described.namespaces():
        graph.bind(prefix, namespace)
    for triple in sorted_triples(described):
        graph.add(triple)
    turtle = graph.serialize(format=TURTLE.rdflib).encode("utf-8")
    writer.write(f"data/void{TURTLE.extension}", turtle)
    writer.write(f"data/catalog{TURTLE.extension}", turtle)
    prefixes = {p: str(n) for p, n in graph.namespaces() if p}
    writer.write(f"data/catalog{RDFXML.extension}", rdfxml(graph, prefixes))
    jsonld = stable_jsonld(graph.serialize(format=JSONLD.rdflib, auto_compact=True))
    writer.write(f"data/catalog{JSONLD.extension}", jsonld.encode("utf-8"))
    writer.write(".well-known/void", turtle)
    write_record_pages(graph, publication, writer)


def write_record_pages(record: Graph, publication: Publication, writer: Writer) -> None:
    """Give every IRI of the record under the base (the dataset, its distributions, the
    checksums …) its files, so that it resolves like any entity; ``data/catalog`` is the
    whole record."""
    from .routes.describe import describe_in
    from .routes.entity_view import entity_html
    from .routes.negotiation import new_graph, serialise

    base_id = publication.base + "id/"
    subjects = sorted(
        {str(s) for s in record.subjects() if str(s).startswith(publication.base + "data/")}
    )
    for iri in subjects:
        path = iri[len(publication.base) :]
        description = describe_in(record, URIRef(iri), base_id)
        if description is None:
            continue
        whole = path == "data/catalog"
        graph = new_graph()
        for prefix, namespace in record.namespaces():
            graph.bind(prefix, namespace, override=False)
        graph += record if whole else description.graph
        for fmt in PAGE_FORMATS:
            target = f"{path}.{extension(fmt)}"
            if whole and fmt in (TURTLE, RDFXML, JSONLD):
                continue  # written above
            if fmt is not HTML:
                writer.write(target, serialise(graph, fmt.media_type))
            else:
                page = entity_html(description, "/" + path)
                writer.write(target, static_links(page.encode("utf-8")))


def read_manifest(out: Path) -> dict[str, Any] | None:
    """Return the manifest of the site in ``out``, if there is a readable one."""
    try:
        loaded = json.loads((out / "data" / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def _file_sums(files: Iterable[Path]) -> list[dict[str, Any]]:
    return [
        {"name": f.name, "sha256": hashlib.sha256(f.read_bytes()).hexdigest(),
         "bytes": f.stat().st_size}
        for f in sorted(files)
    ]  # fmt: skip


def _build_time(
    previous: dict[str, Any] | None,
    sources: tuple[tuple[str, str], ...],
    data: Sequence[Path],
    version: str,
) -> datetime:
    """Return the build time: SOURCE_DATE_EPOCH, else the previous one for the same inputs,
    else now (whole seconds, UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC)
    if previous and previous.get("styrgraf_version") == version:
        same_sources = previous.get("sources") == [{"name": n, "sha256": s} for n, s in sources]
        same_data = previous.get("data_files") == _file_sums(data)
        if same_sources and same_data and previous.get("build_time"):
            return datetime.fromisoformat(str(previous["build_time"]))
    return datetime.fromtimestamp(int(time.time()), UTC)


def write_manifest(
    writer: Writer,
    when: datetime,
    version: str,
    sources: tuple[tuple[str, str], ...],
    data: Sequence[Path],
    privacy: ScrubReport,
) -> None:
    """Record what the publication was built from: sources, data files, version, time."""
    manifest = {
        "build_time": when.isoformat(),
        "styrgraf_version": version,
        "sources": [{"name": n, "sha256": s} for n, s in sources],
        "data_files": _file_sums(data),
        "personal_data_removed": {
            "contact_properties": privacy.contact_triples,
            "persons": privacy.persons,
            "texts": privacy.redacted_texts,
        },
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    writer.write(f"data/{MANIFEST}", text.encode("utf-8"))


def write_server_configs(writer: Writer) -> None:
    """Write the content-negotiation rules for nginx and Apache beside the site."""
    from .webserver import apache_htaccess, nginx_config

    writer.write("nginx.conf", nginx_config().encode("utf-8"))
    writer.write(".htaccess", apache_htaccess().encode("utf-8"))
