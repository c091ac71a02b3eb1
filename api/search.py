"""Full-text search over the entities' labels and texts, with Swedish stemming (issue 15).

The index is an in-memory SQLite FTS5 table, built from the store through one SPARQL
query (so it works on the embedded and on a remote store) once per data version, on the
first search after a change. Words are found and stemmed here, with the Snowball Swedish
stemmer, at index time and at query time, so "vinterväghållningen" finds a text that
says "vinterväghållning"; FTS5 only ever sees stems.

A query never reaches FTS5 as the user wrote it: it is cut into words (letters and
digits), each word is stemmed, and each stem is written as a quoted FTS5 string and
joined with AND; the expression is passed as a bound parameter. Quotes, ``NEAR``,
``*``, column filters and the like are thus never FTS5 syntax, only punctuation that
separates words.

What is indexed is what an entity's page shows: the entity's own text literals (labels,
titles, descriptions, texts) and the quotes of its evidence, for entities with a page
(IRIs under the base IRI), not evidence nodes themselves, never a person or a contact
property; e-mail addresses and phone numbers in texts are redacted as in all public
output (:func:`loaders.contacts.redact`). Snippets are plain text cut from the original
(not stemmed) text.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]
from rdflib import Literal, URIRef
from rdflib.term import Node

from loaders.contacts import redact
from loaders.vocab import STYR_NS

from .privacy import CONTACT_PREDICATES, PERSON_CLASSES
from .store import Store

#: A word: a run of letters and digits (as FTS5's unicode61 tokenizer splits text).
WORD = re.compile(r"[^\W_]+")
#: The longest query, in characters, and the most distinct words in one.
MAX_QUERY_CHARS = 200
MAX_WORDS = 16
#: The most hits one search returns, and how many unless asked.
MAX_HITS = 50
DEFAULT_HITS = 20
#: A snippet's length in characters (about), and the words shown before the first match.
SNIPPET_CHARS = 220
SNIPPET_LEAD = 8
#: How much more a match in a label counts than one in a text (FTS5's bm25 weights).
LABEL_WEIGHT = 5.0
#: Names an entity's kind from its types.
KindNamer = Callable[[list[str]], str]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
QUOTE = STYR_NS + "quote"
#: Literals that name an entity (the label column); the first two give the hit's label.
LABEL_PREDICATES = (RDFS_LABEL, SKOS + "prefLabel", SKOS + "altLabel", DCT + "title")
#: Texts a snippet is taken from first, in this order (then any other text, quotes last).
TEXT_ORDER = (STYR_NS + "text", DCT + "description", STYR_NS + "statedText", DCT + "abstract")

PERSONS = " ".join(f"<{c}>" for c in PERSON_CLASSES)
QUERY = f"""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX styr: <{STYR_NS}>
SELECT ?s ?p ?o ?base
WHERE {{
  {{ ?s ?p ?o . FILTER (isLiteral(?o) && (lang(?o) != "" || datatype(?o) = xsd:string)) }}
  UNION {{ ?s rdf:type ?o . BIND (rdf:type AS ?p) }}
  UNION {{ ?s prov:qualifiedDerivation/styr:quote ?o . BIND (styr:quote AS ?p) }}
  FILTER (isIRI(?s) && STRSTARTS(STR(?s), ?base))
  FILTER NOT EXISTS {{ ?s a styr:Evidence }}
  FILTER NOT EXISTS {{ ?s a ?person . VALUES ?person {{ {PERSONS} }} }}
}}"""


# --- words -----------------------------------------------------------------------------------
_STEMMER = snowballstemmer.stemmer("swedish")
_STEM_LOCK = threading.Lock()  # a Snowball stemmer keeps state while it works


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Return the Swedish Snowball stem of ``word`` (lower-cased)."""
    with _STEM_LOCK:
        return str(_STEMMER.stemWord(word.lower()))


