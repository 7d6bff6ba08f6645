"""The ad-hoc 督办事项 pages: the year's list with the plan page's filters, and the 立项 form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from duban.accounts import permissions
from duban.accounts.models import Organization, Unit
from duban.lib import clock
from duban.lib.files import stored_file_response
from duban.lib.numbers import ascii_int
from duban.plans import selectors as plan_selectors
from duban.plans.models import SourceKind
from duban.tracking import errors
from duban.tracking.errors import TrackingError
from duban.tracking.forms import DATE_INVALID, REQUIRED
from duban.tracking.selectors.adhoc import (
    AdhocPage,
    adhoc_item_get,
    adhoc_items_page,
    adhoc_plan,
    adhoc_years,
)
from duban.tracking.services.adhoc import adhoc_item_register
from duban.tracking.services.attachments import Upload, uploads_received
from duban.tracking.views.common import user_of
from duban.tracking.views.plans import LIGHT_FILTERS, STATE_FILTERS

NOT_SUPERVISOR = "只有督查室（督办员）可以登记督办事项。"
SOURCE_MISSING = "来源文件不存在"

# Which field a service's refusal belongs beside; anything else is shown above the form.
_FIELD_OF_MESSAGE = {
    errors.ITEM_TEXT_REQUIRED: "text",
    errors.ITEM_SOURCE_KIND_INVALID: "source_kind",
    errors.ITEM_SOURCE_REQUIRED: "source_text",
    errors.ITEM_LEAD_REQUIRED: "lead_units",
    errors.ITEM_UNIT_UNKNOWN: "lead_units",
}
_FIELD_OF_PREFIX = {"完成时限不能早于交办日期": "deadline", "单位“": "support_units", "附件": "source_file"}


class AdhocItemForm(forms.Form):
    """立项: the item, its source (text or file), 交办日期, deadline, lead and support units."""

    text = forms.CharField(
        label="督办事项",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REQUIRED},
    )
    source_kind = forms.ChoiceField(
        label="事项来源",
        choices=[("", "请选择"), *SourceKind.choices],
        error_messages={"required": REQUIRED, "invalid_choice": errors.ITEM_SOURCE_KIND_INVALID},
    )
    source_title = forms.CharField(
        label="来源文件名称",
        max_length=300,
        required=False,
        help_text="如 局长批示件（2026第7号）、局党委会纪要",
    )
    source_text = forms.CharField(
        label="来源内容",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="批示、议定事项、交办函或来信的原文；也可上传来源文件。",
    )
    source_file = forms.FileField(label="来源文件", required=False, help_text="PDF、Word、图片等")
    assigned_on = forms.DateField(
        label="交办日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": REQUIRED, "invalid": DATE_INVALID},
    )
    deadline = forms.DateField(
        label="完成时限",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": REQUIRED, "invalid": DATE_INVALID},
    )
    lead_units = forms.ModelMultipleChoiceField(
        label="牵头单位",
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"required": errors.ITEM_LEAD_REQUIRED, "invalid_choice": errors.ITEM_UNIT_UNKNOWN},
        help_text="按住 Ctrl 可多选",
    )
    support_units = forms.ModelMultipleChoiceField(
        label="责任单位",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": errors.ITEM_UNIT_UNKNOWN},
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(organization=organization).order_by("name")
        for name in ("lead_units", "support_units"):
            self.fields[name].queryset = units  # type: ignore[attr-defined]

    def add_refusal(self, message: str) -> None:
        """Show a service's refusal beside the field it is about, else above the form."""
        field = _FIELD_OF_MESSAGE.get(message)
        if field is None:
            field = next((f for prefix, f in _FIELD_OF_PREFIX.items() if message.startswith(prefix)), None)
        self.add_error(field, message)


