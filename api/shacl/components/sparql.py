"""SPARQL-based constraints (SHACL 5) and SPARQL-based constraint components (SHACL 6).

https://www.w3.org/TR/shacl/#sparql-constraints and
https://www.w3.org/TR/shacl/#sparql-constraint-components

An ``sh:sparql`` constraint runs as a query of its own: joined with the focus nodes when
that equals SHACL's pre-binding of ``$this``, else once per focus node with ``$this``
pre-bound. Constraint components declared in the shapes graph are not compiled; a shape
that uses one is validated by pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from ...sparql_text import TOKENS, code_only, where_start
from ..model import ShaclError
from .base import Check, Component, Context, Unsupported, Violation, messages

if TYPE_CHECKING:
    from ..compiler import Compiler

_SUBSELECT = re.compile(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{)", re.IGNORECASE | re.DOTALL)
_PRE_BOUND = r"[$?](this|shapesGraph|currentShape)\b"


class SparqlConstraintComponent(Component):
    """5 SPARQL-based constraints: each result row of the ``sh:select`` query is a result.

    https://www.w3.org/TR/shacl/#SPARQLConstraintComponent. Parameter: ``sh:sparql``, a
    node with ``sh:select`` and optionally ``sh:prefixes``, ``sh:message`` and
    ``sh:deactivated``. The query may use ``$this``, ``$PATH`` and ``$currentShape``
    (``$shapesGraph`` is not compiled: the shapes are not in the store).

    It yields no pattern: :meth:`check` makes its own query, and inside a nested shape
    the compiler does not compile it.
    """

    parameters = (SH.sparql,)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        return iter(())

    @classmethod
    def check(cls, compiler: Compiler, shape: Node, constraint: Node, focus: str) -> Check:
        """Compile ``constraint`` of ``shape`` for the focus nodes of ``focus``.

        Raises:
            ShaclError: the constraint has no sh:select, uses $PATH on a node shape, or
                breaks a rule of SHACL-SPARQL (see :func:`check_query`).
            Unsupported: the query uses ``$shapesGraph``.
        """
        shapes = compiler.shapes
        if compiler.deactivated(constraint):
            return Check(shape, SH.SPARQLConstraintComponent, "", None)
        select = shapes.value(constraint, SH.select)
        if select is None:
            raise ShaclError(f"the SPARQL constraint of {shape} has no sh:select")
        text = str(select)
        if re.search(r"\$shapesGraph\b", text):
            raise Unsupported("$shapesGraph in a SPARQL constraint")
        path = compiler.one(shape, SH.path)
        if re.search(r"\$PATH\b", text):
            if path is None:
                raise ShaclError(f"$PATH in a SPARQL constraint of a node shape: {shape}")
            text = re.sub(r"\$PATH\b", compiler.path(path), text)
        if re.search(r"\$currentShape\b", text):
            text = re.sub(r"\$currentShape\b", compiler.term(shape), text)
        check_query(text, constraint)
        text = _prefixes(shapes, constraint) + text
        found = messages(shapes, constraint, shape)
        component = SH.SPARQLConstraintComponent
        if _bulk_safe(text):
            start = _where_start(text)
            query = text[:start] + f" {focus} " + text[start:]
            return Check(shape, component, query, path, constraint, found)
        focus_query = f"SELECT DISTINCT ?this WHERE {{ {focus} }}"
        return Check(shape, component, text, path, constraint, found, focus_query)


def declared_parameters(shapes: Graph) -> set[Node]:
    """Return the parameters of the constraint components declared in ``shapes`` (SHACL 6).

    https://www.w3.org/TR/shacl/#sparql-constraint-components
    """
    kinds = set(shapes.transitive_subjects(RDFS.subClassOf, SH.ConstraintComponent))
    found: set[Node] = set()
    for component in {c for kind in kinds for c in shapes.subjects(RDF.type, kind)}:
        for parameter in shapes.objects(component, SH.parameter):
            found |= set(shapes.objects(parameter, SH.path))
    return found


def _prefixes(shapes: Graph, constraint: Node) -> str:
    """Return the PREFIX lines of the constraint's ``sh:prefixes`` (and their owl:imports)."""
    out: dict[str, str] = {}
    todo = list(shapes.objects(constraint, SH.prefixes))
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for decl in shapes.objects(node, SH.declare):
            prefix = shapes.value(decl, SH.prefix)
            namespace = shapes.value(decl, SH.namespace)
            if prefix is not None and namespace is not None:
                out[str(prefix)] = str(namespace)
        todo += list(shapes.objects(node, OWL.imports))
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(out.items()))


