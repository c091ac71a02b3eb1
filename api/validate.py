"""Validate RDF data against the SHACL shapes in ``shapes/`` and explain the findings.

Two engines give the same :class:`~api.shacl.Report`: ``fast`` (the default, SHACL
compiled to SPARQL on Oxigraph) and ``pyshacl`` (the reference). :func:`explain` adds
what a reader needs to each finding: the entity's label, the responsible body, the
rule's name and message in Swedish and English, the values, and the source document,
lines, page and quote. :func:`validate_files` does the whole run (parsing, validating,
explaining, rendering) in one forked child, so ``--time-limit`` covers all of it.

Every file is checked by :mod:`api.rdf_input` before it is parsed: no entity is expanded,
no context fetched, no ``owl:imports`` followed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from loaders.errors import LoaderError
from loaders.progress import SILENT, Progress

from .formats import READ_FORMATS, TURTLE, by_extension, extensions
from .rdf_input import check_rdf_file
from .shacl import Finding, Report, ShaclError

if TYPE_CHECKING:
    from .progress import Display

REPORT_STEM = "validation-report"
ENGINES = ("fast", "pyshacl")
STYR = "https://w3id.org/styrgraf/ontology#"
QUOTE_LIMIT = 240


def rdf_files(paths: Iterable[Path]) -> list[Path]:
    """Return the RDF files named by ``paths`` (a folder gives its RDF files, not reports).

    Raises:
        LoaderError: a path does not exist, or a folder holds no RDF file.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if by_extension(p.suffix, READ_FORMATS, loose=True)
                and not p.name.startswith(REPORT_STEM)
            )
            if not found:
                raise LoaderError(
                    "the folder holds no RDF file",
                    path=path,
                    hint="pass files ending in one of "
                    + ", ".join(extensions(READ_FORMATS, loose=True)),
                )
            files += found
        elif path.exists():
            files.append(path)
        else:
            raise LoaderError("no such file or folder", path=path, hint="check the path")
    return files


def load_data(paths: Iterable[Path]) -> Graph:
    """Parse RDF files (or every RDF file in a folder) into one graph (named graphs merged).

    Raises:
        LoaderError: a path is missing, a file is refused (:mod:`api.rdf_input`) or does
            not parse.
    """
    graph = Graph()
    for file in rdf_files(paths):
        check_rdf_file(file)
        fmt = by_extension(file.suffix, READ_FORMATS, loose=True) or TURTLE
        try:
            if fmt.quads:
                ds = Dataset()
                ds.parse(file, format=fmt.rdflib)
                for s, p, o, _ in ds.quads((None, None, None, None)):
                    graph.add((s, p, o))
            else:
                graph.parse(file, format=fmt.rdflib)
        except Exception as exc:  # rdflib raises many parser types, RecursionError too
            raise LoaderError(
                f"the RDF does not parse: {exc}", path=file, hint="check the file's syntax"
            ) from exc
    return graph


def load_shapes(folder: Path) -> Graph:
    """Parse the shapes folder (Turtle files); never follows owl:imports.

    Raises:
        LoaderError: the folder is missing, empty or a file does not parse.
    """
    return load_data([folder])


def shape_groups(folder: Path) -> list[tuple[str, frozenset[URIRef]]]:
    """Return each shapes file's name and the named shapes it gives a target.

    Raises:
        LoaderError: the folder is missing, empty or a file does not parse.
    """
    from .shacl.reference import targeted

    groups: list[tuple[str, frozenset[URIRef]]] = []
    for file in rdf_files([folder]):
        found = targeted(load_data([file]))
        groups.append((file.name, frozenset(s for s in found if isinstance(s, URIRef))))
    return groups


def run(
    data: Graph,
    shapes: Graph,
    engine: str = "fast",
    time_limit: float | None = None,
    *,
    groups: Iterable[tuple[str, frozenset[URIRef]]] = (),
    progress: Progress = SILENT,
) -> Report:
    """Validate ``data`` against ``shapes`` with ``engine`` ("fast" or "pyshacl").

    ``groups`` (:func:`shape_groups`) lets pySHACL report a step per shapes file.

    Raises:
        ShaclError: the shapes cannot be used, or the time limit ran out.
    """
    from .shacl.limits import with_time_limit

    started = time.perf_counter()
    if engine == "pyshacl":
        from .shacl import reference

        parts = list(groups)
        report = with_time_limit(
            lambda: reference.validate(data, shapes, parts, progress), time_limit
        )
    elif engine == "fast":
        from .shacl import fast_engine

        progress.phase("validate")
        report = with_time_limit(lambda: fast_engine.validate(data, shapes), time_limit)
    else:
        raise ShaclError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class Outcome:
    """A finished run: the report, rendered as asked, and as a standard Turtle report."""

    report: Report
    text: str
    turtle: str


