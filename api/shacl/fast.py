"""The fast engine: SHACL Core and SHACL-SPARQL compiled to SPARQL, run on Oxigraph.

Each constraint of a targeted shape becomes one SPARQL query that returns only the
offending focus nodes and values, for all focus nodes at once; Oxigraph evaluates it in
Rust. A nested shape (``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``,
``sh:qualifiedValueShape``) becomes a SPARQL expression that is true when a node
conforms, so it runs inside the same query.

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
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from ..sparql_text import TOKENS, code_only, where_start
from .model import Finding, Report, ShaclError, ValidationTimeout, sort_findings
from .store import load_store, to_ox, to_rdflib

#: Queries run side by side (Oxigraph evaluates without holding the GIL).
WORKERS = min(4, os.cpu_count() or 1)
#: Largest count that a nested shape expands into distinct-value patterns.
NESTED_COUNT_LIMIT = 4

SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)
TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
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


class Unsupported(Exception):
    """A shape uses a feature the compiler does not handle; pySHACL validates it."""


class Pattern(str):
    """A violation pattern; ``condition`` is the same test as an expression, when it is one."""

    condition: str | None

    def __new__(cls, text: str, condition: str | None) -> Pattern:
        made = super().__new__(cls, text)
        made.condition = condition
        return made


@dataclass
class Check:
    """One compiled constraint: a query returning ``?this`` and maybe ``?value``/``?path``."""

    shape: Node
    component: URIRef
    query: str
    path: Node | None
    constraint: Node | None = None
    messages: tuple[Literal, ...] = ()
    per_focus: str | None = None  # a focus query: run ``query`` once per focus node


@dataclass
class Compiler:
    """Compiles the shapes of one shapes graph."""

    shapes: Graph
    store: ox.Store
    counter: int = 0
    subclass_cache: dict[Node, list[str]] = field(default_factory=dict)
    custom_parameters: set[Node] = field(default_factory=set)

    def __post_init__(self) -> None:
        g = self.shapes
        kinds = set(g.transitive_subjects(RDFS.subClassOf, SH.ConstraintComponent))
        for component in {c for kind in kinds for c in g.subjects(RDF.type, kind)}:
            for parameter in g.objects(component, SH.parameter):
                self.custom_parameters |= set(g.objects(parameter, SH.path))

    # --- terms and paths ----------------------------------------------------------------
    def fresh(self) -> str:
        self.counter += 1
        return f"?_v{self.counter}"

    def term(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return f"<{_iri(node)}>"
        if isinstance(node, Literal):
            lexical = _string(str(node))
            if node.language:
                return f"{lexical}@{node.language}"
            if node.datatype is not None:
                return f"{lexical}^^<{_iri(node.datatype)}>"
            return lexical
        raise Unsupported("a blank node as a constant value")

    def path(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self.term(node)
        g = self.shapes
        if (node, RDF.first, None) in g:
            items = [self.path(i) for i in Collection(g, node)]
            if len(items) < 2:
                raise ShaclError(f"a sequence path needs at least two members: {node}")
            return "(" + "/".join(items) + ")"
        for prop, fmt in (
            (SH.inversePath, "^({})"),
            (SH.zeroOrMorePath, "({})*"),
            (SH.oneOrMorePath, "({})+"),
            (SH.zeroOrOnePath, "({})?"),
        ):
            inner = g.value(node, prop)
            if inner is not None:
                return fmt.format(self.path(inner))
        alternatives = g.value(node, SH.alternativePath)
        if alternatives is not None:
            items = [self.path(i) for i in Collection(g, alternatives)]
            if len(items) < 2:
                raise ShaclError(f"an alternative path needs at least two members: {node}")
            return "(" + "|".join(items) + ")"
        raise ShaclError(f"not a well-formed SHACL path: {node}")

    def subclasses(self, cls: Node) -> list[str]:
        """Return ``cls`` and its subclasses in the data, as SPARQL terms."""
        if cls not in self.subclass_cache:
            query = f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* {self.term(cls)} }}"
            found = {self.term(row["c"]) for row in _rows(self.store, query)}
            found.add(self.term(cls))
            self.subclass_cache[cls] = sorted(found)
        return self.subclass_cache[cls]

    def values(self, node: Node) -> list[Node]:
        return list(self.shapes.objects(node, None))

    def one(self, node: Node, prop: URIRef) -> Node | None:
        return self.shapes.value(node, prop)

    def items(self, node: Node, prop: URIRef) -> list[Node]:
        head = self.one(node, prop)
        if head is None:
            return []
        return list(Collection(self.shapes, head))

    # --- focus nodes ----------------------------------------------------------------------
    def targets(self, shape: Node, var: str = "?this") -> str | None:
        """Return a group pattern binding ``var`` to the shape's targets, or None."""
        g = self.shapes
        parts: list[str] = []
        nodes = sorted(g.objects(shape, SH.targetNode), key=str)
        if nodes:
            parts.append(f"VALUES {var} {{ {' '.join(self.term(n) for n in nodes)} }}")
        classes = set(g.objects(shape, SH.targetClass))
        if (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, OWL.Class) in g:
            classes.add(shape)
        if classes:
            terms = sorted({t for c in classes for t in self.subclasses(c)})
            parts.append(f"VALUES ?_cls {{ {' '.join(terms)} }} {var} a ?_cls .")
        for p in sorted(g.objects(shape, SH.targetSubjectsOf), key=str):
            parts.append(f"{var} {self.term(p)} [] .")
        for p in sorted(g.objects(shape, SH.targetObjectsOf), key=str):
            parts.append(f"[] {self.term(p)} {var} .")
        if (shape, SH.target, None) in g:
            raise Unsupported("a SPARQL-based target (sh:target)")
        if not parts:
            return None
        body = " } UNION { ".join(parts)
        return f"{{ SELECT DISTINCT {var} WHERE {{ {{ {body} }} }} }}"

    # --- shape semantics ------------------------------------------------------------------
    def deactivated(self, shape: Node) -> bool:
        return _true(self.one(shape, SH.deactivated))

    def conforms(self, shape: Node, var: str, depth: int = 0) -> str:
        """Return a SPARQL expression true when the node in ``var`` conforms to ``shape``."""
        if depth > 8:
            raise Unsupported("shapes nested more than eight deep (or recursive shapes)")
        if self.deactivated(shape):
            return "true"
        parts: list[str] = []
        for _, pattern, _ in self.violations(shape, var, None, depth):
            condition = getattr(pattern, "condition", None)
            parts.append(f"!({condition})" if condition else f"NOT EXISTS {{ {pattern} }}")
        for prop in self.shapes.objects(shape, SH.property):
            parts.append(self.conforms(prop, var, depth + 1))
        if self.shapes.value(shape, SH.sparql) is not None:
            raise Unsupported("a SPARQL constraint inside a nested shape")
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def value_pattern(self, shape: Node, focus: str, value: str) -> str:
        path = self.one(shape, SH.path)
        if path is None:
            return f"BIND ({focus} AS {value})"
        return f"{focus} {self.path(path)} {value} ."

    def violations(
        self, shape: Node, f: str, focus: str | None, depth: int
    ) -> Iterator[tuple[URIRef, str, str | None]]:
        """Yield (component, pattern, value variable) for each constraint of ``shape``.

        ``f`` is the focus variable. With ``focus`` (the focus-node pattern) the patterns
        may aggregate over all focus nodes; without it ``f`` is bound from outside.
        """
        g = self.shapes
        for parameter in self.custom_parameters:
            if (shape, parameter, None) in g:
                raise Unsupported("a SPARQL-based constraint component")
        path_node = self.one(shape, SH.path)
        if path_node is None:  # a node shape's value node is its focus node
            v, vp = f, ""
        else:
            v = self.fresh()
            vp = self.value_pattern(shape, f, v)

        def bad(ok: str) -> Pattern:
            condition = f"!COALESCE(({ok}), false)"
            return Pattern(f"{vp} FILTER ({condition})", None if vp else condition)

        for cls in sorted(g.objects(shape, SH["class"]), key=str):
            c = self.fresh()
            terms = " ".join(self.subclasses(cls))
            ok = f"EXISTS {{ VALUES {c} {{ {terms} }} {v} a {c} }}"
            yield SH.ClassConstraintComponent, bad(ok), v
        for dt in g.objects(shape, SH.datatype):
            yield SH.DatatypeConstraintComponent, bad(self.datatype_ok(dt, v)), v
        for kind in g.objects(shape, SH.nodeKind):
            if kind not in NODE_KINDS:
                raise ShaclError(f"unknown sh:nodeKind {kind} on shape {shape}")
            yield SH.NodeKindConstraintComponent, bad(NODE_KINDS[kind].format(v=v)), v  # type: ignore[index]
        for prop, op, comp in (
            (SH.minExclusive, ">", SH.MinExclusiveConstraintComponent),
            (SH.minInclusive, ">=", SH.MinInclusiveConstraintComponent),
            (SH.maxExclusive, "<", SH.MaxExclusiveConstraintComponent),
            (SH.maxInclusive, "<=", SH.MaxInclusiveConstraintComponent),
        ):
            for bound in g.objects(shape, prop):
                ok = f"!isBlank({v}) && !isIRI({v}) && {v} {op} {self.term(bound)}"
                yield comp, bad(ok), v
        for prop, op, comp in (
            (SH.minLength, ">=", SH.MinLengthConstraintComponent),
            (SH.maxLength, "<=", SH.MaxLengthConstraintComponent),
        ):
            for n in g.objects(shape, prop):
                ok = f"!isBlank({v}) && STRLEN(STR({v})) {op} {int(n)}"  # type: ignore[call-overload]
                yield comp, bad(ok), v
        for regex in g.objects(shape, SH.pattern):
            flags = self.one(shape, SH.flags)
            args = _string(str(regex)) + (f", {_string(str(flags))}" if flags else "")
            yield SH.PatternConstraintComponent, bad(f"!isBlank({v}) && REGEX(STR({v}), {args})"), v
        for head in g.objects(shape, SH.languageIn):
            tags = [str(t) for t in Collection(g, head)]
            tests = " || ".join(f"langMatches(LANG({v}), {_string(t)})" for t in tags)
            yield (
                SH.LanguageInConstraintComponent,
                bad(f"isLiteral({v}) && ({tests or 'false'})"),
                v,
            )
        for head in g.objects(shape, SH["in"]):
            members = list(Collection(g, head))
            any_member = " || ".join(f"sameTerm({v}, {self.term(m)})" for m in members)
            yield SH.InConstraintComponent, bad(any_member or "false"), v
        for other in g.objects(shape, SH.node):
            ok = self.conforms(other, v, depth + 1)
            yield SH.NodeConstraintComponent, bad(ok), v
        for other in g.objects(shape, SH["not"]):
            ok = "!" + self.conforms(other, v, depth + 1)
            yield SH.NotConstraintComponent, bad(ok), v
        for head in g.objects(shape, SH["and"]):
            parts = [self.conforms(m, v, depth + 1) for m in Collection(g, head)]
            yield SH.AndConstraintComponent, bad(" && ".join(parts) or "true"), v
        for head in g.objects(shape, SH["or"]):
            parts = [self.conforms(m, v, depth + 1) for m in Collection(g, head)]
            yield SH.OrConstraintComponent, bad(" || ".join(parts) or "false"), v
        for head in g.objects(shape, SH.xone):
            parts = [self.conforms(m, v, depth + 1) for m in Collection(g, head)]
            count = " + ".join(f"IF(COALESCE({m}, false), 1, 0)" for m in parts) or "0"
            yield SH.XoneConstraintComponent, bad(f"({count}) = 1"), v
        for value in g.objects(shape, SH.hasValue):
            t = self.term(value)
            if path_node is None:
                test = f"!sameTerm({f}, {t})"
                yield SH.HasValueConstraintComponent, Pattern(f"FILTER ({test})", test), None
            else:
                p = self.path(path_node)
                yield SH.HasValueConstraintComponent, f"FILTER NOT EXISTS {{ {f} {p} {t} }}", None
        if path_node is not None:
            yield from self.counts(shape, f, focus, v, vp)
            yield from self.pairs(shape, f, v, vp)
            yield from self.qualified(shape, f, focus, v, depth)
        else:
            for prop, comp in (
                (SH.equals, SH.EqualsConstraintComponent),
                (SH.disjoint, SH.DisjointConstraintComponent),
            ):
                for other in g.objects(shape, prop):
                    q = self.term(other)
                    if prop == SH.equals:
                        w = self.fresh()
                        yield comp, f"FILTER NOT EXISTS {{ {f} {q} {f} }}", f
                        yield comp, f"{f} {q} {w} FILTER (!sameTerm({w}, {f}))", w
                    else:
                        yield comp, f"{f} {q} {f} .", f
            for prop in (SH.lessThan, SH.lessThanOrEquals, SH.uniqueLang, SH.minCount):
                if (shape, prop, None) in g:
                    raise ShaclError(f"{prop} needs a property shape (sh:path): {shape}")
        if _true(self.one(shape, SH.closed)):
            allowed = {
                self.term(p)
                for prop in g.objects(shape, SH.property)
                for p in g.objects(prop, SH.path)
                if isinstance(p, URIRef)
            }
            allowed |= {self.term(p) for p in self.items(shape, SH.ignoredProperties)}
            pp, o = self.fresh(), self.fresh()
            test = f"FILTER ({pp} NOT IN ({', '.join(sorted(allowed))}))" if allowed else ""
            yield SH.ClosedConstraintComponent, f"{vp} {v} {pp} {o} . {test}", f"{o}|{pp}"

    def datatype_ok(self, dt: Node, v: str) -> str:
        if dt == RDF.langString:
            return f"isLiteral({v}) && LANG({v}) != ''"
        ok = DATATYPE_OK.format(v=v, d=self.term(dt))
        if str(dt) in CASTS:
            ok += f" && COALESCE(isLiteral({self.term(dt)}({v})), false)"
        elif str(dt) in LEXICAL:
            ok += f" && REGEX(STR({v}), {_string(LEXICAL[str(dt)])})"
        return ok

    def counts(
        self, shape: Node, f: str, focus: str | None, v: str, vp: str
    ) -> Iterator[tuple[URIRef, str, str | None]]:
        g = self.shapes
        path = self.path(self.one(shape, SH.path))  # type: ignore[arg-type]
        for n in g.objects(shape, SH.minCount):
            need = int(n)  # type: ignore[call-overload]
            if need <= 0:
                continue
            if need == 1:
                yield SH.MinCountConstraintComponent, f"FILTER NOT EXISTS {{ {vp} }}", None
            elif focus is not None:
                pattern = (
                    f"{{ SELECT {f} WHERE {{ {focus} OPTIONAL {{ {vp} }} }} GROUP BY {f} "
                    f"HAVING (COUNT(DISTINCT {v}) < {need}) }}"
                )
                yield SH.MinCountConstraintComponent, pattern, None
            else:
                yield (
                    SH.MinCountConstraintComponent,
                    self.at_least(f, path, need, negate=True),
                    None,
                )
        for n in g.objects(shape, SH.maxCount):
            most = int(n)  # type: ignore[call-overload]
            if focus is not None:
                pattern = (
                    f"{{ SELECT {f} WHERE {{ {focus} {vp} }} GROUP BY {f} "
                    f"HAVING (COUNT(DISTINCT {v}) > {most}) }}"
                )
                yield SH.MaxCountConstraintComponent, pattern, None
            else:
                yield SH.MaxCountConstraintComponent, self.at_least(f, path, most + 1), None
        if _true(self.one(shape, SH.uniqueLang)):
            a, b = self.fresh(), self.fresh()
            pattern = (
                f"{{ SELECT DISTINCT {f} (LCASE(LANG({a})) AS {v}) WHERE {{ {focus or ''} "
                f"{f} {path} {a}, {b} . FILTER (!sameTerm({a}, {b}) && LANG({a}) != '' "
                f"&& LCASE(LANG({a})) = LCASE(LANG({b}))) }} }}"
                if focus is not None
                else f"{f} {path} {a}, {b} . FILTER (!sameTerm({a}, {b}) && LANG({a}) != '' "
                f"&& LCASE(LANG({a})) = LCASE(LANG({b})))"
            )
            yield SH.UniqueLangConstraintComponent, pattern, f"||{v}"  # one result per language

    def at_least(
        self, f: str, path: str, n: int, negate: bool = False, ok: str | None = None
    ) -> str:
        """Return a pattern matching when ``f`` has at least ``n`` distinct values (or not)."""
        if n > NESTED_COUNT_LIMIT:
            raise Unsupported(f"a count above {NESTED_COUNT_LIMIT} inside a nested shape")
        names = [self.fresh() for _ in range(n)]
        triples = " ".join(f"{f} {path} {x} ." for x in names)
        tests = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1 :]]
        if ok is not None:
            tests += [ok.replace("{v}", x) for x in names]
        where = triples + (f" FILTER ({' && '.join(tests)})" if tests else "")
        return f"FILTER {'NOT ' if negate else ''}EXISTS {{ {where} }}"

    def pairs(
        self, shape: Node, f: str, v: str, vp: str
    ) -> Iterator[tuple[URIRef, str, str | None]]:
        g = self.shapes
        for other in g.objects(shape, SH.equals):
            q = self.term(other)
            w = self.fresh()
            path = self.path(self.one(shape, SH.path))  # type: ignore[arg-type]
            yield SH.EqualsConstraintComponent, f"{vp} FILTER NOT EXISTS {{ {f} {q} {v} }}", v
            pattern = f"{f} {q} {w} FILTER NOT EXISTS {{ {f} {path} {w} }}"
            yield SH.EqualsConstraintComponent, pattern, w
        for other in g.objects(shape, SH.disjoint):
            yield SH.DisjointConstraintComponent, f"{vp} {f} {self.term(other)} {v} .", v
        for prop, op, comp in (
            (SH.lessThan, "<", SH.LessThanConstraintComponent),
            (SH.lessThanOrEquals, "<=", SH.LessThanOrEqualsConstraintComponent),
        ):
            for other in g.objects(shape, prop):
                w = self.fresh()
                pattern = (
                    f"{vp} {f} {self.term(other)} {w} . FILTER (!COALESCE({v} {op} {w}, false))"
                )
                yield comp, pattern, f"{v}||{w}"  # one result per pair

    def qualified(
        self, shape: Node, f: str, focus: str | None, v: str, depth: int
    ) -> Iterator[tuple[URIRef, str, str | None]]:
        g = self.shapes
        path = self.path(self.one(shape, SH.path))  # type: ignore[arg-type]
        for q in g.objects(shape, SH.qualifiedValueShape):
            ok = self.conforms(q, "{v}", depth + 1)
            if _true(self.one(shape, SH.qualifiedValueShapesDisjoint)):
                for sibling in self.siblings(shape, q):
                    ok += " && !" + self.conforms(sibling, "{v}", depth + 1)
            for prop, comp in (
                (SH.qualifiedMinCount, SH.QualifiedMinCountConstraintComponent),
                (SH.qualifiedMaxCount, SH.QualifiedMaxCountConstraintComponent),
            ):
                n = self.one(shape, prop)
                if n is None:
                    continue
                limit = int(n)  # type: ignore[call-overload]
                is_min = prop == SH.qualifiedMinCount
                if is_min and limit <= 0:
                    continue
                if focus is not None:
                    test = f"< {limit}" if is_min else f"> {limit}"
                    pattern = (
                        f"{{ SELECT {f} WHERE {{ {focus} OPTIONAL {{ {f} {path} {v} "
                        f"FILTER (COALESCE({ok.replace('{v}', v)}, false)) }} }} GROUP BY {f} "
                        f"HAVING (COUNT(DISTINCT {v}) {test}) }}"
                    )
                elif is_min:
                    pattern = self.at_least(f, path, limit, True, f"COALESCE({ok}, false)")
                else:
                    pattern = self.at_least(f, path, limit + 1, False, f"COALESCE({ok}, false)")
                yield comp, pattern, None

    def siblings(self, shape: Node, q: Node) -> list[Node]:
        g = self.shapes
        found: list[Node] = []
        for parent in g.subjects(SH.property, shape):
            for prop in g.objects(parent, SH.property):
                for other in g.objects(prop, SH.qualifiedValueShape):
                    if other != q and other not in found:
                        found.append(other)
        return found


