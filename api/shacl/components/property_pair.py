"""Property pair constraint components (SHACL 4.5): sh:equals, sh:disjoint, sh:lessThan,
sh:lessThanOrEquals.

https://www.w3.org/TR/shacl/#core-components-property-pairs

Each compares the value nodes with the values of the focus node for another property.
On a node shape the value node is the focus node itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from rdflib import URIRef
from rdflib.namespace import SH

from ..model import ShaclError
from .base import Component, Context, Violation


class EqualsComponent(Component):
    """4.5.1 sh:equals: the value nodes equal the focus node's values for the property.

    https://www.w3.org/TR/shacl/#EqualsConstraintComponent. Parameter: ``sh:equals``.
    A value on one side only is a result, from either side.
    """

    parameters = (SH.equals,)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        f, v = c.f, c.v
        for other in c.objects(SH.equals):
            q = c.compiler.term(other)
            w = c.compiler.fresh()
            if c.path is None:
                yield Violation(
                    SH.EqualsConstraintComponent, f"FILTER NOT EXISTS {{ {f} {q} {f} }}", f
                )
                pattern = f"{f} {q} {w} FILTER (!sameTerm({w}, {f}))"
            else:
                missing = f"{c.vp} FILTER NOT EXISTS {{ {f} {q} {v} }}"
                yield Violation(SH.EqualsConstraintComponent, missing, v)
                pattern = f"{f} {q} {w} FILTER NOT EXISTS {{ {f} {c.sparql_path} {w} }}"
            yield Violation(SH.EqualsConstraintComponent, pattern, w)


class DisjointComponent(Component):
    """4.5.2 sh:disjoint: no value node is a value of the focus node for the property.

    https://www.w3.org/TR/shacl/#DisjointConstraintComponent. Parameter: ``sh:disjoint``.
    """

    parameters = (SH.disjoint,)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        f, v = c.f, c.v
        for other in c.objects(SH.disjoint):
            q = c.compiler.term(other)
            if c.path is None:
                yield Violation(SH.DisjointConstraintComponent, f"{f} {q} {f} .", f)
            else:
                yield Violation(SH.DisjointConstraintComponent, f"{c.vp} {f} {q} {v} .", v)


class _ComparisonComponent(Component):
    """Each value node is ``operator`` each of the focus node's values for the property.

    One result per pair of values that fails (or cannot be compared).

    Raises:
        ShaclError: the shape is a node shape (it has no sh:path).
    """

    component: ClassVar[URIRef]
    operator: ClassVar[str]

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        parameter = cls.parameters[0]
        if c.path is None:
            raise ShaclError(f"{parameter} needs a property shape (sh:path): {c.shape}")
        f, v = c.f, c.v
        for other in c.objects(parameter):
            w = c.compiler.fresh()
            pattern = (
                f"{c.vp} {f} {c.compiler.term(other)} {w} . "
                f"FILTER (!COALESCE({v} {cls.operator} {w}, false))"
            )
            yield Violation(cls.component, pattern, f"{v}||{w}")  # one result per pair


class LessThanComponent(_ComparisonComponent):
    """4.5.3 sh:lessThan: each value node is less than each value of the property.

    https://www.w3.org/TR/shacl/#LessThanConstraintComponent. Parameter: ``sh:lessThan``.
    """

    parameters = (SH.lessThan,)
    component = SH.LessThanConstraintComponent
    operator = "<"


class LessThanOrEqualsComponent(_ComparisonComponent):
    """4.5.4 sh:lessThanOrEquals: each value node is at most each value of the property.

    https://www.w3.org/TR/shacl/#LessThanOrEqualsConstraintComponent. Parameter:
    ``sh:lessThanOrEquals``.
    """

    parameters = (SH.lessThanOrEquals,)
    component = SH.LessThanOrEqualsConstraintComponent
    operator = "<="
