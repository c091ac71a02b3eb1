"""The SPARQL text styrgraf sends to an external store besides a client's own: the
registry's updates, parameters as a VALUES block, the row limit, and the pages of a result
the server cut. The text is read with comments and strings blanked (:func:`code_only`);
the words of a query are never edited, only modifiers and blocks added where the grammar
puts them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rdflib import BNode
from rdflib.term import Node

from ..sparql_text import code_only, where_start
from .files import RESERVED

#: The project's default graph: the merge of the loaded graphs.
MERGED = RESERVED + "merged"
#: The registry: ``<graph> a sd:NamedGraph ; dct:modified "…"`` for each loaded graph.
REGISTRY = RESERVED + "graphs"
SD_NAMED_GRAPH = "http://www.w3.org/ns/sparql-service-description#NamedGraph"
MODIFIED = "http://purl.org/dc/terms/modified"
_FORM = re.compile(
    r"\A\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.I,
)
_LIMIT = re.compile(r"\bLIMIT\s+([0-9]+)", re.I)


def registry_update(added: Sequence[str], removed: Sequence[str], stamp: str) -> str:
    """Return the update operations (each ending ``;``) that record ``added`` as loaded at
    ``stamp`` (an xsd:dateTime) in the registry and forget ``removed``."""
    drops = "".join(
        f"DELETE WHERE {{ GRAPH <{REGISTRY}> {{ <{g}> ?p ?o }} }} ;\n" for g in [*added, *removed]
    )
    rows = " ".join(
        f'<{g}> a <{SD_NAMED_GRAPH}> ; <{MODIFIED}> "{stamp}"'
        "^^<http://www.w3.org/2001/XMLSchema#dateTime> ." for g in added
    )  # fmt: skip
    return drops + (f"INSERT DATA {{ GRAPH <{REGISTRY}> {{ {rows} }} }} ;\n" if rows else "")


def values_block(bindings: Mapping[str, Node]) -> str:
    """Return ``VALUES (?a ?b) { (term term) }`` for ``bindings`` (terms as N-Triples)."""
    if not bindings:
        return ""
    names = sorted(bindings)
    for term in bindings.values():
        if isinstance(term, BNode):
            raise ValueError("a blank node cannot be sent to a remote endpoint as a parameter")
    row = " ".join(bindings[n].n3() for n in names)
    return f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "


def bind(query: str, bindings: Mapping[str, Node]) -> str:
    """Return ``query`` with ``bindings`` as a VALUES block opening its WHERE group.

    At the start of the group the values are joined before the group's FILTERs run, as
    in-process substitution binds them. A variable the query assigns itself (``AS ?x``)
    gets a trailing block, which joins on the result. A query with no group (``DESCRIBE
    ?x``) gets one, ``WHERE { VALUES … }``: the same query, and one every server takes
    (Virtuoso refuses a VALUES block after DESCRIBE).
    """
    if not bindings:
        return query
    code = code_only(query)
    assigned = {n for n in bindings if re.search(rf"\bAS\s+[?$]{re.escape(n)}\b", code, re.I)}
    start = where_start(query)
    if start is None:
        return f"{query}\nWHERE {{ {values_block(bindings)} }}"
    leading = {n: t for n, t in bindings.items() if n not in assigned}
    trailing = {n: t for n, t in bindings.items() if n in assigned}
    if leading:
        query = query[:start] + values_block(leading) + query[start:]
    if trailing:
        query = query + "\n" + values_block(trailing)
    return query


def limited(query: str, limit: int | None) -> str:
    """Return the SELECT ``query`` asking for at most ``limit`` + 1 rows (the one more
    says the result was cut); other forms, and a query with a smaller LIMIT, as they are.

    The solution modifiers follow the WHERE group's closing brace; a trailing VALUES block
    there is left alone (the LIMIT would have to go before it).
    """
    if limit is None or form_of(query) != "SELECT":
        return query
    end, tail = _modifiers(query)
    if end < 0 or re.search(r"\bVALUES\b", tail, re.I):
        return query
    found = _LIMIT.search(tail)
    if found is None:
        return f"{query}\nLIMIT {limit + 1}"
    if int(found.group(1)) <= limit:
        return query
    at = end + 1 + found.start(1)
    return query[:at] + str(limit + 1) + query[end + 1 + found.end(1) :]


def paged(query: str, offset: int, size: int) -> str | None:
    """Return the SELECT ``query`` asking for rows ``offset`` to ``offset + size``, or None
    when its modifiers already cut it (a LIMIT or OFFSET) or a trailing VALUES block
    follows the WHERE group (the modifiers would have to go before it)."""
    end, tail = _modifiers(query)
    if form_of(query) != "SELECT" or end < 0 or re.search(r"\b(VALUES|LIMIT|OFFSET)\b", tail, re.I):
        return None
    return f"{query}\nOFFSET {offset} LIMIT {size}"


def _modifiers(query: str) -> tuple[int, str]:
    """Return where the query's WHERE group closes (-1 when it has none) and the text after
    it (the solution modifiers, comments and strings blanked)."""
    code = code_only(query)
    end = code.rfind("}")
    return end, code[end + 1 :]


def form_of(query: str) -> str | None:
    """Return the query's form (SELECT, ASK, CONSTRUCT, DESCRIBE) as its text opens."""
    found = _FORM.match(code_only(query))
    return found.group(1).upper() if found else None
