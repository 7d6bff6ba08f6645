"""What a password change sets off: every API token of the user stops working."""

from __future__ import annotations

from typing import Any


class RevokeTokensOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS for Django's `password_changed` hook; it judges no password.

    Django calls the hook after any saved change (the password pages, the admin, `changepassword`), so a
    token taken along with an old password dies with it.
    """

    def validate(self, password: str, user: Any = None) -> None:
        """Accept every password: the other validators judge them."""

    def password_changed(self, password: str, user: Any = None) -> None:
        """Revoke the user's tokens once the new password is saved."""
        from duban.accounts.services import tokens_revoke_all

        if user is not None and user.pk is not None:
            tokens_revoke_all(user=user)

    def get_help_text(self) -> str:
        return ""
