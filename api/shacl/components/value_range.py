"""Value range constraint components (SHACL 4.3): sh:minExclusive, sh:minInclusive,
sh:maxExclusive, sh:maxInclusive.

https://www.w3.org/TR/shacl/#core-components-range

Each compares every value node with the bound by SPARQL's ``<`` family of operators; a
value that cannot be compared (another type, an IRI, a blank node) violates it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from rdflib import URIRef
from rdflib.namespace import SH

from .base import Component, Context, Violation


class _RangeComponent(Component):
    """A bound that each value node must be ``operator`` (value OP bound)."""

    component: ClassVar[URIRef]
    operator: ClassVar[str]

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        v = c.v
        for bound in c.objects(cls.parameters[0]):
            ok = f"!isBlank({v}) && !isIRI({v}) && {v} {cls.operator} {c.compiler.term(bound)}"
            yield Violation(cls.component, c.bad(ok), v)


class MinExclusiveComponent(_RangeComponent):
    """4.3.1 sh:minExclusive: each value node is greater than the bound.

    https://www.w3.org/TR/shacl/#MinExclusiveConstraintComponent. Parameter:
    ``sh:minExclusive``.
    """

    parameters = (SH.minExclusive,)
    component = SH.MinExclusiveConstraintComponent
    operator = ">"


class MinInclusiveComponent(_RangeComponent):
    """4.3.2 sh:minInclusive: each value node is greater than or equal to the bound.

    https://www.w3.org/TR/shacl/#MinInclusiveConstraintComponent. Parameter:
    ``sh:minInclusive``.
    """

    parameters = (SH.minInclusive,)
    component = SH.MinInclusiveConstraintComponent
    operator = ">="


class MaxExclusiveComponent(_RangeComponent):
    """4.3.3 sh:maxExclusive: each value node is less than the bound.

    https://www.w3.org/TR/shacl/#MaxExclusiveConstraintComponent. Parameter:
    ``sh:maxExclusive``.
    """

    parameters = (SH.maxExclusive,)
    component = SH.MaxExclusiveConstraintComponent
    operator = "<"


class MaxInclusiveComponent(_RangeComponent):
    """4.3.4 sh:maxInclusive: each value node is less than or equal to the bound.

    https://www.w3.org/TR/shacl/#MaxInclusiveConstraintComponent. Parameter:
    ``sh:maxInclusive``.
    """

    parameters = (SH.maxInclusive,)
    component = SH.MaxInclusiveConstraintComponent
    operator = "<="
