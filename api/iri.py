"""Client-supplied IRIs: one place that turns a parameter's text into an RDF term, or a 400.

Every route that takes an IRI (``?iri=``, ``?body=``, ``?goal=``, a named query's ``iri``
parameter, …) goes through :func:`parse_iri`. It accepts what `RFC 3987
<https://www.rfc-editor.org/rfc/rfc3987#section-2.2>`_ calls an absolute IRI and says in
the error what is wrong with anything else: a control character, a space, a character that
must be percent-encoded, a broken ``%`` escape, a missing scheme. The store is Oxigraph
(in process, or ``oxigraph serve`` remotely), and its IRI parser is the last check, so a
term that passes here is one the engine accepts.
"""

from __future__ import annotations

import unicodedata
from string import ascii_letters, digits, hexdigits
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import URIRef

from .errors import BadRequest

#: Longer values are refused before they are looked at: no minted IRI comes near this.
MAX_LENGTH = 4096
#: ASCII characters that may appear as they are (RFC 3987 iunreserved, reserved and ``%``).
_ASCII = frozenset(ascii_letters + digits + "-._~" + ":/?#[]@" + "!$&'()*+,;=" + "%")
_SCHEME_CHARS = frozenset(ascii_letters + digits + "+-.")
_HEX = frozenset(hexdigits)
#: RFC 3987 ``ucschar``: the non-ASCII code points allowed anywhere.
_UCSCHAR = (
    (0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF),
    *((plane, plane + 0xFFFD) for plane in range(0x10000, 0xE0000, 0x10000)),
    (0xE1000, 0xEFFFD),
)  # fmt: skip
#: RFC 3987 ``iprivate``: private-use code points, allowed in the query part only.
_IPRIVATE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
#: Leading and trailing characters dropped before checking (a pasted IRI's spaces and
#: line ends); anything of this kind inside the IRI is refused.
_TRIM = " \t\r\n"


def _within(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def _describe(char: str) -> str:
    """Return how an error names ``char``: its code point, and its Unicode name if it has one."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _character_problem(char: str, at: int, in_query: bool) -> str | None:
    """Return why ``char`` (at position ``at``) may not appear as it is, or None if it may."""
    code = ord(char)
    where = f"at position {at}"
    if code < 0x80:
        if char in _ASCII:
            return None
        if char == " ":
            return f"it contains a space {where} (write %20)"
        if unicodedata.category(char) == "Cc":
            return f"it contains the control character {_describe(char)} {where}"
        return f"it contains {char!r} {where}, which must be percent-encoded as %{code:02X}"
    if _within(code, _UCSCHAR) or (in_query and _within(code, _IPRIVATE)):
        return None
    category = unicodedata.category(char)
    if category == "Cc":
        return f"it contains the control character {_describe(char)} {where}"
    if category == "Cs":
        return f"it contains a lone surrogate {_describe(char)} {where}"
    if category == "Co":
        return f"it contains the private-use character {_describe(char)} {where}, outside a query"
    if code == 0xFFFD:
        return f"it contains U+FFFD {where}: bytes that are not UTF-8, such as %C0%AE"
    return f"it contains {_describe(char)} {where}, which is not allowed in an IRI"


def iri_problem(text: str) -> str | None:
    """Return what makes ``text`` not an absolute IRI (RFC 3987), or None if it is one."""
    if not text:
        return "it is empty"
    if len(text) > MAX_LENGTH:
        return f"it is {len(text)} characters long; at most {MAX_LENGTH} are accepted"
    scheme, colon, rest = text.partition(":")
    if not colon or not scheme:
        return "it has no scheme (such as https:)"
    if not (scheme[0].isascii() and scheme[0].isalpha()) or not set(scheme) <= _SCHEME_CHARS:
        return f"its scheme {scheme[:40]!r} is not a letter followed by letters, digits, +, - or ."
    in_query = in_fragment = False
    for index, char in enumerate(text):
        problem = _character_problem(char, index + 1, in_query and not in_fragment)
        if problem:
            return problem
        escape = text[index + 1 : index + 3]
        if char == "%" and not (len(escape) == 2 and set(escape) <= _HEX):
            return f"'%' at position {index + 1} is not followed by two hexadecimal digits"
        if char == "#":
            if in_fragment:
                return f"it has a second '#' at position {index + 1} (write %23)"
            in_fragment = True
        elif char == "?":
            in_query = True
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - reading it checks the port
    except ValueError:
        return "its host or port is malformed"
    host = len(scheme) + 3 if rest.startswith("//") else len(text)
    outside = text[:host] + text[host + len(parts.netloc) :]
    if "[" in outside or "]" in outside:
        return "it has '[' or ']' outside its host (write %5B and %5D)"
    try:
        ox.NamedNode(text)
    except ValueError:
        return "it is not an IRI as RFC 3987 defines it"
    return None


def parse_iri(name: str, value: str, example: str = "") -> URIRef:
    """Return the parameter ``name``'s ``value`` as an IRI; ``<…>`` around it is tolerated.

    Raises:
        BadRequest: the value is not an absolute IRI; the message says what is wrong.
    """
    text = value.strip(_TRIM)
    if len(text) >= 2 and text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    problem = iri_problem(text)
    if problem:
        hint = "give the full IRI with its scheme, URL-encoded in the query string"
        raise BadRequest(
            f"parameter {name!r} is not an absolute IRI: {problem}",
            hint=f"{hint}, e.g. {name}={example}" if example else hint,
        )
    return URIRef(text)
