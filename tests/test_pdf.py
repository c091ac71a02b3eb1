"""A PDF made from a seed text yields the same graph as the text, with real pages.

The PDFs are made as real PDFs are: a blank line is vertical space, not a character; each
page of the seed (a line that starts with one space begins one, as pypdf wrote the seeds)
is a page of the PDF; and one rendering adds a running header and a footer with the page
number on every page. Line numbers differ legitimately between a PDF and its text: a gap
between paragraphs becomes one to four blank lines (``loaders.layout.MAX_GAP_LINES``), the
text's longer runs of blank lines do not survive, and the header and footer are lines of
the PDF. So the graphs are compared by what they state: the counts of goals, assignments
and budget observations, and the set of (type, label) of every node, leaving out the node
that names the source file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from loaders.pipeline import ingest
from loaders.vocab import PROV, STYR

FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
WIDTH, HEIGHT = 595, 842  # A4 in points
LEADING = 16  # points from one baseline to the next


def pdf_font() -> str:
    """Register DejaVu Sans (Swedish letters) with reportlab; return the font's name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not FONT_FILE.exists():
        return "Helvetica"
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT_FILE)))
    return "DejaVu"


def render_pages(
    pages: Sequence[Sequence[str]],
    pdf_path: Path,
    *,
    header: str | None = None,
    footer: str | None = None,
    furniture_last: bool = False,
) -> None:
    """Write ``pages`` of text lines as a PDF; a blank line is only vertical space.

    ``header`` is drawn at the top of every page and ``footer`` at the bottom, with
    ``{n}`` and ``{total}`` for the page number and count, set apart by a gap; they are
    drawn before the page's text, or after it with ``furniture_last``. A page longer than
    A4 is made taller, as a PDF may be.
    """
    from reportlab.pdfgen import canvas

    font = pdf_font()
    pdf = canvas.Canvas(str(pdf_path), pagesize=(WIDTH, HEIGHT))
    for n, lines in enumerate(pages, start=1):
        height = max(HEIGHT, 110 + LEADING * len(lines))
        pdf.setPageSize((WIDTH, height))
        pdf.setFont(font, 9)

        def furniture(page: int = n, top: float = height) -> None:
            if header:
                pdf.drawString(40, top - 30, header.format(n=page, total=len(pages)))
            if footer:
                pdf.drawRightString(WIDTH - 40, 30, footer.format(n=page, total=len(pages)))

        if not furniture_last:
            furniture()
        y = height - 60
        for line in lines:
            text = unicodedata.normalize("NFC", line.strip())
            if text:  # a blank line draws nothing
                pdf.drawString(40, y, text)
            y -= LEADING
        if furniture_last:
            furniture()
        pdf.showPage()
    pdf.save()


def seed_pages(text_path: Path) -> list[list[str]]:
    """Return a seed text's pages: a line that starts with one space starts a page."""
    pages: list[list[str]] = [[]]
    for i, line in enumerate(text_path.read_text(encoding="utf-8").split("\n")):
        if i and re.match(r" \S", line):
            pages.append([])
        pages[-1].append(line)
    return pages


