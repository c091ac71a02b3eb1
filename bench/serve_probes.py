"""What the serving benchmark (:mod:`bench.serve_bench`) asks: the SPARQL texts and the
named queries, as each server gets them."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from bench.generate import BASE as BENCH_BASE
from bench.serve_servers import OXIGRAPH, RDFLIB, REQUEST_TIMEOUT, ROOT, STYRGRAF, Server

#: The named queries to measure, in this order; missing ones are replaced by others that
#: the server lists (with a printed note). The committed graph gets each parameter's
#: example; generated data does not hold those IRIs, so an IRI parameter gets the first
#: answer of the query given here (else the example moved under BENCH_BASE).
NAMED_QUERIES: dict[str, dict[str, str]] = {
    "assignments_by_body": {
        "body": "SELECT ?v WHERE { ?a a styr:Assignment ; styr:responsibleBody ?v } "
        "ORDER BY ?v LIMIT 1"
    },
    "entity_provenance": {
        "entity": "SELECT ?v WHERE { ?v a styr:Assignment ; prov:qualifiedDerivation ?e } "
        "ORDER BY ?v LIMIT 1"
    },
    "budget_by_area_and_year": {
        "area": "SELECT ?v WHERE { ?o a styr:BudgetObservation ; styr:budgetArea ?v } "
        "ORDER BY ?v LIMIT 1"
    },
}
#: The committed graph's instance base; generated data mirrors its paths under BENCH_BASE.
REAL_BASE = "https://w3id.org/styrgraf/id/"
SPARQL_JSON = "application/sparql-results+json"
#: styrgraf's /sparql given the anchors' text (named query + VALUES): the engine path alone
STYRGRAF_SPARQL = "styrgraf /sparql+VALUES"
SERVERS = (STYRGRAF, STYRGRAF_SPARQL, OXIGRAPH, RDFLIB)

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
"""
PROV = "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
FIND_ASSIGNMENT = PREFIXES + (
    "SELECT ?s WHERE { ?s a styr:Assignment ; rdfs:label ?label } ORDER BY ?s LIMIT 1"
)
FIND_LABELLED = PREFIXES + "SELECT ?s WHERE { ?s rdfs:label ?label } LIMIT 1"
LABEL_QUERY = PREFIXES + "SELECT ?label WHERE {{ <{iri}> rdfs:label ?label }}"
COUNT_BY_CLASS = """SELECT ?class (COUNT(?s) AS ?n)
WHERE { ?s a ?class }
GROUP BY ?class
ORDER BY DESC(?n) ?class"""
JOIN_QUERY = (
    PREFIXES
    + """SELECT ?assignment ?label ?body ?bodyLabel ?due
WHERE {
  ?assignment a styr:Assignment ;
              styr:responsibleBody ?body .
  OPTIONAL { ?assignment rdfs:label ?label FILTER (lang(?label) = "sv") }
  OPTIONAL { ?body rdfs:label ?bodyLabel FILTER (lang(?bodyLabel) = "sv") }
  OPTIONAL { ?assignment styr:hasReportingRequirement ?req . ?req styr:dueDate ?due }
}
ORDER BY ?due ?assignment ?body
LIMIT 100"""
)


@dataclass
class Probe:
    """One query as each server gets it."""

    key: str
    kind: str  # "sparql" (same text everywhere) or "named" (styrgraf's REST route)
    text: str  # what the anchors get on their SPARQL endpoint
    styrgraf_path: str
    styrgraf_params: dict[str, str]
    note: str = ""

    def request(self, server: Server) -> tuple[str, dict[str, str]]:
        """Return the URL and headers of this query on ``server``."""
        if server.name == STYRGRAF:
            accept = SPARQL_JSON if self.kind == "sparql" else "application/json"
            query = urlencode(self.styrgraf_params)
            return f"{server.base}{self.styrgraf_path}?{query}", {"Accept": accept}
        return f"{server.base}{server.query_path}?{urlencode({'query': self.text})}", {
            "Accept": SPARQL_JSON
        }


def sparql_probe(key: str, text: str) -> Probe:
    return Probe(key, "sparql", text, "/sparql", {"query": text})


def rows_of(response: httpx.Response) -> int:
    """Return the number of rows of a SPARQL JSON result or a named query's JSON."""
    doc = response.json()
    if "results" in doc:
        return len(doc["results"]["bindings"])
    return len(doc["rows"])


def select_one(server: Server, query: str) -> list[dict[str, Any]]:
    response = httpx.get(
        server.base + server.query_path,
        params={"query": query},
        headers={"Accept": SPARQL_JSON},
        timeout=REQUEST_TIMEOUT,
    )
    response.raise_for_status()
    bindings: list[dict[str, Any]] = response.json()["results"]["bindings"]
    return bindings


def build_probes(styrgraf: Server, oxigraph: Server, generated: bool) -> list[Probe]:
    """Return the three analyst queries and up to three named queries for this data."""
    found = select_one(oxigraph, FIND_ASSIGNMENT) or select_one(oxigraph, FIND_LABELLED)
    iri = found[0]["s"]["value"] if found else f"{REAL_BASE}none"
    probes = [
        sparql_probe("sparql: label by IRI", LABEL_QUERY.format(iri=iri)),
        sparql_probe("sparql: count by class", COUNT_BY_CLASS),
        sparql_probe("sparql: assignments join", JOIN_QUERY),
    ]
    return probes + named_probes(styrgraf, oxigraph, generated)


def named_probes(styrgraf: Server, oxigraph: Server, generated: bool) -> list[Probe]:
    """Return the named queries of NAMED_QUERIES that the server lists (else others)."""
    from api.catalogue import CatalogueError, read_query
    from api.errors import BadRequest
    from api.store.remote_text import values_block

    listed = httpx.get(f"{styrgraf.base}/api/queries", timeout=30).json()["queries"]
    by_name = {q["name"]: q for q in listed}
    chosen = [n for n in NAMED_QUERIES if n in by_name]
    missing = [n for n in NAMED_QUERIES if n not in by_name]
    if missing:
        extra = sorted(n for n in by_name if n not in chosen)[: len(NAMED_QUERIES) - len(chosen)]
        chosen += extra
        print(
            f"  note: named queries {', '.join(missing)} are not in queries/; measuring "
            f"{', '.join(chosen) or 'none'} ({len(by_name)} listed)",
            file=sys.stderr,
        )
    probes = []
    for name in chosen:
        params = {p["name"]: str(p["example"]) for p in by_name[name]["params"]}
        note = "example parameters"
        for p in by_name[name]["params"] if generated else ():
            if p["type"] != "iri":
                continue
            find = NAMED_QUERIES.get(name, {}).get(p["name"])
            found = select_one(oxigraph, PREFIXES + PROV + find) if find else []
            if found:
                params[p["name"]] = found[0]["v"]["value"]
                note = "IRI parameters found in the data"
            elif params[p["name"]].startswith(REAL_BASE):
                params[p["name"]] = BENCH_BASE + params[p["name"]][len(REAL_BASE) :]
                note = f"example IRIs moved under {BENCH_BASE}"
        try:
            query = read_query(ROOT / "queries" / f"{name}.rq")
            text = query.text + values_block(query.bindings(params))
        except (OSError, CatalogueError, BadRequest, ValueError) as exc:
            print(f"  note: named query {name} skipped: {exc}", file=sys.stderr)
            continue
        probes.append(Probe(f"named: {name}", "named", text, f"/api/queries/{name}", params, note))
    return probes
