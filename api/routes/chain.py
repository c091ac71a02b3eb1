"""A goal's support chain: what supports the goal, and who answers for it, as a diagram.

The steering documents that support the goal and the goal contributions, directions and
assignments that contribute to it, with the bodies responsible for them, are read from
the store (:func:`goal_chain`) and placed in three columns (:func:`layout`): bodies,
supporting items, the goal. ``_chain.html`` draws them as inline SVG, every node a link
to its page; the page needs no JavaScript.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from rdflib import URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from loaders.vocab import STYR

from .describe import select
from .names import Names

CHAIN = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT ?e ?item ?type ?itemLabel ?body ?bodyLabel ?where
WHERE {
  ?item ?link ?e .
  VALUES ?link { styr:supportsGoal styr:contributesTo }
  OPTIONAL { ?item a ?type }
  OPTIONAL { ?item rdfs:label ?itemLabel }
  OPTIONAL {
    ?item styr:responsibleBody|styr:contributingBody|styr:directedTo ?body .
    OPTIONAL { ?body rdfs:label ?bodyLabel }
  }
  OPTIONAL {
    ?item styr:statedIn ?document .
    ?document rdfs:label ?where .
    FILTER (LANG(?where) = "sv" || LANG(?where) = "")
  }
}"""


# --- a goal's support chain ------------------------------------------------------------------
#: Kinds of supporting items, most specific first: (class, Swedish name, is a document).
KINDS: tuple[tuple[URIRef, str, bool], ...] = (
    (STYR.ActionPlan, "handlingsplan", True),
    (STYR.Programme, "program", True),
    (STYR.Policy, "policy", True),
    (STYR.Guideline, "riktlinje", True),
    (STYR.Plan, "plan", True),
    (STYR.SteeringDocument, "styrdokument", True),
    (STYR.Assignment, "uppdrag", False),
    (STYR.Direction, "inriktning", False),
    (STYR.GoalContribution, "målbidrag", False),
)


@dataclass
class Chain:
    """What supports a goal: steering documents, and actions (goal contributions,
    directions, assignments) with the bodies responsible for them."""

    goal: URIRef
    documents: list[URIRef] = field(default_factory=list)
    actions: list[URIRef] = field(default_factory=list)
    bodies: dict[URIRef, list[URIRef]] = field(default_factory=dict)
    kinds: dict[URIRef, str] = field(default_factory=dict)
    #: The document an action is stated in, by name (goal contributions have one).
    stated_in: dict[URIRef, str] = field(default_factory=dict)

    @property
    def supported(self) -> bool:
        """Whether anything in the graph supports the goal."""
        return bool(self.documents or self.actions)


async def goal_chain(request: Request, goal: URIRef, names: Names) -> Chain:
    """Return the goal's support chain from the store (names are added to ``names``)."""
    rows = await select(request, CHAIN, goal)
    types: dict[URIRef, set[Node]] = defaultdict(set)
    bodies: dict[URIRef, set[URIRef]] = defaultdict(set)
    stated_in: dict[URIRef, str] = {}
    for row in rows.rows:
        item = row.get("item")
        if not isinstance(item, URIRef):
            continue
        types[item].add(row.get("type") or RDFS.Resource)
        names.add(item, row.get("itemLabel"))
        body = row.get("body")
        if isinstance(body, URIRef):
            bodies[item].add(body)
            names.add(body, row.get("bodyLabel"))
        where = row.get("where")
        if where is not None:
            stated_in[item] = min(stated_in.get(item, str(where)), str(where))
    chain = Chain(goal, stated_in=stated_in)
    for item, item_types in types.items():
        kind = next(((name, doc) for cls, name, doc in KINDS if cls in item_types), None)
        chain.kinds[item] = kind[0] if kind else "annat"
        if kind and kind[1]:
            chain.documents.append(item)
        else:
            chain.actions.append(item)
            chain.bodies[item] = sorted(bodies.get(item, ()), key=str)

    def key(iri: URIRef) -> tuple[str, str]:
        return (chain.kinds[iri], names.name(str(iri)).casefold())

    chain.documents.sort(key=key)
    chain.actions.sort(key=key)
    return chain


@dataclass
class Box:
    """A node of the diagram: its place, size and what it shows."""

    iri: str
    x: float
    y: float
    lines: list[str]
    kind: str
    style: str
    width: float = 250
    line_height: float = 15

    @property
    def height(self) -> float:
        return 28 + self.line_height * len(self.lines)

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


STYLES = {  # fill, stroke
    "document": ("#e8f0fb", "#2b5d9b"),
    "action": ("#e9f5ea", "#2e7031"),
    "body": ("#fbf0e1", "#8a5a12"),
    "goal": ("#fdeceb", "#a52a2a"),
}
COLUMNS = (16.0, 336.0, 656.0)
TOP, GAP, GROUP_GAP = 44.0, 10.0, 34.0


