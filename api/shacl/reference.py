"""The reference engine: pySHACL, with no inference, no imports and no network.

pySHACL reports no progress. Given the shapes' files (:data:`Groups`), :func:`validate`
runs it once per file, each run with only that file's shapes targeted, and reports a step
per file: the findings are those of one run over all the shapes (pySHACL validates each
targeted shape on its own and the runs share the whole shapes graph, so a shape that
refers to another finds it), at about 15% more time on the seeds (measured: 5.8 s as one
run, 6.6 s as seven). Where splitting could change the findings (SHACL rules, which add
to the data before any shape is validated; a blank-node shape with a target, which cannot
be matched to its file; a shape that is also a class, whose target cannot be removed),
it is one run, one uncounted phase.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from loaders.progress import SILENT, Progress

from .model import Finding, Report, ShaclError, sort_findings

#: The shapes of each file of a shapes folder: the file's name and the shapes it targets.
Groups = Sequence[tuple[str, frozenset[URIRef]]]
#: The predicates that give a shape its focus nodes (SHACL §2.1.3, and SHACL-AF's sh:target).
TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.target)


def targeted(shapes: Graph) -> frozenset[Node]:
    """Return the shapes of ``shapes`` that have a target."""
    return frozenset(s for p in TARGETS for s in shapes.subjects(p, None))


def validate(
    data: Graph, shapes: Graph, groups: Groups = (), progress: Progress = SILENT
) -> Report:
    """Validate ``data`` against ``shapes`` with pySHACL (SHACL Core, SHACL-SPARQL, Advanced).

    With ``groups``, one run per group, reported as the phase "validate" of a step per
    group (see the module's docstring).

    Raises:
        ShaclError: pySHACL rejects the shapes or fails.
    """
    parts = split(shapes, groups)
    if parts is None:
        progress.phase("validate")
        return Report(sort_findings(_run(data, shapes, shapes)), engine="pyshacl")
    progress.phase("validate", len(parts), "shape files")
    findings: list[Finding] = []
    for done, (name, part) in enumerate(parts, start=1):
        findings += _run(data, part, shapes)
        progress.step(done, f"[{done}/{len(parts)}] {name}")
    return Report(sort_findings(findings), engine="pyshacl")


def split(shapes: Graph, groups: Groups) -> list[tuple[str, Graph]] | None:
    """Return, per group, the shapes graph with only the group's shapes targeted; None
    when one run must validate them all (fewer than two groups, or see the module)."""
    found = targeted(shapes)
    classes = {s for c in (RDFS.Class, OWL.Class) for s in shapes.subjects(RDF.type, c)}
    owner: dict[Node, str] = {}
    for name, mine in groups:
        for shape in mine:
            owner.setdefault(shape, name)
    if (
        len([name for name, mine in groups if mine]) < 2
        or (None, SH.rule, None) in shapes
        or any(not isinstance(s, URIRef) or s in classes or s not in owner for s in found)
    ):
        return None
    parts: list[tuple[str, Graph]] = []
    for name, mine in groups:
        if not any(owner.get(s) == name for s in mine):
            continue
        part = Graph()
        for prefix, namespace in shapes.namespaces():
            part.bind(prefix, namespace)
        for triple in shapes:
            if triple[1] not in TARGETS or owner.get(triple[0]) == name:
                part.add(triple)
        parts.append((name, part))
    return parts


def _run(data: Graph, shapes: Graph, whole: Graph) -> list[Finding]:
    """Return pySHACL's findings for ``shapes``; messages regain tags from ``whole``.

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
    return read_report(results, whole)


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
