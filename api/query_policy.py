"""What a client's SPARQL may do, decided on the parsed query, never on its text.

The public endpoint runs queries that strangers write. A query is parsed with rdflib's
SPARQL 1.1 grammar and the parse tree is walked; the decision rests on what the grammar
says a token is, so ``SERVICE`` glued to a prefixed name, escapes, comments, ``\\u``
escapes and BASE-relative IRIs cannot hide a call, and a variable, prefix or literal that
merely contains the word is not refused. What does not parse is refused (400): the check
fails closed, so no query reaches the engine that the policy has not read.

The policy:

- ``SERVICE`` (anywhere: subqueries, ``FILTER EXISTS``, ``OPTIONAL``, ``MINUS``) is
  refused: the endpoint never calls another service.
- ``FROM`` and ``FROM NAMED`` may name only the store's own graphs (the caller checks the
  IRIs this returns, resolved against ``BASE`` and the endpoint's URL).
- A query must be a query: update operations belong to :func:`check_update`.
- An update may not ``LOAD`` or use ``SERVICE``, and every operation must name the graphs
  it writes (``GRAPH``, ``WITH``, or a graph IRI): the default graph is the merge of the
  named graphs and is rebuilt after each update.

This is the first barrier. The second is that the processes that run queries cannot open a
network socket at all (:mod:`api.sandbox`), whatever the parser thinks.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

from .errors import BadRequest, Forbidden, QuerySyntaxError

#: The grammar's query forms, by the parse tree's name for them.
FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
#: rdflib's grammar recurses about twenty frames per triple pattern of a block: with this
#: limit a block of 500 patterns parses (a thousand do not, and are refused with 400). It
#: also bounds rdflib's re-reading of the text at each SERVICE, which recurses without end
#: on a nested SERVICE: that fails in under a second. Raised where the check runs (query
#: workers, threads), never lowered.
RECURSION_LIMIT = 10_000
#: The grammar's nodes for the functions whose value differs from one run to the next
#: (SPARQL 1.1, 17.4: NOW, RAND, UUID, STRUUID, and BNODE, whose blank node is new).
VOLATILE_CALLS = frozenset(
    {"Builtin_NOW", "Builtin_RAND", "Builtin_UUID", "Builtin_STRUUID", "Builtin_BNODE"}
)


@dataclass(frozen=True)
class CheckedQuery:
    """A query the policy allows: its form, the graphs its FROM clauses name, and whether
    it calls a function whose value changes from run to run (``volatile``)."""

    form: str
    from_default: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    volatile: bool = False

    @property
    def from_graphs(self) -> tuple[str, ...]:
        return self.from_default + self.from_named


def _nodes(value: Any) -> Iterator[CompValue]:
    """Yield every grammar node under ``value`` (iteratively: trees can be deep)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ParseResults | list | tuple):
            stack.extend(item)


def _field(node: Any, key: str) -> Any:
    """Return a grammar node's field or None (``CompValue.get`` returns the key itself)."""
    return node[key] if isinstance(node, CompValue | ParseResults) and key in node else None


def _parse(parser: Any, text: str) -> Any:
    if sys.getrecursionlimit() < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)
    try:
        return parser(text)
    except ParseException as exc:
        raise QuerySyntaxError(
            f"the query does not parse: {exc.msg} (line {exc.lineno}, column {exc.column})",
            hint="check the syntax near that place; keywords need a space before a name",
        ) from None
    except RecursionError:
        raise BadRequest(
            "the query is too large or too deeply nested to check",
            hint="split it into smaller queries",
        ) from None
    except Exception as exc:  # the grammar's actions reject some texts with other errors
        raise QuerySyntaxError(
            f"the query does not parse: {type(exc).__name__}",
            hint="check the query's syntax",
        ) from None


def _refuse_service(tree: Any) -> None:
    if any(node.name == "ServiceGraphPattern" for node in _nodes(tree)):
        raise Forbidden(
            "SERVICE is refused: this endpoint does not call other services",
            hint="query the other endpoint directly",
        )


@lru_cache(maxsize=512)
def check_query(text: str, base: str | None = None) -> CheckedQuery:
    """Return what the query is, or refuse it.

    Raises:
        QuerySyntaxError: the query does not parse as SPARQL 1.1 (updates included).
        Forbidden: the query uses SERVICE, or is an update.
        BadRequest: the query is too large to check.
    """
    try:
        tree = _parse(parseQuery, text)
    except QuerySyntaxError:
        if _is_update(text):
            raise Forbidden(
                "updates are refused here: this endpoint is read-only",
                hint="an operator with the update token sends updates as update= or "
                "application/sparql-update",
            ) from None
        raise
    prologue_part, query = tree[0], tree[1]
    names = {node.name for node in _nodes(query)}
    if "ServiceGraphPattern" in names:
        _refuse_service(query)
    form = FORMS.get(query.name)
    if form is None:  # the grammar has only the four forms; this guards a future one
        raise QuerySyntaxError(f"unknown query form {query.name}", hint="send a SPARQL query")
    prologue = translatePrologue(prologue_part, base)
    default: list[str] = []
    named: list[str] = []
    for clause in _field(query, "datasetClause") or []:
        if _field(clause, "default") is not None:
            default.append(str(prologue.absolutize(clause["default"])))
        if _field(clause, "named") is not None:
            named.append(str(prologue.absolutize(clause["named"])))
    return CheckedQuery(form, tuple(default), tuple(named), not VOLATILE_CALLS.isdisjoint(names))


