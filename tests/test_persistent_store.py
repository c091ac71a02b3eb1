"""A persistent embedded store (`serve --store-dir DIR`): loaded once with the bulk loader,
then reused by a restart that loads nothing the store already holds."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import httpx
import pytest

from api.store.base import LoadError
from api.store.embedded import EmbeddedStore
from api.store.loaded_files import RECORD
from tests.test_wheel import serving

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


def test_every_new_store_answers_its_first_query(tmp_path: Path) -> None:
    # A worker forked from the writer while RocksDB's background threads held its locks
    # hung in its read-only open, about one start in twenty-five (CI saw a 10 s timeout).
    # The first start checks where the workers come from; the others that they answer.
    data = tmp_path / "goals.nt"
    data.write_text(TRIPLES, encoding="utf-8")
    for attempt in range(12):
        store = EmbeddedStore(tmp_path / f"store{attempt}", workers=1)
        store.load(data)
        assert labels(store) == ["Mål 1"], f"start {attempt}"
        if attempt == 0:  # so its workers come from a process with no RocksDB threads
            parents = {_parent(worker.pid) for worker in store._workers()._all}
            assert os.getpid() not in parents
        store.close()
        del store
        gc.collect()


def _parent(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:")))


def served_labels(base: str) -> list[str]:
    answer = httpx.get(
        f"{base}/sparql",
        params={"query": LABELS},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return sorted(b["l"]["value"] for b in answer.json()["results"]["bindings"])


def test_serve_with_a_store_folder_answers_before_and_after_a_restart(tmp_path: Path) -> None:
    data, folder = tmp_path / "data", tmp_path / "store"
    data.mkdir()
    (data / "goals.nt").write_text(TRIPLES, encoding="utf-8")
    styrgraf = Path(sys.executable).with_name("styrgraf")
    with serving(styrgraf, data, tmp_path, "--store-dir", str(folder)) as base:
        assert served_labels(base) == ["Mål 1"]
    assert (folder / RECORD).is_file()
    with serving(styrgraf, data, tmp_path, "--store-dir", str(folder)) as base:
        assert served_labels(base) == ["Mål 1"]
        graphs = httpx.get(f"{base}/api/graphs", timeout=30).json()
        assert graphs["triples"] == 2, graphs
