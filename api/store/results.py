"""Serialise SELECT and ASK results in the four SPARQL 1.1 result formats.

Written here rather than by the engine so that a result cut at the row limit is still a
well-formed document, flagged the same way whichever backend produced it.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .base import RESULT_TYPES, Rows

XSD_STRING = str(XSD.string)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and str(term.datatype) != XSD_STRING:
        out["datatype"] = str(term.datatype)
    return out


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype is not None and str(term.datatype) != XSD_STRING:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def _tsv_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    text = text.replace("\r", "\\r").replace("\t", "\\t")
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None and str(term.datatype) != XSD_STRING:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def serialise_rows(result: Rows, fmt: str) -> bytes:
    """Return ``result`` as ``fmt`` (json, xml, csv or tsv)."""
    names = result.variables
    if fmt == "json":
        doc: dict[str, object] = {
            "head": {"vars": names},
            "results": {
                "bindings": [{k: _json_term(v) for k, v in row.items()} for row in result.rows]
            },
        }
        if result.truncated:
            doc["styrgraf"] = {"truncated": True, "rows": len(result.rows)}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        parts.append("<head>" + "".join(f"<variable name={quoteattr(n)}/>" for n in names))
        if result.truncated:
            parts.append('<link href="urn:styrgraf:truncated"/>')
        parts.append("</head><results>")
        for row in result.rows:
            cells = "".join(
                f"<binding name={quoteattr(k)}>{_xml_term(v)}</binding>" for k, v in row.items()
            )
            parts.append(f"<result>{cells}</result>")
        parts.append("</results></sparql>")
        return "\n".join(parts).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        for row in result.rows:
            writer.writerow([str(row[n]) if n in row else "" for n in names])
        return buffer.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(_tsv_term(r[n]) if n in r else "" for n in names) for r in result.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown result format {fmt!r}: one of {', '.join(RESULT_TYPES)}")


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
