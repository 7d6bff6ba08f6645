"""Reads of the import wizard and the layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from duban.accounts.models import Organization, Unit, User
from duban.accounts.services import unit_name_key
from duban.web.models import ImportDraft

UnitMatch = Literal["name", "alias", "new"]


@dataclass
class UnitDirectory:
    """The organisation's unit names and aliases: what a typed name will resolve to on import."""

    names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def match(self, name: str) -> tuple[UnitMatch, str]:
        """How `name` resolves (as units_resolve does): exact name, alias of a unit, or a new unit."""
        key = unit_name_key(name)
        if key in self.names:
            return "name", self.names[key]
        if key in self.aliases:
            return "alias", self.aliases[key]
        return "new", key

    def options(self) -> list[tuple[str, str]]:
        """(value, label) pairs for the <datalist>: every name, then every alias with its unit."""
        return [(n, "") for n in self.names.values()] + [
            (alias, f"即 {unit}") for alias, unit in self.aliases.items() if alias not in self.names
        ]


def unit_directory(*, organization: Organization | int) -> UnitDirectory:
    """The directory of one organisation's units, in one query."""
    directory = UnitDirectory()
    for name, aliases in Unit.objects.for_organization(organization).values_list("name", "aliases"):
        directory.names[unit_name_key(name)] = name
        for alias in aliases or []:
            directory.aliases.setdefault(unit_name_key(str(alias)), name)
    return directory


def draft_get_for_user(*, user: User, draft_id: int) -> ImportDraft | None:
    """A draft of the user's organisation (None for anyone else's, so the page is a 404).

    The uploaded file and the source panel's text load only when used (import; the source view).
    """
    drafts = ImportDraft.objects.for_organization(user.organization_id).defer("content", "source")
    return drafts.filter(pk=draft_id).first()
