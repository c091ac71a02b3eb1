"""How the resource routes answer: the media type, a page of a list as JSON or CSV, one item.

Every list answers JSON by default, and CSV by negotiation (``Accept: text/csv``) or
``format=csv`` where it is a table. A JSON page carries ``total``, ``limit``, ``offset``,
``truncated``, the ``params`` it was given and its ``items``; CSV follows RFC 4180.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from ..conneg import negotiate
from ..errors import BadRequest, NotAcceptable, NotFound
from ..formats import CSV as CSV_FORMAT
from ..formats import ICALENDAR
from ..formats import JSON as JSON_FORMAT

#: What the resource lists answer in, from the format registry; ``format=`` names each by
#: its file extension (json, csv, ics).
LIST_FORMATS = (JSON_FORMAT, CSV_FORMAT, ICALENDAR)
JSON, CSV, ICAL = (f.media_type for f in LIST_FORMATS)
TABLE = (JSON, CSV)
#: A CSV column: its name and how to read its cell from an item.
Column = tuple[str, Callable[[dict[str, Any]], object]]


def media_for(request: Request, fmt: str | None, offered: Sequence[str]) -> str:
    """Return the media type to answer in: ``format=`` first, else the Accept header.

    Raises:
        BadRequest: an unknown or unoffered ``format``.
        NotAcceptable: the client accepts none of ``offered``.
    """
    names = {f.extension.lstrip("."): f.media_type for f in LIST_FORMATS}
    if fmt:
        wanted = names.get(fmt)
        if wanted is None or wanted not in offered:
            choices = ", ".join(k for k, v in names.items() if v in offered)
            raise BadRequest(
                f"parameter 'format' must be one of: {choices}, not {fmt!r}",
                hint="or leave it out and send an Accept header",
            )
        return wanted
    media = negotiate(request.headers.get("accept"), offered)
    if media is None:
        raise NotAcceptable(
            f"this resource is available as {', '.join(offered)} only",
            hint=f"send Accept: {offered[0]}"
            + (f" or {', '.join(offered[1:])}" if offered[1:] else ""),
        )
    return media


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def labels_cell(refs: Iterable[Mapping[str, Any]]) -> str:
    """Join the labels (or, without one, the IRIs) of refs for a CSV cell."""
    return "; ".join(str(r.get("label") or r.get("iri")) for r in refs)


def iris_cell(refs: Iterable[Mapping[str, Any]]) -> str:
    return " ".join(str(r["iri"]) for r in refs)


def label_of(ref: Mapping[str, Any] | None) -> object:
    return ref.get("label") if ref else None


def iri_of(ref: Mapping[str, Any] | None) -> object:
    return ref.get("iri") if ref else None


def code_of(code: Mapping[str, Any] | None) -> object:
    return code.get("code") if code else None


def fields(*names: str) -> list[Column]:
    """Return columns whose cells are the items' values under the same names."""
    return [(name, itemgetter(name)) for name in names]


def csv_response(
    items: Sequence[dict[str, Any]], columns: Sequence[Column], headers: Mapping[str, str]
) -> Response:
    """Return the items as CSV (RFC 4180: a header row, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in columns])
    for item in items:
        writer.writerow([cell(get(item)) for _, get in columns])
    return Response(buffer.getvalue(), media_type=f"{CSV}; charset=utf-8", headers=dict(headers))


def listing(
    request: Request,
    items: list[dict[str, Any]],
    *,
    limit: int,
    offset: int,
    truncated: bool,
    media: str,
    columns: Sequence[Column] | None,
    params: Mapping[str, object],
) -> Response:
    """Answer a page of ``items`` as JSON (with the total) or, for tables, as CSV.

    ``media`` is what :func:`media_for` chose, before the queries ran.
    """
    page = items[offset : offset + limit]
    headers = {"Vary": "Accept", "X-Total-Count": str(len(items))}
    if truncated:
        headers["X-Styrgraf-Truncated"] = "true"
    if media == CSV and columns is not None:
        return csv_response(page, columns, headers)
    body = {
        "total": len(items),
        "limit": limit,
        "offset": offset,
        "truncated": truncated,
        "params": {k: v for k, v in params.items() if v not in (None, "")},
        "items": page,
    }
    return JSONResponse(body, headers=headers)


def single(item: dict[str, Any]) -> Response:
    """Answer one item as JSON (the route checked that the client takes JSON)."""
    return JSONResponse(item, headers={"Vary": "Accept"})


def not_found(kind: str, iri: str, listing_path: str) -> NotFound:
    return NotFound(f"no {kind} has the IRI {iri}", hint=f"GET {listing_path} lists them")
