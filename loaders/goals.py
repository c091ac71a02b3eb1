"""Goals (mål), what each document says about them, directions and named programmes.

Goals and directions are city-wide things restated by several documents, so this
module only collects records; :mod:`loaders.resolve` merges them across
documents and writes the nodes. Named steering documents are written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from .builder import sv
from .context import Context, StatedBy
from .ids import slug
from .orgs import COMPANY, Org, find_orgs, make_org
from .source import Block
from .vocab import STYR

# Headings and labels matched in the source.
GOALS_HEADING = re.compile(r"^Mål:\s*(.*)$")
NUMBERED_GOAL = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
DIRECTIONS_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\s+)?Inriktningar\b.*?:?$", re.IGNORECASE)
ASSIGNMENTS_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\s+)?Uppdrag\b", re.IGNORECASE)
SECTION_HEADING = re.compile(r"^\d+\.\d+\s+\S")
FROM_PLAN = re.compile(r"^Från genomförandeplanen:?$", re.IGNORECASE)
FIELD_LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("contribution", re.compile(r"^Från genomförandeplanen:?\s*$", re.IGNORECASE)),
    ("current", re.compile(r"^Nuläge:?\s*$", re.IGNORECASE)),
    ("planned", re.compile(r"^\S.*\bplanering:\s*$", re.IGNORECASE)),
    ("steering", re.compile(r"^Viktiga styrdokument(?: är)?:?\s*$", re.IGNORECASE)),
]
BULLET = re.compile(r"^[•·▪\-–»]\s*")
STEERING_KINDS: list[tuple[re.Pattern[str], URIRef]] = [
    (re.compile(r"\bhandlingsplan", re.IGNORECASE), STYR.ActionPlan),
    (re.compile(r"\bprogram", re.IGNORECASE), STYR.Programme),
    (re.compile(r"\bpolicy", re.IGNORECASE), STYR.Policy),
    (re.compile(r"\briktlinje", re.IGNORECASE), STYR.Guideline),
    (re.compile(r"\bplan\b", re.IGNORECASE), STYR.Plan),
]
VALIDITY = re.compile(r"\s*(20\d\d)\s*[–-]\s*(20\d\d)\s*\.?$")
CITY_PREFIX = re.compile(r"^[A-ZÅÄÖ]\w+s\s+(?:[Ss]tads|kommuns)\s+")


@dataclass
class Steering:
    title: str
    iri: URIRef
    start: int
    end: int


@dataclass
class GoalRecord(StatedBy):
    """What one document says about one goal."""

    body_iri: URIRef | None
    number: int | None
    order: int
    text: str
    start: int
    end: int
    fields: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    steering: list[Steering] = field(default_factory=list)
    #: "Huvudansvariga nämnder/styrelser: …" and "Ansvariga nämnder/styrelser: …"
    main_responsible: list[Org] = field(default_factory=list)
    responsible: list[Org] = field(default_factory=list)
    #: A body's own goal ("5.2 Mål" of a board's report), not one of the council's.
    own: bool = False


@dataclass
class DirectionRecord:
    source: str
    doc_iri: URIRef
    doc_kind: str
    municipality: str
    body_iri: URIRef | None
    order: int
    text: str
    start: int
    end: int


def _clean_goal(text: str) -> str:
    return text.strip().rstrip(".").strip()


def steering_document(ctx: Context, title: str, start: int, end: int) -> Steering:
    """Write a named steering document (programme, plan, policy …) and return it."""
    title = title.strip().rstrip(".").strip()
    validity = VALIDITY.search(title)
    bare = VALIDITY.sub("", title) if validity else title
    key = slug(CITY_PREFIX.sub("", bare))
    iri = ctx.mint(ctx.doc.municipality, "styrdokument", key)
    cls = next((c for p, c in STEERING_KINDS if p.search(bare)), STYR.SteeringDocument)
    b = ctx.b
    b.node(iri, cls, count_as="SteeringDocument")
    b.add(iri, STYR.listedIn, ctx.doc.iri)
    if (iri, None, None) not in _labelled(ctx):
        b.add(iri, __import__("rdflib").RDFS.label, sv(bare))
        _labelled(ctx).add((iri, None, None))
    if validity:
        first, last = validity.group(1), validity.group(2)
        b.add(iri, STYR.validityText, sv(f"{first}–{last}"))
        from .builder import date

        b.add(iri, STYR.validFrom, date(f"{first}-01-01"))
        b.add(iri, STYR.validUntil, date(f"{last}-12-31"))
    b.evidence(iri, ctx.doc.iri, start, end, stated_text=title)
    return Steering(title, iri, start, end)


def _labelled(ctx: Context) -> set[tuple[URIRef, None, None]]:
    seen: set[tuple[URIRef, None, None]] = ctx.shared.setdefault("_labelled_steering", set())
    return seen


def _bullets(blocks: list[Block]) -> list[tuple[str, int, int]]:
    """Split blocks into bullet items (a bullet may wrap over lines and blocks)."""
    items: list[tuple[str, int, int]] = []
    for block in blocks:
        for ln in block.lines:
            text = ln.text.strip()
            if BULLET.match(text):
                items.append((BULLET.sub("", text), ln.no, ln.no))
            elif items:
                title, start, _ = items[-1]
                items[-1] = (f"{title} {text}", start, ln.no)
    return items


def _body(ctx: Context) -> tuple[str | None, URIRef | None]:
    if ctx.doc.body is None:
        return None, None
    return ctx.doc.body.key, ctx.org(ctx.doc.body, ctx.doc.start)


def extract(ctx: Context) -> None:
    """Collect goal and direction records from this document."""
    blocks = ctx.blocks()
    _numbered_goals(ctx, blocks)
    _labelled_goals(ctx, blocks)
    _outline_goals(ctx)
    _directions(ctx, blocks)
    _programme_lists(ctx, blocks)


_MORE_GOALS = re.compile(r"\s+(?=Mål:\s)")
_RESPONSIBLE = re.compile(
    r"\s*\b(?P<which>Huvudansvarig|Ansvarig)a?\s+nämnd(?:er)?(?:\s*/\s*|\s+och\s+)"
    r"styrelse[r]?\s*:\s*"
)
_LIST_SEP = re.compile(r"\s*,\s*|\s+och\s+(?=[a-zåäöA-ZÅÄÖ])")


def _responsibility(text: str) -> tuple[str, list[Org], list[Org]]:
    """Split "Goal. Huvudansvariga nämnder/styrelser: A, B Ansvariga …: C" into the goal and
    its main responsible and responsible bodies (a name the body patterns do not know is a
    company as written, e.g. "Higab", "Göteborg & Co")."""
    parts = _RESPONSIBLE.split(text)
    goal = parts[0]
    main: list[Org] = []
    shared: list[Org] = []
    for which, names in zip(parts[1::2], parts[2::2], strict=True):
        (main if which.lower().startswith("huvud") else shared).extend(_named(names))
    return goal, main, shared


def _named(names: str) -> list[Org]:
    """Return the bodies of a list, in order: the known ones by their patterns, and each
    other name between them (separated by commas or "och") as a company as written."""
    names = names.strip().rstrip(".")
    bodies: list[Org] = []
    position = 0

    def others(gap: str) -> None:
        for name in _LIST_SEP.split(gap.strip(" ,")):
            if name.strip():
                bodies.append(make_org(COMPANY, name.strip()))

    for org, start, end in find_orgs(names):
        others(names[position:start])
        bodies.append(org)
        position = end
    others(names[position:])
    return bodies


def _record(
    ctx: Context, number: int | None, order: int, text: str, start: int, end: int
) -> GoalRecord:
    record = GoalRecord(
        **vars(ctx.stated_by()),
        body_iri=_body(ctx)[1],
        number=number,
        order=order,
        text=_clean_goal(text),
        start=start,
        end=end,
    )
    ctx.shared.setdefault("goals", []).append(record)
    return record


# "2.2.1     Göteborg ska vara …": a numbered heading of an outline (not a table of contents)
_OUTLINE = re.compile(
    r"^(?P<indent>\s*)(?P<number>\d{1,2}(?:\.\d{1,2})+)\.?(?P<gap>\s+)(?P<text>\S.*)$"
)
_LEADERS = re.compile(r"\.{4,}|…{2,}")
_COUNCIL_GOALS = re.compile(r"fullmäktiges\b", re.IGNORECASE)


def _outline_goals(ctx: Context) -> None:
    """Read goals as an outline's numbered headings, under a section whose title ends in
    "mål". Where it names the council ("2.2 Uppföljning av kommunfullmäktiges budgetmål"),
    each heading one level down is the council's goal N (its last number). Otherwise ("5.2
    Mål") they are the body's own goals: each heading below it with no heading below
    itself, named by its words, the headings between being goal areas ("5.2.1 Kund och
    ägare"). A title is wrapped onto the lines below as long as they keep the title's
    column and it has not ended."""
    lines = ctx.src.lines[ctx.doc.start - 1 : ctx.doc.end]
    headings: list[tuple[str, str, int, int, int]] = []  # number, text, start, end, column
    for index, ln in enumerate(lines):
        found = _OUTLINE.match(ln.raw.rstrip())
        if not found or _LEADERS.search(ln.raw) or ln.no in ctx.src.furniture:
            continue
        column = len(found.group("indent")) + len(found.group("number")) + len(found.group("gap"))
        text, end, contents = found.group("text").strip(), ln.no, False
        for follower in lines[index + 1 : index + 4]:
            raw = follower.raw.rstrip()
            indent = len(raw) - len(raw.lstrip())
            if text.endswith((".", "!", "?")) or not raw.strip() or abs(indent - column) > 1:
                break
            contents = contents or bool(_LEADERS.search(raw))  # a wrapped contents entry
            text, end = f"{text} {raw.strip()}", follower.no
        if not contents:
            headings.append((found.group("number"), text, ln.no, end, column))
    sections = {n for n, t, *_ in headings if t.rstrip(" .:").lower().endswith("mål")}
    titles = {n: t for n, t, *_ in headings}
    numbers = [n for n, *_ in headings]
    order = 0
    for number, text, start, end, _ in headings:
        parent = number.rsplit(".", 1)[0]
        if parent in sections and _COUNCIL_GOALS.search(titles[parent]):
            order += 1
            _record(ctx, int(number.rsplit(".", 1)[1]), order, text, start, end)
            continue
        own = [s for s in sections if number.startswith(s + ".")]
        if not own or any(_COUNCIL_GOALS.search(titles[s]) for s in own):
            continue
        if any(other.startswith(number + ".") for other in numbers):
            continue  # a goal area ("5.2.1 Kund och ägare"): its leaves are the goals
        order += 1  # a body's own goal, named by its words ("5.2.1.1 Förbättra …")
        _record(ctx, None, order, text, start, end).own = ctx.doc.body is not None


def _numbered_goals(ctx: Context, blocks: list[Block]) -> None:
    """Read "Mål:" followed by numbered goals, each with its contribution paragraphs."""
    inside = False
    current: GoalRecord | None = None
    paragraphs: list[Block] = []
    order = 0

    def close() -> None:
        if current and paragraphs:
            text = " ".join(p.text for p in paragraphs)
            current.fields["contribution"] = (text, paragraphs[0].start, paragraphs[-1].end)

    for block in blocks:
        first = block.first
        if GOALS_HEADING.match(first) and not GOALS_HEADING.match(first).group(1):  # type: ignore[union-attr]
            inside = True
            continue
        if not inside:
            continue
        if DIRECTIONS_HEADING.match(first) or ASSIGNMENTS_HEADING.match(first):
            break
        numbered = NUMBERED_GOAL.match(block.text)
        if numbered:
            close()
            order += 1
            current = _record(
                ctx, int(numbered.group(1)), order, numbered.group(2), block.start, block.end
            )
            paragraphs = []
        elif current:
            paragraphs.append(block)
    close()


def _labelled_goals(ctx: Context, blocks: list[Block]) -> None:
    """Read "Mål: <text>" sections with their labelled parts (budget documents)."""
    current: GoalRecord | None = None
    field_name: str | None = None
    parts: dict[str, list[Block]] = {}
    order = 0

    def close() -> None:
        if current is None:
            return
        for name, found in parts.items():
            if name == "steering":
                for title, start, end in _bullets(found):
                    current.steering.append(steering_document(ctx, title, start, end))
            elif found:
                text = " ".join(p.text for p in found)
                current.fields[name] = (text, found[0].start, found[-1].end)

    labelled = re.compile(r"^Mål:\s*\S")
    for block in (part for b in blocks for part in b.split_before(labelled)):
        heading = GOALS_HEADING.match(block.first)
        if heading and heading.group(1):
            close()
            text = GOALS_HEADING.sub(r"\1", block.text)
            # several goals joined into one line, each with its responsible bodies
            for piece in _MORE_GOALS.split(text):
                order += 1
                goal, main, shared = _responsibility(GOALS_HEADING.sub(r"\1", piece))
                current = _record(ctx, None, order, goal, block.start, block.end)
                current.main_responsible, current.responsible = main, shared
            field_name, parts = None, {}
            continue
        if current is None:
            continue
        if SECTION_HEADING.match(block.first):
            close()
            current = None
            continue
        label = next((name for name, p in FIELD_LABELS if p.match(block.first)), None)
        if label:
            field_name = label
            rest = block.lines[1:]
            if rest:
                parts.setdefault(label, []).append(Block(rest))
            continue
        if field_name:
            parts.setdefault(field_name, []).append(block)
    close()


def _directions(ctx: Context, blocks: list[Block]) -> None:
    """Read the directions: paragraphs under an "Inriktningar" heading."""
    inside = False
    order = 0
    body_iri = _body(ctx)[1]
    for block in blocks:
        first = block.first
        if DIRECTIONS_HEADING.match(first):
            inside = True
            continue
        if not inside:
            continue
        if FROM_PLAN.match(first):
            continue
        if ASSIGNMENTS_HEADING.match(first) or SECTION_HEADING.match(first):
            inside = False
            continue
        order += 1
        ctx.shared.setdefault("directions", []).append(
            DirectionRecord(
                ctx.src.name,
                ctx.doc.iri,
                ctx.doc.kind,
                ctx.doc.municipality,
                body_iri,
                order,
                block.text,
                block.start,
                block.end,
            )
        )


def _programme_lists(ctx: Context, blocks: list[Block]) -> None:
    """Write steering documents listed as bullets outside goal sections."""
    for i, block in enumerate(blocks):
        if not re.search(r"\b(planer och program|program och planer)\b", block.text, re.I):
            continue
        following = blocks[i + 1 : i + 3]
        for title, start, end in _bullets(following):
            if any(p.search(title) for p, _ in STEERING_KINDS):
                steering_document(ctx, title, start, end)
