"""The HTTP side of the remote store: one client for the SPARQL 1.1 Protocol and the Graph
Store Protocol, with credentials, and the external server's failures in our words.

What the server answers becomes one of our errors, with the server named (by its URL
without credentials) and never the password:

* it cannot be reached, or says it is unavailable (503): :class:`StoreUnavailable`, 503;
* it does not answer in time, or says it timed out: :class:`GatewayTimeout`, 504;
* it refuses our credentials (401, 403), fails (5xx), or answers what we did not ask for:
  :class:`BadGateway`, 502;
* it finds the client's query malformed (400): :class:`QuerySyntaxError`, 400, since the
  query is the client's.

Credentials go as HTTP basic or digest authentication, whichever the server's challenge
asks for (Virtuoso's writable endpoints want digest; a proxy in front of a server often
basic). Queries are sent as the protocol's form POST, with ``Accept`` alone choosing the
result format: no ``format=`` parameter, which some servers answer with 406.
"""

from __future__ import annotations

import logging
import re
import urllib.parse
import weakref
from collections.abc import Generator, Sequence
from dataclasses import dataclass

import httpx

from ..errors import (
    ApiError,
    BadGateway,
    BadRequest,
    GatewayTimeout,
    QuerySyntaxError,
    StoreUnavailable,
)
from ..sparql_text import code_only
from .engine_errors import FUNCTIONS_HINT, from_engine

LOG = logging.getLogger("styrgraf")
#: Seconds a load's request (a whole graph) may take, at least.
LOAD_TIMEOUT = 300.0
#: A server's answer that says its own time limit stopped the query (Virtuoso: SR171,
#: "estimated execution time"; Fuseki and others: "timeout").
_TIMED_OUT = re.compile(r"time(d)? ?out|timeout|execution time|SR171|SQ200", re.I)
#: Part of the body kept in a message: enough to say what the server said.
SNIPPET = 300


