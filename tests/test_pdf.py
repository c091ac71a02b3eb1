"""A PDF made from a seed text yields the same entities as the text, with real pages."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from loaders.pipeline import ingest
from loaders.vocab import STYR


def _make_pdf(text_path: Path, pdf_path: Path, lines_per_page: int = 45) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    for candidate in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",):
        if Path(candidate).exists():
            pdfmetrics.registerFont(TTFont("DejaVu", candidate))
            font = "DejaVu"
    pdf = canvas.Canvas(str(pdf_path), pagesize=A4)
    lines = text_path.read_text(encoding="utf-8").split("\n")
    for start in range(0, len(lines), lines_per_page):
        y = 800
        pdf.setFont(font, 9)
        for line in lines[start : start + lines_per_page]:
            pdf.drawString(30, y, unicodedata.normalize("NFC", line.strip()) or " ")
            y -= 17
        pdf.showPage()
    pdf.save()


def _entities(graph: Graph, cls: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def test_pdf_gives_same_entities_as_text(seeds: Path, tmp_path: Path) -> None:
    text = seeds / "000_64bcae0d445429da.txt"
    pdf = tmp_path / "000.pdf"
    _make_pdf(text, pdf)
    from_text = ingest([text]).merged()
    from_pdf = ingest([pdf]).merged()
    for cls in (STYR.Goal, STYR.Direction, STYR.Assignment, STYR.ReportingRequirement):
        assert _entities(from_pdf, cls) == _entities(from_text, cls), cls
        assert _entities(from_text, cls)
    pages = {int(p) for p in from_pdf.objects(None, STYR.pageStart)}  # type: ignore[call-overload]
    assert len(pages) > 3
    assert not list(from_text.objects(None, STYR.pageStart))
