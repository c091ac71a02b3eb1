"""Cut each document into its sections, keep their text, and place every node in one.

A document is read by its structure first (:mod:`loaders.documents`), then by the
extractors for the facts it states. What they do not state as facts is still the
document's text: the background of a service report, a motion's reasons, the analysis of
an annual report. This module keeps that text, so that nothing a document says is lost and
every fact can answer "show me the paragraph":

- a **heading** is a line that stands alone as one (:func:`loaders.coverage.is_heading`):
  short, capitalised or numbered ("2.2 Uppdrag"), not a sentence, at the start of a
  paragraph. The rule reads the line's shape, not its words, so it holds for any
  municipality's layout;
- a **section** (``styr:Section``) runs from its heading to the line before the next
  heading. Its number ("3.1.1") gives its level; it is part of (``eli:is_part_of``) the
  nearest numbered section above it with a shorter number, and an unnumbered heading is
  part of the numbered section it stands in. Text before the first heading is a section of its
  own, titled by the document;
- its ``styr:sectionText`` is the repaired text of its paragraphs (blank line between them), in
  reading order (two columns column by column), without page furniture, letterheads or
  (unless personal data is wanted) contact details; its evidence quotes the heading and
  spans the whole section, as a document's does;
- after resolution, :func:`link` gives every node with evidence in the source a
  ``styr:inSection`` to the section its evidence starts in.

The section's lines are recorded with :meth:`loaders.builder.Builder.kept`: coverage counts
them as read as text, apart from lines that look like table rows, which stay unread until
a table reader reads them (:func:`loaders.coverage.looks_tabular`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from rdflib import Literal, URIRef

from .builder import Builder, integer, sv
from .context import Context
from .coverage import is_bare_label, is_heading, structure_of
from .ids import slug
from .party import private
from .source import Line, SourceText
from .textrepair import join_lines
from .vocab import DCTERMS, ELI, STYR

#: A glued heading (:func:`glued_heading`) opens a line at least this long, has at most
#: this many words, and the sentence after it at least this many.
GLUED_MIN_LINE = 160
GLUED_WORDS = 10
GLUED_MIN_REST = 5
#: Words that open sentences, not headings.
_SENTENCE_OPENERS = frozenset(
    [
        "att",
        "en",
        "ett",
        "det",
        "den",
        "de",
        "i",
        "om",
        "för",
        "vi",
        "som",
        "med",
        "på",
        "av",
        "till",
        "när",
        "där",
        "efter",
        "under",
        "inom",
        "genom",
        "sedan",
        "nu",
        "här",
        "detta",
        "dessa",
        "denna",
        "vår",
        "våra",
        "man",
        "hon",
        "han",
    ]
)
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\bQ[1-4]\b")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(?=\S)")
#: Furniture uses of a line (:func:`loaders.coverage.structure_of`) left out of the text.
_NOT_TEXT = frozenset({"contents", "letterhead", "signature"})
#: A section titled by its document (the text before the first heading) is cut to this.
TITLE_CHARS = 100
#: A slug of a section's number and heading is cut to this many characters.
SLUG_CHARS = 60


@dataclass(frozen=True)
class Heading:
    """A heading line: its number (``"2.2"``) if it has one, and its words."""

    line: int
    number: str | None
    title: str
    #: For a heading glued to its paragraph ("Sammanfattning I budget 2023 fick …"): how
    #: many characters of the (whitespace-collapsed) line it takes; 0 for a whole line.
    glued: int = 0

    @property
    def level(self) -> int | None:
        return self.number.count(".") + 1 if self.number else None


@dataclass(frozen=True)
class Placed:
    """A section written to the graph: its IRI and the lines it spans."""

    iri: URIRef
    start: int
    end: int


def parse_heading(line: int, text: str) -> Heading:
    """Split a heading's number (``"2.2.1 Mål"`` → ``"2.2.1"``) from its words."""
    text = " ".join(text.split())
    match = _NUMBER.match(text)
    if match and not _looks_like_year(match.group(1)):
        return Heading(line, match.group(1), text[match.end() :].strip())
    return Heading(line, None, text)


def _looks_like_year(number: str) -> bool:
    return "." not in number and len(number) == 4