def validate_files(
    paths: list[Path],
    shapes: Path,
    *,
    engine: str = "fast",
    fmt: str = "text",
    lang: str = "sv",
    time_limit: float | None = None,
    progress: Display | None = None,
) -> Outcome:
    """Validate the RDF files ``paths`` against the shapes folder and render the report.

    Parsing, validating, explaining and rendering run in one forked child that is killed
    when ``time_limit`` runs out, so a file that is slow to parse or a run with many
    findings to explain is stopped like a slow engine. The child shows its ``progress``
    (phases "load", "validate" and "explain") and finishes the line before it answers.

    Raises:
        LoaderError: a path is missing, a file is refused or does not parse, or the
            shapes cannot be used.
        ValidationTimeout: the run did not finish within ``time_limit``.
        ShaclError: the validating process died.
    """
    from .shacl.limits import with_time_limit

    return with_time_limit(
        lambda: _validate_files(paths, shapes, engine, fmt, lang, progress), time_limit
    )


def _validate_files(
    paths: list[Path], shapes: Path, engine: str, fmt: str, lang: str, progress: Display | None
) -> Outcome:
    try:
        return _validate_and_render(paths, shapes, engine, fmt, lang, progress or SILENT)
    finally:
        if progress is not None:
            progress.close()  # in the child: its line is done before the parent prints


def _validate_and_render(
    paths: list[Path], shapes: Path, engine: str, fmt: str, lang: str, progress: Progress
) -> Outcome:
    from . import report as render

    progress.phase("load")
    files = rdf_files(paths)
    data = load_data(files)
    shapes_graph = load_shapes(shapes)
    groups = shape_groups(shapes) if engine == "pyshacl" else []
    try:
        report = run(data, shapes_graph, engine=engine, groups=groups, progress=progress)
    except ShaclError as exc:
        raise LoaderError(str(exc), path=shapes, hint="check the shapes") from exc
    progress.phase("explain")
    what = ", ".join(str(p) for p in paths)
    graph = render.report_graph(report, shapes_graph, what, fingerprint(files))
    turtle = graph.serialize(format=TURTLE.rdflib)
    if fmt in {"text", "html"}:
        items = explain(report, data, shapes_graph, lang)
        if fmt == "text":
            text = render.render_text(report, items, what, lang)
        else:
            text = render.render_html(report, items, what)
    elif fmt == "turtle":
        text = turtle
    else:
        text = render.render_json(graph)
    return Outcome(report, text, turtle)


# --- explaining findings --------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """Where a fact is stated: document, lines, page and quote."""

    document: str
    file: str
    line_start: int | None
    line_end: int | None
    page: int | None
    quote: str

    def where(self, lang: str = "sv") -> str:
        """Return "file, rad 12–14 (s. 3)" (or in English)."""
        line, page = ("rad", "s.") if lang == "sv" else ("line", "p.")
        parts = [self.file or self.document]
        if self.line_start is not None:
            span = f"{self.line_start}"
            if self.line_end is not None and self.line_end != self.line_start:
                span += f"–{self.line_end}"
            parts.append(f"{line} {span}")
        text = ", ".join(parts)
        return text + (f" ({page} {self.page})" if self.page is not None else "")


@dataclass
class Explained:
    """A finding with what a reader needs to act on it."""

    finding: Finding
    rule: Node
    rule_label: dict[str, str]
    label: str
    body: str
    values: list[str]
    details: dict[str, str] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    def message(self, lang: str = "sv") -> str:
        return self.finding.message(lang) or self.rule_label.get(lang, "")


def _text(term: Node | None) -> str:
    """Return a term for a reader; a whole decimal keeps one decimal (Oxigraph drops it)."""
    if term is None:
        return ""
    text = str(term)
    if isinstance(term, Literal) and term.datatype == XSD.decimal and "." not in text:
        return text + ".0"
    return text


def _label(graph: Graph, node: Node, lang: str = "sv") -> str:
    """Return the node's label in ``lang`` (else any label, else its IRI)."""
    best: str | None = None
    for prop in (RDFS.label, SKOS.prefLabel, DCTERMS.title):
        for value in graph.objects(node, prop):
            if isinstance(value, Literal):
                if value.language == lang:
                    return str(value)
                best = best or str(value)
    return best or str(node)


def _rule(shapes: Graph, shape: Node) -> Node:
    """Return the named shape a finding belongs to (a blank property shape's parent)."""
    current = shape
    for _ in range(5):
        if not isinstance(current, BNode):
            return current
        parent = shapes.value(None, SH.property, current) or shapes.value(None, SH.node, current)
        if parent is None:
            return current
        current = parent
    return current


def _rule_labels(shapes: Graph, rule: Node) -> dict[str, str]:
    labels: dict[str, str] = {}
    for value in shapes.objects(rule, RDFS.label):
        if isinstance(value, Literal) and value.language:
            labels[value.language] = str(value)
    if not labels:
        name = str(rule).rsplit("#", 1)[-1] if isinstance(rule, URIRef) else "(anonym regel)"
        labels = {"sv": name, "en": name}
    return labels


