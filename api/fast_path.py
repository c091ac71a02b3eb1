"""The busiest routes without the framework's inner layers: ``/sparql`` and the named
queries (``GET /api/queries/{name}``), called directly.

A request passes the server's own middlewares (HEAD, CORS, validators, admission, gzip,
the body limit: :func:`api.app.create_app`) and then, by default, FastAPI's exception
middleware, its exit stack, the router and Starlette's request wrapper, which together
cost about as much as the rest of a small query's answer. This middleware, the innermost
of the server's own, sends ``GET`` and ``POST`` on ``/sparql`` straight to
:func:`api.routes.sparql.sparql`, and ``GET`` on a named query's path straight to that
query's handler (:func:`api.routes.queries.handler`). It answers an exception with the
handler the application registered for it, looked up the way Starlette's exception
middleware does (the nearest class in the exception's MRO), so a client sees the same
answer either way. Other paths and methods take the full stack.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

PATH = "/sparql"
METHODS = frozenset({"GET", "POST"})
QUERIES = "/api/queries/"
Handler = Callable[[Request], Awaitable[Response]]


def _handler(handlers: dict[Any, Any], exc: Exception) -> Any:
    for cls in type(exc).__mro__:
        if cls in handlers:
            return handlers[cls]
    return None


class SparqlFastPath:
    """Call the SPARQL endpoint and the named queries directly (module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._named: dict[str, Handler] | None = None

    def _route(self, scope: Scope) -> Handler | None:
        """Return the handler of a request this path takes, or None."""
        if scope["type"] != "http":
            return None
        path, method = scope["path"], scope["method"]
        if path == PATH and method in METHODS:
            from .routes.sparql import sparql

            return sparql
        if method == "GET" and path.startswith(QUERIES):
            if self._named is None:  # the catalogue is read once, at start-up
                from .routes.queries import handler
                from .services import of_app

                catalogue = of_app(scope["app"]).catalogue
                self._named = {QUERIES + name: handler(q) for name, q in catalogue.items()}
            return self._named.get(path)
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = self._route(scope)
        if route is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive, send)
        try:
            response = await route(request)  # it sends nothing: it returns the answer
        except Exception as exc:
            handler = _handler(request.app.exception_handlers, exc)
            if handler is None:
                raise
            response = await handler(request, exc)
        await response(scope, receive, send)
