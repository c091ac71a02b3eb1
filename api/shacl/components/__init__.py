"""The SHACL constraint components the fast engine compiles, one class each.

The modules follow the sections of https://www.w3.org/TR/shacl/ : 4.1 value type, 4.2
cardinality, 4.3 value range, 4.4 string-based, 4.5 property pair, 4.6 logical, 4.7
shape-based, 4.8 other, and 5–6 SPARQL-based. :data:`REGISTRY` maps each parameter to
the class that reads it; it is built once, here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from rdflib import URIRef

from .base import Component
from .cardinality import MaxCountComponent, MinCountComponent
from .logical import AndComponent, NotComponent, OrComponent, XoneComponent
from .other import ClosedComponent, HasValueComponent, InComponent
from .property_pair import (
    DisjointComponent,
    EqualsComponent,
    LessThanComponent,
    LessThanOrEqualsComponent,
)
from .shape_based import NodeComponent, QualifiedValueShapeComponent
from .sparql import SparqlConstraintComponent
from .string_based import (
    LanguageInComponent,
    MaxLengthComponent,
    MinLengthComponent,
    PatternComponent,
    UniqueLangComponent,
)
from .value_range import (
    MaxExclusiveComponent,
    MaxInclusiveComponent,
    MinExclusiveComponent,
    MinInclusiveComponent,
)
from .value_type import ClassComponent, DatatypeComponent, NodeKindComponent


def _registry(*components: type[Component]) -> Mapping[URIRef, type[Component]]:
    """Map each parameter to its component, keeping the components' order.

    Raises:
        ValueError: two components claim one parameter.
    """
    out: dict[URIRef, type[Component]] = {}
    for component in components:
        for parameter in component.parameters:
            if parameter in out:
                raise ValueError(f"{parameter} belongs to {out[parameter]} and {component}")
            out[parameter] = component
    return MappingProxyType(out)


#: Each parameter IRI → the component class that reads it. A shape's patterns are made in
#: this order: first those that test each value node alone, then the counts and pairs.
REGISTRY = _registry(
    ClassComponent,
    DatatypeComponent,
    NodeKindComponent,
    MinExclusiveComponent,
    MinInclusiveComponent,
    MaxExclusiveComponent,
    MaxInclusiveComponent,
    MinLengthComponent,
    MaxLengthComponent,
    PatternComponent,
    LanguageInComponent,
    InComponent,
    NodeComponent,
    NotComponent,
    AndComponent,
    OrComponent,
    XoneComponent,
    HasValueComponent,
    MinCountComponent,
    MaxCountComponent,
    UniqueLangComponent,
    EqualsComponent,
    DisjointComponent,
    LessThanComponent,
    LessThanOrEqualsComponent,
    QualifiedValueShapeComponent,
    ClosedComponent,
    SparqlConstraintComponent,
)
#: The components in registry order, each once.
ORDER: tuple[type[Component], ...] = tuple(dict.fromkeys(REGISTRY.values()))

__all__ = ["ORDER", "REGISTRY", "Component"]
