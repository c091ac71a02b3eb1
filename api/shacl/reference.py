"""The reference engine: pySHACL, with no inference, no imports and no network."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import SH
from rdflib.term import Node

from .model import Finding, Report, ShaclError, sort_findings


def validate(data: Graph, shapes: Graph) -> Report:
    """Validate ``data`` against ``shapes`` with pySHACL (SHACL Core, SHACL-SPARQL, Advanced).

    Raises:
        ShaclError: pySHACL rejects the shapes or fails.
    """
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError, ShapeLoadError

    try:
        _, results, _ = pyshacl.validate(
            data_graph=data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            do_owl_imports=False,
            allow_warnings=True,
            allow_infos=True,
            abort_on_first=False,
        )
    except (ShapeLoadError, ReportableRuntimeError, NotImplementedError) as exc:
        raise ShaclError(f"pySHACL cannot use the shapes: {exc}") from exc
    if not isinstance(results, Graph):  # pySHACL returns (not raises) some failures
        raise ShaclError(f"pySHACL cannot use the shapes: {results}")
    return Report(sort_findings(read_report(results, shapes)), engine="pyshacl")


def read_report(results: Graph, shapes: Graph | None = None) -> list[Finding]:
    """Return the findings of a ``sh:ValidationReport`` graph.

    pySHACL drops the language tag of the messages of SPARQL constraints; with ``shapes``
    a message regains the tag of the ``sh:message`` it was copied from.
    """
    tagged: dict[str, Literal] = {}
    if shapes is not None:
        for m in shapes.objects(None, SH.message):
            if isinstance(m, Literal) and m.language:
                tagged.setdefault(str(m), m)
    findings: list[Finding] = []
    for result in results.objects(None, SH.result):  # not the nested sh:detail results

        def one(prop: Node, result: Node = result) -> Node | None:
            return results.value(result, prop)

        severity = one(SH.resultSeverity)
        findings.append(
            Finding(
                focus=one(SH.focusNode),  # type: ignore[arg-type]
                severity=severity,  # type: ignore[arg-type]
                source_shape=one(SH.sourceShape),  # type: ignore[arg-type]
                component=one(SH.sourceConstraintComponent),  # type: ignore[arg-type]
                path=one(SH.resultPath),
                value=one(SH.value),
                messages=tuple(
                    sorted(
                        (
                            m if m.language else tagged.get(str(m), m)
                            for m in results.objects(result, SH.resultMessage)
                            if isinstance(m, Literal)
                        ),
                        key=lambda m: (m.language or "", str(m)),
                    )
                ),
                source_constraint=one(SH.sourceConstraint),
            )
        )
    return findings
