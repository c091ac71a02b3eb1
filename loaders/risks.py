"""The risk register (samlad riskbild) and the internal control plan.

Both list risks under the same labelled sections: an area heading (a line of its
own, or "Riskområde: …"), then "Riskbeskrivning:", "Konsekvensbeskrivning:",
"Genomförda/Existerande åtgärder:" (one paragraph or bullet per action),
"Planerade åtgärder:" or "Planerade kontroller:" (one bullet per action or
control; a bullet may wrap, even across a blank line) and a closing follow-up
sentence ("Uppföljning sker i delårs- och årsrapporter …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from .builder import sv
from .codes import code
from .context import Context
from .ids import slug
from .source import Line
from .textrepair import join_lines
from .timeplan import add_occasion, doc_reporter
from .vocab import SKOS, STYR

# --- Swedish source words ------------------------------------------------------------------
DESCRIPTION, CONSEQUENCE, DONE, EXISTING, PLANNED, CONTROLS = (
    "description",
    "consequence",
    "done",
    "existing",
    "planned",
    "controls",
)
_SECTION_WORDS: dict[str, str] = {
    "riskbeskrivning": DESCRIPTION,
    "riskbeskrivningar": DESCRIPTION,
    "konsekvensbeskrivning": CONSEQUENCE,
    "konsekvensbeskrivningar": CONSEQUENCE,
    "konsekvens": CONSEQUENCE,
    "genomförda åtgärder": DONE,
    "vidtagna åtgärder": DONE,
    "existerande åtgärder": EXISTING,
    "befintliga åtgärder": EXISTING,
    "pågående åtgärder": EXISTING,
    "planerade åtgärder": PLANNED,
    "planerade kontroller": CONTROLS,
    "planerad kontroll": CONTROLS,
    "kontrollaktiviteter": CONTROLS,
}
_SECTION = re.compile(
    r"^(" + "|".join(sorted(_SECTION_WORDS, key=len, reverse=True)) + r")\s*(?::\s*(.*))?$",
    re.IGNORECASE,
)
# rank of each section inside one risk: a lower rank starts the next risk
_RANK = {DESCRIPTION: 0, CONSEQUENCE: 1, DONE: 2, EXISTING: 2, PLANNED: 3, CONTROLS: 3}
_STATUS = {DONE: "genomford", EXISTING: "existerande", PLANNED: "planerad"}
_AREA = re.compile(r"^Riskområde\s*(?::\s*|\s)(.+?)\s*$", re.IGNORECASE)
# "2. Kompetensförsörjning": a numbered area heading loses its number
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+(?=\S)")
_BULLET = re.compile(r"^[•●▪■◦*\-–]\s*")
_FOLLOW_UP = re.compile(
    r"^(?:Uppföljning\b|Resultatet\b)|\bföljs\s+upp\b|\bbeskrivs\s+löpande\b"
    r"|\b(?:rapporteras|redovisas|återrapporteras)\s+(?:löpande\s+)?i\b",
    re.IGNORECASE,
)
# report names in a follow-up sentence ("i delårs- och årsrapporter", "i årsrapporten")
_INTERIM = re.compile(r"delårs(?:rapport\w*|-|\s)", re.IGNORECASE)
_INTERIM_MARCH = re.compile(r"delårsrapport\w*\s+(?:per\s+)?mars", re.IGNORECASE)
_INTERIM_AUGUST = re.compile(r"delårsrapport\w*\s+(?:per\s+)?augusti", re.IGNORECASE)
_ANNUAL = re.compile(r"(?<!del)årsrapport", re.IGNORECASE)
# control methods
_SAMPLE = re.compile(r"stickprov", re.IGNORECASE)
_ACTION_CHECK = re.compile(r"\bkontroller\w*\s+att\b.*\båtgärder\w*\b.*\bgenomförs\b", re.I)
_REVIEW = re.compile(r"genomgång", re.IGNORECASE)
_LABEL_LIMIT = 120
_HEADING_LIMIT = 150


@dataclass(frozen=True)
class Item:
    """A paragraph or bullet: lines ``start..end`` and their joined text."""

    start: int
    end: int
    text: str
    bullet: bool


@dataclass
class Section:
    """One labelled section of a risk ("Riskbeskrivning:" and what follows)."""

    kind: str
    start: int
    end: int
    items: list[Item] = field(default_factory=list)


@dataclass
class RiskBlock:
    """One risk: its area heading, sections and follow-up sentence."""

    area: str
    start: int
    end: int
    heading_end: int
    sections: list[Section] = field(default_factory=list)
    follow_up: list[Item] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------
def section_of(text: str) -> tuple[str, str] | None:
    """Return ``(kind, inline text)`` when ``text`` is a section label line."""
    found = _SECTION.match(text.strip())
    if not found:
        return None
    return _SECTION_WORDS[found.group(1).lower()], (found.group(2) or "").strip()


def read_items(lines: list[Line]) -> list[Item]:
    """Split lines into items: one per bullet, one per paragraph.

    A paragraph that starts in lower case after a bullet continues the bullet
    (a bullet wrapped across a blank line).
    """
    items: list[list[Line]] = []
    bullets: list[bool] = []
    after_blank = True
    for ln in lines:
        text = ln.text.strip()
        if not text:
            after_blank = True
            continue
        if _BULLET.match(text) and len(text) > 1:
            items.append([ln])
            bullets.append(True)
        elif items and (not after_blank or (bullets[-1] and text[:1].islower())):
            items[-1].append(ln)
        else:
            items.append([ln])
            bullets.append(False)
        after_blank = False
    return [
        Item(run[0].no, run[-1].no, _item_text(run), bullet)
        for run, bullet in zip(items, bullets, strict=True)
    ]


def _item_text(run: list[Line]) -> str:
    first = _BULLET.sub("", run[0].text.strip(), count=1)
    return join_lines([first, *(ln.text for ln in run[1:])])


def _section_lines(ctx: Context) -> list[tuple[int, str, str]]:
    """Return ``(line, kind, inline text)`` for every section label in the document."""
    found: list[tuple[int, str, str]] = []
    for ln in ctx.src.lines[ctx.doc.start - 1 : ctx.doc.end]:
        section = section_of(ln.text)
        if section:
            found.append((ln.no, *section))
    return found


def _risk_starts(labels: list[tuple[int, str, str]]) -> list[int]:
    """Return the label lines that open a new risk.

    "Riskbeskrivning:" always opens one; so does any label that goes back in the
    usual order (a risk whose "Riskbeskrivning:" is missing).
    """
    starts: list[int] = []
    previous: int | None = None
    for no, kind, _ in labels:
        rank = _RANK[kind]
        if previous is None or rank == _RANK[DESCRIPTION] or rank < previous:
            starts.append(no)
        previous = rank
    return starts


def _heading(ctx: Context, anchor: int, floor: int) -> tuple[int, int, str] | None:
    """Return ``(first, last, area)`` of the heading above the label at ``anchor``."""
    no = anchor - 1
    while no > floor and ctx.src.line(no).blank:
        no -= 1
    if no <= floor:
        return None
    last = ctx.src.line(no)
    text = last.text.strip()
    area = _AREA.match(text)
    if area:
        return no, no, _NUMBER.sub("", area.group(1))
    if section_of(text) or _BULLET.match(text) or text.endswith((".", ":")):
        return None
    if len(text) > _HEADING_LIMIT:
        return None
    first = no
    while (
        first - 1 > floor
        and ctx.src.line(first).text.strip()[:1].islower()
        and not ctx.src.line(first - 1).blank
        and ctx.src.line(first - 1).page == ctx.src.line(first).page
    ):
        first -= 1
    return first, no, _NUMBER.sub("", ctx.src.text(first, no))


def read_risks(ctx: Context) -> list[RiskBlock]:
    """Read the risks of the current document, in order."""
    labels = _section_lines(ctx)
    starts = _risk_starts(labels)
    blocks: list[RiskBlock] = []
    floor = ctx.doc.start - 1
    for n, anchor in enumerate(starts, start=1):
        heading = _heading(ctx, anchor, floor)
        if heading is None:
            ctx.unparsed(anchor, anchor, "risk", "expected a risk-area heading above this label")
            heading = (anchor, anchor - 1, f"Risk {n}")
        first, last, area = heading
        if blocks:
            _close(ctx, blocks[-1], first - 1)
        blocks.append(RiskBlock(area=area, start=first, end=ctx.doc.end, heading_end=last))
        floor = anchor
    if blocks:
        _close(ctx, blocks[-1], ctx.doc.end)
    for block in blocks:
        _fill(ctx, block, labels)
    return blocks


def _close(ctx: Context, block: RiskBlock, end: int) -> None:
    while end > block.start and ctx.src.line(end).blank:
        end -= 1
    block.end = end


def _fill(ctx: Context, block: RiskBlock, labels: list[tuple[int, str, str]]) -> None:
    """Split a risk block into its sections and items, and find its follow-up."""
    inside = [(no, kind) for no, kind, _ in labels if block.heading_end < no <= block.end]
    gap = [
        ln.no
        for ln in ctx.src.lines[block.heading_end : (inside[0][0] - 1 if inside else block.end)]
        if not ln.blank
    ]
    if gap:
        ctx.unparsed(gap[0], gap[-1], "risk", "expected a section label after the area heading")
    for i, (no, kind) in enumerate(inside):
        end = inside[i + 1][0] - 1 if i + 1 < len(inside) else block.end
        section = Section(kind, no, end)
        label = ctx.src.line(no)
        _, inline = section_of(label.text) or ("", "")
        lines = ctx.src.lines[no:end]
        if inline:
            lines = [Line(no, label.raw, inline, label.page), *lines]
        section.items = read_items(lines)
        block.sections.append(section)
    if block.sections:
        last = block.sections[-1]
        cut = _follow_up_index(last.items)
        block.follow_up = last.items[cut:]
        last.items = last.items[:cut]


def _follow_up_index(items: list[Item]) -> int:
    """Return where the follow-up sentence starts among a section's items."""
    seen_bullet = False
    for i, item in enumerate(items):
        if item.bullet:
            seen_bullet = True
            continue
        if _FOLLOW_UP.search(item.text) and not any(it.bullet for it in items[i:]):
            return i
        if seen_bullet and item.text[:1].isupper():
            return i
    return len(items)