def _is_update(text: str) -> bool:
    try:
        return bool(_field(_parse(parseUpdate, text), "request"))
    except (QuerySyntaxError, BadRequest):
        return False


@lru_cache(maxsize=64)
def check_update(text: str) -> None:
    """Allow an update only if it fetches nothing and names every graph it writes.

    Raises:
        QuerySyntaxError: the update does not parse.
        Forbidden: the update uses LOAD or SERVICE.
        BadRequest: an operation writes to the default graph or to all graphs.
    """
    tree = _parse(parseUpdate, text)
    for operation in _field(tree, "request") or []:
        if operation.name == "Load":
            raise Forbidden(
                "LOAD is refused: the server never fetches from elsewhere",
                hint="load files at start-up (styrgraf serve FILE…)",
            )
        _refuse_service(operation)
        if not _names_its_graphs(operation):
            raise BadRequest(
                f"an update must name its graph ({operation.name} writes the default graph "
                "or all graphs)",
                hint="use GRAPH <…> or WITH <…>: the default graph is the merge of the named "
                "graphs and is rebuilt after updates",
            )


def _names_its_graphs(operation: CompValue) -> bool:
    def is_graph(term: Any) -> bool:  # an IRI or a prefixed name, not DEFAULT or ALL
        return isinstance(term, URIRef | CompValue)

    if operation.name in {"Clear", "Drop", "Create"}:
        target = _field(operation, "graphiri")
        return is_graph(target) or target == "NAMED"
    if operation.name in {"Add", "Copy", "Move"}:
        source, target = operation["graph"]
        return is_graph(target) and (operation.name != "Move" or is_graph(source))
    if operation.name in {"InsertData", "DeleteData", "DeleteWhere"}:
        return not _default_triples(_field(operation, "quads"))
    if operation.name == "Modify":
        if _field(operation, "withClause") is not None:
            return True
        templates = [_field(operation[c], "quads") for c in ("insert", "delete") if c in operation]
        return not any(_default_triples(t) for t in templates)
    return False


def _default_triples(quads: Any) -> bool:
    """Whether a quads template writes triples outside any GRAPH block."""
    return quads is not None and bool(_field(quads, "triples"))


@dataclass(frozen=True)
class GraphChanges:
    """The named graphs an allowed update creates or writes, and those it removes.

    ``all_dropped``: ``DROP NAMED`` or ``DROP ALL`` removes every named graph.
    ``unknown``: a template writes ``GRAPH ?g``, whose graphs only the data decides.
    """

    written: frozenset[str] = frozenset()
    dropped: frozenset[str] = frozenset()
    all_dropped: bool = False
    unknown: bool = False


def graph_changes(text: str) -> GraphChanges:
    """Return which named graphs the update ``text`` creates, writes or drops, read from
    its algebra (prefixes and BASE resolved), so that a store keeping its own list of
    graphs can follow it. The update must have passed :func:`check_update`."""
    from rdflib.plugins.sparql.algebra import translateUpdate

    written: set[str] = set()
    dropped: set[str] = set()
    all_dropped = unknown = False

    def write(term: Any) -> None:
        nonlocal unknown
        if isinstance(term, URIRef):
            written.add(str(term))
        elif term != "DEFAULT":
            unknown = True

    for operation in translateUpdate(_parse(parseUpdate, text)).algebra:
        name = operation.name
        if name in {"InsertData", "Modify"}:
            clause = operation if name == "InsertData" else operation.get("insert")
            for graph in (_field(clause, "quads") or {}) if clause is not None else ():
                write(graph)
            if name == "Modify" and clause is not None and _field(clause, "triples"):
                write(_field(operation, "withClause"))
        elif name == "Create":
            write(operation["graphiri"])
        elif name == "Drop":
            target = operation["graphiri"]
            if isinstance(target, URIRef):
                dropped.add(str(target))
            elif target in {"NAMED", "ALL"}:
                all_dropped = True
        elif name in {"Add", "Copy", "Move"}:
            source, target = operation["graph"]
            write(target)
            if name == "Move" and isinstance(source, URIRef) and source != target:
                dropped.add(str(source))
    return GraphChanges(frozenset(written), frozenset(dropped - written), all_dropped, unknown)
