"""Account for every line of a source: evidence of a node, furniture, or unread.

Every line ends in exactly one place (STYLE.md, *Reading documents of a family*). The first
that applies, in this order:

``furniture``
    page furniture the layout layer found (:attr:`loaders.source.SourceText.furniture`:
    running headers and footers, page numbers);
``blank``
    no text;
``evidence``
    inside the line span of some node's evidence (:meth:`loaders.builder.Builder.evidence`).
    The document node's own evidence spans its whole document and would account for every
    line, so it is left out: the document's heading line counts as ``consumed``;
``consumed``
    read by an extractor for the document's structure, not as a node's evidence
    (:meth:`loaders.builder.Builder.consumed`);
``contents``
    a line of a table of contents (dot leaders before a page number);
``letterhead``
    a line of a letterhead or a document's information box: it opens with one of
    :data:`LETTERHEAD_LABELS` (``Handläggare``, ``Diarienummer``, ``Telefon`` …), or holds
    two of them;
``signature``
    the place and date above the signatures (``Göteborg den 14 december 2022 …``);
``heading``
    a heading, or a short line that stands alone as one (a name under a signature, a
    post, a table's column heads): at most :data:`HEADING_CHARS` characters and
    :data:`HEADING_WORDS` words, opening with a capital letter or a section number, ending
    neither in ``.`` nor ``,`` ``;`` a dash or a word that continues a sentence
    (:data:`CONTINUING_WORDS`), without a verb that makes it a sentence
    (:data:`SENTENCE_WORDS`), with at most one number that could be an amount (years,
    dates and a leading section number do not count), after a blank line, furniture or a
    line that ends a sentence; when text follows it without a blank line, it is short
    (:data:`SHORT_HEADING_CHARS`, or 0.6 of the next line) and the next line does not go on
    in lower case;
``text``
    kept in a section's text (:mod:`loaders.sections`), unless it looks like a row of a
    table (:func:`looks_tabular`): a table nobody read stays unread;
``unread``
    anything else.

``blank`` and ``furniture`` up to ``heading`` are accounted for as furniture; *content*
lines are ``evidence``, ``text`` and ``unread``. Coverage is (evidence + text) / content:
the share of a document's content kept in the graph; the *facts* share is evidence /
content, the share read as facts (goals, assignments, amounts …). A heading
recognised this way is never content, read or not; the rules are deliberately narrow, so
that prose and table rows are never mistaken for one (a line with two amounts is not a
heading, so an unread table row stays unread).

Every maximal run of ``unread`` lines within one document, through blank and furniture
lines and up to the next evidence line, becomes an ``unread`` finding of the load report,
with its span, page, the number of content lines in it and its raw text (the first
:data:`RAW_CHARS` characters of the quote).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Protocol

from .report import DocumentCoverage, Finding, SourceCoverage
from .source import SourceText

#: Where a line can end, in the order they are tried.
USES = (
    "furniture",
    "blank",
    "evidence",
    "consumed",
    "contents",
    "letterhead",
    "signature",
    "heading",
    "text",
    "unread",
)
#: Uses that are content: what a document says.
CONTENT_USES = frozenset({"evidence", "text", "unread"})
#: Uses that are accounted for without being content.
FURNITURE_USES = frozenset(USES) - CONTENT_USES
#: The raw text an unread finding keeps (its place names the rest).
RAW_CHARS = 1000
HEADING_CHARS = 80
HEADING_WORDS = 10
#: A heading with text right under it (no blank line between) is this short, or at most
#: 0.6 of the line under it.
SHORT_HEADING_CHARS = 40

# --- the words matched (Swedish source words kept together) ---------------------------------
#: Labels of a letterhead or a document's information box.
LETTERHEAD_LABELS = (
    "Handläggare",
    "Utfärdat",
    "Diarienummer",
    "Dnr",
    "Telefon",
    "E-post",
    "Datum",
    "Ärende",
    "Dokumentnamn",
    "Dokumenttyp",
    "Dokumentsort",
    "Beslutad av",
    "Beslutad",
    "Gäller för",
    "Gäller från",
    "Giltighetstid",
    "Senast reviderad",
    "Dokumentansvarig",
    "Diarienr",
)
#: Words a wrapped line of prose ends in and a heading does not.
CONTINUING_WORDS = frozenset(
    {
        "och",
        "att",
        "som",
        "på",
        "för",
        "i",
        "av",
        "med",
        "till",
        "om",
        "från",
        "samt",
        "eller",
        "de",
        "den",
        "det",
        "en",
        "ett",
        "är",
        "har",
        "ska",
        "vid",
        "inom",
        "under",
        "mot",
        "efter",
        "där",
        "när",
        "men",
        "utan",
        "genom",
        "både",
    }
)
#: Verbs that make a line a sentence, not a heading ("Remissen ska besvaras senast …").
SENTENCE_WORDS = frozenset(
    {"ska", "skall", "har", "är", "får", "kan", "bör", "måste", "blir", "beslutar", "föreslår"}
)
_LABEL = "|".join(re.escape(label) for label in LETTERHEAD_LABELS)
_LETTERHEAD_START = re.compile(rf"^(?:{_LABEL})(?=[:\s]|$)")
_LETTERHEAD_ANY = re.compile(rf"(?<!\w)({_LABEL})(?=[:\s]|$)")
#: "Göteborg den 14 december 2022": the place and date above the signatures.
_PLACE_DATE = re.compile(r"^[A-ZÅÄÖ][\w-]+ den \d{1,2} [a-zåäö]+ \d{4}\b")
_CONTENTS = re.compile(r"(?:\.\s?){5,}\s*\d{1,3}(?!\d)|…{2,}\s*\d{1,3}(?!\d)")
_HEADING_START = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?[\"“”„«(]?[A-ZÅÄÖÉÜ]")
_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_NUMBER = re.compile(r"[-−+]?\d+(?:[,.]\d+)?%?")
_YEAR = re.compile(r"(?:19|20)\d\d")
_SENTENCE_END = ".!?:"


class _Doc(Protocol):
    """What coverage needs of a document (:class:`loaders.documents.Doc`)."""

    @property
    def kind(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def iri(self) -> object: ...


def _marks(size: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    marks = bytearray(size + 2)
    for start, end in spans:
        low, high = max(start, 1), min(end, size)
        if low <= high:
            marks[low : high + 1] = b"\x01" * (high - low + 1)
    return marks


def _amounts(text: str) -> int:
    """Count the numbers in ``text`` that could be amounts (not years, dates or sections)."""
    rest = _SECTION_NUMBER.sub("", text, count=1)
    count = 0
    for token in rest.split():
        token = token.strip("()[],;:")
        if _NUMBER.fullmatch(token) and not _YEAR.fullmatch(token):
            count += 1
    return count


def looks_tabular(text: str) -> bool:
    """Tell whether a line looks like a row of a table: at least two amounts, and they make
    up a third of its words or end it ("Intäkter 1 420,1 1 380,2 40,0")."""
    tokens = [t.strip("()[],;:") for t in _SECTION_NUMBER.sub("", text, count=1).split()]
    amounts = [bool(_NUMBER.fullmatch(t)) and not _YEAR.fullmatch(t) for t in tokens]
    count = sum(amounts)
    if count < 2:
        return False
    return 3 * count >= len(tokens) or (amounts[-1] and amounts[-2])


def is_heading(text: str, previous: str | None, following: str | None) -> bool:
    """Tell whether ``text`` stands alone as a heading between its neighbours.

    ``previous`` and ``following`` are the lines around it: ``""`` or None when there is
    none, a blank line, or (``previous``) a line of furniture or structure.
    """
    if not text or len(text) > HEADING_CHARS or len(text.split()) > HEADING_WORDS:
        return False
    if not _HEADING_START.match(text) or text[-1] in ".,;-–—":
        return False
    words = [w.strip(',.:;!?()"”') for w in text.split()]
    if words[-1] in CONTINUING_WORDS or not SENTENCE_WORDS.isdisjoint(words):
        return False
    if _amounts(text) > 1:
        return False
    if previous and previous[-1] not in _SENTENCE_END:
        return False  # a line of a wrapped paragraph
    if following and not _SECTION_NUMBER.match(following):
        # the paragraph goes on: a heading over it is short, and not continued
        short = len(text) <= SHORT_HEADING_CHARS or len(text) <= 0.6 * len(following)
        return short and not following[0].islower()
    return True


def structure_of(text: str, previous: str | None, following: str | None) -> str | None:
    """Return the furniture use of a line nobody read (``contents`` … ``heading``), or None."""
    if _CONTENTS.search(text):
        return "contents"
    if (len(text) <= 120 and _LETTERHEAD_START.match(text)) or (
        len(text) <= 400 and len(set(_LETTERHEAD_ANY.findall(text))) >= 2
    ):
        return "letterhead"
    if len(text) <= 120 and _PLACE_DATE.match(text):
        return "signature"
    if is_heading(text, previous, following):
        return "heading"
    return None


def classify(
    src: SourceText,
    read: Iterable[tuple[int, int]],
    consumed: Iterable[tuple[int, int]] = (),
    kept: Iterable[tuple[int, int]] = (),
) -> list[str]:
    """Return the use (:data:`USES`) of every line of ``src``, in line order.

    ``read`` are the line spans of the nodes' evidence, ``consumed`` those read as
    structure, ``kept`` those kept as sections' text.
    """
    lines = src.lines
    size = len(lines)
    furniture: frozenset[int] | set[int] = getattr(src, "furniture", src.running_headers)
    evidence, structure, text_marks = _marks(size, read), _marks(size, consumed), _marks(size, kept)
    texts = ["" if ln.no in furniture else " ".join(ln.text.split()) for ln in lines]
    following: dict[int, str] = {}  # the next line that is not furniture, by index
    after = None
    for i in range(size - 1, -1, -1):
        if lines[i].no not in furniture:
            if after is not None:
                following[i] = texts[after]
            after = i
    uses: list[str] = []
    previous: str | None = None  # the last line that is not furniture; None: a block ends
    label = False  # the last line with text was a letterhead's bare label ("Handläggare")
    for i, ln in enumerate(lines):
        if ln.no in furniture:
            uses.append("furniture")
            continue
        text = texts[i]
        if not text:
            use = "blank"
        elif label:
            use = "letterhead"  # the label's value, under it: a name, a number, a date
        elif evidence[ln.no]:
            use = "evidence"
        elif structure[ln.no]:
            use = "consumed"
        else:
            use = structure_of(text, previous, following.get(i)) or (
                "text" if text_marks[ln.no] and not looks_tabular(text) else "unread"
            )
        uses.append(use)
        previous = None if use in FURNITURE_USES else text
        if text:
            label = use == "letterhead" and is_bare_label(text)
    return uses


def is_bare_label(text: str) -> bool:
    """A letterhead's label alone on its line, its value on the next ("Handläggare")."""
    return text.rstrip(":").strip() in LETTERHEAD_LABELS


