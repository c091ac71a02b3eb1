"""``/api/traverse/…``: walks over the governance graph (goals, directions, assignments,
bodies, steering documents, risks, reporting) held as a networkx graph.

The graph (:class:`api.graph.GraphView`) is built from the store on the first request and
again only after the data changes (the store's version), so these routes answer from
memory. Every answer is JSON, carries the Swedish labels of what it names and the data
version it was computed on; edges are reported in their real direction.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from ..conneg import negotiate
from ..errors import BadRequest, NotAcceptable, NotFound
from ..graph import GraphView
from ..graph_model import (
    ALL_RELATIONS,
    GROUPS,
    KIND_NAMES,
    PATH_RELATIONS,
    RELATIONS,
    resolve_via,
)
from ..iri import parse_iri
from ..services import services
from .schemas import ErrorAnswer

router = APIRouter(prefix="/api/traverse", tags=["traversal"])

GOAL_EXAMPLE = "https://w3id.org/styrgraf/id/goteborg/mal/2023-2026/1"
BODY_EXAMPLE = "https://w3id.org/styrgraf/id/goteborg/org/stadsmiljonamnden"
PROGRAMME_EXAMPLE = (
    "https://w3id.org/styrgraf/id/goteborg/styrdokument/"
    "trygghetsskapande-och-brottsforebyggande-program"
)

MAX_DEPTH = 3
MAX_PATHS = 50
MAX_LENGTH = 12
MAX_NODES = 2000
MAX_LIMIT = 1000

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorAnswer,
        "description": "A parameter is missing or wrong; the message says which and how",
    },
    404: {"model": ErrorAnswer, "description": "The IRI is not a node of the governance graph"},
    406: {"model": ErrorAnswer, "description": "The client does not accept JSON"},
    503: {
        "model": ErrorAnswer,
        "description": "The store did not answer in time while the graph was built",
    },
}
VIA_HELP = (
    "Comma-separated relation groups ("
    + ", ".join(GROUPS)
    + ") or relation short names (e.g. supportsGoal, responsibleBody) to follow."
)


# --- helpers -----------------------------------------------------------------------------
def view_of(request: Request) -> GraphView:
    """Return the graph view of the app's store, built once per data version."""
    kept = services(request)
    return kept.graphs.get(kept.store)


def _json_only(request: Request) -> None:
    if negotiate(request.headers.get("accept"), ["application/json"]) is None:
        raise NotAcceptable(
            "the traversal routes answer JSON only", hint="send Accept: application/json"
        )


def _iri(value: str | None, name: str, example: str) -> str:
    """Return ``value`` as an IRI (``<…>`` tolerated), or raise 400 saying what to fix."""
    if value is None or not value.strip():
        raise BadRequest(
            f"the parameter '{name}' is missing",
            hint=f"pass {name}=<absolute IRI>, URL-encoded, e.g. {name}={example}",
        )
    return str(parse_iri(name, value, example))


def _in_range(value: int, name: str, low: int, high: int) -> int:
    if not low <= value <= high:
        raise BadRequest(
            f"the parameter '{name}' must be between {low} and {high}, not {value}",
            hint=f"pass {name}={min(max(value, low), high)} or another value in range",
        )
    return value


def _via(value: str | None, default: frozenset[str]) -> frozenset[str]:
    if value is None or not value.strip():
        return default
    items = [v.strip() for v in value.split(",") if v.strip()]
    try:
        return resolve_via(items)
    except ValueError as exc:
        raise BadRequest(
            f"the parameter 'via' names an unknown relation or group: {exc.args[0]!r}",
            hint=f"use groups ({', '.join(GROUPS)}) or relation names; "
            "GET /api/traverse/summary lists them",
        ) from exc


def _known(view: GraphView, iri: str, name: str) -> None:
    if iri not in view:
        raise NotFound(
            f"'{name}' is not in the governance graph: {iri}",
            hint="the graph holds goals, contributions, directions, assignments, bodies, "
            "steering documents, risks, reporting and budget areas; check the IRI, or find "
            "it with /sparql or the rankings under /api/traverse/rankings/",
        )


def _ranking(view: GraphView, entries: list[dict[str, Any]], limit: int) -> dict[str, Any]:
    return {
        "data_version": view.version,
        "total": len(entries),
        "truncated": len(entries) > limit,
        "ranking": entries[:limit],
    }