BODY_PATHS: tuple[tuple[str, ...], ...] = (
    (f"{STYR}responsibleBody",),
    (f"{STYR}reportingBody",),
    (f"{STYR}contributingBody",),
    (f"{STYR}forAssignment", f"{STYR}responsibleBody"),
    (f"{STYR}statedIn", str(DCTERMS.subject)),
    (f"{STYR}listedIn", str(DCTERMS.subject)),
    (str(PROV.wasDerivedFrom), str(DCTERMS.subject)),
    (str(PROV.entity), str(DCTERMS.subject)),
)


def _follow(graph: Graph, node: Node, path: tuple[str, ...]) -> list[Node]:
    current: list[Node] = [node]
    for step in path:
        current = [o for n in current for o in graph.objects(n, URIRef(step))]
    return current


def _body(graph: Graph, node: Node, lang: str) -> str:
    for path in BODY_PATHS:
        found = sorted(_follow(graph, node, path), key=str)
        if found:
            return _label(graph, found[0], lang)
    return "(ingen ansvarig angiven)" if lang == "sv" else "(no responsible body given)"


def _sources(graph: Graph, node: Node) -> list[Source]:
    evidence = list(graph.objects(node, PROV.qualifiedDerivation))
    if (node, RDF.type, URIRef(f"{STYR}Evidence")) in graph:
        evidence.append(node)
    out: list[Source] = []
    for ev in evidence:
        doc = graph.value(ev, PROV.entity)
        if doc is None:
            continue
        text = graph.value(doc, URIRef(f"{STYR}sourceText"))
        file = _text(graph.value(text, DCTERMS.title)) if text is not None else ""

        def num(prop: str, ev: Node = ev) -> int | None:
            value = graph.value(ev, URIRef(f"{STYR}{prop}"))
            return int(value) if isinstance(value, Literal) else None

        quote = _text(graph.value(ev, URIRef(f"{STYR}quote")))
        if len(quote) > QUOTE_LIMIT:
            quote = quote[: QUOTE_LIMIT - 1].rstrip() + "…"
        out.append(
            Source(
                _label(graph, doc), file, num("lineStart"), num("lineEnd"), num("pageStart"), quote
            )
        )
    return sorted(out, key=lambda s: (s.file, s.line_start or 0))


def rule_query(shapes: Graph, constraint: Node) -> str | None:
    """Return a SPARQL rule's SELECT with the shapes' prefixes and ``$this`` as ``?this``."""
    query = shapes.value(constraint, SH.select)
    if query is None:
        return None
    prefixes = "".join(
        f"PREFIX {p}: <{ns}>\n"
        for decl in shapes.objects(None, SH.declare)
        for p, ns in [(shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace))]
    )
    return prefixes + str(query).replace("$this", "?this")


def _details(store: object, shapes: Graph, finding: Finding) -> dict[str, str]:
    """Return the extra variables a SPARQL rule selects for this finding (e.g. ?sum)."""
    constraint = finding.source_constraint
    if constraint is None:
        return {}
    text = rule_query(shapes, constraint)
    if text is None or not isinstance(finding.focus, URIRef):
        return {}
    import pyoxigraph as ox

    from .shacl.store import to_ox, to_rdflib

    try:
        solutions = store.query(  # type: ignore[attr-defined]
            text, substitutions={ox.Variable("this"): to_ox(finding.focus)}
        )
    except (SyntaxError, OSError):
        return {}
    for solution in solutions:
        names = [v.value for v in solutions.variables]
        row = {n: solution[n] for n in names if solution[n] is not None}
        value = row.get("value")
        if finding.value is not None and (value is None or to_rdflib(value) != finding.value):
            continue
        return {
            n: _text(to_rdflib(t)) for n, t in row.items() if n not in {"this", "value", "path"}
        }
    return {}


def explain(report: Report, data: Graph, shapes: Graph, lang: str = "sv") -> list[Explained]:
    """Return the findings with labels, bodies, values, details and sources."""
    store = None
    if any(f.source_constraint is not None for f in report.findings):
        from .shacl.store import load_store

        store = load_store(data)
    out: list[Explained] = []
    for f in report.findings:
        rule = _rule(shapes, f.source_shape)
        values = [] if f.value is None else [_text(f.value)]
        out.append(
            Explained(
                finding=f,
                rule=rule,
                rule_label=_rule_labels(shapes, rule),
                label=_label(data, f.focus, lang),
                body=_body(data, f.focus, lang),
                values=values,
                details=_details(store, shapes, f) if store is not None else {},
                sources=_sources(data, f.focus),
            )
        )
    return out


def fingerprint(files: Iterable[Path]) -> str:
    """Return a SHA-256 over the files' names and bytes (what a run validated)."""
    digest = hashlib.sha256()
    for file in sorted(files):
        digest.update(file.name.encode("utf-8"))
        digest.update(file.read_bytes())
    return digest.hexdigest()
