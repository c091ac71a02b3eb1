"""Benchmark full-text search (issue 15): which index, and does stemming find inflections.

``python -m bench.search_bench [--data data] [--scales 1,20] [--repeat 200] [--out bench/results]``

The entities and texts are read from the store through the index's own SPARQL query
(:data:`api.search.QUERY`), as the server reads them; ``--scales`` repeats them (new IRIs)
to see how each method grows. Four methods, all in this run (the machines are shared, so
figures are also given as ratios to the baseline measured alongside):

* **scan** (the baseline): no index; every query lower-cases each entity's label and
  texts and looks for each query word as a substring;
* **fts5**: SQLite FTS5 (unicode61) over the original texts, words quoted and ANDed;
* **fts5+porter**: the same with FTS5's built-in Porter stemmer (English);
* **scan+snowball**: no index either, but each entity's words stemmed (Swedish Snowball)
  once into a set; a query's stems must all be in it (no ranking);
* **fts5+snowball**: what the server uses, :class:`api.search.SearchIndex`: the Swedish
  Snowball stemmer applied by Python at index and query time, FTS5 over the stems, ranked
  by bm25 with labels weighted; timed for the ranked IRIs alone and, as the server
  answers, with the snippets (``fts5+snowball, snippets``).

Reported per method and scale: index build time, median and 95th-percentile query time
(over ``--repeat`` rounds of all queries) and, at scale 1, recall on inflected queries
read off the seed documents (the expected entity among the first 20 hits). Each query
uses a form of its words the data never has: the documents say "vinterväghållningen",
"doftpolicy", "spendrapport", "klimatbudget och hållbarhetsredovisning", "livscykelhantering
av bärbar elektronik" (../shared/seeds/000_64bcae0d445429da.txt lines 142, 227, 278, 282;
001_ac962998a4b6cb85.txt lines 920, 927, 938, 1030).
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/styrgraf/id/goteborg/"
U25 = ID + "2025/kf/uppdrag/"
INKOP = U25 + "analysera-sina-inkop-utifran-spendrapport-och-ta-fram"
#: (query, the entity it must find): each word in a form the data does not have.
QUERIES: tuple[tuple[str, str], ...] = (
    ("vinterväghållning", U25 + "foresla-hur-risker-och-kostnader-for-vintervaghallningen-kan"),
    ("doftpolicyer", ID + "2024/kf/uppdrag/slk-2023-01047"),
    ("spendrapporten", INKOP),
    (
        "klimatbudgeten hållbarhetsredovisningen",
        U25 + "bista-ovriga-namnder-och-bolagsstyrelser-i-det-fortsatta",
    ),
    (
        "livscykelhanteringen elektroniken",
        U25 + "sakerstalla-en-hallbar-livscykelhantering-av-barbar",
    ),
    ("kostnadsmedvetenheten spendrapporter", INKOP),
)
TOP = 20


def entries(data: Path) -> tuple[list[Any], float]:
    """Return the entries the server would index, and the seconds the SPARQL read took."""
    from rdflib import Literal

    from api.app import create_app
    from api.search import QUERY, entries_from
    from api.settings import Settings

    app = create_app(Settings(data=(data,)))
    store = app.state.store
    try:
        start = time.perf_counter()
        rows = store.select(QUERY, {"base": Literal(app.state.settings.base_iri)})
        found = entries_from(rows.rows)
        return found, time.perf_counter() - start
    finally:
        store.close()


def scaled(items: list[Any], times: int) -> list[Any]:
    """Return ``items`` repeated ``times`` times, the copies under new IRIs."""
    from api.search import Entry

    out = list(items)
    for n in range(1, times):
        for e in items:
            out.append(Entry(f"{e.iri}/kopia-{n}", e.labels, e.types, e.texts))
    return out


def words_of(query: str) -> list[str]:
    from api.search import WORD

    return [w.lower() for w in WORD.findall(query)]


def all_text(e: Any) -> tuple[str, str]:
    labels = " ".join(t for ts in e.labels.values() for _, t in ts)
    return labels, " ".join(t for _, t in e.texts)


# --- the methods: each builds from entries and returns a search function ----------------------
Search = Callable[[str], list[str]]


def scan(items: list[Any]) -> Search:
    texts = [(e.iri, " ".join(all_text(e)).lower()) for e in items]

    def search(query: str) -> list[str]:
        words = words_of(query)
        return [iri for iri, text in texts if all(w in text for w in words)][:TOP]

    return search


def scan_stemmed(items: list[Any]) -> Search:
    from api.search import stem, stems

    stem.cache_clear()
    sets = [(e.iri, set(stems(" ".join(all_text(e))))) for e in items]

    def search(query: str) -> list[str]:
        wanted = set(stems(query))
        return [iri for iri, words in sets if wanted <= words][:TOP]

    return search


def fts5(items: list[Any], tokenizer: str) -> Search:
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE e USING fts5(label, body, tokenize = '{tokenizer}')")
    db.executemany(
        "INSERT INTO e (rowid, label, body) VALUES (?, ?, ?)",
        ((i, *all_text(e)) for i, e in enumerate(items)),
    )
    db.commit()
    iris = [e.iri for e in items]

    def search(query: str) -> list[str]:
        expression = " AND ".join(f'"{w}"' for w in words_of(query))
        rows = db.execute(
            "SELECT rowid FROM e WHERE e MATCH ? ORDER BY bm25(e, 5.0, 1.0) LIMIT ?",
            (expression, TOP),
        ).fetchall()
        return [iris[r] for (r,) in rows]

    return search


def snowball(items: list[Any], snippets: bool = True) -> Search:
    from api.search import SearchIndex, stem

    stem.cache_clear()  # the build pays for stemming every word, as the server's first does
    index = SearchIndex(items)

    def search(query: str) -> list[str]:
        if not snippets:
            return [index.entries[i].iri for i in index.ranked(query, TOP)]
        return [hit.iri for hit in index.search(query, TOP)]

    return search


METHODS: dict[str, Callable[[list[Any]], Search]] = {
    "scan": scan,
    "fts5": lambda items: fts5(items, "unicode61 remove_diacritics 0"),
    "fts5+porter": lambda items: fts5(items, "porter unicode61 remove_diacritics 0"),
    "scan+snowball": scan_stemmed,
    "fts5+snowball": lambda items: snowball(items, snippets=False),
    "fts5+snowball, snippets": snowball,
}
BASELINE = "scan"


def measure(items: list[Any], repeat: int, recall: bool) -> dict[str, dict[str, Any]]:
    """Build each method's index on ``items`` and time its queries (and ``recall``)."""
    out: dict[str, dict[str, Any]] = {}
    for name, make in METHODS.items():
        start = time.perf_counter()
        search = make(items)
        build = time.perf_counter() - start
        search(QUERIES[0][0])  # warm
        times: list[float] = []
        for _ in range(repeat):
            for query, _iri in QUERIES:
                t = time.perf_counter()
                search(query)
                times.append(time.perf_counter() - t)
        times.sort()
        found = [iri in search(q) for q, iri in QUERIES] if recall else []
        out[name] = {
            "build_s": build,
            "query_median_ms": statistics.median(times) * 1000,
            "query_p95_ms": times[int(len(times) * 0.95)] * 1000,
            "recall": sum(found) / len(QUERIES) if recall else None,
            "found": found,
        }
    return out


