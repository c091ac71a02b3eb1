"""Build the governance graph from the store: a ``networkx.MultiDiGraph`` of IRIs.

One SELECT gives the nodes of a known class with their Swedish label; one per group of
relations gives the edges. Each node gets its most specific known class (``kind``,
``type``) and a ``label``; each edge keeps the direction of the triple and is keyed by the
relation's short name (:mod:`api.graph_model`). Two kinds of duplicate are dropped:
``styr:involvedBody`` when a more specific sub-property links the same pair, and the
inverse of ``styr:hasAction``, ``styr:hasControl`` and ``styr:hasReportingRequirement``
when both directions are stated.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import networkx as nx

from .graph_model import BY_IRI, CLASSES, GROUPS, INVERSES, INVOLVED_SPECIFIC, RELATIONS
from .store import Store

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
DCT_TITLE = "http://purl.org/dc/terms/title"

#: Each node of a known class with its Swedish label (rdfs:label, else skos:prefLabel,
#: else dcterms:title; a label without language when there is no Swedish one): one row
#: per class and label, so no second query is needed for the labels.
NODES_QUERY = f"""SELECT ?s ?t (STR(COALESCE(?sv1, ?sv2, ?sv3, ?any1, ?any2, ?any3)) AS ?l)
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
EDGES_QUERY = """SELECT ?s ?p ?o WHERE {{
  VALUES ?p {{ {properties} }}
  ?s ?p ?o .
  FILTER (isIRI(?s) && isIRI(?o))
}}"""


def tail(iri: str) -> str:
    """Return the last segment of ``iri``: the label of a node that has none."""
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def build_graph(store: Store, parallel: int = 2) -> Any:
    """Return the ``networkx.MultiDiGraph`` of the store's governance data, asking up to
    ``parallel`` queries at a time (one per query worker)."""
    graph = nx.MultiDiGraph()
    classes = " ".join(f"<{c}>" for c in CLASSES)
    queries = [NODES_QUERY.format(classes=classes)] + [
        EDGES_QUERY.format(properties=" ".join(f"<{r.iri}>" for r in RELATIONS if r.group == g))
        for g in GROUPS
    ]
    # the queries run side by side, one per query worker; rows come back as plain text
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        nodes, *edges = pool.map(store.select_values, queries)
    _add_nodes(graph, nodes)
    for rows in edges:
        _add_edges(graph, rows)
    _drop_duplicates(graph)
    return graph


def _add_nodes(graph: Any, rows: list[dict[str, str]]) -> None:
    """Add each node with its most specific known class and its label."""
    best: dict[str, tuple[int, str, str]] = {}  # node -> (rank, kind, class)
    labels: dict[str, str] = {}
    for row in rows:
        node, type_iri = str(row["s"]), str(row["t"])
        rank, kind, _ = CLASSES[type_iri]
        if node not in best or rank < best[node][0]:
            best[node] = (rank, kind, type_iri)
        label = row.get("l")
        if label is not None and (node not in labels or str(label) < labels[node]):
            labels[node] = str(label)
    for node, (_, kind, type_iri) in best.items():
        graph.add_node(node, kind=kind, type=type_iri, label=labels.get(node) or tail(node))


def _add_edges(graph: Any, rows: list[dict[str, str]]) -> None:
    """Add each (s, p, o) row as an edge keyed by the relation's short name."""
    for row in rows:
        relation = BY_IRI[str(row["p"])]
        source, target = str(row["s"]), str(row["o"])
        for node in (source, target):
            if node not in graph:
                graph.add_node(node, kind="other", type=None, label=tail(node))
        graph.add_edge(source, target, key=relation.name, relation=relation.iri, name=relation.name)


def _drop_duplicates(graph: Any) -> None:
    """Drop ``involvedBody`` beside a more specific role, and an inverse beside its edge."""
    drop: list[tuple[str, str, str]] = []
    for source, target, key in graph.edges(keys=True):
        if key == "involvedBody":
            edges = graph.get_edge_data(source, target)
            if any(name in edges for name in INVOLVED_SPECIFIC):
                drop.append((source, target, key))
        elif key in INVERSES and graph.has_edge(target, source, key=INVERSES[key]):
            drop.append((source, target, key))
    graph.remove_edges_from(drop)
