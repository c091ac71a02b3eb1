"""Render a validation run: text and HTML for people, Turtle and JSON-LD for tools.

The text and HTML forms group findings by rule, then by responsible body; each finding
shows the entity's label, the message (Swedish by default, English on request or beside
it in HTML), the values, and the source document with lines, page and quote. The Turtle
and JSON-LD forms are a standard ``sh:ValidationReport`` with a little run metadata
(engine, time, what was validated) on the report node.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from datetime import UTC, datetime

from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, PROV, RDF, SH, XSD
from rdflib.term import Node

from .findings import Explained
from .formats import JSONLD
from .shacl import Report

SEVERITY_NAMES = {
    SH.Violation: {"sv": "Fel", "en": "Violation"},
    SH.Warning: {"sv": "Varning", "en": "Warning"},
    SH.Info: {"sv": "Information", "en": "Information"},
}
SEVERITY_RANK = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
STYRV = Namespace("https://w3id.org/styrgraf/validation#")
TEXTS = {
    "sv": {
        "title": "Valideringsrapport",
        "conforms": "Datan uppfyller reglerna.",
        "not": "Datan uppfyller inte reglerna.",
        "value": "Värde",
        "source": "Källa",
        "engine": "motor",
        "none": "Inga anmärkningar.",
        "lang": "English",
    },
    "en": {
        "title": "Validation report",
        "conforms": "The data conforms to the rules.",
        "not": "The data does not conform to the rules.",
        "value": "Value",
        "source": "Source",
        "engine": "engine",
        "none": "No findings.",
        "lang": "Svenska",
    },
}


#: Readable names for the extra variables a rule selects (``?sum``, ``?expected``).
DETAIL_NAMES: dict[str, dict[str, str]] = {
    "sv": {"sum": "summa", "expected": "enligt tabellen"},
    "en": {"sum": "sum", "expected": "per the table"},
}


def _shown(item: Explained, lang: str) -> list[str]:
    """Return the offending values and the rule's extra figures, named for a reader."""
    names = DETAIL_NAMES.get(lang, {})
    details = [f"{names.get(k, k)} = {v}" for k, v in sorted(item.details.items())]
    return item.values + details


def _severity(explained: Explained, lang: str) -> str:
    return SEVERITY_NAMES.get(explained.finding.severity, {"sv": "?", "en": "?"})[lang]


def grouped(items: list[Explained]) -> list[tuple[Explained, dict[str, list[Explained]]]]:
    """Group by rule (worst severity first), then by responsible body."""
    rules: dict[tuple[int, str, str], list[Explained]] = defaultdict(list)
    for item in items:
        key = (
            SEVERITY_RANK.get(item.finding.severity, 0),
            item.rule_label.get("sv", ""),
            str(item.rule),
        )
        rules[key].append(item)
    out: list[tuple[Explained, dict[str, list[Explained]]]] = []
    for key in sorted(rules):
        bodies: dict[str, list[Explained]] = defaultdict(list)
        for item in sorted(rules[key], key=lambda e: (e.body, e.label, str(e.finding.focus))):
            bodies[item.body].append(item)
        out.append((rules[key][0], dict(sorted(bodies.items()))))
    return out


def counts(report: Report) -> dict[str, int]:
    """Return the number of findings per severity name (English keys)."""
    out = {"violations": 0, "warnings": 0, "infos": 0}
    names = {SH.Violation: "violations", SH.Warning: "warnings", SH.Info: "infos"}
    for f in report.findings:
        out[names.get(f.severity, "violations")] += 1
    return out


def summary_line(report: Report, lang: str = "sv") -> str:
    c = counts(report)
    if lang == "sv":
        text = f"{c['violations']} fel, {c['warnings']} varningar, {c['infos']} information"
    else:
        text = f"{c['violations']} violations, {c['warnings']} warnings, {c['infos']} info"
    verdict = TEXTS[lang]["conforms" if report.conforms else "not"]
    return f"{verdict} {text}."


