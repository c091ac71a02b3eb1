"""Merge goals, directions and assignments across documents, then write them.

The same goal, direction or assignment stated in two documents becomes one node
with evidence from both. Matching tolerates small wording differences; each
document's own wording is kept on its evidence (``styr:statedText``).
"""

from __future__ import annotations

from typing import Any

from .builder import Builder
from .resolve_assignments import write_assignments
from .resolve_directions import write_directions
from .resolve_goals import write_goals


def resolve_all(shared: dict[str, Any], builders: dict[str, Builder]) -> None:
    """Merge the shared records into one node per real-world thing and write them."""
    write_goals(shared.get("goals", []), builders)
    write_directions(shared.get("directions", []), builders)
    write_assignments(shared.get("assignments", []), builders, shared.get("renamed", {}))
