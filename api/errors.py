"""The HTTP boundary's errors: one base type, one JSON shape, a hint on what to fix."""

from __future__ import annotations

#: All that a 500 tells the client.
INTERNAL = "internal error; the server log has the details"


class ApiError(Exception):
    """A request the server cannot answer; ``status`` is the HTTP status code."""

    status = 500
    code = "internal-error"

    def __init__(self, message: str, *, hint: str = "", **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.context = {k: v for k, v in context.items() if v is not None}

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with the hint and context (query workers send refusals to the server)."""
        return (_rebuild, (type(self), self.message, self.hint, self.context))

    def headers(self) -> dict[str, str]:
        """Return the response headers the error needs: when to retry, for 429 and 503."""
        if self.status in {429, 503}:
            return {"Retry-After": str(self.context.get("retry_after", 1))}
        return {}

    def to_json(self) -> dict[str, object]:
        """Return the error as ``{"error": {"status", "code", "message", "hint", ...}}``.

        A 500 is our fault, and its message may hold an engine's words or a file path: the
        client gets :data:`INTERNAL` only, and the server log keeps the exception.
        """
        if self.status == 500:
            return {"error": {"status": 500, "code": "internal-error", "message": INTERNAL}}
        body: dict[str, object] = {
            "status": self.status,
            "code": self.code,
            "message": self.message,
        }
        if self.hint:
            body["hint"] = self.hint
        body.update({k: str(v) for k, v in self.context.items()})
        return {"error": body}


def _rebuild(cls: type[ApiError], message: str, hint: str, context: dict[str, object]) -> ApiError:
    return cls(message, hint=hint, **context)


class BadRequest(ApiError):
    status = 400
    code = "bad-request"


class QuerySyntaxError(BadRequest):
    code = "query-syntax"


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"


class Forbidden(ApiError):
    status = 403
    code = "forbidden"


class NotFound(ApiError):
    status = 404
    code = "not-found"


class NotAcceptable(ApiError):
    status = 406
    code = "not-acceptable"


class PayloadTooLarge(ApiError):
    status = 413
    code = "payload-too-large"


class UnsupportedMediaType(ApiError):
    status = 415
    code = "unsupported-media-type"


class TooManyRequests(ApiError):
    """This client already has its share of the server's slots and queue (api/admission.py)."""

    status = 429
    code = "too-many-requests"


class Overloaded(ApiError):
    """The server's queue is full, or stayed full for a request's whole time limit."""

    status = 503
    code = "overloaded"


class QueryTimeout(ApiError):
    status = 503
    code = "query-timeout"


class StoreUnavailable(ApiError):
    status = 503
    code = "store-unavailable"


class BadGateway(ApiError):
    """The external SPARQL store answered with an error of its own (a 5xx, a refusal of
    our credentials, or a body that does not parse): its fault or its settings, never the
    client's."""

    status = 502
    code = "bad-gateway"


class GatewayTimeout(QueryTimeout):
    """The external SPARQL store did not answer within the query time limit."""

    status = 504
    code = "gateway-timeout"