def server_name(url: str) -> str:
    """Return ``url`` as it may be shown: no user name, password, query or fragment."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


#: A function call: an IRI or a prefixed name right before "(".
_CALL = re.compile(r"(<[^<>\s]*>|[A-Za-z][\w.-]*:[\w.-]*)\s*\(")
XSD = "http://www.w3.org/2001/XMLSchema#"


def extension_functions(query: str) -> list[str]:
    """Return the functions ``query`` calls that SPARQL 1.1 does not define (IRIs or
    prefixed names; the XSD casts are SPARQL's own)."""
    code = code_only(query)
    xsd_prefixes = {
        m.group(1) for m in re.finditer(rf"PREFIX\s+([\w.-]*):\s*<{re.escape(XSD)}>", code, re.I)
    }
    found = []
    for match in _CALL.finditer(code):
        name = match.group(1)
        if not (name.startswith(f"<{XSD}") or name.partition(":")[0] in xsd_prefixes):
            found.append(name)
    return found


def parses(query: str) -> bool:
    """Tell whether ``query`` is SPARQL 1.1 by the grammar (rdflib's parser, not a store)."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(query)
    except Exception:  # pyparsing's errors, and rdflib's own
        return False
    return True


class ChallengeAuth(httpx.Auth):
    """Basic or digest authentication, as the server's first 401 challenge asks.

    Until a challenge comes, requests go without credentials (a public endpoint needs
    none); after it, every request goes with the scheme it named.
    """

    def __init__(self, user: str, password: str) -> None:
        self._schemes: dict[str, httpx.Auth] = {
            "basic": httpx.BasicAuth(user, password),
            "digest": httpx.DigestAuth(user, password),
        }
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is not None:
            yield from self._chosen.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "")
        scheme = challenge.split(" ", 1)[0].lower()
        if scheme not in self._schemes:
            return  # a scheme we do not speak: the 401 stands
        self._chosen = self._schemes[scheme]
        yield from self._chosen.auth_flow(request)


@dataclass(frozen=True)
class Urls:
    """The external store's three URLs."""

    endpoint: str
    graph_store: str | None = None
    update_endpoint: str | None = None


class Upstream:
    """Requests to one external SPARQL store."""

    def __init__(
        self,
        urls: Urls,
        timeout: float = 10.0,
        user: str | None = None,
        password: str | None = None,
    ) -> None:
        self.urls = urls
        self.timeout = timeout
        auth = ChallengeAuth(user, password or "") if user else None
        self._client = httpx.Client(auth=auth, headers={"User-Agent": "styrgraf"})
        # a store dropped without close() still closes its pooled connections
        weakref.finalize(self, self._client.close)

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    # --- the SPARQL 1.1 Protocol -------------------------------------------------------------
    def query(
        self,
        text: str,
        accept: str,
        default: Sequence[str] = (),
        named: Sequence[str] = (),
    ) -> httpx.Response:
        """POST the query ``text`` with its dataset; return the answer (status 200)."""
        form: dict[str, str | list[str]] = {"query": text}
        if default:
            form["default-graph-uri"] = list(default)
        if named:
            form["named-graph-uri"] = list(named)
        try:
            return self._send(
                "POST", self.urls.endpoint, self.timeout, data=form, headers={"Accept": accept},
                doing="query", query=True,
            )  # fmt: skip
        except BadGateway as exc:
            called = extension_functions(text)
            if exc.context.get("upstream_status") != 500 or not called:
                raise
            raise BadRequest(  # the store failed on a function it does not have
                f"the query calls {called[0]}, which the store at "
                f"{server_name(self.urls.endpoint)} failed to evaluate",
                hint=FUNCTIONS_HINT,
            ) from exc
        except QuerySyntaxError as exc:
            if not parses(text):
                raise
            raise BadGateway(  # valid SPARQL 1.1 that this server does not take
                f"the store at {server_name(self.urls.endpoint)} refused a query that is valid "
                f"SPARQL 1.1: {exc.message.partition(': ')[2][:SNIPPET]}",
                hint="the store's SPARQL differs from the standard here (README: Stores)",
            ) from exc

    def update(self, text: str) -> None:
        """POST the SPARQL Update ``text``."""
        if not self.urls.update_endpoint:
            raise StoreUnavailable("no update endpoint is set", hint="set --update-endpoint")
        self._send(
            "POST", self.urls.update_endpoint, max(self.timeout, LOAD_TIMEOUT),
            data={"update": text}, doing="update",
        )  # fmt: skip

    # --- the Graph Store Protocol --------------------------------------------------------------
    def _graph_url(self, graph: str | None) -> str:
        if not self.urls.graph_store:
            raise StoreUnavailable(
                "no Graph Store Protocol URL is set",
                hint="set --graph-store (for oxigraph serve: <base>/store)",
            )
        where = "default" if graph is None else "graph=" + urllib.parse.quote(graph, safe="")
        return f"{self.urls.graph_store}?{where}"

    def put(self, graph: str, body: bytes, media_type: str) -> None:
        """Replace the named graph ``graph`` with ``body`` (one request: atomic there)."""
        self._send(
            "PUT", self._graph_url(graph), max(self.timeout, LOAD_TIMEOUT), content=body,
            headers={"Content-Type": media_type}, doing="load",
        )  # fmt: skip

    def get(self, graph: str, accept: str) -> httpx.Response | None:
        """Return the named graph ``graph`` as ``accept``, or None when there is none."""
        url = self._graph_url(graph)
        response = self._send(
            "GET", url, max(self.timeout, LOAD_TIMEOUT), headers={"Accept": accept},
            doing="dump", missing_ok=True,
        )  # fmt: skip
        return None if response.status_code == 404 else response

    def delete(self, graph: str) -> None:
        """Drop the named graph ``graph`` (none: nothing to do)."""
        self._send("DELETE", self._graph_url(graph), self.timeout, doing="drop", missing_ok=True)

    # --- one request, its failures in our words ---------------------------------------------
    def _send(
        self,
        method: str,
        url: str,
        timeout: float,
        *,
        doing: str,
        query: bool = False,
        missing_ok: bool = False,
        **kwargs: object,
    ) -> httpx.Response:
        name = server_name(url)
        try:
            response = self._client.request(method, url, timeout=timeout, **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException as exc:
            raise GatewayTimeout(
                f"the store at {name} did not answer within {timeout:g} s",
                hint="narrow the query or add LIMIT; or check the store's load",
            ) from exc
        except httpx.HTTPError as exc:  # refused, reset, name not found, bad URL
            reason = type(exc).__name__
            raise StoreUnavailable(
                f"the store at {name} is unreachable ({reason})",
                hint="check that it runs and that the URL is right",
            ) from exc
        status = response.status_code
        if status < 300 or (missing_ok and status == 404):
            return response
        text = response.text
        LOG.info("%s %s answered %d to a %s: %s", method, name, status, doing, text[:SNIPPET])
        raise self._failure(name, status, text, doing, query)

    @staticmethod
    def _failure(name: str, status: int, text: str, doing: str, query: bool) -> ApiError:
        body = text[:SNIPPET].strip()
        said = f": {body}" if body else ""
        if status == 500 and query:
            known = from_engine(text)  # Oxigraph's words for a query's own mistake
            if isinstance(known, BadRequest):
                return known
        if status == 400 and query:
            return QuerySyntaxError(
                f"the store at {name} refused the query{said}",
                hint="check the query's syntax",
            )
        if status in {401, 403}:
            return BadGateway(
                f"the store at {name} refused the {doing}: not authorised ({status})",
                hint="check --user and --password (or STYRGRAF_STORE_USER and "
                "STYRGRAF_STORE_PASSWORD), and that the user may write there",
            )
        if status == 503:
            return StoreUnavailable(f"the store at {name} is unavailable (503){said}",
                                    hint="try again later")  # fmt: skip
        if status == 504 or (status >= 500 and _TIMED_OUT.search(body)):
            return GatewayTimeout(
                f"the store at {name} stopped the {doing} at its own time limit ({status})",
                hint="narrow the query, or raise the store's time limit",
            )
        return BadGateway(
            f"the store at {name} failed the {doing} ({status}){said}",
            hint="check the store's log, and that the URL is its SPARQL or graph store URL",
            upstream_status=status,
        )
