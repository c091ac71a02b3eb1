"""Other constraint components (SHACL 4.8): sh:closed, sh:hasValue, sh:in.

https://www.w3.org/TR/shacl/#core-components-others
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from .base import Component, Context, Pattern, Violation, is_true


class ClosedComponent(Component):
    """4.8.1 sh:closed, sh:ignoredProperties: each value node has values only for the
    properties of the shape's property shapes and the ignored properties.

    https://www.w3.org/TR/shacl/#ClosedConstraintComponent. Parameters: ``sh:closed`` (on
    only when ``true``) and, optionally, ``sh:ignoredProperties`` (a list). One result
    per offending triple, with its predicate as the result path.
    """

    parameters = (SH.closed, SH.ignoredProperties)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        if not is_true(c.one(SH.closed)):
            return
        g, term = c.compiler.shapes, c.compiler.term
        allowed = {
            term(p)
            for prop in c.objects(SH.property)
            for p in g.objects(prop, SH.path)
            if isinstance(p, URIRef)
        }
        ignored = c.one(SH.ignoredProperties)
        if ignored is not None:
            allowed |= {term(p) for p in Collection(g, ignored)}
        pp, o = c.compiler.fresh(), c.compiler.fresh()
        test = f"FILTER ({pp} NOT IN ({', '.join(sorted(allowed))}))" if allowed else ""
        yield Violation(
            SH.ClosedConstraintComponent, f"{c.vp} {c.v} {pp} {o} . {test}", f"{o}|{pp}"
        )


class HasValueComponent(Component):
    """4.8.2 sh:hasValue: the value is one of the value nodes.

    https://www.w3.org/TR/shacl/#HasValueConstraintComponent. Parameter: ``sh:hasValue``.
    One result per focus node, without a value.
    """

    parameters = (SH.hasValue,)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        f = c.f
        for value in c.objects(SH.hasValue):
            t = c.compiler.term(value)
            if c.path is None:
                test = f"!sameTerm({f}, {t})"
                yield Violation(
                    SH.HasValueConstraintComponent, Pattern(f"FILTER ({test})", test), None
                )
            else:
                pattern = f"FILTER NOT EXISTS {{ {f} {c.sparql_path} {t} }}"
                yield Violation(SH.HasValueConstraintComponent, pattern, None)


class InComponent(Component):
    """4.8.3 sh:in: each value node is one of the members of the list (the same term).

    https://www.w3.org/TR/shacl/#InConstraintComponent. Parameter: ``sh:in``.
    """

    parameters = (SH["in"],)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        v, term = c.v, c.compiler.term
        for head in c.objects(SH["in"]):
            members = list(Collection(c.compiler.shapes, head))
            any_member = " || ".join(f"sameTerm({v}, {term(m)})" for m in members)
            yield Violation(SH.InConstraintComponent, c.bad(any_member or "false"), v)
