"""Hold each source's finished graph compactly until it is written.

A build reads every source before it resolves goals, directions and assignments across
them, and only then writes. Kept as rdflib graphs, the corpus's two million triples took
three times the memory of the text (about 1.2 kB a triple, nested dicts of term objects).
So once a source's extractors are done, its graph is *frozen*: its triples pickled and
compressed (about 25 bytes a triple). What resolution adds later goes to a small graph of
its own, the source's *delta*. A frozen graph is thawed, frozen part and delta together,
when it is read: one at a time as a build writes its files.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterator, Mapping

from rdflib import Graph

#: zlib's fastest level: most of the gain, a fraction of the time of the default.
LEVEL = 1


def new_graph() -> Graph:
    """An empty graph on rdflib's triple-only store (the builder needs no contexts)."""
    return Graph(store="SimpleMemory")


class FrozenGraphs(Mapping[str, Graph]):
    """Graphs by source name: each its frozen triples plus the delta added since."""

    def __init__(self) -> None:
        self._frozen: dict[str, bytes] = {}
        self._delta: dict[str, Graph] = {}

    def freeze(self, name: str, graph: Graph) -> None:
        """Keep ``graph``'s triples compactly as the source ``name``'s."""
        self._frozen[name] = zlib.compress(pickle.dumps(list(graph), protocol=5), LEVEL)

    def add(self, name: str, graph: Graph) -> None:
        """Record ``graph`` as what was added to source ``name`` after it was frozen."""
        if name not in self._frozen:
            self._frozen[name] = zlib.compress(pickle.dumps([], protocol=5), LEVEL)
        self._delta[name] = graph

    def __getitem__(self, name: str) -> Graph:
        graph = new_graph()
        store = graph.store  # its own terms, checked when they were first added: no checks
        for triple in pickle.loads(zlib.decompress(self._frozen[name])):
            store.add(triple, graph)
        delta = self._delta.get(name)
        if delta is not None:
            for triple in delta:
                store.add(triple, graph)
        return graph

    def __iter__(self) -> Iterator[str]:
        return iter(self._frozen)

    def __len__(self) -> int:
        return len(self._frozen)