# --- emitting --------------------------------------------------------------------------------
def extract_risks(ctx: Context) -> None:
    """Extract the risks with their actions and follow-up."""
    for block, risk, area, occasions in _emit_blocks(ctx):
        for section in block.sections:
            if section.kind == CONTROLS:
                _emit_controls(ctx, (block, risk, area, occasions), section)


def extract_controls(ctx: Context) -> None:
    """Extract the internal-control areas with their planned controls."""
    extract_risks(ctx)


def _emit_blocks(ctx: Context) -> list[tuple[RiskBlock, URIRef, URIRef, list[URIRef]]]:
    """Add every risk of the document; return each with its area and occasions."""
    emitted: list[tuple[RiskBlock, URIRef, URIRef, list[URIRef]]] = []
    used: set[str] = set()
    for block in read_risks(ctx):
        key = slug(block.area) or "risk"
        n = 2
        unique = key
        while unique in used:
            unique = f"{key}-{n}"
            n += 1
        used.add(unique)
        area = _area(ctx, block)
        risk, occasions = _emit_risk(ctx, block, unique, area)
        emitted.append((block, risk, area, occasions))
    return emitted


def _emit_risk(
    ctx: Context, block: RiskBlock, key: str, area: URIRef
) -> tuple[URIRef, list[URIRef]]:
    """Add a risk with its descriptions, actions and follow-up."""
    b, doc = ctx.b, ctx.doc
    risk = URIRef(f"{doc.iri}/risk/{key}")
    b.node(risk, STYR.Risk, block.area)
    b.evidence(risk, doc.iri, block.start, block.end)
    b.add(risk, STYR.listedIn, doc.iri)
    b.add(risk, STYR.riskArea, area)
    counters: dict[str, int] = {}
    for section in block.sections:
        for item in section.items:
            if section.kind == DESCRIPTION:
                b.add(risk, STYR.riskDescription, sv(item.text))
            elif section.kind == CONSEQUENCE:
                b.add(risk, STYR.consequenceDescription, sv(item.text))
            elif section.kind in _STATUS:
                status = _STATUS[section.kind]
                counters[status] = counters.get(status, 0) + 1
                _emit_action(ctx, risk, status, counters[status], item)
    occasions = _emit_follow_up(ctx, risk, block.follow_up) if block.follow_up else []
    return risk, occasions


