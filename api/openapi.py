"""A request FastAPI cannot validate: the 400 the app answers, and the same in /openapi.json.

FastAPI answers a parameter that is missing or not of its type with 422 and documents a
422 ``HTTPValidationError`` on every route with parameters. This app answers such a
request as it answers every client mistake: 400 with its one error body
(:class:`api.routes.schemas.ErrorAnswer`), made by :func:`validation_error`.
:func:`describe_as_answered` makes the OpenAPI document say so: each 422 becomes that 400.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI
from pydantic.json_schema import models_json_schema

from .errors import BadRequest
from .routes.schemas import ERROR_CONTENT, ErrorAnswer

#: What the document says of the 400 it puts where FastAPI wrote 422.
INVALID = "A parameter is missing or not what it takes; the message says which"
#: FastAPI's own models of its 422 body, which the app never sends.
UNSENT_MODELS = ("HTTPValidationError", "ValidationError")


def validation_error(errors: Sequence[Any]) -> BadRequest:
    """Return the 400 for FastAPI's validation ``errors`` (the first one is told).

    A missing parameter is named, as the routes' own checks name it; anything else says
    what FastAPI found.
    """
    first = errors[0] if errors else {}
    location = tuple(first.get("loc", ()))
    if first.get("type") == "missing" and len(location) == 2:
        where, name = location
        if where == "query":
            return BadRequest(
                f"parameter '{name}' is required", hint=f"add ?{name}=…; /docs says what it takes"
            )
        return BadRequest(f"the {where} parameter '{name}' is required", hint="see /docs")
    return BadRequest(
        f"the request is not valid: {first.get('msg', '')}", hint="see /docs for the parameters"
    )


def answered(document: dict[str, Any]) -> dict[str, Any]:
    """Replace every 422 of ``document`` with the 400 the app answers; return it."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            answers = operation.get("responses", {})
            if answers.pop("422", None) is not None and "400" not in answers:
                answers["400"] = {"description": INVALID, "content": ERROR_CONTENT}
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    if "ErrorAnswer" not in schemas:  # no route names the model itself
        _, made = models_json_schema(
            [(ErrorAnswer, "serialization")], ref_template="#/components/schemas/{model}"
        )
        schemas.update(made.get("$defs", {}))
    for name in UNSENT_MODELS:
        schema = schemas.pop(name, None)
        if schema is not None and f'"#/components/schemas/{name}"' in json.dumps(document):
            schemas[name] = schema  # still named somewhere: not FastAPI's unsent body
    return document


def describe_as_answered(app: FastAPI) -> None:
    """Make ``app.openapi()`` give the document with :func:`answered` applied, once."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = answered(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
