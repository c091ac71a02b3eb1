"""``create_app(settings)``: the FastAPI application. Nothing happens at import time.

On start-up the app opens the store, loads the data files (one named graph each, atomic
per file; into an external store too, when it is given files), and reads the query
catalogue; a wrong query file stops start-up with the file named.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from loaders import __version__

from .admission import AdmissionControl, Limits
from .catalogue import load_catalogue
from .conneg import negotiate
from .errors import ApiError, PayloadTooLarge
from .fast_path import SparqlFastPath
from .http_gzip import Gzip
from .http_middleware import Conditional, HeadAsGet, ReadOnlyCors
from .openapi import describe_as_answered, validation_error
from .services import Services, of_app
from .settings import Settings
from .store import Store, open_store
from .store.embedded import EmbeddedStore

if TYPE_CHECKING:
    from loaders.progress import Progress

    from .store.remote import RemoteStore
    from .store.remote_load import LoadResult

LOG = logging.getLogger("styrgraf")
#: Answers smaller than this many bytes are sent as they are (about one packet).
GZIP_MINIMUM = 1400
#: Seconds the privacy scrub at start-up may take per query (a scan of every literal)
SCRUB_TIMEOUT = 900.0
#: zlib's fastest level: half the time of level 6 for answers about a tenth larger
GZIP_LEVEL = 1
JSON, HTML = "application/json", "text/html"
#: Paths for programs: their errors are JSON whatever the client accepts
MACHINE_PATHS = ("/api/", "/sparql", "/store", "/.well-known/")


def data_files(paths: tuple[Path, ...]) -> list[Path]:
    """Return the files the store can load (a folder gives those, not validation reports)."""
    from .formats import STORE_FORMATS, by_extension
    from .validate import REPORT_STEM

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.iterdir()
                if by_extension(p.suffix, STORE_FORMATS) and not p.name.startswith(REPORT_STEM)
            )  # fmt: skip
        elif path.exists():
            files.append(path)
    return files


def load_remote(store: RemoteStore, settings: Settings, progress: Progress) -> LoadResult:
    """Load the data files of ``settings`` into the external ``store`` (one PUT per graph,
    :mod:`api.store.remote_load`), then take personal data out unless it is to be kept."""
    from .store.remote_load import load_files

    result = load_files(store, data_files(settings.data), progress)
    if not settings.include_personal:
        from .privacy import scrub

        removed = scrub(store)
        if removed.changed:
            LOG.warning("%s", removed.summary())
    return result


def load_embedded(store: Store, settings: Settings) -> None:
    """Load the data files of ``settings`` into the embedded ``store``, one named graph
    each, then take personal data out unless it is to be kept."""
    assert isinstance(store, EmbeddedStore)  # no endpoint: open_store made one
    for file in data_files(settings.data):
        count = store.load(file)
        LOG.info("loaded %s: %d triples", file, count)
    if settings.include_personal or store.loaded_files.scrubbed:
        return  # a restart that loaded nothing need not scan every text again
    from .privacy import scrub

    # a scan of every text, once, before anyone queries: not under the time limit of a
    # client's query (at 1M triples on a persistent store it takes longer)
    limit, store.timeout = store.timeout, max(store.timeout, SCRUB_TIMEOUT)
    try:
        removed = scrub(store)
    finally:
        store.timeout = limit
    if removed.changed:
        LOG.warning("%s", removed.summary())
    else:
        store.loaded_files.mark_scrubbed()


class Background:
    """Run ``work(*args)`` in a thread; :meth:`join` waits and raises what it raised."""

    def __init__(self, work: Callable[..., None], *args: Any) -> None:
        self._error: BaseException | None = None

        def run() -> None:
            try:
                work(*args)
            except BaseException as exc:  # handed to the thread that joins
                self._error = exc

        self._thread = threading.Thread(target=run, name="styrgraf-load", daemon=True)
        self._thread.start()

    def join(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before reading them whole."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = PayloadTooLarge(
            f"the request is larger than {self.limit} bytes",
            hint="send a smaller query, or run it against your own copy of the data",
        )
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        query_string = scope.get("query_string", b"")
        if (declared and int(declared) > self.limit) or len(query_string) > self.limit:
            await JSONResponse(too_big.to_json(), status_code=413)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise too_big
            return message

        await self.app(scope, counted, send)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Return the application for ``settings``; ``store`` replaces the configured one."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        kept = of_app(app)
        # the traversal graph is built while the server starts taking requests, so the
        # first traversal does not wait for it (at 1M triples it takes about a second)
        threading.Thread(target=kept.graphs.warm, args=(kept.store,), daemon=True).start()
        yield
        kept.store.close()

    app = FastAPI(
        title="styrgraf",
        summary="Göteborgs Stad's governance documents as a knowledge graph",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc are routes.api_docs: served offline
        redoc_url=None,
    )
    catalogue = load_catalogue(settings.queries)  # a wrong query file stops start-up first
    services = Services(settings=settings, store=store or open_store(settings), catalogue=catalogue)
    app.state.services = services  # read through api.services only
    loading: Background | None = None
    if store is None and not settings.endpoint:
        # the store loads (Oxigraph, without the GIL) while the routes are imported and
        # set up; the app is returned once both are done
        loading = Background(load_embedded, services.store, settings)
    elif store is None and settings.data:  # an external store: loaded the same way
        from loaders.progress import SILENT

        from .store.remote import RemoteStore

        assert isinstance(services.store, RemoteStore)
        result = load_remote(services.store, settings, SILENT)
        LOG.info("loaded %d triples into %s", result.triples, services.store.name)
        for line in result.mismatches:
            LOG.warning("datatype check: %s", line)
    app.add_middleware(SparqlFastPath)  # innermost: /sparql skips the framework's layers
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    app.add_middleware(Gzip, minimum_size=GZIP_MINIMUM, compresslevel=GZIP_LEVEL)
    # a request over capacity is answered before the app runs; only the header-level
    # middlewares below (HEAD, CORS, validators: api.http_middleware) come first
    limits = Limits.for_workers(settings.workers, settings.query_timeout, settings.queue_limit)
    app.add_middleware(AdmissionControl, limits=limits)
    app.add_middleware(Conditional, version=lambda: services.store.version)
    app.add_middleware(ReadOnlyCors)
    app.add_middleware(HeadAsGet)  # outermost: everything inside sees a GET
    _handlers(app)
    from .routes import (
        api_docs,
        assignments,
        bodies,
        bodies_page,
        budget,
        calendar,
        calendar_page,
        diff,
        goals,
        ledger,
        linked_data,
        meta,
        overview,
        pages,
        programmes,
        queries,
        queries_page,
        risks,
        search,
        sparql,
        traversal,
    )

    sparql.add_sparql_route(app)  # first: the busiest route is matched first
    queries.add_query_routes(app, services.catalogue)
    app.include_router(queries.router)
    app.include_router(meta.router)
    app.include_router(diff.router)
    for resource in (goals, assignments, bodies, programmes, risks, budget, calendar):
        app.include_router(resource.router)  # the JSON and CSV resources, one router each
    app.include_router(traversal.router)
    app.include_router(linked_data.router)
    app.include_router(ledger.router)
    app.include_router(bodies_page.router)
    app.include_router(overview.router)  # the home page, /findings
    app.include_router(calendar_page.router)
    app.include_router(search.router)
    app.include_router(queries_page.router)
    app.include_router(api_docs.router)  # before pages: /static/swagger-ui/… is its own
    app.include_router(pages.router)  # last: it answers /id/… and the site's pages
    describe_as_answered(app)
    if loading is not None:
        loading.join()
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        if exc.status in {502, 504}:  # the external store's failure: it is named
            LOG.warning("%s on %s: %s", exc.code, request.url.path, exc.message)
        elif exc.status >= 500 and exc.status != 503:
            LOG.exception("internal error on %s", request.url.path, exc_info=exc)
        return JSONResponse(exc.to_json(), status_code=exc.status, headers=exc.headers())

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        error = validation_error(exc.errors())  # documented as this 400: api.openapi
        return JSONResponse(error.to_json(), status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        error = ApiError(str(exc.detail))
        error.status, error.code = exc.status_code, "http-" + str(exc.status_code)
        asks_for_html = negotiate(request.headers.get("accept"), (JSON, HTML)) == HTML
        if asks_for_html and not request.url.path.startswith(MACHINE_PATHS):  # a browser
            if exc.status_code == 404:
                error.message = f"no page at {request.url.path}"
                error.hint = "the home page (/) links every page the site has"
            from .routes.negotiation import error_response

            return error_response(request, error)
        return JSONResponse(error.to_json(), status_code=exc.status_code)

    from .error_table import http_errors

    def other_boundary(status: int) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
        async def handler(request: Request, exc: Exception) -> JSONResponse:
            # the server's own file (shapes, settings) is unreadable: our fault, logged
            LOG.error("%s on %s", type(exc).__name__, request.url.path, exc_info=exc)
            error = ApiError(str(exc))
            error.status = status
            return JSONResponse(error.to_json(), status_code=status)

        return handler

    for error_class, status in http_errors():  # input, settings, validation errors
        app.add_exception_handler(error_class, other_boundary(status))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        LOG.exception("internal error on %s", request.url.path, exc_info=exc)
        error = ApiError("internal error; the server log has the details")
        return JSONResponse(error.to_json(), status_code=500)
