"""Value type constraint components (SHACL 4.1): sh:class, sh:datatype, sh:nodeKind.

https://www.w3.org/TR/shacl/#core-components-value-type
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from ..model import ShaclError
from .base import Component, Context, Violation, sparql_string

NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})",
    SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}
#: Datatypes whose well-formedness Oxigraph checks by casting.
CASTS = {
    str(XSD[name])
    for name in [
        "boolean",
        "float",
        "double",
        "decimal",
        "integer",
        "dateTime",
        "date",
        "time",
        "duration",
        "yearMonthDuration",
        "dayTimeDuration",
    ]
}
#: Lexical patterns for datatypes Oxigraph cannot cast.
LEXICAL = {
    str(XSD.gYear): r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    str(XSD.gYearMonth): r"^-?[0-9]{4,}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    **{
        str(XSD[name]): r"^[+-]?[0-9]+$"
        for name in [
            "int",
            "long",
            "short",
            "byte",
            "unsignedInt",
            "unsignedLong",
            "unsignedShort",
            "unsignedByte",
        ]
    },
    str(XSD.nonNegativeInteger): r"^\+?[0-9]+$|^-0+$",
    str(XSD.positiveInteger): r"^\+?0*[1-9][0-9]*$",
    str(XSD.nonPositiveInteger): r"^-[0-9]+$|^\+?0+$",
    str(XSD.negativeInteger): r"^-0*[1-9][0-9]*$",
}
DATATYPE_OK = "isLiteral({v}) && datatype({v}) = {d}"


class ClassComponent(Component):
    """4.1.1 sh:class: each value node is an instance of the class or of a subclass.

    https://www.w3.org/TR/shacl/#ClassConstraintComponent. Parameter: ``sh:class``.
    The subclasses are those of ``rdfs:subClassOf*`` in the data graph.
    """

    parameters = (SH["class"],)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        for klass in sorted(c.objects(SH["class"]), key=str):
            var = c.compiler.fresh()
            terms = " ".join(c.compiler.subclasses(klass))
            ok = f"EXISTS {{ VALUES {var} {{ {terms} }} {c.v} a {var} }}"
            yield Violation(SH.ClassConstraintComponent, c.bad(ok), c.v)


class DatatypeComponent(Component):
    """4.1.2 sh:datatype: each value node is a well-formed literal of the datatype.

    https://www.w3.org/TR/shacl/#DatatypeConstraintComponent. Parameter: ``sh:datatype``.
    Well-formedness is checked by a cast (:data:`CASTS`) or a lexical pattern
    (:data:`LEXICAL`) where the datatype has one.
    """

    parameters = (SH.datatype,)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        for datatype in c.objects(SH.datatype):
            yield Violation(SH.DatatypeConstraintComponent, c.bad(cls.ok(c, datatype)), c.v)

    @staticmethod
    def ok(c: Context, datatype: Node) -> str:
        """Return the expression true when ``c.v`` is a well-formed literal of ``datatype``."""
        v = c.v
        if datatype == RDF.langString:
            return f"isLiteral({v}) && LANG({v}) != ''"
        term = c.compiler.term(datatype)
        ok = DATATYPE_OK.format(v=v, d=term)
        if str(datatype) in CASTS:
            ok += f" && COALESCE(isLiteral({term}({v})), false)"
        elif str(datatype) in LEXICAL:
            ok += f" && REGEX(STR({v}), {sparql_string(LEXICAL[str(datatype)])})"
        return ok


class NodeKindComponent(Component):
    """4.1.3 sh:nodeKind: each value node is of the node kind (IRI, blank node, literal, ...).

    https://www.w3.org/TR/shacl/#NodeKindConstraintComponent. Parameter: ``sh:nodeKind``.

    Raises:
        ShaclError: the value is not one of SHACL's six node kinds.
    """

    parameters = (SH.nodeKind,)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        for kind in c.objects(SH.nodeKind):
            if kind not in NODE_KINDS:
                raise ShaclError(f"unknown sh:nodeKind {kind} on shape {c.shape}")
            test = NODE_KINDS[kind].format(v=c.v)  # type: ignore[index]
            yield Violation(SH.NodeKindConstraintComponent, c.bad(test), c.v)
