"""The page queries rewritten so that they do not grow with the data, beside their earlier
texts, timed in the engine at each scale (a part of ``bench.scale_bench``).

Oxigraph (0.5) plans a group by its patterns' shapes, not by the bound variable: a class
pattern (``?x a styr:Goal``) or a VALUES block of predicates is joined before the entity's
few triples, so the query reads every goal or label in the store. The rewritten texts test
the class with FILTER EXISTS and the predicates with FILTER … IN. :data:`BEFORE` keeps the
earlier texts, the baseline each scale's timing is compared with in the same run (and what
``tests/test_scale.py`` checks the rewritten texts give the same answers as).

The traversal graph is timed here too: its rows read as RDF terms, one query after the
other (as before), against :func:`api.graph_build.build_graph` (plain text, two at a time).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from api.catalogue import load_catalogue
from api.graph_build import (
    CLASSES,
    DCT_TITLE,
    EDGES_QUERY,
    GROUPS,
    RDFS_LABEL,
    RELATIONS,
    SKOS_PREF,
    _add_edges,
    _drop_duplicates,
    build_graph,
    tail,
)
from api.routes.describe import DESCRIBE
from api.routes.status_records import STATES
from api.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
STYR = "https://w3id.org/styrgraf/ontology#"

#: The description of a page's entity (api.routes.describe), with VALUES blocks.
DESCRIBE_BEFORE = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT ?e ?s ?p ?o
WHERE {
  { ?e ?p ?o . BIND (?e AS ?s) }
  UNION
  { ?e ?link ?s . FILTER (isIRI(?s)) ?s ?p ?o . VALUES ?p { rdfs:label skos:prefLabel } }
  UNION
  { ?e prov:qualifiedDerivation ?s . ?s ?p ?o }
  UNION
  { ?e prov:qualifiedDerivation/(prov:entity|styr:sourceText) ?s . ?s ?p ?o .
    VALUES ?p { rdfs:label dct:title } }
}"""
#: What a body's assignments are stated in (api.routes.status_records), with the class as
#: a pattern and the status and requirements as a UNION.
STATES_BEFORE = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT ?e ?assignment ?status ?requirement ?exact ?by
WHERE {
  ?assignment styr:responsibleBody|styr:cooperatingBody|styr:supportingBody
    |styr:dependsOnBody|styr:involvedBody ?e .
  ?assignment a styr:Assignment .
  { ?assignment styr:currentStatus ?status }
  UNION
  { ?assignment styr:hasReportingRequirement ?requirement .
    OPTIONAL { ?requirement styr:dueDate ?exact }
    OPTIONAL { ?requirement styr:dueBy ?by } }
}"""
GOALS_OF_BODY_BEFORE = """PREFIX styr: <https://w3id.org/styrgraf/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?body ?goal (MIN(?number) AS ?goalNumber) (MIN(?goalName) AS ?label)
  (GROUP_CONCAT(DISTINCT ?role; separator=", ") AS ?roles)
WHERE {
  {
    ?goal styr:mainResponsibleBody ?body .
    BIND ("huvudansvarig" AS ?role)
  } UNION {
    ?goal styr:responsibleBody ?body .
    FILTER NOT EXISTS { ?goal styr:mainResponsibleBody ?body }
    BIND ("ansvarig" AS ?role)
  } UNION {
    ?contribution styr:contributingBody ?body ;
      styr:contributesTo ?goal .
    BIND ("bidrar" AS ?role)
  }
  ?goal a styr:Goal .
  OPTIONAL { ?goal styr:goalNumber ?number }
  OPTIONAL {
    ?goal rdfs:label ?goalName .
    FILTER (LANGMATCHES(LANG(?goalName), "sv") || LANG(?goalName) = "")
  }
}
GROUP BY ?body ?goal
ORDER BY ?goalNumber ?goal"""
ASSIGNMENTS_BY_BODY_BEFORE = """PREFIX styr: <https://w3id.org/styrgraf/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?body ?assignment (MIN(?assignmentLabel) AS ?label)
  (GROUP_CONCAT(DISTINCT ?role; separator=", ") AS ?roles)
  (MIN(?year) AS ?originYear) (MIN(?case) AS ?caseNumber)