def render_text(report: Report, items: list[Explained], what: str, lang: str = "sv") -> str:
    """Return the plain-text report."""
    t = TEXTS[lang]
    lines = [
        f"{t['title']}: {what}",
        f"({t['engine']}: {report.engine}, {report.seconds:.2f} s)",
        summary_line(report, lang),
    ]
    lines += [f"! {notice}" for notice in report.notices]
    if not items:
        lines.append(t["none"])
    for first, bodies in grouped(items):
        total = sum(len(v) for v in bodies.values())
        rule = first.rule_label.get(lang) or first.rule_label.get("sv", "")
        lines += ["", f"== {_severity(first, lang)}: {rule} ({total}) =="]
        for body, group in bodies.items():
            lines.append(f"-- {body} --")
            for item in group:
                lines.append(f"* {item.label}")
                lines.append(f"  {item.message(lang)}")
                shown = _shown(item, lang)
                if shown:
                    lines.append(f"  {t['value']}: {'; '.join(shown)}")
                for source in item.sources:
                    quote = f' "{source.quote}"' if source.quote else ""
                    lines.append(f"  {t['source']}: {source.where(lang)}:{quote}")
                lines.append(f"  <{item.finding.focus}>")
    return "\n".join(lines) + "\n"


def render_html(report: Report, items: list[Explained], what: str) -> str:
    """Return a self-contained HTML report (Swedish, English beside every message)."""
    e = html.escape
    t = TEXTS["sv"]
    parts = [
        "<!doctype html>",
        '<html lang="sv"><head><meta charset="utf-8">',
        f"<title>{e(t['title'])}: {e(what)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}"
        ".Fel{border-left:4px solid #b00}.Varning{border-left:4px solid #c80}"
        ".Information{border-left:4px solid #06a}section{padding-left:1em;margin:1em 0}"
        "blockquote{color:#333;border-left:2px solid #ccc;margin:.3em 0;padding-left:.6em}"
        ".en{color:#555;font-style:italic}</style></head><body>",
        f"<h1>{e(t['title'])}</h1>",
        f"<p>{e(what)} — {e(t['engine'])}: {e(report.engine)}, {report.seconds:.2f} s</p>",
        f"<p><strong>{e(summary_line(report, 'sv'))}</strong><br>"
        f'<span class="en" lang="en">{e(summary_line(report, "en"))}</span></p>',
    ]
    parts += [f"<p>⚠ {e(n)}</p>" for n in report.notices]
    if not items:
        parts.append(f"<p>{e(t['none'])}</p>")
    for first, bodies in grouped(items):
        total = sum(len(v) for v in bodies.values())
        sev = _severity(first, "sv")
        parts.append(f'<section class="{e(sev)}">')
        parts.append(
            f"<h2>{e(sev)}: {e(first.rule_label.get('sv', ''))} ({total})"
            f' <span class="en" lang="en">{e(first.rule_label.get("en", ""))}</span></h2>'
        )
        for body, group in bodies.items():
            parts.append(f"<h3>{e(body)}</h3><ul>")
            for item in group:
                focus = str(item.finding.focus)
                parts.append(
                    f'<li><a href="{e(focus)}">{e(item.label)}</a><br>{e(item.message("sv"))}'
                    f'<br><span class="en" lang="en">{e(item.message("en"))}</span>'
                )
                shown = _shown(item, "sv")
                if shown:
                    parts.append(f"<br>{e(t['value'])}: <code>{e('; '.join(shown))}</code>")
                for source in item.sources:
                    parts.append(
                        f"<br>{e(t['source'])}: {e(source.where('sv'))}"
                        + (f"<blockquote>{e(source.quote)}</blockquote>" if source.quote else "")
                    )
                parts.append("</li>")
            parts.append("</ul>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def report_graph(
    report: Report, shapes: Graph, what: str, fingerprint: str, when: datetime | None = None
) -> Graph:
    """Return the standard ``sh:ValidationReport`` with run metadata on the report node."""
    g = report.to_graph(shapes)
    g.bind("styrv", STYRV)
    g.bind("dct", DCTERMS)
    g.bind("prov", PROV)
    node: Node | None = g.value(None, RDF.type, SH.ValidationReport)
    if node is None:  # pragma: no cover - to_graph always writes one
        node = BNode()
    stamp = (when or datetime.now(UTC)).replace(microsecond=0)
    g.add((node, DCTERMS.created, Literal(stamp.isoformat(), datatype=XSD.dateTime)))
    g.add((node, DCTERMS.description, Literal(what)))
    g.add((node, STYRV.engine, Literal(report.engine)))
    g.add((node, STYRV.dataSha256, Literal(fingerprint)))
    for key, value in counts(report).items():
        g.add((node, STYRV[key], Literal(value)))
    return g


def render_json(graph: Graph) -> str:
    """Return the report graph as JSON-LD (compacted with the SHACL prefix)."""
    context = {
        "sh": str(SH),
        "xsd": str(XSD),
        "dct": str(DCTERMS),
        "styrv": str(STYRV),
    }
    data = graph.serialize(format=JSONLD.rdflib, context=context, indent=2)
    json.loads(data)  # always well-formed
    return data
