"""What every compiled constraint component shares: the context it compiles in and its output.

A component reads its parameters on one shape and yields :class:`Violation` s: SPARQL group
patterns that match the offending focus nodes (and value nodes), for all focus nodes at
once. The compiler (:mod:`api.shacl.compiler`) joins each pattern to the focus-node
pattern of a targeted shape, or negates it inside a nested shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

if TYPE_CHECKING:
    from ..compiler import Compiler


class Unsupported(Exception):
    """A shape uses a feature the compiler does not handle; pySHACL validates it."""


class Pattern(str):
    """A violation pattern; ``condition`` is the same test as an expression, when it is one."""

    condition: str | None

    def __new__(cls, text: str, condition: str | None) -> Pattern:
        made = super().__new__(cls, text)
        made.condition = condition
        return made


class Violation(NamedTuple):
    """One pattern of a component: it matches where ``?this`` (the focus) violates it.

    ``value`` names the variables to report, as ``"value|path|key"`` (each part may be
    empty): the value node, the result path (``sh:closed``) and a variable that keeps
    apart results that share focus and value (one per language, one per pair).
    """

    component: URIRef
    pattern: str
    value: str | None


@dataclass
class Check:
    """One compiled constraint: a query returning ``?this`` and maybe ``?value``/``?path``."""

    shape: Node
    component: URIRef
    query: str
    path: Node | None
    constraint: Node | None = None
    messages: tuple[Literal, ...] = ()
    per_focus: str | None = None  # a focus query: run ``query`` once per focus node


@dataclass(frozen=True)
class Context:
    """One shape being compiled: the variables and patterns its components build on.

    ``f`` is the focus variable. ``focus`` is the focus-node pattern when the patterns may
    aggregate over all focus nodes; it is None inside a nested shape, where ``f`` is bound
    from outside. ``v`` is the value variable and ``vp`` the pattern that binds it from
    ``f`` along ``path`` (compiled as ``sparql_path``); a node shape has no path, its
    value node is its focus node (``v`` is ``f``, ``vp`` is empty).
    """

    compiler: Compiler
    shape: Node
    f: str
    focus: str | None
    v: str
    vp: str
    path: Node | None
    sparql_path: str
    depth: int

    def objects(self, parameter: URIRef) -> Iterator[Node]:
        """Yield the values of ``parameter`` on the shape."""
        return self.compiler.shapes.objects(self.shape, parameter)

    def one(self, parameter: URIRef) -> Node | None:
        """Return a value of ``parameter`` on the shape, or None."""
        return self.compiler.shapes.value(self.shape, parameter)

    def conforms(self, shape: Node, var: str | None = None) -> str:
        """Return an expression true when ``var`` (default: the value) conforms to ``shape``."""
        return self.compiler.conforms(shape, self.v if var is None else var, self.depth + 1)

    def bad(self, ok: str) -> Pattern:
        """Return the pattern of value nodes for which the expression ``ok`` is not true."""
        condition = f"!COALESCE(({ok}), false)"
        return Pattern(f"{self.vp} FILTER ({condition})", None if self.vp else condition)


class Component:
    """A SHACL constraint component compiled to SPARQL.

    Each subclass names its clause of https://www.w3.org/TR/shacl/ and the parameters it
    reads; the registry (:data:`api.shacl.components.REGISTRY`) maps each parameter to it.
    """

    #: The parameters it reads; the first is the one that makes a constraint.
    parameters: ClassVar[tuple[URIRef, ...]]

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        """Yield a violation pattern for each constraint of this component on ``c.shape``."""
        raise NotImplementedError


def messages(shapes: Graph, *nodes: Node) -> tuple[Literal, ...]:
    """Return the ``sh:message`` literals of the first of ``nodes`` that has any, sorted."""
    for node in nodes:
        found = [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)]
        if found:
            return tuple(sorted(found, key=lambda m: (m.language or "", str(m))))
    return ()


def is_true(value: Node | None) -> bool:
    """SHACL's boolean parameters are on only when they are the literal ``true``."""
    return value == Literal(True)


def sparql_iri(term: Node) -> str:
    """Return the text of an IRI to write between ``<`` and ``>``.

    Raises:
        Unsupported: the IRI has a character SPARQL cannot write there.
    """
    text = str(term)
    if re.search(r"[\s<>\"{}|^`\\]", text):
        raise Unsupported(f"an IRI SPARQL cannot write: {text!r}")
    return text


def sparql_string(text: str) -> str:
    """Return ``text`` as a SPARQL string literal."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'