def headings(
    src: SourceText, start: int, end: int, taken: frozenset[int] = frozenset()
) -> list[Heading]:
    """Return the headings of lines ``start..end``: first lines of paragraphs that stand
    alone as headings between the paragraph before and the line after them.

    Not headings of sections: a run-in label ending in ``:`` ("Nuläge:", "Mål:"), which
    stays in its section's text; a line of capitalised words only ("Eva Svensson", "Ordinarie
    KS"), a name under a signature or a table's cell; a cell with a date or a quarter
    (:func:`_cell_like`); and lines in ``taken``, that are a node's whole evidence (a risk
    area, a time plan row, a signing post).
    """
    found: list[Heading] = []
    blocks = src.blocks(start, end)
    for i, block in enumerate(blocks):
        first = block.lines[0]
        text = " ".join(first.text.split())
        touching = i and _touching(blocks[i - 1].lines[-1], first)
        previous = _last_text(blocks[i - 1].lines) if touching else None
        if len(block.lines) > 1:
            following: str | None = " ".join(block.lines[1].text.split())
        else:
            following = None
        if first.no in taken or text.endswith(":") or _name_like(text) or _cell_like(text):
            continue
        if structure_of(text, None, None) in _NOT_TEXT or private(text):
            continue  # a letterhead, or a signature with a name ("Anna Andersson (L)")
        if is_heading(text, previous, following):
            found.append(parse_heading(first.no, text))
        elif previous is None:
            prefix = glued_heading(text)
            if prefix:
                heading = parse_heading(first.no, prefix)
                found.append(Heading(heading.line, heading.number, heading.title, len(prefix)))
    return found


def glued_heading(text: str) -> str | None:
    """Return the heading a long line of joined text opens with, if it opens with one.

    PDF extraction joins a heading to its paragraph ("Sammanfattning I kommunfullmäktiges
    budget …", "Bedömning ur ekologisk, ekonomisk och social dimension Stadsledningskontoret
    ser …"). The heading is the words before the first capitalised word that starts the
    paragraph's first sentence: at most :data:`GLUED_WORDS` words, which would stand alone
    as a heading (:func:`loaders.coverage.is_heading`), neither opening with a word that
    opens sentences ("Att", "En", "I" …) nor ending in a genitive that names what follows
    ("Göteborgs Stad"), and followed by a sentence of at least :data:`GLUED_MIN_REST` words.
    """
    words = text.split()
    if len(text) < GLUED_MIN_LINE or words[0].lower() in _SENTENCE_OPENERS:
        return None
    for n in range(1, min(GLUED_WORDS, len(words) - GLUED_MIN_REST) + 1):
        nxt = words[n]
        if not ((nxt[:1].isupper() and nxt[1:2].islower()) or nxt in {"I", "Å"}):
            continue
        prefix = " ".join(words[:n])
        if words[n - 1].endswith("s") or prefix[-1] in ".,;:!?-–":
            return None
        if not is_heading(prefix, None, " ".join(words[n:])) or _cell_like(prefix):
            return None
        return prefix
    return None


def _short(title: str, most: int = TITLE_CHARS) -> str:
    """A title cut at a word to at most ``most`` characters, with "…" when cut."""
    title = " ".join(title.split())
    if len(title) <= most:
        return title
    return title[: title.rfind(" ", 0, most)].rstrip(" ,;:–-") + " …"


def _cell_like(text: str) -> bool:
    """A table's cell: a date ("KS 2024-12-11"), a quarter ("Q1 2025"), or nothing but
    abbreviations and numbers ("KS 2025")."""
    if _DATE.search(text):
        return True
    words = text.split()
    return all(w.isupper() or any(c.isdigit() for c in w) for w in words)