def wrap(text: str, width: int = 36, lines: int = 3) -> list[str]:
    """Return ``text`` in at most ``lines`` lines of about ``width`` characters."""
    out = textwrap.wrap(text, width) or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out


def layout(
    chain: Chain, names: Names
) -> tuple[list[Box], list[tuple[Box, Box]], list[tuple[float, float, str]]]:
    """Place the boxes in three columns: bodies, supporting items, the goal.

    Supporting items stack in the middle (documents, then actions); each body sits at the
    mean height of the actions it is responsible for, pushed down to avoid overlaps; the
    goal is centred on the middle column. Returns the boxes, the edges and the headings.
    """
    boxes: dict[str, Box] = {}
    edges: list[tuple[Box, Box]] = []
    headings: list[tuple[float, float, str]] = []
    y = TOP
    for group, items, style in (
        ("Styrdokument", chain.documents, "document"),
        ("Målbidrag, inriktningar och uppdrag", chain.actions, "action"),
    ):
        if not items:
            continue
        if y > TOP:
            y += GROUP_GAP
        headings.append((COLUMNS[1], y - 10, group))
        for item in items:
            text = names.name(str(item))
            if item in chain.stated_in:
                text += f" – i {chain.stated_in[item]}"
            box = Box(str(item), COLUMNS[1], y, wrap(text), chain.kinds[item], style)
            boxes[str(item)] = box
            y = box.y + box.height + GAP
    middle = list(boxes.values())
    goal = Box(str(chain.goal), COLUMNS[2], TOP, wrap(names.name(str(chain.goal)), 36, 6),
               "mål", "goal")  # fmt: skip
    if middle:
        centre = (middle[0].y + middle[-1].y + middle[-1].height) / 2
        goal.y = max(TOP, centre - goal.height / 2)
    headings.append((COLUMNS[2], TOP - 10, "Mål"))
    edges.extend((box, goal) for box in middle)
    wanted: dict[str, list[float]] = defaultdict(list)
    for action in chain.actions:
        for body in chain.bodies.get(action, []):
            wanted[str(body)].append(boxes[str(action)].middle)
    if wanted:
        headings.append((COLUMNS[0], TOP - 10, "Ansvariga organ"))
    floor = TOP
    placed: list[Box] = []
    for body_iri, ys in sorted(wanted.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), kv[0])):
        box = Box(body_iri, COLUMNS[0], 0, wrap(names.name(body_iri)), "organ", "body")
        box.y = max(floor, sum(ys) / len(ys) - box.height / 2)
        floor = box.y + box.height + GAP
        placed.append(box)
    for box in placed:
        boxes[box.iri] = box
    for action in chain.actions:
        for body in chain.bodies.get(action, []):
            edges.append((boxes[str(body)], boxes[str(action)]))
    return [*boxes.values(), goal], edges, headings


def drawing(chain: Chain, names: Names) -> dict[str, Any]:
    """Return what ``_chain.html`` draws: the boxes, the edges' paths, the column headings,
    the size, and a title and summary for screen readers."""
    boxes, edges, headings = layout(chain, names)
    arriving: dict[int, list[Box]] = defaultdict(list)
    for start, end in edges:
        arriving[id(end)].append(start)
    paths = []
    for start, end in edges:
        x1, y1, x2, y2 = start.x + start.width, start.middle, end.x, end.middle
        sources = arriving[id(end)]
        if len(sources) > 1:  # spread the arrow heads along the target's left side
            share = (end.height - 16) / len(sources)
            y2 = end.y + 8 + share * (sources.index(start) + 0.5)
        bend = (x2 - x1) / 2
        paths.append(f"M{x1:g},{y1:g} C{x1 + bend:g},{y1:g} {x2 - bend:g},{y2:g} {x2:g},{y2:g}")
    nodes = [
        {
            "box": box,
            "href": names.href(box.iri),
            "name": names.name(box.iri),
            "fill": STYLES[box.style][0],
            "stroke": STYLES[box.style][1],
        }
        for box in boxes
    ]
    bodies = {b for bs in chain.bodies.values() for b in bs}
    return {
        "width": COLUMNS[2] + 250 + 16,
        "height": max(b.y + b.height for b in boxes) + 16,
        "paths": paths,
        "headings": headings,
        "nodes": nodes,
        "goal": names.name(str(chain.goal)),
        "summary": (
            f"{len(chain.documents)} styrdokument och {len(chain.actions)} målbidrag, "
            f"inriktningar eller uppdrag stöder målet; {len(bodies)} organ ansvarar för dem."
        ),
    }
