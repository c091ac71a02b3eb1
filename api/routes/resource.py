"""The steps every resource route shares: a paged list, and one item by its IRI.

Each router keeps its own ``@router.get`` with its path, summary, description, response
model and filters, so /docs shows each route as written. A :class:`Resource` says what
its handlers need besides: what a 404 calls one item, the list a 404 points to, the
list's filters and its CSV columns (none: the list is JSON only). The handlers then take
the same steps in the same order:

* a list takes ``paging`` (:data:`TablePaging` or :data:`JsonPaging`: ``limit``,
  ``offset`` and ``format``, which /docs lists after the route's filters), then
  :meth:`Resource.begin` refuses unknown parameters, checks the paging and chooses the
  media type before any query runs; the router selects its items, and
  :meth:`Listing.answer` answers a page of them as JSON or CSV;
* an item: :meth:`Resource.find` refuses unknown parameters, checks that the client takes
  JSON, reads ``iri``, runs the item's facet query and answers 404 when it finds no item;
  the router builds the item and answers it with :func:`.answers.single`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from rdflib import URIRef

from .answers import JSON, TABLE, Column, listing, media_for, not_found
from .facts import Facts, facts
from .labels import Labels
from .params import (
    PAGING,
    check_paging,
    check_params,
    format_param,
    limit_param,
    offset_param,
    required_iri,
)


@dataclass(frozen=True)
class Paging:
    """The paging of a list: ``limit``, ``offset`` and ``format`` as the client gave them."""

    limit: int
    offset: int
    format: str | None


def table_paging(
    limit: int = limit_param(),
    offset: int = offset_param(),
    format: str | None = format_param(),
) -> Paging:
    """Declare the paging of a table: JSON, or CSV by Accept or ``format=csv``."""
    return Paging(limit, offset, format)


def json_paging(
    limit: int = limit_param(),
    offset: int = offset_param(),
    format: str | None = format_param("json"),
) -> Paging:
    """Declare the paging of a list that is JSON only."""
    return Paging(limit, offset, format)


#: A table's paging (FastAPI lists a dependency's parameters after the route's own).
TablePaging = Annotated[Paging, Depends(table_paging)]
#: A JSON-only list's paging.
JsonPaging = Annotated[Paging, Depends(json_paging)]


@dataclass(frozen=True)
class Found:
    """The item a single-item route asked for: its IRI, its facets and their labels."""

    term: URIRef
    facts: Facts
    labels: Labels


@dataclass(frozen=True)
class Resource:
    """What the list and item routes of one resource need besides their declarations."""

    #: What a 404 calls one item ("goal").
    kind: str
    #: The path of the list, which a 404 points to.
    path: str
    #: The CSV columns of the list; None: the list is JSON only.
    columns: Sequence[Column] | None = None
    #: The list's parameters besides the paging.
    filters: tuple[str, ...] = ()
    #: The media types of the list; default: JSON, and CSV when it has columns.
    offered: tuple[str, ...] = ()

    def begin(self, request: Request, paging: Paging) -> Listing:
        """Check a list request and choose its media type, before any query runs.

        Raises:
            BadRequest: an unknown parameter, a limit or offset out of range, a bad format.
            NotAcceptable: the client accepts none of the list's media types.
        """
        check_params(request, [*self.filters, *PAGING])
        check_paging(paging.limit, paging.offset)
        offered = self.offered or (TABLE if self.columns is not None else (JSON,))
        return Listing(self, request, paging, media_for(request, paging.format, offered))

    async def find(self, request: Request, iri: str, query: str) -> Found:
        """Return the item ``iri`` names, read by ``query`` (a facet query that binds ``?s``).

        Raises:
            BadRequest: an unknown parameter, or ``iri`` missing or not an IRI.
            NotAcceptable: the client does not take JSON.
            NotFound: the query finds no item with the IRI.
        """
        check_params(request, ["iri"])
        media_for(request, None, [JSON])
        term = required_iri(iri)
        result = await facts(request, query, {"s": term})
        item = result.items.get(str(term))
        if item is None:
            raise not_found(self.kind, str(term), self.path)
        return Found(term, item, result.labels)


@dataclass(frozen=True)
class Listing:
    """A list request that passed its checks, and the media type it is answered in."""

    resource: Resource
    request: Request
    paging: Paging
    media: str

    def answer(
        self,
        items: list[dict[str, Any]],
        truncated: bool,
        params: Mapping[str, object] | None = None,
    ) -> Response:
        """Answer a page of ``items`` (the whole list, in order); ``params`` are the
        filters given, as the JSON page repeats them."""
        return listing(
            self.request,
            items,
            limit=self.paging.limit,
            offset=self.paging.offset,
            truncated=truncated,
            media=self.media,
            columns=self.resource.columns,
            params=params or {},
        )