def _name_like(text: str) -> bool:
    """Two to four words, each capitalised, no digit: a person's name, a post, a cell."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and w.isalpha() for w in words)


def _touching(before: Line, line: Line) -> bool:
    """Two paragraphs with no blank line between them (a heading must follow a full stop)."""
    return line.no == before.no + 1


def _last_text(lines: tuple[Line, ...]) -> str:
    return " ".join(lines[-1].text.split())


def _text(src: SourceText, start: int, end: int, personal: bool = False, skip: int = 0) -> str:
    """The repaired text of lines ``start..end``, a blank line between paragraphs, without
    letterhead lines, tables of contents, the place and date of signatures, and (unless
    ``personal``) lines with contact details or a signature (:func:`loaders.party.private`)."""
    if start > end:
        return ""
    paragraphs = []
    label = False  # the line before was a letterhead's bare label: this is its value
    for block in src.blocks(start, end):
        kept = []
        for ln in block.lines:
            if _keeps(ln.text, personal) and not label:
                line = " ".join(ln.text.split())
                kept.append(line[skip:].strip() if skip and ln.no == start else line)
            if ln.text.strip():
                label = is_bare_label(" ".join(ln.text.split()))
        paragraph = join_lines(kept)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _keeps(text: str, personal: bool) -> bool:
    """A line of text, not a letterhead's, nor (unless ``personal``) contact details or a
    name on a line of its own (under a signature)."""
    flat = " ".join(text.split())
    if not flat or structure_of(flat, None, None) in _NOT_TEXT:
        return False
    return personal or not (private(flat) or _name_like(flat))


def extract(ctx: Context, title_end: int) -> list[Placed]:
    """Write the sections of ``ctx.doc``, whose title ends at line ``title_end``."""
    doc, src, b = ctx.doc, ctx.src, ctx.b
    first = min(title_end + 1, doc.end + 1)
    while first <= doc.end and (src.line(first).blank or first in src.furniture):
        first += 1  # the text starts at its first line: the evidence quotes that line
    # a line that is a node's whole evidence is that node's (a post, a risk area, a row)
    taken = frozenset(
        a for e, a, z in b.located if a == z and first <= a <= doc.end and e not in b.mentioned
    )
    marks = [h for h in headings(src, first, doc.end, taken) if h.line >= first]
    placed: list[Placed] = []
    used: set[URIRef] = set()
    if first <= doc.end and (not marks or marks[0].line > first):
        stop = marks[0].line - 1 if marks else doc.end
        if _text(src, first, stop, ctx.include_personal):
            intro = Heading(first, None, _short(doc.title))
            placed.append(_write(ctx, intro, first, stop, 1, doc.iri, used, heading=False))
    stack: list[tuple[int, bool, URIRef]] = []  # (level, numbered, iri) of open sections
    for i, mark in enumerate(marks):
        stop = marks[i + 1].line - 1 if i + 1 < len(marks) else doc.end
        if mark.level is not None:  # a numbered section is part of a numbered one only
            while stack and (not stack[-1][1] or stack[-1][0] >= mark.level):
                stack.pop()
            level = mark.level
        else:
            while stack and not stack[-1][1]:
                stack.pop()
            level = stack[-1][0] + 1 if stack else 1
        parent = stack[-1][2] if stack else doc.iri
        section = _write(ctx, mark, mark.line, stop, len(placed) + 1, parent, used)
        placed.append(section)
        stack.append((level, mark.level is not None, section.iri))
    b.sections.extend(placed)
    return placed


def _write(
    ctx: Context,
    mark: Heading,
    start: int,
    end: int,
    order: int,
    parent: URIRef,
    used: set[URIRef],
    heading: bool = True,
) -> Placed:
    doc, b = ctx.doc, ctx.b
    name = " ".join(p for p in (mark.number, mark.title) if p)
    base = f"{doc.iri}/avsnitt/{slug(name, SLUG_CHARS) or 'avsnitt'}"
    iri, n = URIRef(base), 2
    while iri in used:
        iri, n = URIRef(f"{base}-{n}"), n + 1
    used.add(iri)
    b.node(iri, STYR.Section, name, count_as="Section")
    b.add(iri, DCTERMS.title, sv(mark.title))
    if mark.number:
        b.add(iri, STYR.sectionNumber, Literal(mark.number))
    b.add(iri, STYR.order, integer(order))
    b.add(iri, ELI.is_part_of, parent)
    b.add(parent, ELI.has_part, iri)
    text_start = start + 1 if heading and not mark.glued else start
    text = _text(ctx.src, text_start, end, ctx.include_personal, skip=mark.glued)
    if text:
        b.add(iri, STYR.sectionText, sv(text))
    # like a document's, the evidence quotes the heading and spans the whole section: the
    # section's text is its styr:sectionText (which leaves out letterheads and contact details)
    ev = b.evidence(iri, doc.iri, start, start, covers=False)
    if end > start:
        b.graph.remove((ev, STYR.lineEnd, None))
        b.add(ev, STYR.lineEnd, integer(end))
        if ctx.src.pages_exact:
            b.graph.remove((ev, STYR.pageEnd, None))
            b.add(ev, STYR.pageEnd, integer(ctx.src.line(end).page))
    if heading and not mark.glued:
        b.consumed(start, start)
    if text_start <= end:
        b.kept(text_start, end)
    return Placed(iri, start, end)


def link(b: Builder) -> None:
    """Give every node with evidence in ``b``'s source the section its evidence starts in."""
    sections = sorted(b.sections, key=lambda s: s.start)
    if not sections:
        return
    starts = [s.start for s in sections]
    placed: set[URIRef] = {s.iri for s in sections}
    for entity, line, _ in b.located:
        if entity in placed or entity in b.mentioned:
            continue
        i = bisect_right(starts, line) - 1
        if i >= 0 and sections[i].start <= line <= sections[i].end:
            b.add(entity, STYR.inSection, sections[i].iri)