# --- routes ------------------------------------------------------------------------------
@router.get(
    "/summary",
    summary="The traversal graph: node kinds, relations and their groups",
    responses=ERRORS,
)
def summary(request: Request) -> dict[str, Any]:
    """Return the numbers of nodes per kind and edges per relation of the traversal graph,
    the data version it was built from and how long the build took, and every relation it
    follows (IRI, short name, group, Swedish label), which is what ``via`` accepts."""
    _json_only(request)
    view = view_of(request)
    data = view.summary()
    data["data_version"] = data.pop("version")
    return data | {
        "relations_known": [
            {"iri": r.iri, "name": r.name, "group": r.group, "label": r.label} for r in RELATIONS
        ],
        "groups": list(GROUPS),
        "path_default": sorted(PATH_RELATIONS),
    }


@router.get(
    "/support-chain",
    summary="Everything that supports a goal, with the path from each to the goal",
    responses=ERRORS,
)
def support_chain(
    request: Request,
    goal: str | None = Query(
        None, description="The goal's IRI (a styr:Goal).", examples=[GOAL_EXAMPLE]
    ),
    max_paths: int = Query(
        20, description=f"Paths listed per entry, 1 to {MAX_PATHS}.", examples=[20]
    ),
) -> dict[str, Any]:
    """Return what supports the goal, in three lists, each entry with its Swedish label,
    kind, the relations that tie it in, and its paths to the goal (lists of edges, each
    with its real direction):

    * ``documents``: programmes, plans, policies and other steering documents that support
      the goal (``styr:supportsGoal``) or that a goal contribution names as key
      (``styr:keySteeringDocument``);
    * ``contributors``: goal contributions, directions and assignments that contribute to
      it (``styr:contributesTo``);
    * ``bodies``: the bodies responsible for, cooperating in, supporting, involved in,
      contributing or directed to those (``styr:responsibleBody``, ``styr:contributingBody``,
      ``styr:directedTo``, …).
    """
    _json_only(request)
    iri = _iri(goal, "goal", GOAL_EXAMPLE)
    _in_range(max_paths, "max_paths", 1, MAX_PATHS)
    view = view_of(request)
    _known(view, iri, "goal")
    kind = view.kind(iri)
    if kind != "goal":
        raise BadRequest(
            f"the parameter 'goal' names a {kind}, not a goal: {iri}",
            hint="pass the IRI of a styr:Goal; GET /api/traverse/rankings/goals lists them",
        )
    return {"data_version": view.version} | view.support_chain(iri, max_paths=max_paths)


@router.get(
    "/paths",
    summary="The shortest paths between two entities",
    responses=ERRORS,
)
def paths(
    request: Request,
    source: str | None = Query(
        None, alias="from", description="The IRI to start from.", examples=[PROGRAMME_EXAMPLE]
    ),
    target: str | None = Query(
        None, alias="to", description="The IRI to reach.", examples=[BODY_EXAMPLE]
    ),
    max_paths: int = Query(
        5, description=f"Paths returned at most, 1 to {MAX_PATHS}.", examples=[5]
    ),
    max_length: int = Query(
        8, description=f"Longest path looked for, in edges, 1 to {MAX_LENGTH}.", examples=[8]
    ),
    via: str | None = Query(
        None,
        description=VIA_HELP + " Default: every group but documents and organisation, whose "
        "hubs (a document listing everything, the municipality above every body) would make "
        "every path short and uninformative.",
        examples=["goals,bodies"],
    ),
) -> dict[str, Any]:
    """Return the shortest paths between two entities of the governance graph.

    Links are followed in either direction, but each edge is reported in its real direction
    (``from`` → ``to``, with the relation's IRI, short name and Swedish label); when two
    nodes are linked by several relations, the others are listed under ``also``. ``length``
    is null and ``paths`` empty when no path of at most ``max_length`` edges exists;
    ``truncated`` tells that there are more shortest paths than ``max_paths``.
    """
    _json_only(request)
    start = _iri(source, "from", PROGRAMME_EXAMPLE)
    end = _iri(target, "to", BODY_EXAMPLE)
    _in_range(max_paths, "max_paths", 1, MAX_PATHS)
    _in_range(max_length, "max_length", 1, MAX_LENGTH)
    relations = _via(via, PATH_RELATIONS)
    view = view_of(request)
    _known(view, start, "from")
    _known(view, end, "to")
    result = view.shortest_paths(
        start, end, max_paths=max_paths, max_length=max_length, via=relations
    )
    return {"data_version": view.version} | result