@login_required
@require_http_methods(["GET", "POST"])
def adhoc_new(request: HttpRequest) -> HttpResponse:
    """GET the 立项 form; POST registers the item and leads to the year's list with its 通知单."""
    user = user_of(request)
    organization = user.organization
    if organization is None or not permissions.can_supervise(user, organization.pk):
        raise PermissionDenied(NOT_SUPERVISOR)
    if request.method == "POST":
        form = AdhocItemForm(request.POST, request.FILES, organization=organization)
        if form.is_valid():
            data = form.cleaned_data
            try:
                file = _source_upload(request)
                item = adhoc_item_register(
                    organization=organization,
                    by=user,
                    text=data["text"],
                    source_kind=data["source_kind"],
                    source_title=data["source_title"],
                    source_text=data["source_text"],
                    source_file=file,
                    assigned_on=data["assigned_on"],
                    deadline=data["deadline"],
                    lead_units=list(data["lead_units"]),
                    support_units=list(data["support_units"]),
                )
            except TrackingError as exc:
                form.add_refusal(exc.message)
            else:
                messages.success(request, f"已立项：{item.notice_number}，可下载督办通知单。")
                return HttpResponseRedirect(
                    f"{reverse('tracking:adhoc')}?year={item.year}#item-{item.number}"
                )
    else:
        form = AdhocItemForm(organization=organization, initial={"assigned_on": clock.today()})
    return render(request, "tracking/adhoc_form.html", {"form": form})


def _source_upload(request: HttpRequest) -> Upload | None:
    files = request.FILES.getlist("source_file")
    uploads = uploads_received(files[:1])
    return uploads[0] if uploads else None


@login_required
def adhoc_source(request: HttpRequest, item_id: int) -> FileResponse:
    """An item's source file, for users of its organisation (others, and an item without one: 404)."""
    user = user_of(request)
    item = adhoc_item_get(organization=user.organization_id or -1, item_id=item_id)
    if item is None:
        raise Http404(SOURCE_MISSING)
    return stored_file_response(item.source_file, filename=item.source_name, missing=SOURCE_MISSING)


@login_required
def adhoc_list(request: HttpRequest) -> HttpResponse:
    """The year's 督办事项 (?year=, default this year) filtered by source, unit, light, state and text."""
    user = user_of(request)
    params = request.GET
    today = clock.today()
    year = ascii_int(params.get("year")) or today.year
    if not 2000 <= year <= 2100:
        year = today.year
    query = params.get("q", "").strip()[:100]
    source = params.get("source", "") if params.get("source") in SourceKind.values else ""
    light = params.get("light", "") if params.get("light") in LIGHT_FILTERS else ""
    state = params.get("state", "") if params.get("state") in STATE_FILTERS else ""
    after = ascii_int(params.get("after"))
    organization = user.organization
    if organization is None:
        raise PermissionDenied
    plan = adhoc_plan(organization=organization, year=year)
    unit_id = ascii_int(params.get("unit"))
    unit = plan_selectors.plan_unit_get(plan=plan, unit_id=unit_id) if plan and unit_id is not None else None
    page = (
        adhoc_items_page(
            plan=plan,
            today=today,
            query=query,
            unit=unit,
            source_kind=source,
            light=light,
            state=state,
            after=-1 if after is None else after,
        )
        if plan is not None
        else AdhocPage()
    )
    context = {
        "page": page,
        "plan": plan,
        "year": year,
        "years": sorted({*adhoc_years(organization=organization), today.year, year}, reverse=True),
        "query": query,
        "source": source,
        "light": light,
        "state": state,
        "unit": unit,
        "units": plan_selectors.plan_units(plan=plan) if plan is not None else [],
        "source_options": SourceKind.choices,
        "light_options": LIGHT_FILTERS.items(),
        "state_options": STATE_FILTERS.items(),
        "filtered": bool(query or source or light or state or unit),
        "next_page_url": _page_url(request, page.next_after) if page.next_after else None,
        "can_register": permissions.can_supervise(user, organization.pk),
    }
    return render(request, "tracking/adhoc_list.html", context)


def _page_url(request: HttpRequest, after: int) -> str:
    query = request.GET.copy()
    query["after"] = str(after)
    return "?" + query.urlencode()
