"""Serialise SELECT and ASK results in the four SPARQL 1.1 result formats.

Written here rather than by the engine so that a result cut at the row limit is still a
well-formed document, flagged the same way whichever backend produced it (Oxigraph's
writers take a whole result, never the first rows of one). Triple terms are written as
SPARQL 1.2 says, as Oxigraph's writers do (tests/test_clients.py compares the two); graphs
(CONSTRUCT, DESCRIBE) are written by Oxigraph. Both backends
reduce a term to the same :data:`Parts` first (Oxigraph terms in the embedded store's
workers, rdflib terms from a remote endpoint), so there is one writer per format, and the
embedded store never builds rdflib terms for the endpoint's answers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ..formats import SELECT_RESULTS
from .base import Rows

XSD_STRING = str(XSD.string)
LANG_STRING = str(RDF.langString)
#: A term as (kind, lexical value, language, datatype); kind is uri, bnode, literal or
#: triple, and the datatype is None for xsd:string and language-tagged strings.
Parts = tuple[str, str, str | None, str | None]
#: One solution: a term's parts per variable, None where the variable is unbound.
PartsRow = Sequence[Parts | None]

_encode = json.JSONEncoder(ensure_ascii=False).encode


def rdflib_parts(term: Node) -> Parts:
    """Return an rdflib term's parts."""
    if isinstance(term, URIRef):
        return ("uri", str(term), None, None)
    if isinstance(term, BNode):
        return ("bnode", str(term), None, None)
    assert isinstance(term, Literal)
    if term.language:
        return ("literal", str(term), term.language, None)
    datatype = str(term.datatype) if term.datatype is not None else None
    return ("literal", str(term), None, None if datatype == XSD_STRING else datatype)


def ox_parts(term: Any) -> Parts:
    """Return a pyoxigraph term's parts (a triple term keeps its N-Triples text)."""
    kind = type(term)
    if kind is ox.NamedNode:
        return ("uri", term.value, None, None)
    if kind is ox.Literal:
        if term.language:
            return ("literal", term.value, term.language, None)
        datatype = term.datatype.value
        return ("literal", term.value, None, None if datatype == XSD_STRING else datatype)
    if kind is ox.BlankNode:
        return ("bnode", term.value, None, None)
    return ("triple", str(term), None, None)


def ox_rows(
    solutions: ox.QuerySolutions, limit: int | None
) -> tuple[list[str], list[list[Parts | None]], bool]:
    """Read at most ``limit`` solutions as parts; return variables, rows and whether cut."""
    names = [v.value for v in solutions.variables]
    width = range(len(names))
    rows: list[list[Parts | None]] = []
    truncated = False
    for solution in solutions:
        if limit is not None and len(rows) >= limit:
            truncated = True
            break
        rows.append([None if (t := solution[i]) is None else ox_parts(t) for i in width])
    return names, rows, truncated


def ox_json(solutions: ox.QuerySolutions, limit: int | None) -> tuple[bytes, bool]:
    """Write at most ``limit`` solutions as SPARQL JSON, in one pass; return it and
    whether the result was cut. The same bytes as :func:`serialise_parts` of
    :func:`ox_rows`, without the parts in between: an IRI's JSON is kept, since results
    repeat their classes, bodies and predicates."""
    names = [v.value for v in solutions.variables]
    keys = [_encode(n) + ":" for n in names]
    width = range(len(names))
    iris: dict[str, str] = {}
    rows: list[str] = []
    truncated = False
    for solution in solutions:
        if limit is not None and len(rows) >= limit:
            truncated = True
            break
        cells = []
        for i in width:
            term = solution[i]
            if term is None:
                continue
            if type(term) is ox.NamedNode:
                value = term.value
                text = iris.get(value)
                if text is None:
                    text = iris[value] = f'{{"type":"uri","value":{_encode(value)}}}'
            else:
                text = _json_term(ox_parts(term))
            cells.append(keys[i] + text)
        rows.append("{" + ",".join(cells) + "}")
    flag = f',"styrgraf":{{"truncated":true,"rows":{len(rows)}}}' if truncated else ""
    head = f'{{"head":{{"vars":{_encode(names)}}}'
    return f'{head},"results":{{"bindings":[{",".join(rows)}]}}{flag}}}'.encode(), truncated


def value_rows(solutions: ox.QuerySolutions) -> list[dict[str, str]]:
    """Return each solution as its variables' lexical values (a triple term's N-Triples),
    leaving out the unbound ones."""
    names = [v.value for v in solutions.variables]
    # one string object per distinct value: pickled between processes, a repeated IRI is
    # then a reference (at 1M triples the traversal graph's rows shrink from 42 MB to 19 MB
    # and pickle in a third of the time)
    seen: dict[str, str] = {}
    rows = []
    for solution in solutions:
        row = {}
        for i, name in enumerate(names):
            term = solution[i]
            if term is not None:
                value = str(term) if type(term) is ox.Triple else term.value
                row[name] = seen.setdefault(value, value)
        rows.append(row)
    return rows


