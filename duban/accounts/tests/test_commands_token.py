from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from duban.accounts.models import ApiToken
from duban.accounts.services import token_authenticate


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_token_create_prints_the_secret_alone_on_stdout(personas):
    out, err = _run("create", "supervisor", "--name", "OA 对接")

    assert token_authenticate(secret=out.strip()) == personas.supervisor
    assert "只显示这一次" in err


def test_token_revoke_stops_the_token(personas):
    secret = _run("create", "supervisor", "--name", "OA")[0].strip()
    token = ApiToken.objects.get()

    out, _ = _run("revoke", str(token.pk))

    assert "已撤销" in out
    assert token_authenticate(secret=secret) is None


def test_token_list_shows_tokens_without_their_secrets(personas):
    secret = _run("create", "supervisor", "--name", "OA")[0].strip()

    out, _ = _run("list")

    assert "supervisor" in out
    assert secret not in out


def test_token_create_for_an_unknown_user_fails(personas):
    with pytest.raises(CommandError, match="用户不存在"):
        _run("create", "nobody", "--name", "OA")


def test_token_revoke_of_an_unknown_token_fails(personas):
    with pytest.raises(CommandError, match="令牌不存在"):
        _run("revoke", "999")