# --- SPARQL-based constraints ---------------------------------------------------------------
def _prefixes(shapes: Graph, constraint: Node) -> str:
    out: dict[str, str] = {}
    todo = list(shapes.objects(constraint, SH.prefixes))
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for decl in shapes.objects(node, SH.declare):
            prefix = shapes.value(decl, SH.prefix)
            namespace = shapes.value(decl, SH.namespace)
            if prefix is not None and namespace is not None:
                out[str(prefix)] = str(namespace)
        todo += list(shapes.objects(node, OWL.imports))
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(out.items()))


def _where_start(query: str) -> int:
    """Return the index just after the opening brace of the query's WHERE clause."""
    start = where_start(query)
    if start is None:
        raise ShaclError(f"the SPARQL constraint has no WHERE clause: {query[:80]!r}")
    return start


_SUBSELECT = re.compile(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{)", re.IGNORECASE | re.DOTALL)
_PRE_BOUND = r"[$?](this|shapesGraph|currentShape)\b"


def check_query(query: str, where: Node) -> None:
    """Reject what SHACL-SPARQL forbids in a query with pre-bound variables.

    Raises:
        ShaclError: the query uses MINUS, VALUES or SERVICE, rebinds a pre-bound
            variable with AS, or has a nested SELECT that does not select ``$this``.
    """
    code = code_only(query)
    found = re.search(r"\b(MINUS|VALUES|SERVICE)\b", code, re.IGNORECASE)
    if found:
        raise ShaclError(
            f"the SPARQL constraint {where} uses {found.group(1).upper()}, which SHACL forbids "
            "with pre-bound variables; rewrite it (for example with FILTER NOT EXISTS)"
        )
    if re.search(r"\bAS\s+" + _PRE_BOUND, code, re.IGNORECASE):
        raise ShaclError(f"the SPARQL constraint {where} rebinds a pre-bound variable with AS")
    for projection in _SUBSELECT.findall(code)[1:]:
        if not re.search(r"[$?]this\b", projection):
            raise ShaclError(
                f"a nested SELECT in the SPARQL constraint {where} does not select $this; "
                "SHACL needs every subquery to return the pre-bound variables"
            )


def _groups(code: str) -> list[tuple[str, str]]:
    """Return (keyword before the brace, own text without nested groups) for each group."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[str, list[str]]] = []
    last = ""
    for match in re.finditer(r"[{}]|[^{}]+", code):
        token = match.group()
        if token == "{":
            words = re.findall(r"[A-Za-z]+", last)
            stack.append((words[-1].upper() if words else "", []))
        elif token == "}":
            if stack:
                keyword, parts = stack.pop()
                out.append((keyword, " ".join(parts)))
        else:
            if stack:
                stack[-1][1].append(token)
            last = token
    return out


def prebind(query: str, term: str) -> str:
    """Return ``query`` with ``$this`` replaced by ``term`` (SHACL's pre-binding, textually).

    ``bound($this)`` becomes true, and a projected ``$this`` becomes ``(term AS ?this)``.
    """
    mark = "\x00"
    out: list[str] = []
    for match in TOKENS.finditer(query):
        token = match.group()
        if token.startswith(("#", '"', "'", "<")) and len(token) > 1:
            out.append(token)
            continue
        token = re.sub(r"\bbound\s*\(\s*[$?]this\s*\)", "(true)", token, flags=re.IGNORECASE)
        out.append(token)
    text = "".join(out)
    first = [True]

    def projection(match: re.Match[str]) -> str:
        name = "?this" if first[0] else "?_prebound"  # a subquery must not rebind ?this
        first[0] = False
        return re.sub(r"[$?]this\b", f"({term} AS {name})", match.group()).replace("?", mark)

    text = _SUBSELECT.sub(projection, text)
    text = re.sub(r"[$?]this\b", lambda _: term, text)
    return text.replace(mark, "?")


def _bulk_safe(query: str) -> bool:
    """Return True when joining the focus nodes into the query equals pre-binding ``$this``.

    That holds when every group that tests ``$this`` in an expression also matches it in
    a triple pattern, so the join binds it before the test (EXISTS sees outer bindings).
    """
    code = code_only(query)
    groups = _groups(code[_where_start(code) - 1 :])
    if not groups:
        return False
    for keyword, text in groups:
        if keyword == "EXISTS":
            continue
        bare = re.sub(r"\bSELECT\b.*?\bWHERE\b", " ", text, flags=re.IGNORECASE | re.DOTALL)
        while True:  # drop parenthesised expressions, innermost first
            stripped = re.sub(r"\([^()]*\)", " ", bare)
            if stripped == bare:
                break
            bare = stripped
        if re.search(r"[$?]this\b", text) and not re.search(r"[$?]this\b", bare):
            return False
    return True


def _messages(shapes: Graph, *nodes: Node) -> tuple[Literal, ...]:
    for node in nodes:
        found = [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)]
        if found:
            return tuple(sorted(found, key=lambda m: (m.language or "", str(m))))
    return ()


# --- the engine -----------------------------------------------------------------------------
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
    messages = _messages(shapes, shape)
    for component, pattern, value in compiler.violations(shape, "?this", focus, 0):
        value_var, path_var, key_var = ((value or "") + "||").split("|")[:3]
        select = "?this" + (f" ({value_var} AS ?value)" if value_var else "")
        select += f" ({path_var} AS ?path)" if path_var else ""
        select += f" {key_var}" if key_var else ""
        select += keys
        query = f"SELECT DISTINCT {select} WHERE {{ {focus} {pattern} }}"
        checks.append(Check(shape, component, query, path, None, messages))
    for constraint in shapes.objects(shape, SH.sparql):
        checks.append(_sparql_check(compiler, shape, constraint, focus))
    for prop in shapes.objects(shape, SH.property):
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


def _sparql_check(compiler: Compiler, shape: Node, constraint: Node, focus: str) -> Check:
    shapes = compiler.shapes
    if compiler.deactivated(constraint):
        return Check(shape, SH.SPARQLConstraintComponent, "", None)
    select = shapes.value(constraint, SH.select)
    if select is None:
        raise ShaclError(f"the SPARQL constraint of {shape} has no sh:select")
    text = str(select)
    if re.search(r"\$shapesGraph\b", text):
        raise Unsupported("$shapesGraph in a SPARQL constraint")
    path = compiler.one(shape, SH.path)
    if re.search(r"\$PATH\b", text):
        if path is None:
            raise ShaclError(f"$PATH in a SPARQL constraint of a node shape: {shape}")
        text = re.sub(r"\$PATH\b", compiler.path(path), text)
    if re.search(r"\$currentShape\b", text):
        text = re.sub(r"\$currentShape\b", compiler.term(shape), text)
    check_query(text, constraint)
    text = _prefixes(shapes, constraint) + text
    messages = _messages(shapes, constraint, shape)
    if _bulk_safe(text):
        start = _where_start(text)
        query = text[:start] + f" {focus} " + text[start:]
        return Check(shape, SH.SPARQLConstraintComponent, query, path, constraint, messages)
    focus_query = f"SELECT DISTINCT ?this WHERE {{ {focus} }}"
    return Check(shape, SH.SPARQLConstraintComponent, text, path, constraint, messages, focus_query)


def _template(messages: tuple[Literal, ...], row: dict[str, Node]) -> tuple[Literal, ...]:
    if not messages or not any("{" in str(m) for m in messages):
        return messages
    out = []
    for m in messages:
        text = re.sub(
            r"\{[$?]([A-Za-z_][A-Za-z0-9_]*)\}",
            lambda x: str(row[x.group(1)]) if x.group(1) in row else x.group(0),
            str(m),
        )
        out.append(Literal(text, lang=m.language))
    return tuple(out)


def _rows(
    store: ox.Store, query: str, bindings: dict[ox.Variable, object] | None = None
) -> list[dict[str, Node]]:
    """Run a SELECT query and return its rows as rdflib terms.

    Oxigraph's result objects must be freed on the thread that made them, so nothing of
    theirs leaves this function.
    """
    result = store.query(query, substitutions=bindings)  # type: ignore[arg-type]
    solution = None
    try:
        names = [v.value for v in result.variables]  # type: ignore[union-attr]
        rows: list[dict[str, Node]] = []
        for solution in result:  # type: ignore[union-attr]
            rows.append({n: to_rdflib(solution[n]) for n in names if solution[n] is not None})
        return rows
    finally:  # an error's traceback keeps this frame alive on another thread
        del result, solution


def _run_check(store: ox.Store, check: Check) -> Iterator[Finding]:
    if not check.query:
        return
    if check.per_focus is None:
        solutions = [_rows(store, check.query)]
    else:
        try:
            solutions = []
            for focus_row in _rows(store, check.per_focus):
                term = focus_row["this"]
                if isinstance(term, BNode):  # a blank node cannot be written into the query
                    solutions.append(_rows(store, check.query, {ox.Variable("this"): to_ox(term)}))
                else:
                    solutions.append(_rows(store, prebind(check.query, term.n3())))
        except (SyntaxError, RuntimeError) as exc:
            raise ShaclError(f"the SPARQL constraint of {check.shape} fails: {exc}") from exc
    is_sparql = check.component == SH.SPARQLConstraintComponent
    for rows in solutions:
        for row in rows:
            if is_sparql and row.get("failure") == Literal(True):
                raise ShaclError(f"the SPARQL constraint of {check.shape} reported a failure")
            focus = row.get("this")
            if focus is None:
                continue
            messages = check.messages
            if "message" in row and isinstance(row["message"], Literal):
                messages = (row["message"],)
            yield Finding(
                focus=focus,
                severity=URIRef(""),  # filled in by the caller
                source_shape=check.shape,
                component=check.component,
                path=row.get("path", check.path),
                value=row.get("value", focus if is_sparql and check.path is None else None),
                messages=_template(messages, row) if is_sparql else messages,
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
            focus = compiler.targets(shape)
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
    graph = data if isinstance(data, Graph) else _to_graph(store)
    report = reference.validate(graph, shapes)
    return [f for f in report.findings if f.source_shape in owned]


def _to_graph(store: ox.Store) -> Graph:
    graph = Graph()
    for quad in store:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def _true(value: Node | None) -> bool:
    """SHACL's boolean parameters are on only when they are the literal ``true``."""
    return value == Literal(True)


def _iri(term: Node) -> str:
    text = str(term)
    if re.search(r"[\s<>\"{}|^`\\]", text):
        raise Unsupported(f"an IRI SPARQL cannot write: {text!r}")
    return text


def _string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


__all__ = ["Unsupported", "validate"]
