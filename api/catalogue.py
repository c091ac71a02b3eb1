"""The named-query catalogue: ``queries/*.rq`` with ``#+`` YAML headers and typed parameters.

The catalogue is read once at start-up and any mistake stops it with the file named: bad
YAML, an unknown key, a parameter the query does not use or does not return, or SPARQL
that does not parse. Parameters are parsed into RDF terms of their declared type and
bound by the store (Oxigraph substitutions in process, a VALUES block remotely); the
query text is never edited.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import yaml
from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import BadRequest
from .iri import parse_iri

KEYS = {"summary", "summary_sv", "description", "tags", "params"}
PARAM_KEYS = {"type", "description", "example", "required"}
TYPES = {
    "iri": None,
    "string": XSD.string,
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "date": XSD.date,
    "gYear": XSD.gYear,
    "boolean": XSD.boolean,
}
PATTERNS = {
    "integer": r"[+-]?[0-9]+",
    "decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
    "date": r"-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])",
    "gYear": r"-?[0-9]{4,}",
    "boolean": r"true|false|1|0",
}


class CatalogueError(Exception):
    """A query file is wrong; the server does not start until it is fixed."""

    def __init__(self, file: Path, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file


@dataclass(frozen=True)
class Param:
    """A typed parameter of a named query."""

    name: str
    type: str
    description: str
    example: str
    required: bool = True

    def parse(self, text: str, query: str) -> Node:
        """Return ``text`` as an RDF term of this parameter's type.

        Raises:
            BadRequest: the text is not a value of the type.
        """
        if self.type == "iri":
            try:
                return parse_iri(self.name, text, self.example)
            except BadRequest as exc:
                exc.context["query"] = query
                raise
        text = text.strip()
        if self.type == "string":
            return Literal(text)
        pattern = PATTERNS[self.type]
        if not re.fullmatch(pattern, text):
            raise BadRequest(
                f"parameter {self.name!r} must be a {self.type}", query=query,
                hint=f"for example {self.example}",
            )  # fmt: skip
        if self.type == "decimal":
            try:
                Decimal(text)
            except InvalidOperation as exc:  # pragma: no cover - the pattern already checks
                raise BadRequest(f"parameter {self.name!r} must be a decimal") from exc
        if self.type == "boolean":
            text = "true" if text in {"true", "1"} else "false"
        return Literal(text, datatype=TYPES[self.type])


@dataclass(frozen=True)
class NamedQuery:
    """One ``queries/*.rq`` file."""

    name: str
    summary: str
    description: str
    text: str
    file: Path
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = field(default=())
    #: The summary in Swedish (``summary_sv``); the English one when the header has none.
    summary_sv: str = ""

    @property
    def title_sv(self) -> str:
        """The Swedish summary, or the English one."""
        return self.summary_sv or self.summary

    def bindings(self, given: Mapping[str, str]) -> dict[str, Node]:
        """Return the RDF terms to bind for the request's parameters.

        Raises:
            BadRequest: a required parameter is missing, one is unknown or malformed.
        """
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known) - {"format"})
        if unknown:
            raise BadRequest(
                f"unknown parameter {unknown[0]!r}", query=self.name,
                hint=f"this query takes: {', '.join(known) or 'no parameters'}",
            )  # fmt: skip
        out: dict[str, Node] = {}
        for param in self.params:
            if param.name in given and given[param.name] != "":
                out[param.name] = param.parse(given[param.name], self.name)
            elif param.required:
                raise BadRequest(
                    f"parameter {param.name!r} is required", query=self.name,
                    hint=f"add ?{param.name}={param.example}",
                )  # fmt: skip
        return out

    def example(self) -> dict[str, str]:
        """Return the example value of every parameter."""
        return {p.name: p.example for p in self.params}


def _header(text: str) -> tuple[str, str]:
    lines = text.splitlines()
    head: list[str] = []
    for line in lines:
        if line.startswith("#+"):
            head.append(line[3:] if line.startswith("#+ ") else line[2:])
        else:
            break
    return "\n".join(head), "\n".join(lines[len(head) :])


def _projection(query: str) -> str:
    code = re.sub(r'"(?:[^"\\]|\\.)*"|#[^\n]*|<[^<>\s]*>', " ", query)
    found = re.search(r"\bSELECT\b(.*?)(\bWHERE\b|\{)", code, re.IGNORECASE | re.DOTALL)
    return found.group(1) if found else ""


def read_query(file: Path) -> NamedQuery:
    """Return the named query in ``file``.

    Raises:
        CatalogueError: the header or the query is wrong (the message says what).
    """
    text = file.read_text(encoding="utf-8")
    header, body = _header(text)
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as exc:
        raise CatalogueError(file, f"the #+ header is not YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise CatalogueError(file, "the #+ header must be a YAML mapping")
    unknown = sorted(set(meta) - KEYS)
    if unknown:
        raise CatalogueError(file, f"unknown header key {unknown[0]!r}; use {sorted(KEYS)}")
    if not meta.get("summary"):
        raise CatalogueError(file, "the header needs a summary")
    params: list[Param] = []
    projection = _projection(body)
    for name, spec in (meta.get("params") or {}).items():
        if not isinstance(spec, dict):
            raise CatalogueError(file, f"parameter {name!r} must be a mapping")
        bad = sorted(set(spec) - PARAM_KEYS)
        if bad:
            raise CatalogueError(file, f"parameter {name!r} has unknown key {bad[0]!r}")
        kind = str(spec.get("type", ""))
        if kind not in TYPES:
            raise CatalogueError(file, f"parameter {name!r} has type {kind!r}; use {sorted(TYPES)}")
        if "example" not in spec:
            raise CatalogueError(file, f"parameter {name!r} needs an example")
        if not re.search(rf"[?$]{re.escape(str(name))}\b", body):
            raise CatalogueError(
                file, f"parameter {name!r} is declared but the query has no ?{name}"
            )
        if not re.search(rf"[?$]{re.escape(str(name))}\b", projection) and "*" not in projection:
            raise CatalogueError(
                file,
                f"parameter ?{name} must be selected (bound values join on returned variables)",
            )
        param = Param(str(name), kind, str(spec.get("description", "")), str(spec["example"]),
                      bool(spec.get("required", True)))  # fmt: skip
        try:
            param.parse(param.example, file.stem)
        except BadRequest as exc:
            raise CatalogueError(file, f"the example of {name!r} is not valid: {exc}") from exc
        params.append(param)
    try:
        ox.Store().query(body)
    except SyntaxError as exc:
        raise CatalogueError(file, f"the SPARQL does not parse: {exc}") from exc
    return NamedQuery(
        name=file.stem,
        summary=str(meta["summary"]),
        summary_sv=str(meta.get("summary_sv") or ""),
        description=str(meta.get("description", "")),
        text=body,
        file=file,
        tags=tuple(str(t) for t in meta.get("tags") or ()),
        params=tuple(params),
    )


def load_catalogue(folder: Path) -> dict[str, NamedQuery]:
    """Return every ``*.rq`` in ``folder`` by name.

    Raises:
        CatalogueError: a file is wrong, or a name is not a valid operation name.
    """
    out: dict[str, NamedQuery] = {}
    for file in sorted(folder.glob("*.rq")):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", file.stem):
            raise CatalogueError(
                file, "the file name must be snake_case ASCII (the operation name)"
            )
        out[file.stem] = read_query(file)
    return out
