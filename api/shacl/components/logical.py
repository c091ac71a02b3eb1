"""Logical constraint components (SHACL 4.6): sh:not, sh:and, sh:or, sh:xone.

https://www.w3.org/TR/shacl/#core-components-logical

Each member shape becomes an expression true when the value node conforms to it
(:meth:`~api.shacl.compiler.Compiler.conforms`), and the component combines them.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from .base import Component, Context, Violation


def _members(c: Context, head: Node) -> list[str]:
    """Return the conformance expressions of the shapes in the list at ``head``."""
    return [c.conforms(member) for member in Collection(c.compiler.shapes, head)]


class NotComponent(Component):
    """4.6.1 sh:not: no value node conforms to the shape.

    https://www.w3.org/TR/shacl/#NotConstraintComponent. Parameter: ``sh:not``.
    """

    parameters = (SH["not"],)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        for other in c.objects(SH["not"]):
            yield Violation(SH.NotConstraintComponent, c.bad("!" + c.conforms(other)), c.v)


class AndComponent(Component):
    """4.6.2 sh:and: each value node conforms to every shape of the list.

    https://www.w3.org/TR/shacl/#AndConstraintComponent. Parameter: ``sh:and``.
    """

    parameters = (SH["and"],)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        for head in c.objects(SH["and"]):
            ok = " && ".join(_members(c, head)) or "true"
            yield Violation(SH.AndConstraintComponent, c.bad(ok), c.v)


class OrComponent(Component):
    """4.6.3 sh:or: each value node conforms to at least one shape of the list.

    https://www.w3.org/TR/shacl/#OrConstraintComponent. Parameter: ``sh:or``.
    """

    parameters = (SH["or"],)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        for head in c.objects(SH["or"]):
            ok = " || ".join(_members(c, head)) or "false"
            yield Violation(SH.OrConstraintComponent, c.bad(ok), c.v)


class XoneComponent(Component):
    """4.6.4 sh:xone: each value node conforms to exactly one shape of the list.

    https://www.w3.org/TR/shacl/#XoneConstraintComponent. Parameter: ``sh:xone``.
    """

    parameters = (SH.xone,)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        for head in c.objects(SH.xone):
            count = " + ".join(f"IF(COALESCE({m}, false), 1, 0)" for m in _members(c, head)) or "0"
            yield Violation(SH.XoneConstraintComponent, c.bad(f"({count}) = 1"), c.v)
