"""The parameters of the resource routes: their declarations and their checks.

Every check raises :class:`~api.errors.BadRequest` with a message that names the parameter
and a hint that says what to send instead, so a misspelt or malformed filter is never
ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from fastapi import Query, Request
from rdflib import URIRef

from loaders.vocab import KOD_NS

from ..errors import BadRequest
from ..iri import parse_iri as parse_client_iri
from .labels import vocabulary

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
YEAR = re.compile(r"[0-9]{4}")
IRI_EXAMPLE = "https://w3id.org/styrgraf/id/goteborg/org/kommunstyrelsen"
#: The parameters of every paged list.
PAGING = ("limit", "offset", "format")


# --- checks --------------------------------------------------------------------------------
def check_params(request: Request, allowed: Iterable[str]) -> None:
    """Refuse parameters the route does not take, so a misspelt filter is not ignored.

    Raises:
        BadRequest: a parameter is not one of ``allowed``.
    """
    known = set(allowed)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise BadRequest(
            f"unknown parameter {unknown[0]!r}",
            hint=f"this resource takes: {', '.join(sorted(known))}; see /docs",
        )


def parse_iri(name: str, value: str) -> URIRef:
    """Return ``value`` as an IRI.

    Raises:
        BadRequest: the value is not an absolute IRI (the message says what is wrong).
    """
    return parse_client_iri(name, value, IRI_EXAMPLE)


def parse_date(name: str, value: str | None) -> date | None:
    """Return ``value`` (an xsd:date, ``YYYY-MM-DD``) as a date; None stays None.

    Raises:
        BadRequest: the value is not a calendar date.
    """
    if value is None or value == "":
        return None
    text = value.strip()
    try:
        if not DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise BadRequest(
            f"parameter {name!r} must be an xsd:date (YYYY-MM-DD), not {value!r}",
            hint="for example 2025-06-30",
        ) from None


def required_iri(value: str | None) -> URIRef:
    """Return the ``iri`` parameter of a single-item route.

    Raises:
        BadRequest: it is missing or not an absolute IRI.
    """
    if not value:
        raise BadRequest(
            "parameter 'iri' is required", hint="add ?iri=<the item's IRI, as the list gives it>"
        )
    return parse_iri("iri", value)


def parse_choice(name: str, value: str, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices``.

    Raises:
        BadRequest: it is not.
    """
    if value not in choices:
        raise BadRequest(
            f"parameter {name!r} must be one of {', '.join(choices)}, not {value!r}",
            hint=f"for example {name}={choices[0]}",
        )
    return value


def check_paging(limit: int, offset: int) -> None:
    """Check ``limit`` and ``offset``.

    Raises:
        BadRequest: one is out of range.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(
            f"parameter 'limit' must be between 1 and {MAX_LIMIT}, not {limit}",
            hint=f"page through the list with offset, e.g. limit={MAX_LIMIT}&offset={MAX_LIMIT}",
        )
    if offset < 0:
        raise BadRequest(f"parameter 'offset' must be 0 or more, not {offset}", hint="offset=0")


def code_or_iri(name: str, value: str, scheme: str) -> URIRef:
    """Return a code of the code list ``scheme`` (its notation, or its IRI) as its IRI.

    Raises:
        BadRequest: a notation that is not in the code list, or neither a code nor an IRI.
    """
    value = value.strip()
    prefix = f"{KOD_NS}{scheme}/"
    codes = sorted(iri[len(prefix) :] for iri in vocabulary() if iri.startswith(prefix))
    if SLUG.fullmatch(value):
        if codes and value not in codes:
            raise BadRequest(
                f"parameter {name!r}: {value!r} is not a code of {prefix}",
                hint=f"use one of {', '.join(codes)}, or a code's IRI",
            )
        return URIRef(prefix + value)
    return parse_iri(name, value)


def in_range(day: str | None, after: date | None, before: date | None) -> bool:
    """Return whether ``day`` lies in [after, before]; an undated one only without bounds."""
    if after is None and before is None:
        return True
    if day is None:
        return False
    value = date.fromisoformat(day)
    return (after is None or value >= after) and (before is None or value <= before)


# --- declarations --------------------------------------------------------------------------
# The limits the checks above enforce are stated in the OpenAPI schema (json_schema_extra)
# rather than enforced by FastAPI, so that a value out of range gets the checks' message,
# which names the parameter and says what to send.
def iri_param() -> Any:
    """Declare ``iri``, required: without it FastAPI answers 400 (:mod:`api.openapi`)."""
    return Query(
        ...,
        description="The item's IRI (absolute, URL-encoded), as `iri` in the list gives it.",
        examples=[IRI_EXAMPLE],
        json_schema_extra={"format": "iri"},
    )


def iri_filter(description: str, example: str = IRI_EXAMPLE) -> Any:
    """Declare an optional filter that takes an IRI (checked by :func:`parse_iri`)."""
    return Query(
        None, description=description, examples=[example], json_schema_extra={"format": "iri"}
    )


def choice_param(default: str | None, description: str, choices: Sequence[str]) -> Any:
    """Declare a parameter that takes one of ``choices`` (checked by :func:`parse_choice`)."""
    return Query(default, description=description, json_schema_extra={"enum": list(choices)})


def limit_param(description: str = f"Items per page, 1–{MAX_LIMIT}.") -> Any:
    return Query(
        DEFAULT_LIMIT,
        description=description,
        json_schema_extra={"minimum": 1, "maximum": MAX_LIMIT},
    )


def offset_param(description: str = "Items to skip, for paging (the order is stable).") -> Any:
    return Query(0, description=description, json_schema_extra={"minimum": 0})


def format_param(*names: str) -> Any:
    """Declare ``format``, which takes one of ``names`` (default: json and csv)."""
    names = names or ("json", "csv")
    quoted = [f"`{name}`" for name in names]
    choices = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return Query(
        None,
        description=f"{choices}; without it the Accept header decides.",
        json_schema_extra={"enum": list(names)},
    )


def date_param(description: str, example: str) -> Any:
    """Declare an optional xsd:date (YYYY-MM-DD), as :func:`parse_date` reads it."""
    return Query(
        None, description=description, examples=[example], json_schema_extra={"format": "date"}
    )