def _components(value: str) -> tuple[Parts, Parts, Parts]:
    """Return the parts of a triple term's subject, predicate and object (Oxigraph reads
    the N-Triples text back)."""
    line = f"<urn:x:s> <urn:x:p> <<( {value} )>> ."
    (quad,) = ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES)
    term = quad.object
    return ox_parts(term.subject), ox_parts(term.predicate), ox_parts(term.object)


def _json_term(parts: Parts) -> str:
    kind, value, lang, datatype = parts
    if kind == "triple":  # SPARQL 1.2 Query Results JSON Format, section 3.2.2
        s, p, o = (_json_term(c) for c in _components(value))
        return f'{{"type":"triple","value":{{"subject":{s},"predicate":{p},"object":{o}}}}}'
    if kind != "literal":
        return f'{{"type":"{kind}","value":{_encode(value)}}}'
    if lang:
        return f'{{"type":"literal","value":{_encode(value)},"xml:lang":{_encode(lang)}}}'
    if datatype:
        return f'{{"type":"literal","value":{_encode(value)},"datatype":{_encode(datatype)}}}'
    return f'{{"type":"literal","value":{_encode(value)}}}'


def _xml_term(parts: Parts) -> str:
    kind, value, lang, datatype = parts
    if kind == "triple":  # SPARQL 1.2 Query Results XML Format
        s, p, o = (_xml_term(c) for c in _components(value))
        return (
            f"<triple><subject>{s}</subject><predicate>{p}</predicate><object>{o}</object></triple>"
        )
    if kind != "literal":
        return f"<{kind}>{escape(value)}</{kind}>"
    attrs = ""
    if lang:
        attrs = f" xml:lang={quoteattr(lang)}"
    elif datatype:
        attrs = f" datatype={quoteattr(datatype)}"
    return f"<literal{attrs}>{escape(value)}</literal>"


def _tsv_term(parts: Parts) -> str:
    kind, value, lang, datatype = parts
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    if kind == "triple":  # SPARQL 1.2 Query Results TSV: an N-Triples triple term
        return f"<<( {value} )>>"
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    text = text.replace("\r", "\\r").replace("\t", "\\t")
    if lang:
        return f'"{text}"@{lang}'
    if datatype:
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


def _csv_term(parts: Parts) -> str:
    if parts[0] == "triple":  # the lexical forms of its terms, as Oxigraph writes it
        return " ".join(_csv_term(c) for c in _components(parts[1]))
    return parts[1]


def serialise_parts(names: list[str], rows: Sequence[PartsRow], truncated: bool, fmt: str) -> bytes:
    """Return a SELECT result as ``fmt`` (json, xml, csv or tsv)."""
    if fmt == "json":
        keys = [_encode(n) + ":" for n in names]
        bindings = ",".join(
            "{" + ",".join(k + _json_term(p) for k, p in zip(keys, row, strict=True) if p) + "}"
            for row in rows
        )
        flag = f',"styrgraf":{{"truncated":true,"rows":{len(rows)}}}' if truncated else ""
        head = f'{{"head":{{"vars":{_encode(names)}}}'
        return f'{head},"results":{{"bindings":[{bindings}]}}{flag}}}'.encode()
    if fmt == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        parts.append("<head>" + "".join(f"<variable name={quoteattr(n)}/>" for n in names))
        if truncated:
            parts.append('<link href="urn:styrgraf:truncated"/>')
        parts.append("</head><results>")
        attrs = [quoteattr(n) for n in names]
        for row in rows:
            cells = "".join(
                f"<binding name={a}>{_xml_term(p)}</binding>"
                for a, p in zip(attrs, row, strict=True)
                if p
            )
            parts.append(f"<result>{cells}</result>")
        parts.append("</results></sparql>")
        return "\n".join(parts).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([_csv_term(p) if p else "" for p in row] for row in rows)
        return buffer.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(_tsv_term(p) if p else "" for p in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(
        f"unknown result format {fmt!r}: one of {', '.join(f.name for f in SELECT_RESULTS)}"
    )


def serialise_rows(result: Rows, fmt: str) -> bytes:
    """Return typed ``result`` (rdflib terms) as ``fmt``."""
    names = result.variables
    rows = [[rdflib_parts(r[n]) if n in r else None for n in names] for r in result.rows]
    return serialise_parts(names, rows, result.truncated, fmt)


def serialise_boolean(value: bool, fmt: str) -> bytes:
    """Return an ASK result as ``fmt``."""
    text = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{text}</boolean></sparql>"
        ).encode()
    if fmt == "csv":
        return f"_askResult\r\n{text}\r\n".encode()
    if fmt == "tsv":
        return f"?_askResult\n{text}\n".encode()
    raise ValueError(f"unknown result format {fmt!r}")


def capped(triples: Iterable[Any], limit: int | None) -> tuple[list[Any], bool]:
    """Return at most ``limit`` triples, and whether there were more (the row cap)."""
    kept: list[ox.Triple] = []
    for triple in triples:
        if limit is not None and len(kept) >= limit:
            return kept, True
        kept.append(triple)
    return kept, False