WHERE {
  {
    VALUES (?roleProperty ?role) {
      (styr:responsibleBody "ansvarig")
      (styr:cooperatingBody "i samverkan")
      (styr:supportingBody "stödjande")
      (styr:dependsOnBody "beroende av")
    }
    ?assignment ?roleProperty ?body .
  }
  UNION
  {
    ?assignment styr:involvedBody ?body .
    FILTER NOT EXISTS {
      ?assignment styr:responsibleBody|styr:cooperatingBody|styr:supportingBody
        |styr:dependsOnBody ?body .
    }
    BIND ("berörd" AS ?role)
  }
  ?assignment a styr:Assignment .
  OPTIONAL {
    ?assignment rdfs:label ?assignmentLabel .
    FILTER (LANGMATCHES(LANG(?assignmentLabel), "sv") || LANG(?assignmentLabel) = "")
  }
  OPTIONAL { ?assignment styr:originYear ?year }
  OPTIONAL { ?assignment styr:caseNumber ?case }
}
GROUP BY ?body ?assignment
ORDER BY ?label ?assignment"""

#: The traversal graph's nodes as they were read before: with their label, one row per
#: class and label, as RDF terms.
NODES_BEFORE = f"""SELECT ?s ?t (STR(COALESCE(?sv1, ?sv2, ?sv3, ?any1, ?any2, ?any3)) AS ?l)
WHERE {{{{
  VALUES ?t {{{{ {{classes}} }}}}
  ?s a ?t .
  FILTER isIRI(?s)
  OPTIONAL {{{{ ?s <{RDFS_LABEL}> ?sv1 FILTER langMatches(lang(?sv1), "sv") }}}}
  OPTIONAL {{{{ ?s <{SKOS_PREF}> ?sv2 FILTER langMatches(lang(?sv2), "sv") }}}}
  OPTIONAL {{{{ ?s <{DCT_TITLE}> ?sv3 FILTER langMatches(lang(?sv3), "sv") }}}}
  OPTIONAL {{{{ ?s <{RDFS_LABEL}> ?any1 FILTER (lang(?any1) = "") }}}}
  OPTIONAL {{{{ ?s <{SKOS_PREF}> ?any2 FILTER (lang(?any2) = "") }}}}
  OPTIONAL {{{{ ?s <{DCT_TITLE}> ?any3 FILTER (lang(?any3) = "") }}}}
}}}}"""

#: The classes whose pages the description query is timed on.
PAGE_CLASSES = ("Assignment", "Goal", "BudgetObservation", "TimePlanEntry", "ImplementationPlan")


@dataclass(frozen=True)
class Rewrite:
    """A rewritten query: its earlier text, its text now, the variable bound to the entity,
    and the classes of the entities it is timed on."""

    name: str
    before: str
    after: str
    variable: str
    classes: tuple[str, ...]


def rewrites() -> list[Rewrite]:
    """Return the rewritten queries, their current texts read from the code and queries/."""
    catalogue = load_catalogue(ROOT / "queries")
    body = ("PoliticalBody",)
    return [
        Rewrite("page description", DESCRIBE_BEFORE, DESCRIBE, "e", PAGE_CLASSES),
        Rewrite("body: assignment states", STATES_BEFORE, STATES, "e", body),
        Rewrite("goals_of_body", GOALS_OF_BODY_BEFORE, catalogue["goals_of_body"].text,
                "body", body),
        Rewrite("assignments_by_body", ASSIGNMENTS_BY_BODY_BEFORE,
                catalogue["assignments_by_body"].text, "body", body),
    ]  # fmt: skip


def entity(store: ox.Store, cls: str, base: str) -> ox.NamedNode | None:
    """Return the first entity of class ``cls`` under ``base`` (a body: one that is
    responsible for an assignment), or None."""
    extra = f"?a <{STYR}responsibleBody> ?e ." if cls == "PoliticalBody" else ""
    query = f"""SELECT ?e WHERE {{ ?e a <{STYR}{cls}> . {extra}
      FILTER (STRSTARTS(STR(?e), "{base}")) }} ORDER BY ?e LIMIT 1"""
    for row in store.query(query):  # type: ignore[union-attr]
        found = row["e"]
        assert isinstance(found, ox.NamedNode)
        return found
    return None


def once_ms(store: ox.Store, query: str, variable: str, term: ox.NamedNode) -> float:
    """Return the milliseconds of one run of ``query`` with ``variable`` bound to ``term``,
    every row read."""
    started = time.perf_counter()
    list(store.query(query, substitutions={ox.Variable(variable): term}))  # type: ignore[arg-type]
    return (time.perf_counter() - started) * 1000


def time_rewrites(
    scales: list[tuple[str, list[Path], str]], runs: int
) -> dict[str, dict[str, tuple[float, float]]]:
    """Return, per scale label, each rewrite's (before, after) engine milliseconds: for each
    class's entity the median of ``runs`` runs, then the median over the entities. The
    scales' stores are all loaded and run in rounds, so that a load from elsewhere on the
    machine weighs on each alike. ``scales`` are (label, files, base) triples."""
    stores = {}
    for label, files, _ in scales:
        store = ox.Store()
        for file in files:
            store.bulk_load(path=str(file), format=ox.RdfFormat.from_extension(file.suffix[1:]))
        stores[label] = store
    cases = []  # (label, rewrite, term)
    for label, _, base in scales:
        for rewrite in rewrites():
            for cls in rewrite.classes:
                term = entity(stores[label], cls, base)
                if term is not None:
                    cases.append((label, rewrite, term))
    times: dict[tuple[str, str, str, str], list[float]] = {}
    for round_ in range(runs + 1):  # the first round warms up
        for label, rewrite, term in cases:
            for when, query in (("before", rewrite.before), ("after", rewrite.after)):
                took = once_ms(stores[label], query, rewrite.variable, term)
                if round_:
                    times.setdefault((label, rewrite.name, term.value, when), []).append(took)
    found: dict[str, dict[str, tuple[float, float]]] = {}
    for label, _, _ in scales:
        for rewrite in rewrites():
            terms = [c[2].value for c in cases if c[0] == label and c[1].name == rewrite.name]
            if not terms:
                continue
            before, after = (
                statistics.median(statistics.median(times[(label, rewrite.name, t, w)])
                                  for t in terms)
                for w in ("before", "after")
            )  # fmt: skip
            found.setdefault(label, {})[rewrite.name] = (before, after)
    return found


def build_as_before(store: EmbeddedStore) -> nx.MultiDiGraph:
    """Build the traversal graph as before: the nodes with their labels in one query, rows
    as RDF terms, one query after the other."""
    graph = nx.MultiDiGraph()
    classes = " ".join(f"<{c}>" for c in CLASSES)
    best: dict[str, tuple[int, str, str]] = {}  # node -> (rank, kind, class)
    labels: dict[str, str] = {}
    for row in store.select(NODES_BEFORE.format(classes=classes)).rows:
        node, type_iri = str(row["s"]), str(row["t"])
        rank, kind, _ = CLASSES[type_iri]
        if node not in best or rank < best[node][0]:
            best[node] = (rank, kind, type_iri)
        label = row.get("l")
        if label is not None and (node not in labels or str(label) < labels[node]):
            labels[node] = str(label)
    for node, (_, kind, type_iri) in best.items():
        graph.add_node(node, kind=kind, type=type_iri, label=labels.get(node) or tail(node))
    for group in GROUPS:
        properties = " ".join(f"<{r.iri}>" for r in RELATIONS if r.group == group)
        rows = store.select(EDGES_QUERY.format(properties=properties)).rows
        _add_edges(graph, [{k: str(v) for k, v in row.items()} for row in rows])
    _drop_duplicates(graph)
    return graph


def time_graph_build(files: list[Path]) -> tuple[float, float, int]:
    """Return the seconds of building the traversal graph before and now, on an embedded
    store of ``files`` with two query workers, and the graph's edges."""
    store = EmbeddedStore(None, workers=2, timeout=600.0)
    try:
        for file in files:
            store.load(file)
        build_graph(store)  # the workers are forked and warm before either is timed
        started = time.perf_counter()
        before = build_as_before(store)
        before_s = time.perf_counter() - started
        started = time.perf_counter()
        now = build_graph(store)
        now_s = time.perf_counter() - started
        assert dict(before.nodes(data=True)) == dict(now.nodes(data=True))
        assert sorted(before.edges(keys=True)) == sorted(now.edges(keys=True))
        return before_s, now_s, now.number_of_edges()
    finally:
        store.close()
