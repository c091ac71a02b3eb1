"""A persistent embedded store (`serve --store-dir DIR`): loaded once with the bulk loader,
then reused by a restart that loads nothing the store already holds."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from api.store.base import LoadError
from api.store.embedded import EmbeddedStore
from api.store.loaded_files import RECORD

GOAL = "https://example.org/goal/1"
TRIPLES = (
    f'<{GOAL}> <http://www.w3.org/2000/01/rdf-schema#label> "Mål 1"@sv .\n'
    f"<{GOAL}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://w3id.org/styrgraf/ontology#Goal> .\n"
)
LABELS = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"


def labels(store: EmbeddedStore) -> list[str]:
    return sorted(str(r["l"]) for r in store.select(LABELS).rows)


def test_a_restart_reuses_the_graphs_of_unchanged_files(tmp_path: Path) -> None:
    data, folder = tmp_path / "goals.nt", tmp_path / "store"
    data.write_text(TRIPLES, encoding="utf-8")
    first = EmbeddedStore(folder, workers=1)
    assert first.load(data) == 2 and labels(first) == ["Mål 1"]
    first.close()
    del first  # let go of the folder (RocksDB's lock), as a process that ends
    gc.collect()
    assert (folder / RECORD).is_file()
    again = EmbeddedStore(folder, workers=1)
    assert again.load(data) == 2 and again.version == 0  # not loaded: nothing changed
    assert labels(again) == ["Mål 1"] and again.count() == 4  # the graph and the default
    again.close()
    del again  # let go of the folder (RocksDB's lock), as a process that ends
    gc.collect()
    data.write_text(TRIPLES.replace("Mål 1", "Mål ett"), encoding="utf-8")
    changed = EmbeddedStore(folder, workers=1)
    assert changed.load(data) == 2 and changed.version == 1
    assert labels(changed) == ["Mål ett"]
    changed.close()


def test_an_update_makes_the_next_start_load_the_file_again(tmp_path: Path) -> None:
    data, folder = tmp_path / "goals.nt", tmp_path / "store"
    data.write_text(TRIPLES, encoding="utf-8")
    store = EmbeddedStore(folder, workers=1)
    graph = store.load(data) and store.graphs()[0]
    store.update(f'INSERT DATA {{ GRAPH <{graph}> {{ <{GOAL}> <urn:x:p> "extra" }} }}')
    store.close()
    del store  # let go of the folder (RocksDB's lock), as a process that ends
    gc.collect()
    restarted = EmbeddedStore(folder, workers=1)
    restarted.load(data)
    assert restarted.version == 1  # loaded again: the graph was no longer the file
    assert restarted.count() == 4 and labels(restarted) == ["Mål 1"]
    restarted.close()


def test_a_broken_file_leaves_nothing_in_a_new_persistent_store(tmp_path: Path) -> None:
    broken, folder = tmp_path / "broken.nt", tmp_path / "store"
    broken.write_text(TRIPLES + "<urn:x:s> <urn:x:p> .\n", encoding="utf-8")
    store = EmbeddedStore(folder, workers=1)
    with pytest.raises(LoadError, match="does not load"):
        store.load(broken)
    assert store.graphs() == [] and store.count() == 0
    store.close()
    del store  # let go of the folder (RocksDB's lock), as a process that ends
    gc.collect()
