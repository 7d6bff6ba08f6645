"""The base of every refusal a service raises, below every app so each can raise and catch the same type."""

from __future__ import annotations

NOT_ALLOWED = "您没有权限进行此操作。"


class DomainError(Exception):
    """An action was refused; nothing was changed. `message` is for the user."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotAllowed(DomainError):
    """The user may not do this here."""

    def __init__(self, message: str = NOT_ALLOWED) -> None:
        super().__init__(message)
