"""Cardinality constraint components (SHACL 4.2): sh:minCount, sh:maxCount.

https://www.w3.org/TR/shacl/#core-components-count

Both count the distinct value nodes of each focus node: with a GROUP BY over all focus
nodes at once, or inside a nested shape (no focus pattern to group) with one pattern of
distinct values, which :meth:`~api.shacl.compiler.Compiler.at_least` bounds.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.namespace import SH

from ..model import ShaclError
from .base import Component, Context, Violation


class MinCountComponent(Component):
    """4.2.1 sh:minCount: each focus node has at least n value nodes.

    https://www.w3.org/TR/shacl/#MinCountConstraintComponent. Parameter: ``sh:minCount``.

    Raises:
        ShaclError: the shape is a node shape (it has no sh:path).
    """

    parameters = (SH.minCount,)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        if c.path is None:
            raise ShaclError(f"{SH.minCount} needs a property shape (sh:path): {c.shape}")
        f = c.f
        for n in c.objects(SH.minCount):
            need = int(n)  # type: ignore[call-overload]
            if need <= 0:
                continue
            if need == 1:
                yield Violation(
                    SH.MinCountConstraintComponent, f"FILTER NOT EXISTS {{ {c.vp} }}", None
                )
            elif c.focus is not None:
                pattern = (
                    f"{{ SELECT {f} WHERE {{ {c.focus} OPTIONAL {{ {c.vp} }} }} GROUP BY {f} "
                    f"HAVING (COUNT(DISTINCT {c.v}) < {need}) }}"
                )
                yield Violation(SH.MinCountConstraintComponent, pattern, None)
            else:
                pattern = c.compiler.at_least(f, c.sparql_path, need, negate=True)
                yield Violation(SH.MinCountConstraintComponent, pattern, None)


class MaxCountComponent(Component):
    """4.2.2 sh:maxCount: each focus node has at most n value nodes.

    https://www.w3.org/TR/shacl/#MaxCountConstraintComponent. Parameter: ``sh:maxCount``.
    On a node shape it is ignored.
    """

    parameters = (SH.maxCount,)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        if c.path is None:
            return
        f = c.f
        for n in c.objects(SH.maxCount):
            most = int(n)  # type: ignore[call-overload]
            if c.focus is not None:
                pattern = (
                    f"{{ SELECT {f} WHERE {{ {c.focus} {c.vp} }} GROUP BY {f} "
                    f"HAVING (COUNT(DISTINCT {c.v}) > {most}) }}"
                )
            else:
                pattern = c.compiler.at_least(f, c.sparql_path, most + 1)
            yield Violation(SH.MaxCountConstraintComponent, pattern, None)
