"""``/sparql`` without the framework's inner layers: the busiest route, called directly.

A query to ``/sparql`` passes the server's own middlewares (HEAD, CORS, validators,
admission, gzip, the body limit: :func:`api.app.create_app`) and then, by default,
FastAPI's exception middleware, its exit stack, the router and Starlette's request
wrapper, which together cost about as much as the rest of a small query's answer. This
middleware, the innermost of the server's own, sends ``GET`` and ``POST`` on ``/sparql``
straight to :func:`api.routes.sparql.sparql`, and answers an exception with the handler
the application registered for it, looked up the way Starlette's exception middleware
does (the nearest class in the exception's MRO), so a client sees the same answer either
way. Other paths and methods take the full stack.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

PATH = "/sparql"
METHODS = frozenset({"GET", "POST"})


def _handler(handlers: dict[Any, Any], exc: Exception) -> Any:
    for cls in type(exc).__mro__:
        if cls in handlers:
            return handlers[cls]
    return None


class SparqlFastPath:
    """Call the SPARQL endpoint directly for ``GET`` and ``POST`` on ``/sparql``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] not in METHODS:
            await self.app(scope, receive, send)
            return
        from .routes.sparql import sparql

        request = Request(scope, receive, send)
        try:
            response = await sparql(request)  # it sends nothing: it returns the answer
        except Exception as exc:
            handler = _handler(request.app.exception_handlers, exc)
            if handler is None:
                raise
            response = await handler(request, exc)
        await response(scope, receive, send)
