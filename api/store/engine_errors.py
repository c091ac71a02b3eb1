"""What an engine failure means for the client: a query mistake (400) or our fault (500).

Oxigraph raises ``SyntaxError`` for a query that does not parse, and ``RuntimeError`` for
the rest of its evaluation errors (``QueryEvaluationError`` in spareval), whether the query
or the server is at fault. A query worker reports one as ``"RuntimeError: <message>"``.
``oxigraph serve`` answers the same errors with a 500 whose body is the message. The
variants a query causes (a function the engine does not have, a function called with the
wrong number of arguments, a ``SERVICE`` it cannot call) become a 400 in our words;
anything else is a 500 that says nothing of the engine to the client: the detail stays in
the chained exception, which the server log prints.
"""

from __future__ import annotations

import re

from ..errors import ApiError, BadRequest

FUNCTIONS_HINT = (
    "use SPARQL 1.1's built-in functions and casts "
    "(https://www.w3.org/TR/sparql11-query/#SparqlOps)"
)
_FUNCTION = re.compile(r"The custom function <([^<>\s]*)> is not supported")
_ARITY = re.compile(
    r"The custom function <([^<>\s]*)> requires between ([0-9]+) and ([0-9]+) "
    r"arguments, but ([0-9]+) were given"
)
_SERVICE = re.compile(
    r"(The service <[^<>\s]*> is not supported|.* is not a valid service name"
    r"|The variable encoding the service name is unbound)"
)
INTERNAL = "the store failed to answer; the server log has the details"


def from_engine(failure: Exception | str) -> ApiError:
    """Return the HTTP error for Oxigraph's evaluation error message ``failure``.

    A worker's report (``"RuntimeError: <message>"``) and the bare message both do.
    """
    message = str(failure).strip().removeprefix("RuntimeError: ")
    if found := _FUNCTION.fullmatch(message):
        return BadRequest(
            f"the query calls <{found.group(1)}>, which is not a function this server has",
            hint=FUNCTIONS_HINT,
        )
    if found := _ARITY.fullmatch(message):
        name, low, high, given = found.groups()
        return BadRequest(
            f"the function <{name}> takes {low} to {high} arguments, not {given}",
            hint="check the function's arguments",
        )
    if _SERVICE.fullmatch(message):
        return BadRequest(
            "SERVICE is refused: this endpoint does not call other services",
            hint="query the other endpoint directly",
        )
    return ApiError(INTERNAL)
