"""Personal API tokens: `duban token create USER --name N`, `duban token revoke ID`, `duban token list`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.accounts.models import ApiToken, User
from duban.accounts.services import token_create, token_revoke


class Command(BaseCommand):
    help = "管理个人 API 令牌：create 创建（令牌只显示这一次），revoke 撤销，list 列出。"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="为用户创建令牌")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="令牌用途，如“OA 对接”")
        revoke = actions.add_parser("revoke", help="撤销令牌")
        revoke.add_argument("token_id", type=int)
        listing = actions.add_parser("list", help="列出令牌（不含密钥）")
        listing.add_argument("username", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options["username"], options["name"])
        elif action == "revoke":
            self._revoke(options["token_id"])
        else:
            self._list(options.get("username"))

    def _create(self, username: str, name: str) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户不存在：{username}")
        if not user.is_active:
            raise CommandError(f"用户已停用：{username}")
        try:
            issued = token_create(user=user, name=name)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        token = issued.token
        self.stderr.write(
            f"已为 {username} 创建令牌 #{token.pk}（{token.name}）。请立即保存，令牌只显示这一次："
        )
        # The secret alone on stdout, so scripts can capture it.
        self.stdout.write(issued.secret)

    def _revoke(self, token_id: int) -> None:
        token = ApiToken.objects.filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"令牌不存在：#{token_id}")
        token_revoke(token=token)
        self.stdout.write(f"已撤销令牌 #{token.pk}（{token.name}，{token.prefix}…）。")

    def _list(self, username: str | None) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "pk")
        if username:
            tokens = tokens.filter(user__username=username)
        for token in tokens:
            state = f"已撤销 {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "有效"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "未使用"
            columns = (
                f"#{token.pk}",
                token.user.username,
                token.name,
                f"{token.prefix}…",
                state,
                f"最近使用 {used}",
            )
            self.stdout.write("	".join(columns))
