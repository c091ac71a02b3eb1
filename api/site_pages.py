"""The pages of a published site: every entity in every format, asked of the application.

:class:`Site` calls the server's application (:func:`api.app.create_app`) in process, so a
static copy and a running server never disagree. Each entity gets ``<path>.html`` and its
RDF formats (:data:`api.formats.PAGE_FORMATS`); the catalogue record's IRIs get theirs alike. The
pages people come for (the dashboard, the ledger, the bodies, the calendar, the findings
and the named queries) are :mod:`api.site_views`. Every page is rendered with
``static_site`` set (:func:`api.render.static_site`): the templates leave out the links to
the server's query services and forms, and link the site's files instead.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rdflib import Graph, Literal, URIRef

from loaders.progress import SILENT, Progress
from loaders.resources import static_dir
from loaders.vocab import KOD_NS

from .formats import HTML, JSONLD, NTRIPLES, PAGE_FORMATS, RDFXML, TURTLE, Format
from .publication import Publication
from .render import static_site
from .site_views import write_views
from .site_writer import Published, Writer, extension
from .store import Store
from .store.base import GRAPH_IRI_BASE


class Site:
    """The application, asked for pages in process (no socket, the same answers)."""

    def __init__(self, app: Any, built: date | None = None) -> None:
        self.app = app
        self.built = built

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

        with static_site(self.built):
            await self.app(scope, receive, send)
        return status, b"".join(chunks)


ENTITIES = """SELECT DISTINCT ?e ?base WHERE {
  { ?e ?p ?o } UNION { ?s ?p ?e }
  FILTER (isIRI(?e) && STRSTARTS(STR(?e), ?base))
} ORDER BY ?e"""


async def write_pages(
    store: Store,
    publication: Publication,
    writer: Writer,
    result: Published,
    progress: Progress = SILENT,
) -> None:
    """Write every page of the site, in every format, from the application's answers."""
    from .app import create_app
    from .catalogue import load_catalogue
    from .routes.describe import codes_graph
    from .settings import Settings

    # the data folder of the site holds the validation report /findings shows
    # (api.site_data.write_validation); the store is given, so nothing is loaded from it
    settings = Settings(
        data=(writer.root / "data",), base_iri=publication.base + "id/", include_personal=True
    )
    site = Site(create_app(settings, store=store), result.build_time.date())
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
    progress.phase("pages", len(paths), "pages")
    for done, path in enumerate(paths, start=1):
        await write_resource(site, writer, result, path)
        progress.step(done)
    await write_resource(site, writer, result, "kod/", index=True)
    queries = sorted(load_catalogue(settings.queries))
    await write_views(site, writer, result, queries, publication.base)
    status, body = await site.get("/context.jsonld", JSONLD.media_type)
    if status == 200:
        writer.write("context.jsonld", body)
    else:
        result.failed.append(f"/context.jsonld ({status})")
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
            writer.write(target(fmt), body)
        return
    status, page = await site.get("/" + path, HTML.media_type)
    if status == 200:
        writer.write(target(HTML), page)
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
                with static_site():
                    page = entity_html(description, "/" + path)
                writer.write(target, page.encode("utf-8"))