def stems(text: str) -> list[str]:
    """Return the stems of the words of ``text``, in order."""
    return [stem(word) for word in WORD.findall(text)]


def match_expression(query: str) -> str | None:
    """Return the FTS5 expression for ``query``: each distinct stem quoted, ANDed.

    None when the query has no words. Stems hold letters and digits only, and a ``"`` is
    doubled all the same, so nothing the user typed is FTS5 syntax.
    """
    distinct = list(dict.fromkeys(stems(query)))
    if not distinct:
        return None
    return " AND ".join('"' + s.replace('"', '""') + '"' for s in distinct)


def check_query(query: str) -> str:
    """Return ``query`` stripped, or raise ValueError saying why it cannot be searched."""
    query = query.strip()
    if not query:
        raise ValueError("the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise ValueError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if len(set(stems(query))) > MAX_WORDS:
        raise ValueError(f"the query has more than {MAX_WORDS} different words")
    return query


def finder(wanted: set[str]) -> re.Pattern[str]:
    """Return a pattern for the words that begin with a stem in ``wanted``.

    A Swedish Snowball stem is a beginning of its (lower-cased) word, so this finds every
    word whose stem is wanted, and some more: check each match with :func:`stem`.
    """
    alternatives = "|".join(re.escape(s) for s in sorted(wanted, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def snippet(texts: Iterable[str], wanted: set[str]) -> str:
    """Return a piece of the first text with a word whose stem is ``wanted`` (plain text).

    Without such a word (the label matched), the start of the first text.
    """
    first = ""
    pattern = finder(wanted) if wanted else None
    for raw in texts:
        text = " ".join(raw.split())
        first = first or text
        for word in pattern.finditer(text) if pattern else ():
            if stem(word.group()) in wanted:
                window = max(0, word.start() - SNIPPET_CHARS // 2)
                before = list(WORD.finditer(text, window, word.start()))[-SNIPPET_LEAD:]
                start = 0 if window == 0 and len(before) < SNIPPET_LEAD else word.start()
                return _cut(text, before[0].start() if before and start else start)
    return _cut(first, 0)


def _cut(text: str, start: int) -> str:
    end = start + SNIPPET_CHARS
    piece = text[start:end]
    if end < len(text):
        piece = piece[: piece.rfind(" ")] if " " in piece else piece
        piece = piece.rstrip(" ,.;:–-") + " …"
    return ("… " if start > 0 else "") + piece


def marks(text: str, wanted: set[str]) -> list[tuple[str, bool]]:
    """Return ``text`` in pieces, each with whether it is a word whose stem is ``wanted``."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for word in finder(wanted).finditer(text) if wanted else ():
        if stem(word.group()) in wanted:
            pieces += [(text[at : word.start()], False), (word.group(), True)]
            at = word.end()
    pieces.append((text[at:], False))
    return [piece for piece in pieces if piece[0]]


# --- the index -------------------------------------------------------------------------------
@dataclass
class Entry:
    """One entity: its IRI, label, types and texts (original, redacted)."""

    iri: str
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    types: list[str] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)

    def label(self) -> str:
        """Return the Swedish label (an untagged one, then any), else the IRI's last part."""
        for predicate in LABEL_PREDICATES:
            found = self.labels.get(predicate, [])
            for lang in ("sv", "", None):
                chosen = sorted(text for tag, text in found if lang is None or tag == lang)
                if chosen:
                    return chosen[0]
        return re.split(r"[#/]", self.iri.rstrip("/"))[-1]

    def ordered_texts(self) -> list[str]:
        """Return the texts, those a snippet is best taken from first, quotes last."""
        rank = {p: i for i, p in enumerate(TEXT_ORDER)}

        def key(item: tuple[str, str]) -> tuple[int, str, str]:  # not the store's row order
            return (rank.get(item[0], len(TEXT_ORDER) + (item[0] == QUOTE)), *item)

        return [text for _, text in sorted(self.texts, key=key)]


def entries_from(rows: Iterable[Mapping[str, Node | None]]) -> list[Entry]:
    """Return the entries the index query's rows describe, in IRI order."""
    found: dict[str, Entry] = {}
    for row in rows:
        s, p, o = row.get("s"), row.get("p"), row.get("o")
        if not isinstance(s, URIRef) or not isinstance(p, URIRef) or o is None:
            continue
        predicate = str(p)
        if predicate in CONTACT_PREDICATES:
            continue
        entry = found.setdefault(str(s), Entry(str(s)))
        if predicate == RDF_TYPE:
            entry.types.append(str(o))
        elif isinstance(o, Literal):
            text = redact(str(o)).strip()
            if not text:
                continue
            if predicate in LABEL_PREDICATES:
                entry.labels[predicate].append(((o.language or "").lower(), text))
            else:
                entry.texts.append((predicate, text))
    return [found[iri] for iri in sorted(found) if found[iri].labels or found[iri].texts]


@dataclass(frozen=True)
class Hit:
    """A search result: the entity, its label, its most specific type and a snippet."""

    iri: str
    label: str
    kind: str
    snippet: str


class SearchIndex:
    """The FTS5 index of ``entries``; ``kind`` names an entry's type (its most specific)."""

    def __init__(
        self, entries: list[Entry], version: int = 0, kinds: KindNamer | None = None
    ) -> None:
        self.version = version
        self.entries = entries
        self.kinds = [(kinds or _first_type)(e.types) for e in entries]
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE entry USING fts5("
            "label, body, tokenize = 'unicode61 remove_diacritics 0')"
        )
        self._db.executemany(
            "INSERT INTO entry (rowid, label, body) VALUES (?, ?, ?)",
            (
                (
                    i,
                    " ".join(stems(" ".join(t for ts in e.labels.values() for _, t in ts))),
                    " ".join(stems(" ".join(t for _, t in e.texts))),
                )
                for i, e in enumerate(entries)
            ),
        )
        self._db.commit()

    def search(self, query: str, limit: int = DEFAULT_HITS) -> list[Hit]:
        """Return the entities with every word of ``query``, best first (labels count more).

        ``query`` must have passed :func:`check_query`; one without words finds nothing.
        """
        wanted = set(stems(query))
        hits = []
        for rowid in self.ranked(query, limit):
            entry = self.entries[rowid]
            text = snippet(entry.ordered_texts(), wanted)
            hits.append(Hit(entry.iri, entry.label(), self.kinds[rowid], text))
        return hits

    def ranked(self, query: str, limit: int = DEFAULT_HITS) -> list[int]:
        """Return the positions in :attr:`entries` of the best ``limit`` matches of ``query``."""
        expression = match_expression(query)
        if expression is None:
            return []
        with self._lock:
            rows = self._db.execute(
                "SELECT rowid FROM entry WHERE entry MATCH ? "
                "ORDER BY bm25(entry, ?, 1.0), rowid LIMIT ?",
                (expression, LABEL_WEIGHT, max(1, min(limit, MAX_HITS))),
            ).fetchall()
        return [rowid for (rowid,) in rows]

    def close(self) -> None:
        """Release the database."""
        with self._lock:
            self._db.close()


def _first_type(types: list[str]) -> str:
    """Return the local name of the first ontology type (else of any type, else "")."""
    ranked = sorted(types, key=lambda t: (not t.startswith(STYR_NS), t))
    return re.split(r"[#/]", ranked[0])[-1] if ranked else ""


def build(store: Store, base: str, kinds: KindNamer | None = None) -> SearchIndex:
    """Return the index of ``store``'s entities under ``base`` (blocks: run it in a thread)."""
    version = store.version
    rows = store.select(QUERY, {"base": Literal(base)})
    return SearchIndex(entries_from(rows.rows), version, kinds)
