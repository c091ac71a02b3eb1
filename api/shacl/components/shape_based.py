"""Shape-based constraint components (SHACL 4.7): sh:node, sh:qualifiedValueShape.

https://www.w3.org/TR/shacl/#core-components-shape

The third, 4.7.2 sh:property, has no pattern of its own: its results are those of the
property shape, so the compiler follows it (a query per property shape for a targeted
shape, a conjunct of :meth:`~api.shacl.compiler.Compiler.conforms` for a nested one).
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.namespace import SH
from rdflib.term import Node

from .base import Component, Context, Violation, is_true


class NodeComponent(Component):
    """4.7.1 sh:node: each value node conforms to the shape.

    https://www.w3.org/TR/shacl/#NodeConstraintComponent. Parameter: ``sh:node``.
    """

    parameters = (SH.node,)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        for other in c.objects(SH.node):
            yield Violation(SH.NodeConstraintComponent, c.bad(c.conforms(other)), c.v)


class QualifiedValueShapeComponent(Component):
    """4.7.3 sh:qualifiedValueShape, sh:qualifiedMinCount, sh:qualifiedMaxCount: at least
    (at most) n value nodes of each focus node conform to the shape.

    https://www.w3.org/TR/shacl/#QualifiedValueShapeConstraintComponent. Parameters:
    ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` (the component
    ``sh:QualifiedMinCountConstraintComponent``) and/or ``sh:qualifiedMaxCount``
    (``sh:QualifiedMaxCountConstraintComponent``), and optionally
    ``sh:qualifiedValueShapesDisjoint``: a value node that conforms to a sibling's
    qualified value shape does not count. On a node shape it is ignored.
    """

    parameters = (
        SH.qualifiedValueShape,
        SH.qualifiedMinCount,
        SH.qualifiedMaxCount,
        SH.qualifiedValueShapesDisjoint,
    )

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        if c.path is None:
            return
        f, v, path = c.f, c.v, c.sparql_path
        for q in c.objects(SH.qualifiedValueShape):
            ok = c.conforms(q, "{v}")
            if is_true(c.one(SH.qualifiedValueShapesDisjoint)):
                for sibling in _siblings(c, q):
                    ok += " && !" + c.conforms(sibling, "{v}")
            for prop, component in (
                (SH.qualifiedMinCount, SH.QualifiedMinCountConstraintComponent),
                (SH.qualifiedMaxCount, SH.QualifiedMaxCountConstraintComponent),
            ):
                n = c.one(prop)
                if n is None:
                    continue
                limit = int(n)  # type: ignore[call-overload]
                is_min = prop == SH.qualifiedMinCount
                if is_min and limit <= 0:
                    continue
                if c.focus is not None:
                    test = f"< {limit}" if is_min else f"> {limit}"
                    pattern = (
                        f"{{ SELECT {f} WHERE {{ {c.focus} OPTIONAL {{ {f} {path} {v} "
                        f"FILTER (COALESCE({ok.replace('{v}', v)}, false)) }} }} GROUP BY {f} "
                        f"HAVING (COUNT(DISTINCT {v}) {test}) }}"
                    )
                elif is_min:
                    pattern = c.compiler.at_least(f, path, limit, True, f"COALESCE({ok}, false)")
                else:
                    pattern = c.compiler.at_least(
                        f, path, limit + 1, False, f"COALESCE({ok}, false)"
                    )
                yield Violation(component, pattern, None)


def _siblings(c: Context, q: Node) -> list[Node]:
    """Return the qualified value shapes of the shape's siblings, other than ``q``."""
    g = c.compiler.shapes
    found: list[Node] = []
    for parent in g.subjects(SH.property, c.shape):
        for prop in g.objects(parent, SH.property):
            for other in g.objects(prop, SH.qualifiedValueShape):
                if other != q and other not in found:
                    found.append(other)
    return found
