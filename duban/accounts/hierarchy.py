"""Pure rules of the organisation hierarchy (上级组织 → 下级组织): no cycles, bounded depth."""

from __future__ import annotations

from collections.abc import Mapping

# A province, its cities, their counties, their schools: deeper trees are a data-entry mistake.
MAX_DEPTH = 4


def creates_cycle(organization_id: int, parent_id: int | None, parents: Mapping[int, int | None]) -> bool:
    """Whether making `parent_id` the parent of `organization_id` would put the organisation above itself."""
    seen: set[int] = set()
    current = parent_id
    while current is not None and current not in seen:
        if current == organization_id:
            return True
        seen.add(current)
        current = parents.get(current)
    return current is not None  # a cycle already present above the new parent


def depth_below(organization_id: int, parents: Mapping[int, int | None]) -> int:
    """How many levels hang below the organisation (0 for a leaf)."""
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    depth, level = 0, [organization_id]
    while True:
        level = [child for org in level for child in children.get(org, [])]
        if not level or depth > len(parents):
            return depth
        depth += 1


def depth_above(parent_id: int | None, parents: Mapping[int, int | None]) -> int:
    """How many organisations sit above a child of `parent_id` (1 for a child of a root)."""
    depth, current, seen = 0, parent_id, set()
    while current is not None and current not in seen:
        seen.add(current)
        depth += 1
        current = parents.get(current)
    return depth