def _area(ctx: Context, block: RiskBlock) -> URIRef:
    iri = ctx.mint(ctx.doc.municipality, "riskomrade", slug(block.area) or "risk")
    ctx.b.node(iri, STYR.RiskArea, block.area)
    ctx.b.add(iri, SKOS.prefLabel, sv(block.area))
    ctx.b.evidence(iri, ctx.doc.iri, block.start, max(block.start, block.heading_end))
    return iri


def _emit_action(ctx: Context, risk: URIRef, status: str, n: int, item: Item) -> None:
    b = ctx.b
    action = URIRef(f"{risk}/atgard/{status}-{n}")
    b.node(action, STYR.RiskAction, _short(item.text))
    b.evidence(action, ctx.doc.iri, item.start, item.end)
    b.add(action, STYR.text, sv(item.text))
    b.add(action, STYR.actionStatus, code("atgardsstatus", status))
    b.add(action, STYR.mitigates, risk)
    b.add(risk, STYR.hasAction, action)


def _emit_controls(
    ctx: Context, emitted: tuple[RiskBlock, URIRef, URIRef, list[URIRef]], section: Section
) -> None:
    """Add one control activity per planned-control item of a risk."""
    b, doc = ctx.b, ctx.doc
    block, risk, area, occasions = emitted
    key = str(risk).rsplit("/", 1)[-1]
    for n, item in enumerate(section.items, start=1):
        control = URIRef(f"{doc.iri}/kontroll/{key}-{n}")
        b.node(control, STYR.ControlActivity, _short(item.text))
        b.evidence(control, doc.iri, item.start, item.end)
        b.add(control, STYR.text, sv(item.text))
        b.add(control, STYR.riskArea, area)
        b.add(control, STYR.controlMethod, code("kontrollmetod", control_method(item.text)))
        b.add(control, STYR.controlsRisk, risk)
        b.add(control, STYR.listedIn, doc.iri)
        b.add(risk, STYR.hasControl, control)
        if block.follow_up:
            b.add(control, STYR.followUpText, sv(join_lines([it.text for it in block.follow_up])))
        for occasion in occasions:
            b.add(control, STYR.followedUpIn, occasion)