def _regions(last: int, docs: Sequence[_Doc]) -> list[tuple[int, int, _Doc | None]]:
    """Cut lines 1..last into the documents' spans and the gaps between them."""
    regions: list[tuple[int, int, _Doc | None]] = []
    at = 1
    for doc in sorted(docs, key=lambda d: d.start):
        if doc.start > at:
            regions.append((at, doc.start - 1, None))
        start = max(doc.start, at)
        if doc.end >= start:
            regions.append((start, doc.end, doc))
            at = doc.end + 1
    if at <= last:
        regions.append((at, last, None))
    return regions


def _raw(src: SourceText, start: int, end: int) -> str:
    quote = src.quote(start, end)
    return quote if len(quote) <= RAW_CHARS else quote[: RAW_CHARS - 1] + "…"


def measure(
    src: SourceText,
    docs: Sequence[_Doc],
    read: Iterable[tuple[int, int]],
    consumed: Iterable[tuple[int, int]] = (),
    kept: Iterable[tuple[int, int]] = (),
) -> SourceCoverage:
    """Account for every line of ``src``: per use, per document, and the unread runs."""
    uses = classify(src, read, consumed, kept)
    documents: list[DocumentCoverage] = []
    unread: list[Finding] = []
    for start, end, doc in _regions(len(uses), docs):
        span = uses[start - 1 : end]
        if doc is not None:
            documents.append(
                DocumentCoverage(
                    source=src.name,
                    iri=str(doc.iri),
                    kind=doc.kind,
                    start=start,
                    end=end,
                    content=sum(span.count(use) for use in CONTENT_USES),
                    read=span.count("evidence") + span.count("text"),
                    facts=span.count("evidence"),
                )
            )
        unread += _unread_runs(src, uses, start, end, doc.kind if doc else None)
    counts = Counter(uses)
    return SourceCoverage(
        source=src.name,
        lines=len(uses),
        uses={use: counts[use] for use in USES if counts[use]},
        documents=tuple(documents),
        unread=tuple(unread),
    )


def _unread_runs(
    src: SourceText, uses: list[str], start: int, end: int, kind: str | None
) -> list[Finding]:
    """Return one finding per maximal run of unread lines in ``start..end``.

    A run goes on through blank and furniture lines and stops at a line that was read.
    """
    runs: list[tuple[int, int, int]] = []
    first = last = count = 0
    for no in range(start, end + 1):
        use = uses[no - 1]
        if use == "unread":
            if not count:
                first = no
            last, count = no, count + 1
        elif use in ("evidence", "text") and count:
            runs.append((first, last, count))
            count = 0
    if count:
        runs.append((first, last, count))
    where = f" of the {kind}" if kind else " outside any document"
    return [
        Finding(
            source=src.name,
            line_start=a,
            line_end=b,
            kind="unread",
            message=f"{n} content line(s){where} that no node's evidence covers",
            raw=_raw(src, a, b),
            severity="unread",
            page=src.line(a).page if src.pages_exact else None,
            lines=n,
            document=kind,
        )
        for a, b, n in runs
    ]
