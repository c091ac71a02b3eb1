"""The fast engine: SHACL Core and SHACL-SPARQL compiled to SPARQL, run on Oxigraph.

Each constraint of a targeted shape becomes one SPARQL query that returns only the
offending focus nodes and values, for all focus nodes at once (the patterns come from
:mod:`.compiler`); Oxigraph evaluates it in Rust, on worker threads. This module finds the
targeted shapes and their focus nodes, runs the queries and assembles the report.

What the compiler does not support (SPARQL-based constraint components, SPARQL targets,
``$shapesGraph``, blank nodes as constant values, large counts inside nested shapes) is
validated by pySHACL instead: the run names the rule and the feature in a notice.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from .compiler import Compiler
from .components.base import Check, Unsupported, messages
from .components.sparql import SparqlConstraintComponent, prebind
from .model import Finding, Report, ShaclError, ValidationTimeout, sort_findings
from .store import load_store, rows, to_graph, to_ox

#: Queries run side by side (Oxigraph evaluates without holding the GIL).
WORKERS = min(4, os.cpu_count() or 1)

SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)
TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)


# --- shapes and focus nodes -----------------------------------------------------------------
def _all_shapes(shapes: Graph) -> set[Node]:
    found: set[Node] = set()
    for kind in SHAPE_TYPES:
        found |= set(shapes.subjects(RDF.type, kind))
    for prop in TARGETS:
        found |= set(shapes.subjects(prop, None))
    for prop in (SH.node, SH.property, SH.qualifiedValueShape, SH["not"]):
        found |= set(shapes.objects(None, prop))
    for prop in (SH["and"], SH["or"], SH.xone):
        for head in shapes.objects(None, prop):
            found |= set(Collection(shapes, head))
    return found


def _targeted(shapes: Graph, every: set[Node]) -> list[Node]:
    out = []
    for shape in every:
        if (
            any((shape, p, None) in shapes for p in (*TARGETS, SH.target))
            or (shape, RDF.type, RDFS.Class) in shapes
            or (shape, RDF.type, OWL.Class) in shapes
        ):
            out.append(shape)
    return sorted(out, key=str)


def targets(compiler: Compiler, shape: Node, var: str = "?this") -> str | None:
    """Return a group pattern binding ``var`` to the shape's focus nodes, or None.

    https://www.w3.org/TR/shacl/#targets

    Raises:
        Unsupported: the shape has a SPARQL-based target (``sh:target``).
    """
    g = compiler.shapes
    parts: list[str] = []
    nodes = sorted(g.objects(shape, SH.targetNode), key=str)
    if nodes:
        parts.append(f"VALUES {var} {{ {' '.join(compiler.term(n) for n in nodes)} }}")
    classes = set(g.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, OWL.Class) in g:
        classes.add(shape)
    if classes:
        terms = sorted({t for c in classes for t in compiler.subclasses(c)})
        parts.append(f"VALUES ?_cls {{ {' '.join(terms)} }} {var} a ?_cls .")
    for p in sorted(g.objects(shape, SH.targetSubjectsOf), key=str):
        parts.append(f"{var} {compiler.term(p)} [] .")
    for p in sorted(g.objects(shape, SH.targetObjectsOf), key=str):
        parts.append(f"[] {compiler.term(p)} {var} .")
    if (shape, SH.target, None) in g:
        raise Unsupported("a SPARQL-based target (sh:target)")
    if not parts:
        return None
    body = " } UNION { ".join(parts)
    return f"{{ SELECT DISTINCT {var} WHERE {{ {{ {body} }} }} }}"


def _unit(
    compiler: Compiler, shape: Node, focus: str, seen: frozenset[Node], keys: str = ""
) -> list[Check]:
    """Compile ``shape`` (and its property shapes) for the focus nodes of ``focus``.

    ``keys`` names the variables that tell apart the ways a focus node was reached (a value
    node of two parents is validated once for each, as SHACL requires).
    """
    shapes = compiler.shapes
    if compiler.deactivated(shape) or shape in seen:
        return []
    checks: list[Check] = []
    path = compiler.one(shape, SH.path)
    found = messages(shapes, shape)
    for component, pattern, value in compiler.violations(shape, "?this", focus, 0):
        value_var, path_var, key_var = ((value or "") + "||").split("|")[:3]
        select = "?this" + (f" ({value_var} AS ?value)" if value_var else "")
        select += f" ({path_var} AS ?path)" if path_var else ""
        select += f" {key_var}" if key_var else ""
        select += keys
        query = f"SELECT DISTINCT {select} WHERE {{ {focus} {pattern} }}"
        checks.append(Check(shape, component, query, path, None, found))
    for constraint in shapes.objects(shape, SH.sparql):
        checks.append(SparqlConstraintComponent.check(compiler, shape, constraint, focus))
    for prop in shapes.objects(shape, SH.property):  # 4.7.2 sh:property
        if path is None:
            inner = focus
        else:
            up = compiler.fresh()
            parent = f"{{ SELECT (?this AS {up}){keys} WHERE {{ {focus} }} }}"
            step = f"{up} {compiler.path(path)} ?this ."
            inner = f"{{ SELECT DISTINCT ?this{keys} {up} WHERE {{ {parent} {step} }} }}"
            checks += _unit(compiler, prop, inner, seen | {shape}, f"{keys} {up}")
            continue
        checks += _unit(compiler, prop, inner, seen | {shape}, keys)
    return checks


# --- running the checks ---------------------------------------------------------------------
def _template(found: tuple[Literal, ...], row: dict[str, Node]) -> tuple[Literal, ...]:
    if not found or not any("{" in str(m) for m in found):
        return found
    out = []
    for m in found:
        text = re.sub(
            r"\{[$?]([A-Za-z_][A-Za-z0-9_]*)\}",
            lambda x: str(row[x.group(1)]) if x.group(1) in row else x.group(0),
            str(m),
        )
        out.append(Literal(text, lang=m.language))
    return tuple(out)


def _run_check(store: ox.Store, check: Check) -> Iterator[Finding]:
    if not check.query:
        return
    if check.per_focus is None:
        solutions = [rows(store, check.query)]
    else:
        try:
            solutions = []
            for focus_row in rows(store, check.per_focus):
                term = focus_row["this"]
                if isinstance(term, BNode):  # a blank node cannot be written into the query
                    solutions.append(rows(store, check.query, {ox.Variable("this"): to_ox(term)}))
                else:
                    solutions.append(rows(store, prebind(check.query, term.n3())))
        except (SyntaxError, RuntimeError) as exc:
            raise ShaclError(f"the SPARQL constraint of {check.shape} fails: {exc}") from exc
    is_sparql = check.component == SH.SPARQLConstraintComponent
    for solution in solutions:
        for row in solution:
            if is_sparql and row.get("failure") == Literal(True):
                raise ShaclError(f"the SPARQL constraint of {check.shape} reported a failure")
            focus = row.get("this")
            if focus is None:
                continue
            found = check.messages
            if "message" in row and isinstance(row["message"], Literal):
                found = (row["message"],)
            yield Finding(
                focus=focus,
                severity=URIRef(""),  # filled in by the caller
                source_shape=check.shape,
                component=check.component,
                path=row.get("path", check.path),
                value=row.get("value", focus if is_sparql and check.path is None else None),
                messages=_template(found, row) if is_sparql else found,
                source_constraint=check.constraint,
            )


def _evaluate(store: ox.Store, shapes: Graph, check: Check) -> list[Finding]:
    try:
        found = list(_run_check(store, check))
    except (SyntaxError, OSError) as exc:
        raise ShaclError(f"cannot evaluate a constraint of {check.shape}: {exc}") from exc
    severity = _severity(shapes, check.shape)
    return [
        Finding(f.focus, severity, f.source_shape, f.component, f.path, f.value, f.messages,
                f.source_constraint)
        for f in found
    ]  # fmt: skip


def _severity(shapes: Graph, shape: Node) -> URIRef:
    value = shapes.value(shape, SH.severity)
    return value if isinstance(value, URIRef) else SH.Violation


# --- the run --------------------------------------------------------------------------------
def validate(data: Graph | ox.Store, shapes: Graph, time_limit: float | None = None) -> Report:
    """Validate ``data`` (an rdflib graph or a loaded Oxigraph store) against ``shapes``.

    The queries run on ``WORKERS`` threads. ``time_limit`` stops waiting for them (a query
    already running finishes in the background); for a hard limit use
    :func:`api.shacl.limits.with_time_limit`.

    Raises:
        ShaclError: the shapes are malformed, a query fails, or pySHACL (for a fallback) fails.
        ValidationTimeout: the time limit ran out.
    """
    started = time.perf_counter()
    store = data if isinstance(data, ox.Store) else load_store(data)
    compiler = Compiler(shapes, store)
    every = _all_shapes(shapes)
    checks: list[Check] = []
    fallback: dict[Node, str] = {}
    for shape in _targeted(shapes, every):
        try:
            focus = targets(compiler, shape)
            if focus is None:
                continue
            checks += _unit(compiler, shape, focus, frozenset())
        except Unsupported as exc:
            fallback[shape] = str(exc)
    findings: list[Finding] = []
    remaining = (
        None if time_limit is None else max(0.0, time_limit - (time.perf_counter() - started))
    )
    pool = ThreadPoolExecutor(max_workers=WORKERS)  # Oxigraph releases the GIL while querying
    try:
        batches = pool.map(lambda check: _evaluate(store, shapes, check), checks, timeout=remaining)
        for found in batches:
            findings += found
    except FuturesTimeout as exc:
        raise ValidationTimeout(f"validation did not finish within {time_limit:g} s") from exc
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    notices: list[str] = []
    if fallback:
        findings += _fallback(data, store, shapes, fallback, notices)
    return Report(sort_findings(findings), engine="fast", notices=notices)


def _fallback(
    data: Graph | ox.Store,
    store: ox.Store,
    shapes: Graph,
    units: dict[Node, str],
    notices: list[str],
) -> list[Finding]:
    """Validate the shapes in ``units`` with pySHACL and keep their findings."""
    from . import reference

    owned: set[Node] = set()
    for shape, reason in sorted(units.items(), key=lambda kv: str(kv[0])):
        notices.append(
            f"{shape}: uses {reason}, which the fast engine does not compile; "
            "pySHACL validated this rule"
        )
        todo = [shape]
        while todo:
            current = todo.pop()
            if current in owned:
                continue
            owned.add(current)
            todo += list(shapes.objects(current, SH.property))
    graph = data if isinstance(data, Graph) else to_graph(store)
    report = reference.validate(graph, shapes)
    return [f for f in report.findings if f.source_shape in owned]


__all__ = ["validate"]