def control_method(text: str) -> str:
    """Return the ``kontrollmetod`` slug of a planned control's text."""
    if _SAMPLE.search(text):
        return "stickprov"
    if _ACTION_CHECK.search(text):
        return "atgardsuppfoljning"
    if _REVIEW.search(text):
        return "genomgang"
    return "ovrig"


def _emit_follow_up(ctx: Context, subject: URIRef, items: list[Item]) -> list[URIRef]:
    """Add the follow-up sentence and the reporting occasions it names."""
    text = join_lines([it.text for it in items])
    start, end = items[0].start, items[-1].end
    ctx.b.add(subject, STYR.followUpText, sv(text))
    occasions: list[URIRef] = []
    if ctx.doc.year is None:
        return occasions
    for report_type in followed_up_in(text):
        who = doc_reporter(ctx, start)
        occasion = add_occasion(ctx, report_type, ctx.doc.year, who, start, end)
        ctx.b.add(subject, STYR.followedUpIn, occasion)
        occasions.append(occasion)
    return occasions


def followed_up_in(text: str) -> list[str]:
    """Return the report types a follow-up sentence names, in a fixed order."""
    found: list[str] = []
    if _INTERIM_MARCH.search(text):
        found.append("delarsrapport-mars")
    if _INTERIM_AUGUST.search(text):
        found.append("delarsrapport-augusti")
    if not found and _INTERIM.search(text):
        found += ["delarsrapport-mars", "delarsrapport-augusti"]
    if _ANNUAL.search(text):
        found.append("arsrapport")
    return found


def _short(text: str) -> str:
    if len(text) <= _LABEL_LIMIT:
        return text
    cut = text[: _LABEL_LIMIT - 1]
    return cut[: cut.rfind(" ")].rstrip(" ,;") + "…" if " " in cut else cut + "…"
