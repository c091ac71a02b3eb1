"""``/search`` (a page, Swedish) and ``/api/search`` (JSON): full-text search (issue 15).

Both take ``q`` (at most :data:`~api.search.MAX_QUERY_CHARS` characters) and ``limit``
(1–:data:`~api.search.MAX_HITS`); an empty or over-long query answers 400. The index
(:mod:`api.search`) is built on the first search after the data changed, once: searches
that arrive meanwhile wait for it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from loaders.ontology import ontology
from loaders.vocab import STYR_NS

from .. import search
from ..errors import BadRequest
from ..render import render
from ..search import Hit, SearchIndex
from ..services import services
from .labels import vocabulary
from .names import Names, local_name
from .schemas import ErrorAnswer, SearchAnswer, SearchHit

router = APIRouter()
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorAnswer,
        "description": "The query is empty or too long, or the limit is out of range",
    },
}


def kind_of(types: list[str]) -> str:
    """Return the local name of an entity's most specific type (ontology terms first)."""
    chosen = ontology().most_specific(types)
    return local_name(chosen[0]) if chosen else ""


async def index_of(request: Request) -> SearchIndex:
    """Return the app's search index, built (once) if the data changed since the last."""
    kept = services(request)
    store, base = kept.store, kept.settings.base_iri

    async def build() -> SearchIndex:
        return await run_in_threadpool(search.build, store, base, kind_of)

    return await kept.search.get(store, build)


def checked(q: str | None, limit: int) -> str:
    """Return the query to run, or raise 400 saying what to change."""
    if not 1 <= limit <= search.MAX_HITS:
        raise BadRequest(
            f"the parameter 'limit' must be between 1 and {search.MAX_HITS}, not {limit}",
            hint=f"pass limit={min(max(limit, 1), search.MAX_HITS)}",
        )
    try:
        return search.check_query(q or "")
    except ValueError as exc:
        raise BadRequest(
            str(exc),
            hint=f"pass q= with one or more words, at most {search.MAX_QUERY_CHARS} "
            f"characters and {search.MAX_WORDS} different words",
        ) from exc


async def run(request: Request, q: str, limit: int) -> list[Hit]:
    """Return the hits for ``q`` (checked)."""
    index = await index_of(request)
    return await run_in_threadpool(index.search, q, limit)


@router.get(
    "/api/search",
    tags=["search"],
    summary="Full-text search over the entities' labels and texts",
    responses=ERRORS,
)
async def api_search(
    request: Request,
    q: str | None = Query(
        None,
        description="Words to find (Swedish; inflections match), at most "
        f"{search.MAX_WORDS} different words",
        json_schema_extra={"minLength": 1, "maxLength": search.MAX_QUERY_CHARS},
    ),
    limit: int = Query(
        search.DEFAULT_HITS,
        description=f"At most {search.MAX_HITS}",
        json_schema_extra={"minimum": 1, "maximum": search.MAX_HITS},
    ),
) -> SearchAnswer:
    """Entities having every word of ``q`` (in any inflection), best first.

    Each hit: ``iri``, ``label`` (Swedish), ``kind`` (the local name of its most specific
    type, e.g. ``Assignment``) and ``snippet`` (plain text around the first match).
    """
    hits = await run(request, checked(q, limit), limit)
    return SearchAnswer(
        hits=[SearchHit(iri=h.iri, label=h.label, kind=h.kind, snippet=h.snippet) for h in hits]
    )


@router.get("/search", include_in_schema=False)
async def search_page(request: Request) -> HTMLResponse:
    """The search page: the form, and the hits when ``q`` is given."""
    q = request.query_params.get("q")
    error: BadRequest | None = None
    rows: list[dict[str, Any]] = []
    if q is not None:
        try:
            query = checked(q, search.DEFAULT_HITS)
            hits = await run(request, query, search.DEFAULT_HITS)
            wanted = set(search.stems(query))
            names = Names(services(request).settings.base_iri)
            labels = vocabulary()
            rows = [
                {
                    "href": names.href(h.iri),
                    "label": h.label,
                    "kind": labels.get(STYR_NS + h.kind, {}).get("sv") or h.kind,
                    "snippet": search.marks(h.snippet, wanted),
                }
                for h in hits
            ]
        except BadRequest as failed:
            error = failed
    html = render(
        "search.html",
        title=f"Sök: {q}" if q else "Sök",
        current="/search",
        q=q or "",
        searched=q is not None and error is None,
        error=error,
        rows=rows,
        max_chars=search.MAX_QUERY_CHARS,
        api="/api/search?" + urlencode({"q": q}) if q else None,
    )
    return HTMLResponse(html, status_code=400 if error else 200)