def _where_start(query: str) -> int:
    """Return the index just after the opening brace of the query's WHERE clause."""
    start = where_start(query)
    if start is None:
        raise ShaclError(f"the SPARQL constraint has no WHERE clause: {query[:80]!r}")
    return start


def check_query(query: str, where: Node) -> None:
    """Reject what SHACL-SPARQL forbids in a query with pre-bound variables.

    https://www.w3.org/TR/shacl/#pre-binding

    Raises:
        ShaclError: the query uses MINUS, VALUES or SERVICE, rebinds a pre-bound
            variable with AS, or has a nested SELECT that does not select ``$this``.
    """
    code = code_only(query)
    found = re.search(r"\b(MINUS|VALUES|SERVICE)\b", code, re.IGNORECASE)
    if found:
        raise ShaclError(
            f"the SPARQL constraint {where} uses {found.group(1).upper()}, which SHACL forbids "
            "with pre-bound variables; rewrite it (for example with FILTER NOT EXISTS)"
        )
    if re.search(r"\bAS\s+" + _PRE_BOUND, code, re.IGNORECASE):
        raise ShaclError(f"the SPARQL constraint {where} rebinds a pre-bound variable with AS")
    for projection in _SUBSELECT.findall(code)[1:]:
        if not re.search(r"[$?]this\b", projection):
            raise ShaclError(
                f"a nested SELECT in the SPARQL constraint {where} does not select $this; "
                "SHACL needs every subquery to return the pre-bound variables"
            )


def _groups(code: str) -> list[tuple[str, str]]:
    """Return (keyword before the brace, own text without nested groups) for each group."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[str, list[str]]] = []
    last = ""
    for match in re.finditer(r"[{}]|[^{}]+", code):
        token = match.group()
        if token == "{":
            words = re.findall(r"[A-Za-z]+", last)
            stack.append((words[-1].upper() if words else "", []))
        elif token == "}":
            if stack:
                keyword, parts = stack.pop()
                out.append((keyword, " ".join(parts)))
        else:
            if stack:
                stack[-1][1].append(token)
            last = token
    return out


def prebind(query: str, term: str) -> str:
    """Return ``query`` with ``$this`` replaced by ``term`` (SHACL's pre-binding, textually).

    ``bound($this)`` becomes true, and a projected ``$this`` becomes ``(term AS ?this)``.
    """
    mark = "\x00"
    out: list[str] = []
    for match in TOKENS.finditer(query):
        token = match.group()
        if token.startswith(("#", '"', "'", "<")) and len(token) > 1:
            out.append(token)
            continue
        token = re.sub(r"\bbound\s*\(\s*[$?]this\s*\)", "(true)", token, flags=re.IGNORECASE)
        out.append(token)
    text = "".join(out)
    first = [True]

    def projection(match: re.Match[str]) -> str:
        name = "?this" if first[0] else "?_prebound"  # a subquery must not rebind ?this
        first[0] = False
        return re.sub(r"[$?]this\b", f"({term} AS {name})", match.group()).replace("?", mark)

    text = _SUBSELECT.sub(projection, text)
    text = re.sub(r"[$?]this\b", lambda _: term, text)
    return text.replace(mark, "?")


def _bulk_safe(query: str) -> bool:
    """Return True when joining the focus nodes into the query equals pre-binding ``$this``.

    That holds when every group that tests ``$this`` in an expression also matches it in
    a triple pattern, so the join binds it before the test (EXISTS sees outer bindings).
    """
    code = code_only(query)
    groups = _groups(code[_where_start(code) - 1 :])
    if not groups:
        return False
    for keyword, text in groups:
        if keyword == "EXISTS":
            continue
        bare = re.sub(r"\bSELECT\b.*?\bWHERE\b", " ", text, flags=re.IGNORECASE | re.DOTALL)
        while True:  # drop parenthesised expressions, innermost first
            stripped = re.sub(r"\([^()]*\)", " ", bare)
            if stripped == bare:
                break
            bare = stripped
        if re.search(r"[$?]this\b", text) and not re.search(r"[$?]this\b", bare):
            return False
    return True
