"""The layout layer: form feeds, gaps in PDFs, page furniture and two columns.

Every expected value comes from the document the test makes (it knows what it put where)
or was read off a corpus file with ``grep -n``; none is produced by the code under test.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from loaders.layout import MAX_GAP_LINES, Region, find_columns, find_furniture
from loaders.source import SourceText
from loaders.source_reader import read_source
from tests.test_pdf import pdf_font, render_pages

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "goteborg"


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared/corpus is missing, and CI must not skip")
        pytest.skip("../shared/corpus is absent (tests on the real board documents skipped)")
    return CORPUS


def _blocks(src: SourceText) -> list[tuple[str, int, int, int]]:
    return [(b.text, b.start, b.end, b.lines[0].column) for b in src.blocks()]


def _write(tmp_path: Path, lines: Sequence[str], name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- form feeds ----------------------------------------------------------------------------

FORM_FEED_TEXT = [
    "Genomförandeplan 2026",  # 1, page 1
    "Nämnden ska arbeta för en jämlik stad.",  # 2
    "",  # 3
    "\fAndra sidan börjar här.",  # 4, page 2: the form feed starts the line's page
    "Ett stycke till.",  # 5
    "Sista raden på sidan två.\f",  # 6, page 2: the next line starts page 3
    "Tredje sidan.",  # 7, page 3
    "\f\fEfter en tom sida.",  # 8, page 5 (page 4 is empty)
]


def test_form_feeds_start_pages_and_keep_line_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path, FORM_FEED_TEXT)
    src = read_source(path)
    assert [(ln.no, ln.raw, ln.page) for ln in src.lines] == [
        (1, "Genomförandeplan 2026", 1),
        (2, "Nämnden ska arbeta för en jämlik stad.", 1),
        (3, "", 1),
        (4, "Andra sidan börjar här.", 2),
        (5, "Ett stycke till.", 2),
        (6, "Sista raden på sidan två.", 2),
        (7, "Tredje sidan.", 3),
        (8, "Efter en tom sida.", 5),
    ]
    assert src.pages_exact  # pdftotext's form feeds are the PDF's pages
    # The numbers are those grep -n shows (not str.splitlines's, which breaks at \f too).
    shown = subprocess.run(
        ["grep", "-n", "", str(path)], capture_output=True, text=True, check=True
    ).stdout.split("\n")[:-1]
    assert len(shown) == len(src.lines)
    for row in shown:
        no, _, text = row.partition(":")
        assert src.line(int(no)).raw == text.replace("\f", "")


def test_a_line_that_starts_with_a_space_starts_no_page_in_paged_text(tmp_path: Path) -> None:
    # Without form feeds, " X" marks a page break (pypdf's text); with them it is indentation.
    lines = ["Rubrik", " Dokumentnamn: plan", " Beslutad av: nämnden", "\fSida två"]
    src = read_source(_write(tmp_path, lines))
    assert [ln.page for ln in src.lines] == [1, 1, 1, 2]
    unpaged = read_source(_write(tmp_path, lines[:3], "unpaged.txt"))
    assert [ln.page for ln in unpaged.lines] == [1, 2, 3]
    assert not unpaged.pages_exact


def test_corpus_form_feeds(corpus: Path) -> None:
    path = corpus / "intraservice_delarsrapport_mars_2026.txt"
    src = read_source(path)
    raw = path.read_text(encoding="utf-8").split("\n")
    for ln in src.lines:
        assert ln.raw == raw[ln.no - 1].replace("\f", ""), ln.no
    # Read off the file with grep -n: the footer "N (26)" of page N is on line ...
    footers = {13: 1, 48: 2, 72: 3, 703: 17, 913: 22, 1111: 25, 1136: 26}
    for no, page in footers.items():
        assert src.line(no).page == page
        assert src.line(no).raw.strip() == f"{page} (26)"


# --- PDFs: a blank line is vertical space ----------------------------------------------------


def test_pdf_paragraph_breaks_are_blank_lines(tmp_path: Path) -> None:
    page = [
        "Genomförandeplan 2026",
        "",
        "Nämnden ska arbeta för en jämlik stad.",
        "Det gäller alla verksamheter.",
        "",
        "Mål 2",
        "",
        "",
        "Andra målet gäller klimatet.",
    ]
    pdf = tmp_path / "plan.pdf"
    render_pages([page], pdf)
    src = read_source(pdf)
    assert [ln.text for ln in src.lines] == page  # one blank line per missing line
    assert [b.text for b in src.blocks()] == [
        "Genomförandeplan 2026",
        "Nämnden ska arbeta för en jämlik stad. Det gäller alla verksamheter.",
        "Mål 2",
        "Andra målet gäller klimatet.",
    ]


def test_a_wide_gap_is_a_few_blank_lines(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "gap.pdf"
    drawing = canvas.Canvas(str(pdf), pagesize=(595, 842))
    drawing.setFont(pdf_font(), 9)
    for y in (800, 784, 768, 100):  # three lines, then one at the foot of the page
        drawing.drawString(40, y, f"Rad vid {y}.")
    drawing.showPage()
    drawing.save()
    src = read_source(pdf)
    assert [ln.text for ln in src.lines] == [
        "Rad vid 800.",
        "Rad vid 784.",
        "Rad vid 768.",
        *[""] * MAX_GAP_LINES,
        "Rad vid 100.",
    ]


# --- furniture -----------------------------------------------------------------------------

BODY = [
    [
        "Genomförandeplan 2026",
        "",
        "Nämnden ska arbeta för en jämlik stad.",
        "Det gäller alla verksamheter.",
        "",
        "Arbetet fortsätter under året och",
        "omfattar",
    ],
    ["även de kommunala bolagen.", "", "Uppföljning sker i årsrapporten."],
    ["Mål 2", "", "Andra målet gäller klimatet."],
    ["Sista sidan."],
]
BODY_BLOCKS = [
    "Genomförandeplan 2026",
    "Nämnden ska arbeta för en jämlik stad. Det gäller alla verksamheter.",
    "Arbetet fortsätter under året och omfattar även de kommunala bolagen.",
    "Uppföljning sker i årsrapporten.",
    "Mål 2",
    "Andra målet gäller klimatet.",
    "Sista sidan.",
]
HEADER = "Kulturnämnden – genomförandeplan 2026"


@pytest.mark.parametrize("footer", ["Sida {n} av {total}", "{n} ({total})", "{n}", "– {n} –"])
@pytest.mark.parametrize("furniture_last", [False, True])
def test_pdf_headers_and_footers_are_furniture(
    tmp_path: Path, footer: str, furniture_last: bool
) -> None:
    pdf = tmp_path / "plan.pdf"
    render_pages(BODY, pdf, header=HEADER, footer=footer, furniture_last=furniture_last)
    src = read_source(pdf)
    expected = {HEADER} | {footer.format(n=n, total=4) for n in range(1, 5)}
    assert {src.line(no).raw for no in src.furniture} == expected
    assert len(src.furniture) == 8
    assert all(src.line(no).blank for no in src.furniture)  # read as blank lines
    # The header is the first line of its page and the footer the last, as the page shows.
    for page in range(1, 5):
        raws = [ln.raw for ln in src.lines if ln.page == page and ln.raw.strip()]
        assert raws[0] == HEADER
        assert raws[-1] == footer.format(n=page, total=4)
    # A sentence runs on over the page break, past the footer and the header, which its
    # quote leaves out.
    blocks = src.blocks()
    assert [b.text for b in blocks] == BODY_BLOCKS
    assert (blocks[2].lines[0].page, blocks[2].lines[-1].page) == (1, 2)
    assert src.quote(blocks[2].start, blocks[2].end) == BODY_BLOCKS[2]


def test_text_furniture_by_page_position(tmp_path: Path) -> None:
    # pdftotext -layout: the board's name at the top of every page, a footer with the page
    # number at the bottom (wherever the line puts it), form feeds between the pages.
    body = "Nämnden för Intraservice"
    pages = [
        [body, "", "Årsrapport 2025", "", "", "  1 (4)"],  # lines 1-6
        [body, "Riskbeskrivning:", "Fel.", "Riskbeskrivning:", "Brist.", "2 (4)"],  # 7-12
        [body, "Riskbeskrivning:", "Fel.", "Riskbeskrivning:", "Brist.", "   3 (4)"],  # 13-18
        [body, "Riskbeskrivning:", "Fel.", "Riskbeskrivning:", "Sist.", "4 (4)"],  # 19-24
    ]
    path = tmp_path / "arsrapport.txt"
    path.write_text("\f".join("\n".join(p) + "\n" for p in pages), encoding="utf-8")
    src = read_source(path)
    assert src.furniture == frozenset({1, 7, 13, 19} | {6, 12, 18, 24})
    # "Riskbeskrivning:" is the first line after the header on pages 2 to 4, but it is
    # the body's too: a heading, not furniture.
    assert {ln.no for b in src.blocks(7, 12) for ln in b.lines} == {8, 9, 10, 11}


def test_furniture_needs_the_page_structure() -> None:
    # One page: nothing repeats across pages.
    assert find_furniture([(1, 1, "Sida 1 av 1"), (2, 1, "Text.")]) == set()
    # A number at the foot of pages that does not count them is a table's, not a page's.
    lines = [
        (1, 1, "Text ett."),
        (2, 1, "Summa 34,6"),
        (3, 2, "Text två."),
        (4, 2, "Summa 12,1"),
        (5, 3, "Text tre."),
        (6, 3, "Summa 7,0"),
    ]
    assert find_furniture(lines) == set()
    # Lone page numbers that count the pages are.
    lines = [(1, 1, "Text ett."), (2, 1, "1"), (3, 2, "Text två."), (4, 2, "2")]
    assert find_furniture(lines) == {2, 4}


def test_seeds_have_no_furniture(seeds: Path) -> None:
    # Read off the seeds: pypdf's text of them has no running header, footer or page number.
    for seed in sorted(seeds.glob("*.txt")):
        assert read_source(seed).furniture == frozenset(), seed.name


def test_corpus_furniture(corpus: Path) -> None:
    src = read_source(corpus / "intraservice_arsrapport_2025.txt")
    # grep -n "(40)$": the footer of pages 2 to 40.
    footers = {ln.no for ln in src.lines if ln.raw.rstrip().endswith("(40)")}
    assert len(footers) == 39
    assert footers <= src.furniture
    assert 1 not in src.furniture  # "Nämnden för Intraservice", the title page's own
    src = read_source(corpus / "intraservice_delarsrapport_mars_2026.txt")
    assert {13, 48, 72, 703, 913, 1111, 1136} <= src.furniture


# --- two columns ---------------------------------------------------------------------------

G = 46  # where the right column starts
TWO_COLUMNS = [
    "Redovisning av uppdrag",  # 1
    "",  # 2
    "Nämnden redovisar här sina uppdrag och hur de har genomförts under året som gått.",  # 3
    "",  # 4
    "    Uppdrag".ljust(G) + "Kommentar",  # 5
    "",  # 6
    "    Nämnden får i uppdrag att se över".ljust(G) + "Uppdraget är genomfört och",  # 7
    "    lokalerna och föreslå hur de kan".ljust(G) + "redovisades för nämnden i maj.",  # 8
    "    användas bättre.",  # 9
    " " * G + "Nämnden beslutade att gå vidare",  # 10
    "    Nämnden får i uppdrag att minska".ljust(G) + "med förslaget.",  # 11
    "    sjukfrånvaron bland medarbetarna.",  # 12
    " " * G + "Arbetet pågår och följs upp",  # 13
    "    Nämnden får i uppdrag att halvera".ljust(G) + "i årsrapporten.",  # 14
    "    resorna med flyg.",  # 15
    "",  # 16
    "Sammanfattning",  # 17
    "",  # 18
    "Alla uppdrag har påbörjats under året och de flesta har avslutats enligt planen.",  # 19
]


ASSIGNMENT = "Nämnden får i uppdrag att se över lokalerna och föreslå hur de kan användas bättre."


def test_two_columns_in_layout_text(tmp_path: Path) -> None:
    src = read_source(_write(tmp_path, TWO_COLUMNS))
    assert src.regions == (Region(5, 15, G),)
    assert _blocks(src) == [
        ("Redovisning av uppdrag", 1, 1, 0),
        (
            "Nämnden redovisar här sina uppdrag och hur de har genomförts under året som gått.",
            3,
            3,
            0,
        ),
        ("Uppdrag", 5, 5, 1),
        (ASSIGNMENT, 7, 9, 1),
        ("Nämnden får i uppdrag att minska sjukfrånvaron bland medarbetarna.", 11, 12, 1),
        ("Nämnden får i uppdrag att halvera resorna med flyg.", 14, 15, 1),
        ("Kommentar", 5, 5, 2),
        ("Uppdraget är genomfört och redovisades för nämnden i maj.", 7, 8, 2),
        ("Nämnden beslutade att gå vidare med förslaget.", 10, 11, 2),
        ("Arbetet pågår och följs upp i årsrapporten.", 13, 14, 2),
        ("Sammanfattning", 17, 17, 0),
        (
            "Alla uppdrag har påbörjats under året och de flesta har avslutats enligt planen.",
            19,
            19,
            0,
        ),
    ]
    # The lines themselves are the file's: evidence and quotes name true source lines.
    assert src.line(7).raw == TWO_COLUMNS[6]
    assert src.quote(7, 7) == "Nämnden får i uppdrag att se över Uppdraget är genomfört och"
    # A part of the region asked for on its own is still read column by column.
    assert [(b.start, b.end, b.lines[0].column) for b in src.blocks(10, 12)] == [
        (11, 12, 1),
        (10, 11, 2),
    ]


def test_tables_and_letterheads_are_not_two_columns() -> None:
    table = [
        "  Belopp i mnkr            Utfall      Budget     Avvikelse",
        "  Intäkter                 1 420,1     1 434,1      -14,0",
        "  Kostnader               -1 451,4    -1 472,3       20,9",
        "  Kommunbidrag                38,2        38,2          0",
        "  Resultat                     6,9           0        6,9",
        "  Eget kapital                17,9        11,0        6,9",
        "  Summa                       17,9        11,0        6,9",
    ]
    letterhead = [
        "Yrkande                                   Centerpartiet",
        "2022-11-25                                2.1.1",
        "",
        "Förslag till beslut",
    ]
    for lines in (table, letterhead):
        assert find_columns([(i, 1, t) for i, t in enumerate(lines, start=1)]) == []


def test_pdf_in_two_columns_is_read_column_by_column(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    left = [["Vänster stycke ett", "fortsätter här."], ["Vänster stycke två."]]
    right = [["Höger stycke ett."], ["Höger stycke två", "slutar här."]]
    pdf = tmp_path / "columns.pdf"
    drawing = canvas.Canvas(str(pdf), pagesize=(595, 842))
    drawing.setFont(pdf_font(), 9)
    drawing.drawString(40, 800, "Rubrik över båda spalterna")
    for x, column in ((40, left), (320, right)):  # a column is drawn whole, as a flow
        y = 760
        for paragraph in column:
            for line in paragraph:
                drawing.drawString(x, y, line)
                y -= 14
            y -= 14
    drawing.showPage()
    drawing.save()
    src = read_source(pdf)
    assert [b.text for b in src.blocks()] == [
        "Rubrik över båda spalterna",
        "Vänster stycke ett fortsätter här.",
        "Vänster stycke två.",
        "Höger stycke ett.",
        "Höger stycke två slutar här.",
    ]


def test_corpus_two_columns(corpus: Path) -> None:
    src = read_source(corpus / "intraservice_delarsrapport_mars_2026.txt")
    blocks = {(b.start, b.end, b.lines[0].column): b.text for b in src.blocks(917, 931)}
    # Read off lines 917-930: an assignment on the left, the board's comment on the right.
    assert blocks[919, 924, 1] == (
        "Kommunstyrelsen får i uppdrag att i samverkan med samtliga nämnder utveckla det "
        "systematiska arbetsmiljöarbetet. Metoder ska tas fram och spridas för att förebygga "
        "sjukskrivningar."
    )
    assert blocks[919, 919, 2] == "Halvår 1 2026"
    assert blocks[921, 930, 2].startswith(
        "Det bidrag som hittills efterfrågats från SLK är detaljerad statistik från IT-stödet"
    )
    assert blocks[921, 930, 2].endswith("hur tjänsterna kan bidra i arbetet.")


# --- a heading found twice once gave evidence that ended before it started ------------------


def test_no_evidence_ends_before_it_starts(seeds: Path, tmp_path: Path) -> None:
    from loaders.pipeline import ingest
    from loaders.vocab import STYR
    from tests.test_pdf import seed_pages

    pdf = tmp_path / "000.pdf"
    render_pages(seed_pages(seeds / "000_64bcae0d445429da.txt"), pdf, header=HEADER)
    graph = ingest([pdf]).merged()
    for ev in graph.subjects(STYR.lineStart, None):
        start, end = graph.value(ev, STYR.lineStart), graph.value(ev, STYR.lineEnd)
        assert int(start) <= int(end), ev  # type: ignore[arg-type]
