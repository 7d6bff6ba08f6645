from __future__ import annotations

from ninja import Schema


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    aliases: list[str]
    is_collective: bool
