"""The user's personal API tokens (under /account/): list, create (the secret shown once), revoke.

The secret is never stored: it is shown in the answer to the creating request (htmx), or kept in the
session just long enough for the page the creating request redirects to, which takes it out again.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from duban.accounts import permissions
from duban.accounts.models import ApiToken, User
from duban.accounts.services import token_create, token_revoke
from duban.web.access import request_user

NAME_REQUIRED = "请填写令牌名称。"
NAME_TOO_LONG = "名称不能超过 100 个字。"
TOKEN_REVOKED = "令牌“{name}”已撤销，使用它的请求将被拒绝。"
NOT_ALLOWED = "您不能创建 API 令牌。"
_SESSION_KEY = "duban_new_token"


class TokenForm(forms.Form):
    """A new token's name, to recognise it by later."""

    name = forms.CharField(
        label="名称",
        max_length=100,
        help_text="写明用途，如“OA 对接”。",
        error_messages={"required": NAME_REQUIRED, "max_length": NAME_TOO_LONG},
    )


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _context(user: User, form: TokenForm, secret: str | None = None, notice: str = "") -> dict[str, object]:
    return {"tokens": list(user.api_tokens.all()), "form": form, "secret": secret, "notice": notice}


def _answer(request: HttpRequest, context: dict[str, object]) -> HttpResponse:
    template = "web/_tokens.html" if is_htmx(request) else "web/tokens.html"
    return render(request, template, context)


@never_cache  # the answer may carry a secret
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens and the form for a new one; a POST creates it and shows its secret once."""
    user = request_user(request)
    if not permissions.can_hold_tokens(user):
        raise Http404(NOT_ALLOWED)
    if request.method != "POST":
        return _answer(request, _context(user, TokenForm(), request.session.pop(_SESSION_KEY, None)))
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _answer(request, _context(user, form))
    issued = token_create(user=user, name=form.cleaned_data["name"])
    if is_htmx(request):
        return _answer(request, _context(user, TokenForm(), issued.secret))
    request.session[_SESSION_KEY] = issued.secret
    return redirect("account:tokens")


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the user's own tokens; anyone else's answers 404, like one that does not exist."""
    user = request_user(request)
    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None or not permissions.can_manage_token(user, token):
        raise Http404("令牌不存在")
    token = token_revoke(token=token)
    notice = TOKEN_REVOKED.format(name=token.name)
    if is_htmx(request):
        return _answer(request, _context(user, TokenForm(), notice=notice))
    messages.success(request, notice)
    return redirect("account:tokens")
