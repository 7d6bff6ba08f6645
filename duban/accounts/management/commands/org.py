"""Organisations in a hierarchy: `duban org set-parent 县局 --parent 市局` (or `--none`), `duban org tree`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.accounts.models import Organization
from duban.accounts.services import organization_parent_set
from duban.lib.errors import DomainError


class Command(BaseCommand):
    help = "组织的上下级：set-parent 设置上级组织（--none 取消），tree 列出层级。"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        set_parent = actions.add_parser("set-parent", help="设置组织的上级组织")
        set_parent.add_argument("organization", help="组织名称")
        which = set_parent.add_mutually_exclusive_group(required=True)
        which.add_argument("--parent", help="上级组织名称")
        which.add_argument("--none", action="store_true", help="取消上级（设为顶级组织）")
        actions.add_parser("tree", help="列出组织层级")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "tree":
            self._tree()
            return
        organization = _named(options["organization"])
        parent = None if options["none"] else _named(options["parent"])
        try:
            organization_parent_set(organization=organization, parent=parent, by=None)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"{organization} 的上级组织：{parent or '无（顶级）'}")

    def _tree(self) -> None:
        organizations = list(Organization.objects.order_by("name"))
        children: dict[int | None, list[Organization]] = {}
        for org in organizations:
            children.setdefault(org.parent_id, []).append(org)

        def walk(parent_id: int | None, depth: int) -> None:
            for org in children.get(parent_id, []):
                self.stdout.write(f"{'  ' * depth}{org.name}")
                walk(org.pk, depth + 1)

        walk(None, 0)


def _named(name: str) -> Organization:
    organization = Organization.objects.filter(name=name).first()
    if organization is None:
        raise CommandError(f"组织不存在：{name}")
    return organization
