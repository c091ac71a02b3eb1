"""Build the governance graph from the store: a ``networkx.MultiDiGraph`` of IRIs.

One SELECT gives the nodes of a known class, one the labels, one per group of relations
the edges; their rows come back from the store's workers as text (``select_values``).
Each node gets its most specific known class (``kind``, ``type``) and a ``label``; each
edge keeps the direction of the triple and is keyed by the relation's short name
(:mod:`api.graph_model`). Two kinds of duplicate are dropped: ``styr:involvedBody`` when a
more specific sub-property links the same pair, and the inverse of ``styr:hasAction``,
``styr:hasControl`` and ``styr:hasReportingRequirement`` when both directions are stated.
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

#: Each node of a known class, once per class.
TYPES_QUERY = """SELECT ?s ?t WHERE {{
  VALUES ?t {{ {classes} }}
  ?s a ?t .
  FILTER isIRI(?s)
}}"""
#: Every Swedish or language-less label of every IRI: the nodes' are picked out in Python
#: (a join with the classes, or OPTIONALs per label, take longer than reading them all).
LABELS_QUERY = f"""SELECT ?s ?p ?l (LANG(?l) AS ?g) WHERE {{
  VALUES ?p {{ <{RDFS_LABEL}> <{SKOS_PREF}> <{DCT_TITLE}> }}
  ?s ?p ?l .
  FILTER (isIRI(?s) && isLiteral(?l) && (LANG(?l) = "" || LANGMATCHES(LANG(?l), "sv")))
}}"""
#: A label's rank: Swedish before none, then rdfs:label, skos:prefLabel, dcterms:title.
LABEL_RANK = {p: i for i, p in enumerate((RDFS_LABEL, SKOS_PREF, DCT_TITLE))}
EDGES_QUERY = """SELECT ?s ?p ?o WHERE {{
  VALUES ?p {{ {properties} }}
  ?s ?p ?o .
  FILTER (isIRI(?s) && isIRI(?o))
}}"""


def tail(iri: str) -> str:
    """Return the last segment of ``iri``: the label of a node that has none."""
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def queries() -> list[str]:
    """Return the graph's queries: the nodes' classes, the labels, and each group's edges."""
    classes = " ".join(f"<{c}>" for c in CLASSES)
    return [TYPES_QUERY.format(classes=classes), LABELS_QUERY] + [
        EDGES_QUERY.format(properties=" ".join(f"<{r.iri}>" for r in RELATIONS if r.group == g))
        for g in GROUPS
    ]


def build_graph(store: Store, parallel: int = 2) -> Any:
    """Return the ``networkx.MultiDiGraph`` of the store's governance data, asking up to
    ``parallel`` queries at a time (one per query worker)."""
    graph = nx.MultiDiGraph()
    # the queries run side by side, one per query worker, and rows come back as plain
    # text; each answer is added while the workers run the next queries
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        answers = pool.map(store.select_values, queries())
        types, labels = next(answers), next(answers)
        _add_nodes(graph, types, labels)
        for rows in answers:
            _add_edges(graph, rows)
    _drop_duplicates(graph)
    return graph


def _add_nodes(graph: Any, types: list[dict[str, str]], labels: list[dict[str, str]]) -> None:
    """Add each node with its most specific known class and its label: the least of its
    Swedish rdfs:labels, else of its Swedish skos:prefLabels, … else of those without a
    language, as in :data:`LABEL_RANK`."""
    best: dict[str, tuple[int, str, str]] = {}  # node -> (rank, kind, class)
    for row in types:
        node, type_iri = row["s"], row["t"]
        rank, kind, _ = CLASSES[type_iri]
        if node not in best or rank < best[node][0]:
            best[node] = (rank, kind, type_iri)
    named: dict[str, tuple[int, str]] = {}  # node -> (rank, label)
    for row in labels:
        node, language = row["s"], row.get("g")
        if node not in best:
            continue
        rank = LABEL_RANK[row["p"]] + (len(LABEL_RANK) if not language else 0)
        found = (rank, row["l"])
        if node not in named or found < named[node]:
            named[node] = found
    for node, (_, kind, type_iri) in best.items():
        label = named[node][1] if node in named else ""
        graph.add_node(node, kind=kind, type=type_iri, label=label or tail(node))


def _add_edges(graph: Any, rows: list[dict[str, str]]) -> None:
    """Add each (s, p, o) row as an edge keyed by the relation's short name."""
    for row in rows:
        relation = BY_IRI[row["p"]]
        source, target = row["s"], row["o"]
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
