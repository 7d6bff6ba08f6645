import hashlib

import pytest

from duban.accounts.models import ApiToken
from duban.accounts.services import TOKEN_PREFIX, token_authenticate, token_create, token_revoke


def test_a_token_is_kept_only_as_its_hash(personas):
    issued = token_create(user=personas.supervisor, name="OA 对接")

    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.secret.startswith(TOKEN_PREFIX)
    assert stored.token_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret not in {stored.token_hash, stored.prefix, stored.name}
    assert issued.secret.startswith(stored.prefix)


def test_a_token_authenticates_its_user_until_revoked(personas):
    issued = token_create(user=personas.liaison, name="OA")

    assert token_authenticate(secret=issued.secret) == personas.liaison
    token_revoke(token=issued.token)
    assert token_authenticate(secret=issued.secret) is None


def test_revoking_twice_keeps_the_first_revocation_time(personas):
    issued = token_create(user=personas.liaison, name="OA")
    first = token_revoke(token=issued.token).revoked_at

    assert token_revoke(token=issued.token).revoked_at == first


def test_a_token_needs_a_name(personas):
    with pytest.raises(ValueError, match="名称"):
        token_create(user=personas.liaison, name="  ")


def test_two_tokens_of_one_user_are_different(personas):
    first = token_create(user=personas.liaison, name="a")
    second = token_create(user=personas.liaison, name="b")

    assert first.secret != second.secret


def test_a_password_change_revokes_every_token_of_the_user(personas):
    from django.test import Client

    from duban.accounts.services import token_create

    liaison, supervisor = personas.liaison, personas.supervisor
    issued, kept = token_create(user=liaison, name="脚本"), token_create(user=supervisor, name="脚本")
    liaison.set_password("a new pass phrase 2026")
    liaison.save()

    def status(secret: str) -> int:
        return Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/plans").status_code

    assert (status(issued.secret), status(kept.secret)) == (401, 200)
