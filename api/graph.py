"""The governance graph of one data version, and the traversals on it.

:class:`GraphView` holds the ``networkx.MultiDiGraph`` that :mod:`api.graph_build` makes
from the store (nodes are IRIs with ``kind``, ``type`` and ``label``; edges keep the
direction of the triple and are keyed by the relation's short name, whose group and
Swedish label :data:`api.graph_model.BY_NAME` gives) and answers the traversals: support
chains, shortest paths, neighbourhoods and rankings. :class:`GraphCache` keeps one view
per data version (``store.version``), so it is built once however many requests need it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from typing import Any

from .graph_build import build_graph
from .graph_model import (
    ALL_RELATIONS,
    BODY_ROLES,
    BY_NAME,
    CATEGORY,
    CONTRIBUTING_ROLES,
    ORDER,
    PATH_RELATIONS,
)
from .store import Store

LOG = logging.getLogger("styrgraf")

#: Paths from supporters to a goal: node -> paths, each a list of (source, target, name).
Paths = dict[str, list[list[tuple[str, str, str]]]]


class NotInGraph(KeyError):
    """The IRI is not a node of the view."""


class GraphView:
    """The governance graph of one data version, and the traversals on it."""

    def __init__(self, graph: Any, version: int, seconds: float = 0.0) -> None:
        #: The ``networkx.MultiDiGraph``: nodes are IRIs, edge keys relation short names.
        self.graph = graph
        self.version = version
        #: How long the build took, in seconds.
        self.seconds = seconds
        #: Rankings computed once per view (the view never changes).
        self._memo: dict[tuple[str, str | None], list[dict[str, Any]]] = {}

    @classmethod
    def build(cls, store: Store, version: int | None = None, parallel: int = 2) -> GraphView:
        """Build the view from ``store`` (:func:`api.graph_build.build_graph`).

        ``version`` defaults to ``store.version``."""
        started = time.perf_counter()
        version = store.version if version is None else version
        return cls(build_graph(store, parallel), version, time.perf_counter() - started)

    # --- nodes and edges -----------------------------------------------------------------
    def __contains__(self, iri: object) -> bool:
        return iri in self.graph

    def node(self, iri: str) -> dict[str, Any]:
        """Return ``{"iri", "label", "kind"}`` for a node.

        Raises:
            NotInGraph: the IRI is not a node of the view.
        """
        if iri not in self.graph:
            raise NotInGraph(iri)
        data = self.graph.nodes[iri]
        return {"iri": iri, "label": data["label"], "kind": data["kind"]}

    def kind(self, iri: str) -> str:
        """Return the node's kind (``goal``, ``assignment``, ``board``, …)."""
        if iri not in self.graph:
            raise NotInGraph(iri)
        return str(self.graph.nodes[iri]["kind"])

    def category(self, iri: str) -> str:
        """Return the node's category (``goal``, ``contribution``, ``body``, …)."""
        return CATEGORY[self.kind(iri)]

    def edge(self, source: str, target: str, name: str) -> dict[str, Any]:
        """Return an edge as JSON: its real direction, relation IRI, name and label."""
        relation = BY_NAME[name]
        return {
            "from": self.node(source),
            "to": self.node(target),
            "relation": relation.iri,
            "name": relation.name,
            "label": relation.label,
        }

    def _links(self, node: str, via: frozenset[str]) -> Iterator[tuple[str, str, str, str]]:
        """Yield (neighbour, source, target, name) for each edge at ``node`` whose relation
        is in ``via``, whichever its direction."""
        for other, keys in self.graph.succ[node].items():
            for name in keys:
                if name in via:
                    yield other, node, other, name
        for other, keys in self.graph.pred[node].items():
            for name in keys:
                if name in via:
                    yield other, other, node, name

    def summary(self) -> dict[str, Any]:
        """Return the numbers of nodes per kind and edges per relation."""
        kinds = Counter(data["kind"] for _, data in self.graph.nodes(data=True))
        relations = Counter(key for _, _, key in self.graph.edges(keys=True))
        return {
            "version": self.version,
            "build_seconds": round(self.seconds, 4),
            "nodes": self.graph.number_of_nodes(),
            "edges": self.graph.number_of_edges(),
            "kinds": dict(sorted(kinds.items())),
            "relations": dict(sorted(relations.items())),
        }

    def _sort_key(self, iri: str) -> tuple[str, str, str]:
        data = self.graph.nodes[iri]
        return data["kind"], str(data["label"]).casefold(), iri

    # --- what supports a goal ------------------------------------------------------------
    def support_chain(self, goal: str, max_paths: int = 20) -> dict[str, Any]:
        """Return everything that supports ``goal``, each with its paths to the goal.

        ``documents``: steering documents and programmes that support the goal
        (``styr:supportsGoal``), or that a goal contribution names as key
        (``styr:keySteeringDocument``). ``contributors``: goal contributions, directions
        and assignments that contribute to it (``styr:contributesTo``, or
        ``styr:supportsGoal`` from something that is not a document). ``bodies``: the
        bodies responsible for, cooperating in, supporting, involved in, contributing or
        directed to those. Each path is a list of edges from the entry to the goal, each
        edge in its real direction; ``max_paths`` caps the paths of one entry.

        Raises:
            NotInGraph: the goal is not in the view.
        """
        if goal not in self.graph:
            raise NotInGraph(goal)
        paths, roles = self._support(goal, max_paths)
        sections: dict[str, list[dict[str, Any]]] = {
            "documents": [],
            "contributors": [],
            "bodies": [],
        }
        for node in sorted(paths, key=self._sort_key):
            sections[self._section(node, paths[node])].append(
                self.node(node)
                | {
                    "relations": sorted(roles[node]),
                    "paths": [
                        [self.edge(*step) for step in path]
                        for path in sorted(paths[node], key=lambda p: (len(p), p))
                    ],
                }
            )
        return (
            {"goal": self.node(goal)}
            | sections
            | {"counts": {name: len(entries) for name, entries in sections.items()}}
        )

    def _support(self, goal: str, max_paths: int) -> tuple[Paths, dict[str, set[str]]]:
        """Return the paths (lists of (source, target, relation name)) from each supporter
        to ``goal``, at most ``max_paths`` each, and the relations that tie it in."""
        paths: Paths = {}
        roles: dict[str, set[str]] = {}

        def add(node: str, path: list[tuple[str, str, str]], role: str) -> None:
            found = paths.setdefault(node, [])
            if len(found) < max_paths and path not in found:
                found.append(path)
            roles.setdefault(node, set()).add(role)

        first: set[str] = set()
        for source, _, name in self.graph.in_edges(goal, keys=True):
            if name in ("supportsGoal", "contributesTo") and source != goal:
                add(source, [(source, goal, name)], name)
                first.add(source)
        for contributor in sorted(first):
            to_goal = [p[0] for p in paths[contributor]]
            for _, target, name in self.graph.out_edges(contributor, keys=True):
                if target != goal and (name in BODY_ROLES or name == "keySteeringDocument"):
                    for step in to_goal:
                        add(target, [(contributor, target, name), step], name)
        return paths, roles

    def _section(self, node: str, paths: list[list[tuple[str, str, str]]]) -> str:
        """Return where a supporter goes: documents, contributors or bodies."""
        category = self.category(node)
        if category in ("steering-document", "document"):
            return "documents"
        if category == "body" and all(len(p) > 1 for p in paths):
            return "bodies"
        return "contributors"

    # --- paths ---------------------------------------------------------------------------
    def shortest_paths(
        self,
        source: str,
        target: str,
        max_paths: int = 5,
        max_length: int = 8,
        via: Iterable[str] = PATH_RELATIONS,
    ) -> dict[str, Any]:
        """Return the shortest paths between two nodes, up to ``max_paths`` of them.

        Links are followed in either direction (reachability is undirected) but each edge
        is reported in its real direction. Only relations named in ``via`` (short names) are
        followed, and no path longer than ``max_length`` edges is looked for.

        Raises:
            NotInGraph: either node is not in the view.
        """
        for node in (source, target):
            if node not in self.graph:
                raise NotInGraph(node)
        allowed = frozenset(via)
        answer: dict[str, Any] = {
            "from": self.node(source),
            "to": self.node(target),
            "via": sorted(allowed),
            "length": None,
            "paths": [],
            "truncated": False,
        }
        if source == target:
            answer["length"] = 0
            answer["paths"] = [{"nodes": [self.node(source)], "edges": []}]
            return answer
        # breadth first from the source, recording every predecessor at the level below
        preds: dict[str, list[str]] = {source: []}
        level = [source]
        depth = 0
        while level and target not in preds and depth < max_length:
            depth += 1
            following: dict[str, list[str]] = {}
            for node in level:
                for other, _, _, _ in self._links(node, allowed):
                    if other in preds:
                        continue
                    seen = following.setdefault(other, [])
                    if not seen or seen[-1] != node:
                        seen.append(node)
            preds.update(following)
            level = sorted(following)
        if target not in preds:
            return answer
        found: list[list[str]] = []
        truncated = False

        def walk(node: str, tail: list[str]) -> None:
            nonlocal truncated
            if len(found) >= max_paths:
                truncated = True
                return
            if node == source:
                found.append([source, *tail])
                return
            for before in sorted(set(preds[node])):
                walk(before, [node, *tail])

        walk(target, [])
        answer["length"] = depth
        answer["truncated"] = truncated
        answer["paths"] = [
            {
                "nodes": [self.node(n) for n in path],
                "edges": [self._step(a, b, allowed) for a, b in pairwise(path)],
            }
            for path in found[:max_paths]
        ]
        return answer

    def _step(self, a: str, b: str, via: frozenset[str]) -> dict[str, Any]:
        """Return the edge that links ``a`` and ``b`` (either direction), preferring the
        earlier relation of :data:`RELATIONS`; other relations between them are listed."""
        order = ORDER
        links: list[tuple[int, str, str, str]] = []
        for source, target in ((a, b), (b, a)):
            for name in self.graph.get_edge_data(source, target) or {}:
                if name in via:
                    links.append((order[name], source, target, name))
        links.sort()
        _, source, target, name = links[0]
        step = self.edge(source, target, name)
        if len(links) > 1:
            step["also"] = [self.edge(s, t, n) for _, s, t, n in links[1:]]
        return step

    # --- neighbourhood -------------------------------------------------------------------
    def neighbourhood(
        self,
        entity: str,
        depth: int = 1,
        via: Iterable[str] = ALL_RELATIONS,
        max_nodes: int = 500,
    ) -> dict[str, Any]:
        """Return the nodes within ``depth`` links of ``entity`` (either direction, over the
        relations named in ``via``) and the edges between them, at most ``max_nodes`` nodes
        (``truncated`` when cut).

        Raises:
            NotInGraph: the entity is not in the view.
        """
        if entity not in self.graph:
            raise NotInGraph(entity)
        allowed = frozenset(via)
        distance = {entity: 0}
        queue: deque[str] = deque([entity])
        truncated = False
        while queue and not truncated:
            node = queue.popleft()
            if distance[node] >= depth:
                continue
            for other in sorted({o for o, _, _, _ in self._links(node, allowed)}):
                if other in distance:
                    continue
                if len(distance) >= max_nodes:
                    truncated = True
                    break
                distance[other] = distance[node] + 1
                queue.append(other)
        edges = []
        for node in distance:
            for other, keys in self.graph.succ[node].items():
                if other not in distance:
                    continue
                edges += [(node, other, name) for name in keys if name in allowed]
        edges.sort()
        return {
            "entity": self.node(entity),
            "depth": depth,
            "via": sorted(allowed),
            "nodes": [
                self.node(n) | {"distance": distance[n]}
                for n in sorted(distance, key=lambda n: (distance[n], *self._sort_key(n)))
            ],
            "edges": [
                {
                    "from": s,
                    "to": t,
                    "relation": BY_NAME[n].iri,
                    "name": n,
                    "label": BY_NAME[n].label,
                }
                for s, t, n in edges
            ],
            "truncated": truncated,
        }

    # --- rankings ------------------------------------------------------------------------
    @staticmethod
    def _ranked(entries: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
        """Give entries (already sorted) a competition rank on ``key``: 1, 2, 2, 4."""
        previous: object = None
        rank = 0
        for index, entry in enumerate(entries, 1):
            if entry[key] != previous:
                rank, previous = index, entry[key]
            entry["rank"] = rank
        return entries

    def _memoised(
        self, key: tuple[str, str | None], compute: Callable[[], list[dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        """Return a ranking, computed on first use (the list is shared: do not change it)."""
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = compute()
        return found

    def programmes_by_goals(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Return the steering documents (programmes, plans, policies, …) that support at
        least one goal (``styr:supportsGoal``), those supporting the most goals first;
        ``kind`` keeps one kind (``programme``, ``plan``, …)."""
        return self._memoised(("programmes", kind), lambda: self._programmes_by_goals(kind))

    def _programmes_by_goals(self, kind: str | None) -> list[dict[str, Any]]:
        entries = []
        for node, data in self.graph.nodes(data=True):
            if CATEGORY[data["kind"]] not in ("steering-document", "document"):
                continue
            if kind is not None and data["kind"] != kind:
                continue
            goals = sorted(
                {t for _, t, k in self.graph.out_edges(node, keys=True) if k == "supportsGoal"},
                key=self._sort_key,
            )
            if goals:
                goal_list = [self.node(g) for g in goals]
                entries.append(self.node(node) | {"count": len(goals), "goals": goal_list})
        entries.sort(key=lambda e: (-e["count"], e["label"].casefold(), e["iri"]))
        return self._ranked(entries, "count")

    def bodies_by_assignments(self) -> list[dict[str, Any]]:
        """Return the bodies involved in assignments, those with the most first: how many
        they are responsible for, and how many they contribute to otherwise (cooperating,
        supporting or otherwise involved)."""
        return self._memoised(("bodies", None), self._bodies_by_assignments)

    def _bodies_by_assignments(self) -> list[dict[str, Any]]:
        responsible: dict[str, set[str]] = {}
        roles: dict[str, dict[str, set[str]]] = {}
        for node, data in self.graph.nodes(data=True):
            if data["kind"] != "assignment":
                continue
            for _, body, name in self.graph.out_edges(node, keys=True):
                if name == "responsibleBody":
                    responsible.setdefault(body, set()).add(node)
                elif name in CONTRIBUTING_ROLES:
                    roles.setdefault(body, {}).setdefault(name, set()).add(node)
        entries = []
        for body in set(responsible) | set(roles):
            mine = responsible.get(body, set())
            others = roles.get(body, {})
            contributing = set().union(*others.values()) - mine if others else set()
            entries.append(
                self.node(body)
                | {
                    "assignments": len(mine | contributing),
                    "responsible": len(mine),
                    "contributing": len(contributing),
                    "cooperating": len(others.get("cooperatingBody", set()) - mine),
                    "supporting": len(others.get("supportingBody", set()) - mine),
                    "involved": len(others.get("involvedBody", set()) - mine),
                }
            )
        entries.sort(
            key=lambda e: (-e["assignments"], -e["responsible"], e["label"].casefold(), e["iri"])
        )
        return self._ranked(entries, "assignments")

    def goals_by_support(self) -> list[dict[str, Any]]:
        """Return the goals, the most supported first: how many documents, contributors
        and bodies their support chain holds."""
        return self._memoised(("goals", None), self._goals_by_support)

    def _goals_by_support(self) -> list[dict[str, Any]]:
        entries = []
        for node, data in self.graph.nodes(data=True):
            if data["kind"] != "goal":
                continue
            paths, _ = self._support(node, 1)
            counts = Counter(self._section(n, p) for n, p in paths.items())
            entries.append(
                self.node(node)
                | {name: counts[name] for name in ("documents", "contributors", "bodies")}
                | {"support": len(paths)}
            )
        entries.sort(key=lambda e: (-e["support"], e["label"].casefold(), e["iri"]))
        return self._ranked(entries, "support")


class GraphCache:
    """One :class:`GraphView` per data version: built on first use and again only after
    the store's version changes. Thread-safe: concurrent callers wait for one build."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._view: GraphView | None = None
        #: How many times a view was built (for tests and the summary).
        self.builds = 0

    def warm(self, store: Store) -> None:
        """Build the view ahead of the first request (in a thread of its own); a failure is
        logged, and the first request that needs the view tries again."""
        try:
            self.get(store, parallel=1)  # one query at a time: a worker stays for clients
        except Exception as exc:  # the store closed meanwhile, or is unreachable
            LOG.info("the traversal graph was not built ahead: %s", exc)

    def get(self, store: Store, parallel: int = 2) -> GraphView:
        """Return the view of the store's current data, building it if needed."""
        view = self._view
        if view is not None and view.version == store.version:
            return view
        with self._lock:
            version = store.version
            view = self._view
            if view is None or view.version != version:
                view = GraphView.build(store, version, parallel)
                self._view = view
                self.builds += 1
            return view
