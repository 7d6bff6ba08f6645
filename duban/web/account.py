"""The signed-in user's own pages: profile (name, e-mail), password change and personal API tokens."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse_lazy

from duban.accounts.models import User
from duban.web.access import request_user
from duban.web.tokens import token_revoke_view, tokens

PROFILE_SAVED = "个人信息已保存。"
PASSWORD_CHANGED = "密码已修改。"


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]  # not subscriptable at run time
    """What a user may change about themselves; role, units and organisation are the admins'."""

    class Meta:
        model = User
        fields = ("last_name", "first_name", "email")
        labels: ClassVar = {"last_name": "姓", "first_name": "名", "email": "电子邮箱"}
        error_messages: ClassVar = {"email": {"invalid": "请填写有效的电子邮箱地址。"}}


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The user's name, e-mail, organisation, role and units; name and e-mail are editable."""
    user = request_user(request)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, PROFILE_SAVED)
        return redirect("account:profile")
    units = list(user.units.all())
    return render(request, "web/profile.html", {"form": form, "units": units})


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change, in the site's layout, back to the profile with a message."""

    template_name = "web/password_change.html"
    success_url = reverse_lazy("account:profile")

    def form_valid(self, form: forms.Form) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, PASSWORD_CHANGED)
        return response


app_name = "account"
urlpatterns = [
    path("", profile, name="profile"),
    path("password/", PasswordChange.as_view(), name="password_change"),
    path("tokens/", tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", token_revoke_view, name="token_revoke"),
]