def _entities(graph: Graph, cls: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def _statement(graph: Graph) -> tuple[dict[str, int], set[tuple[str, str]]]:
    """Return the counts of goals, assignments and budget rows, and every (type, label)."""
    counts = {
        name: len(_entities(graph, cls))
        for name, cls in {
            "goals": STYR.Goal,
            "assignments": STYR.Assignment,
            "budget observations": STYR.BudgetObservation,
        }.items()
    }
    sources = set(graph.subjects(RDF.type, STYR.SourceText))
    labelled = {
        (str(kind), str(label))
        for node, kind in graph.subject_objects(RDF.type)
        if node not in sources
        for label in graph.objects(node, RDFS.label)
    }
    return counts, labelled


SEED_PDFS = [
    ("000_64bcae0d445429da.txt", None, None),
    pytest.param("001_ac962998a4b6cb85.txt", None, None, marks=pytest.mark.slow),
    ("000_64bcae0d445429da.txt", "Göteborgs Stad – Kommunstyrelsen", "{n} ({total})"),
    pytest.param(
        "001_ac962998a4b6cb85.txt",
        "Göteborgs Stad – Kommunstyrelsen",
        "Sida {n} av {total}",
        marks=pytest.mark.slow,
    ),
]  # the budget (001) is the long one


@pytest.mark.parametrize(("seed", "header", "footer"), SEED_PDFS)
def test_pdf_gives_the_graph_of_its_text(
    seeds: Path, tmp_path: Path, seed: str, header: str | None, footer: str | None
) -> None:
    text = seeds / seed
    pdf = tmp_path / (text.stem + ".pdf")
    pages = seed_pages(text)
    render_pages(pages, pdf, header=header, footer=footer)
    from_text, from_pdf = ingest([text]).merged(), ingest([pdf]).merged()

    text_counts, text_labels = _statement(from_text)
    pdf_counts, pdf_labels = _statement(from_pdf)
    assert all(text_counts.values()) or seed.startswith("000"), text_counts
    assert text_counts["goals"] and text_counts["assignments"]
    assert pdf_counts == text_counts
    assert pdf_labels == text_labels
    for cls in (STYR.Goal, STYR.Direction, STYR.Assignment, STYR.ReportingRequirement):
        assert _entities(from_pdf, cls) == _entities(from_text, cls), cls

    # The PDF's evidence has its pages; the text's has none (its pages are guesses).
    pdf_pages = {int(p) for p in from_pdf.objects(None, STYR.pageStart)}  # type: ignore[call-overload]
    assert pdf_pages <= set(range(1, len(pages) + 1))
    assert len(pdf_pages) > 3
    assert not list(from_text.objects(None, STYR.pageStart))
    # No header or footer became a node or a quote.
    if header:
        quotes = {str(q) for q in from_pdf.objects(None, STYR.quote)}
        assert not any(header in q or re.search(r"Sida \d+ av|\d+ \(\d+\)", q) for q in quotes)
        assert not {label for _, label in pdf_labels if header in label}


def test_pdf_source_is_a_pdf(seeds: Path, tmp_path: Path) -> None:
    text = seeds / "000_64bcae0d445429da.txt"
    pdf = tmp_path / "000.pdf"
    render_pages(seed_pages(text), pdf)
    graph = ingest([pdf]).merged()
    sources = list(graph.subjects(RDF.type, STYR.SourceText))
    assert len(sources) == 1
    assert (sources[0], RDF.type, PROV.Entity) in graph


def render_two_columns(pages: Sequence[Sequence[str]], pdf_path: Path) -> None:
    """Write ``pages`` as a PDF of two columns: each page's first half in the left column,
    the rest in the right one, drawn column after column as a layout program writes them."""
    from reportlab.pdfgen import canvas

    font = pdf_font()
    pdf = canvas.Canvas(str(pdf_path), pagesize=(WIDTH * 2, HEIGHT))
    for lines in pages:
        half = (len(lines) + 1) // 2
        while half < len(lines) and lines[half].strip():
            half += 1  # a paragraph stays in its column
        height = max(HEIGHT, 110 + LEADING * half)
        pdf.setPageSize((WIDTH * 2, height))
        pdf.setFont(font, 9)
        for x, column in ((40, lines[:half]), (WIDTH + 20, lines[half:])):
            y = height - 60
            for line in column:
                text = unicodedata.normalize("NFC", line.strip())
                if text:
                    pdf.drawString(x, y, text)
                y -= LEADING
        pdf.showPage()
    pdf.save()


def test_a_two_column_pdf_gives_the_graph_of_its_text(seeds: Path, tmp_path: Path) -> None:
    text = seeds / "000_64bcae0d445429da.txt"
    pdf = tmp_path / "000-two-columns.pdf"
    pages = seed_pages(text)
    render_two_columns(pages, pdf)
    from_text, from_pdf = ingest([text]).merged(), ingest([pdf]).merged()
    text_counts, text_labels = _statement(from_text)
    pdf_counts, pdf_labels = _statement(from_pdf)
    assert text_counts["goals"] and text_counts["assignments"]
    assert pdf_counts == text_counts
    assert pdf_labels == text_labels
    # the right column's evidence is on the page it stands on
    pdf_pages = {int(p) for p in from_pdf.objects(None, STYR.pageStart)}  # type: ignore[call-overload]
    assert pdf_pages <= set(range(1, len(pages) + 1)) and len(pdf_pages) > 3