@router.get(
    "/neighbourhood",
    summary="The entities within one to three links of an entity, and the links between them",
    responses=ERRORS,
)
def neighbourhood(
    request: Request,
    entity: str | None = Query(None, description="The entity's IRI.", examples=[BODY_EXAMPLE]),
    depth: int = Query(1, description=f"Links to follow, 1 to {MAX_DEPTH}.", examples=[1]),
    via: str | None = Query(None, description=VIA_HELP + " Default: all.", examples=["bodies"]),
    max_nodes: int = Query(
        500, description=f"Nodes returned at most, 1 to {MAX_NODES}.", examples=[500]
    ),
) -> dict[str, Any]:
    """Return the nodes within ``depth`` links of the entity (links followed in either
    direction), each with its label, kind and distance, and the edges among them in their
    real direction. ``truncated`` tells that ``max_nodes`` cut the answer."""
    _json_only(request)
    iri = _iri(entity, "entity", BODY_EXAMPLE)
    _in_range(depth, "depth", 1, MAX_DEPTH)
    _in_range(max_nodes, "max_nodes", 1, MAX_NODES)
    relations = _via(via, ALL_RELATIONS)
    view = view_of(request)
    _known(view, iri, "entity")
    result = view.neighbourhood(iri, depth=depth, via=relations, max_nodes=max_nodes)
    return {"data_version": view.version} | result


@router.get(
    "/rankings/programmes",
    summary="Programmes and other steering documents, those supporting the most goals first",
    responses=ERRORS,
)
def rank_programmes(
    request: Request,
    kind: str | None = Query(
        None,
        description="Keep one kind: programme, plan, action-plan, policy, guideline, …",
        examples=["programme"],
    ),
    limit: int = Query(50, description=f"Entries returned, 1 to {MAX_LIMIT}.", examples=[50]),
) -> dict[str, Any]:
    """Return the steering documents that support at least one goal (``styr:supportsGoal``)
    with the goals they support, ranked by how many (ties share a rank)."""
    _json_only(request)
    _in_range(limit, "limit", 1, MAX_LIMIT)
    if kind is not None and kind not in KIND_NAMES:
        raise BadRequest(
            f"the parameter 'kind' is not a kind of node: {kind!r}",
            hint="use programme, plan, action-plan, policy, guideline or rules",
        )
    view = view_of(request)
    return _ranking(view, view.programmes_by_goals(kind), limit)


@router.get(
    "/rankings/bodies",
    summary="Bodies, those with the most assignments first (responsible vs contributing)",
    responses=ERRORS,
)
def rank_bodies(
    request: Request,
    limit: int = Query(50, description=f"Entries returned, 1 to {MAX_LIMIT}.", examples=[50]),
) -> dict[str, Any]:
    """Return the bodies involved in assignments, ranked by how many: ``responsible``
    (``styr:responsibleBody``) and ``contributing`` (cooperating, supporting or otherwise
    involved without being responsible), with that split in ``cooperating``,
    ``supporting`` and ``involved``."""
    _json_only(request)
    _in_range(limit, "limit", 1, MAX_LIMIT)
    view = view_of(request)
    return _ranking(view, view.bodies_by_assignments(), limit)


@router.get(
    "/rankings/goals",
    summary="Goals, the most supported first",
    responses=ERRORS,
)
def rank_goals(
    request: Request,
    limit: int = Query(50, description=f"Entries returned, 1 to {MAX_LIMIT}.", examples=[50]),
) -> dict[str, Any]:
    """Return the goals ranked by the size of their support chain: the numbers of
    supporting documents, contributors and bodies (see ``/api/traverse/support-chain``)."""
    _json_only(request)
    _in_range(limit, "limit", 1, MAX_LIMIT)
    view = view_of(request)
    return _ranking(view, view.goals_by_support(), limit)
