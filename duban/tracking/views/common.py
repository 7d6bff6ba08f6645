"""What every tracking view shares: the signed-in user, dates and files from a form, htmx answers."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from duban.accounts.models import User
from duban.tracking.services.attachments import Upload, uploads_received


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # guaranteed by @login_required
    return request.user


def date_of(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def uploads_of(request: HttpRequest) -> list[Upload]:
    """The request's evidence files, checked for count and size before any is read."""
    files: list[UploadedFile] = request.FILES.getlist("files")
    return uploads_received(files)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def next_url(request: HttpRequest, default: str) -> str:
    """Where to go back to after a form: the posted `next` when it is on this site, else the default."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if target and allowed else default


def go(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect htmx follows as a full page load."""
    if is_htmx(request):
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)