def table(scale: int, n: int, results: dict[str, dict[str, Any]]) -> list[str]:
    base = results[BASELINE]
    lines = [
        f"\n### scale ×{scale}: {n} entities\n",
        "| method | build s | query median ms | × scan | query p95 ms | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        ratio = r["query_median_ms"] / base["query_median_ms"]
        lines.append(
            f"| {name} | {r['build_s']:.3f} | {r['query_median_ms']:.3f} | {ratio:.2f} "
            f"| {r['query_p95_ms']:.3f} | "
            + (f"{sum(r['found'])}/{len(QUERIES)} |" if r["found"] else "– |")
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--scales", default="1,20")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    items, read_s = entries(args.data)
    report = [
        "# Search benchmark",
        "",
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; data {args.data}; the SPARQL read of "
        f"{len(items)} entities took {read_s:.3f} s (the same for every method).",
        "",
        "Queries: " + "; ".join(f"`{q}`" for q, _ in QUERIES) + ".",
    ]
    figures: dict[str, Any] = {"entities": len(items), "read_s": read_s, "scales": {}}
    problems = []
    for scale in (int(s) for s in args.scales.split(",")):
        chosen = scaled(items, scale)
        results = measure(chosen, max(1, args.repeat // scale), recall=scale == 1)
        figures["scales"][scale] = results
        report += table(scale, len(chosen), results)
        if scale == 1 and results["fts5+snowball, snippets"]["recall"] < 1.0:
            problems.append(f"PROBLEM: fts5+snowball missed a query at scale ×{scale}")
    report += ["", *problems]
    text = "\n".join(report)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "search-bench.md").write_text(text + "\n", encoding="utf-8")
    (args.out / "search-bench.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
